"""The classified raster, finished before it commits.

In order, on the writer's staged files (so a cancel or an error leaves nothing at the destination):
1. a minimum mapping unit: GDAL's sieve merges regions under N pixels into their largest neighbour
   (nodata and unclassified pixels are neither merged nor merged into);
2. area statistics of the final classes, and their CSV;
3. polygons in a GeoPackage, from the same final classes (one per region, or one per class);
4. a Cloud-Optimised GeoTIFF: overviews by ``mode`` or ``nearest``, never averaged, for the classes
   (and by ``average`` for the confidence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import rasterio
import rasterio.features
import rasterio.shutil

from ..cancellation import Cancelled, stop_if_cancelled
from ..limits import check_settings
from .class_areas import ClassArea, class_areas, write_csv
from .output import ClassifiedWriter, writing

COG_BLOCK = 512

StageReport = Callable[[str], None]


def _sieve(writer: ClassifiedWriter, pixels: int) -> None:
    destination = writer.destination
    sieved = writer.scratch_path(destination, "sieved")
    with rasterio.open(writer.staged(destination)) as source:
        band = rasterio.band(source, 1)
        labels = np.zeros((source.height, source.width), np.uint8)
        rasterio.features.sieve(band, pixels, out=labels, mask=band, connectivity=4)
        with rasterio.open(sieved, "w", **source.profile) as target:
            for _, window in target.block_windows(1):  # no second whole-raster copy inside GDAL
                target.write(labels[window.toslices()], 1, window=window)
            target.write_colormap(1, source.colormap(1))
            target.update_tags(**source.tags())
            target.set_band_description(1, source.descriptions[0] or "class")
    writer.restage(destination, sieved)


def _cloud_optimised(writer: ClassifiedWriter, destination: Path, resampling: str) -> None:
    cog = writer.scratch_path(destination, "cog")
    rasterio.shutil.copy(writer.staged(destination), cog, driver="COG", COMPRESS="DEFLATE",
                         BLOCKSIZE=COG_BLOCK, OVERVIEW_RESAMPLING=resampling.upper(), BIGTIFF="IF_SAFER")
    writer.restage(destination, cog)


def finish(writer: ClassifiedWriter, names: Sequence[str], *, sieve: int = 0, cog: bool = False,
           overviews: str = "mode", vector: str | None = None, dissolve: bool = False,
           statistics: str | None = None,
           source: str = "", class_list: str = "", stage: StageReport | None = None,
           cancelled: Cancelled | None = None) -> list[ClassArea]:
    """Finish the closed rasters of ``writer``; the area statistics of the final classes."""
    check_settings(sieve=sieve, overviews=overviews)
    writer.close()
    if sieve > 1:
        stop_if_cancelled(cancelled)
        if stage:
            stage("sieve")
        _sieve(writer, sieve)
    stop_if_cancelled(cancelled)
    areas = class_areas(writer.staged(writer.destination), names)
    if statistics:
        table = Path(statistics).expanduser().absolute()
        with writing(table):
            write_csv(areas, writer.product_path(table))
    if vector:
        stop_if_cancelled(cancelled)
        if stage:
            stage("polygons")
        from .polygons import write_polygons  # pyogrio and shapely load only for polygons

        target = Path(vector).expanduser().absolute()
        write_polygons(writer.staged(writer.destination), writer.product_path(target), names,
                       layer=target.stem, source=source, class_list=class_list, dissolve=dissolve,
                       cancelled=cancelled, shown=target)
    if cog:
        stop_if_cancelled(cancelled)
        if stage:
            stage("cog")
        _cloud_optimised(writer, writer.destination, overviews)
        if writer.confidence_destination:
            _cloud_optimised(writer, writer.confidence_destination, "average")
    return areas
