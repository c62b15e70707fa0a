"""Polygons of a classified raster, in a GeoPackage layer.

GDAL's polygonize (through rasterio, reading the band itself) makes one polygon per 4-connected
region of one class; nodata and unclassified (0) make none. Each feature holds its class value and
name, its area in squared map units and in m² (empty where the CRS gives no metres), the source
raster and the class list. Features are written in batches, so the Python side holds one batch.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np
import rasterio
import rasterio.features
import shapely
from pyogrio.raw import write as write_layer
from shapely.geometry import shape

from ..cancellation import Cancelled, stop_if_cancelled
from .class_areas import AreaScale

BATCH = 5000
GEOPACKAGE_VERSION = "1.2"  # what the GDAL of older QGIS releases reads without warnings
FIELDS = ("class", "class_name", "area", "area_m2", "source", "classes")


def write_polygons(labels_path: str | os.PathLike, destination: str | os.PathLike, names: Sequence[str], *,
                   layer: str, source: str, class_list: str, cancelled: Cancelled | None = None) -> int:
    """Polygonize ``labels_path`` into ``destination`` (a new GeoPackage); the number of polygons."""
    written = 0
    with rasterio.open(labels_path) as dataset:
        scale = AreaScale(dataset.crs, dataset.transform)
        crs = dataset.crs.to_wkt() if dataset.crs else None
        band = rasterio.band(dataset, 1)
        metadata = {"RESEG_CLASSES": class_list, "RESEG_SOURCE": source}
        batch: list[tuple[dict, int]] = []

        def flush(final: bool = False) -> None:
            nonlocal written
            if not batch and (written or not final):
                return
            stop_if_cancelled(cancelled)
            geometries = np.array([shape(geometry) for geometry, _ in batch], dtype=object)
            values = np.array([value for _, value in batch], dtype=np.int32)
            area = shapely.area(geometries) if len(geometries) else np.zeros(0)
            latitude = shapely.get_y(shapely.centroid(geometries)) if len(geometries) else np.zeros(0)
            area_m2 = scale.polygon_m2(area, latitude)
            label_names = np.array([names[value - 1] for value in values], dtype=object)
            constant = [np.full(len(values), text, dtype=object) for text in (source, class_list)]
            columns = [values, label_names, area,
                       np.full(len(values), np.nan) if area_m2 is None else area_m2, *constant]
            write_layer(destination, shapely.to_wkb(geometries), columns, list(FIELDS), layer=layer,
                        driver="GPKG", geometry_type="Polygon", crs=crs, append=written > 0,
                        layer_metadata=metadata if written == 0 else None,
                        dataset_options={"VERSION": GEOPACKAGE_VERSION} if written == 0 else None)
            written += len(batch)
            batch.clear()

        for geometry, value in rasterio.features.shapes(band, mask=band, connectivity=4,
                                                        transform=dataset.transform):
            value = int(value)
            if 0 < value <= len(names):
                batch.append((geometry, value))
                if len(batch) >= BATCH:
                    flush()
        flush(final=True)
    return written
