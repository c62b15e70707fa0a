"""A classified mosaic: a VRT over tiles that are Cloud-Optimised GeoTIFFs, for outputs too large to
be one file (made by cluster runs, cluster/mosaic_runs.py).

- ``NAME.vrt``: the whole grid (CRS, geotransform), band 1 with 0 as nodata, the colour table, the
  category names and the run's metadata, over ``NAME_tiles/r<row>_c<column>.tif`` by relative
  paths, so the two move together;
- each tile: a georeferenced COG with the colour table, 0 as nodata, overviews by mode;
- ``NAME.qml``: the style, and the area statistics' CSV, summed from the tiles' statistics.

Tiles go to a staged folder (:attr:`MosaicWriter.tiles`); :meth:`MosaicWriter.commit` moves it, the
VRT and the rest into place, all or nothing; :meth:`MosaicWriter.abort` leaves nothing.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..run_files import RunLock, new_run, remove_path, remove_stale, sidecars, temporary_name
from . import messages
from .class_areas import ClassArea, write_csv
from .output import (
    MOSAIC_SUFFIX,
    OutputError,
    check_targets,
    place_all,
    qml_text,
    refuse_non_files,
    stale_files,
    writing,
)
from .palette import RGB, legend_entries

TILES_SUFFIX = "_tiles"  # NAME.vrt's tiles are in NAME_tiles/


def tile_name(row: int, column: int) -> str:
    """The file of the tile whose first pixel is at (row, column) of the mosaic."""
    return f"r{row:08d}_c{column:08d}.tif"


@dataclass(frozen=True)
class Tile:
    name: str
    row: int
    column: int
    height: int
    width: int


def vrt_text(height: int, width: int, crs, transform, labels: Sequence[str], colours: Sequence[RGB],
             tags: dict[str, str], folder: str, tiles: Sequence[Tile], block: int) -> str:
    """The VRT of the mosaic: tiles of ``folder`` (relative to the VRT) side by side on the grid."""
    root = ET.Element("VRTDataset", rasterXSize=str(width), rasterYSize=str(height))
    if crs is not None:
        ET.SubElement(root, "SRS").text = crs.to_wkt()  # read in x, y order (GDAL's default for VRT)
    geotransform = (transform.c, transform.a, transform.b, transform.f, transform.d, transform.e)
    ET.SubElement(root, "GeoTransform").text = ", ".join(repr(float(v)) for v in geotransform)
    metadata = ET.SubElement(root, "Metadata")
    for key, value in tags.items():
        ET.SubElement(metadata, "MDI", key=key).text = value
    band = ET.SubElement(root, "VRTRasterBand", dataType="Byte", band="1")
    ET.SubElement(band, "Description").text = "class"
    ET.SubElement(band, "NoDataValue").text = "0"
    ET.SubElement(band, "ColorInterp").text = "Palette"
    entries = legend_entries(labels, colours)
    names = ET.SubElement(band, "CategoryNames")
    for _, name, _ in entries:
        ET.SubElement(names, "Category").text = name
    table = ET.SubElement(band, "ColorTable")
    for _, _, colour in entries:
        ET.SubElement(table, "Entry", **{f"c{i}": str(part) for i, part in enumerate(colour, start=1)})
    for tile in sorted(tiles, key=lambda t: (t.row, t.column)):
        source = ET.SubElement(band, "SimpleSource")
        ET.SubElement(source, "SourceFilename", relativeToVRT="1").text = f"{folder}/{tile.name}"
        ET.SubElement(source, "SourceBand").text = "1"
        ET.SubElement(source, "SourceProperties", RasterXSize=str(tile.width), RasterYSize=str(tile.height),
                      DataType="Byte", BlockXSize=str(block), BlockYSize=str(block))
        size = dict(xSize=str(tile.width), ySize=str(tile.height))
        ET.SubElement(source, "SrcRect", xOff="0", yOff="0", **size)
        ET.SubElement(source, "DstRect", xOff=str(tile.column), yOff=str(tile.row), **size)
    ET.indent(root)
    return ET.tostring(root, "unicode") + "\n"


class MosaicWriter:
    def __init__(self, destination: str | os.PathLike, *, height: int, width: int, crs, transform,
                 labels: Sequence[str], colours: Sequence[RGB], tags: dict[str, str],
                 statistics: str | os.PathLike | None = None,
                 protected: Sequence[str | os.PathLike] = ()) -> None:
        self.destination = Path(destination).expanduser().absolute()
        self.tiles_destination = self.destination.with_name(f"{self.destination.stem}{TILES_SUFFIX}")
        self.statistics = Path(statistics).expanduser().absolute() if statistics else None
        self.height, self.width, self.crs, self.transform = height, width, crs, transform
        self.labels, self.colours, self.tags = list(labels), list(colours), dict(tags)
        check_targets([self.destination], [self.statistics] if self.statistics else [], protected,
                      suffixes=(MOSAIC_SUFFIX,))
        self._refuse_tiles_destination()
        self._run = new_run()
        remove_stale(self.destination.parent)
        self._lock = RunLock(self.destination.parent, self._run)
        self.tiles = temporary_name(self.tiles_destination, self._run)
        self._temporaries: list[Path] = [self.tiles]
        try:
            self.tiles.mkdir()
        except OSError as error:
            self.abort()
            raise OutputError(messages.CANNOT_CREATE, path=str(self.tiles_destination),
                              reason=error.strerror or str(error)) from error

    def _refuse_tiles_destination(self) -> None:
        folder = self.tiles_destination
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise OutputError(messages.TILES_IN_THE_WAY, folder=str(folder))

    def _staged_text(self, final: Path, text: str) -> Path:
        temporary = temporary_name(final, self._run)
        self._temporaries.append(temporary)
        with writing(final):
            temporary.write_text(text, encoding="utf-8")
        return temporary

    def commit(self, tiles: Sequence[Tile], areas: Sequence[ClassArea] | None, block: int) -> list[Path]:
        """Writes the VRT (over ``tiles``, files of :attr:`tiles` of ``block``-pixel blocks), the style
        and the statistics, and moves them and the tiles' folder into place. Files of the folder that
        are no tile (a lost attempt's) go first."""
        names = {tile.name for tile in tiles}
        for path in self.tiles.iterdir():
            if path.name not in names:
                path.unlink(missing_ok=True)
        moves = [(self.tiles, self.tiles_destination)]
        text = vrt_text(self.height, self.width, self.crs, self.transform, self.labels, self.colours,
                        self.tags, self.tiles_destination.name, tiles, block)
        moves.append((self._staged_text(self.destination, text), self.destination))
        style = sidecars(self.destination)[0]
        moves.append((self._staged_text(style, qml_text(self.labels, self.colours)), style))
        if self.statistics:
            staged = temporary_name(self.statistics, self._run)
            self._temporaries.append(staged)
            with writing(self.statistics):
                write_csv(areas or [], staged)
            moves.append((staged, self.statistics))
        stale = stale_files(self.destination)

        def check() -> None:
            refuse_non_files([final for _, final in moves[1:]] + stale)
            self._refuse_tiles_destination()

        place_all(moves, stale, self._run, check, self.abort)
        self._temporaries.clear()
        self._lock.release()
        return [final for _, final in moves]

    def abort(self) -> None:
        """Deletes everything written so far."""
        for temporary in self._temporaries:
            remove_path(temporary)
        self._temporaries.clear()
        self._lock.release()
