"""Polygons of a classified raster, in a GeoPackage layer.

GDAL's polygonize (through rasterio, reading the band itself) makes one polygon per 4-connected
region of one class; nodata and unclassified (0) make none. Each feature holds its class value and
name, its area in squared map units and in m² (empty where the CRS gives no metres), the source
raster and the class list. Features are written in batches of ``BATCH``; GDAL's polygonize itself
holds every polygon in memory before it gives the first one (about 1 KiB each).

With ``dissolve``, each class becomes one MultiPolygon feature instead: the union of its regions
(they form a coverage, so the union is exact and fast), which holds every polygon of the raster in
memory until the end.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import rasterio
import rasterio.features
import shapely
from pyogrio.errors import DataLayerError, DataSourceError
from pyogrio.raw import write as write_layer
from shapely.geometry import shape

from ..cancellation import Cancelled, stop_if_cancelled
from .class_areas import AreaScale
from .output import writing

BATCH = 5000
GEOPACKAGE_VERSION = "1.2"  # what the GDAL of older QGIS releases reads without warnings
FIELDS = ("class", "class_name", "area", "area_m2", "source", "classes")


class _Layer:
    """The GeoPackage layer, written batch by batch."""

    def __init__(self, destination, layer: str, crs: str | None, geometry_type: str, names: Sequence[str],
                 source: str, class_list: str, shown: Path) -> None:
        self.destination, self.layer, self.crs, self.geometry_type = destination, layer, crs, geometry_type
        self.shown = shown  # the file a failed write names
        self.names, self.source, self.class_list = names, source, class_list
        self.created = False

    def write(self, geometries: np.ndarray, values: np.ndarray, area: np.ndarray,
              area_m2: np.ndarray | None) -> None:
        first = not self.created
        count = len(values)
        columns = [values.astype(np.int32), np.array([self.names[v - 1] for v in values], dtype=object), area,
                   np.full(count, np.nan) if area_m2 is None else area_m2,
                   np.full(count, self.source, dtype=object), np.full(count, self.class_list, dtype=object)]
        with writing(self.shown, (DataSourceError, DataLayerError)):  # a full disk says so, not sqlite
            write_layer(self.destination, shapely.to_wkb(geometries), columns, list(FIELDS), layer=self.layer,
                        driver="GPKG", geometry_type=self.geometry_type, crs=self.crs, append=not first,
                        layer_metadata={"RESEG_CLASSES": self.class_list, "RESEG_SOURCE": self.source}
                        if first else None,
                        dataset_options={"VERSION": GEOPACKAGE_VERSION} if first else None)
        self.created = True


def write_polygons(labels_path: str | os.PathLike, destination: str | os.PathLike, names: Sequence[str], *,
                   layer: str, source: str, class_list: str, dissolve: bool = False,
                   cancelled: Cancelled | None = None, shown: str | os.PathLike | None = None) -> int:
    """Polygonize ``labels_path`` into ``destination`` (a new GeoPackage); the number of features. A failed
    write names ``shown`` (default ``destination``): the file the user asked for."""
    with rasterio.open(labels_path) as dataset:
        scale = AreaScale(dataset.crs, dataset.transform)
        output = _Layer(destination, layer, dataset.crs.to_wkt() if dataset.crs else None,
                        "MultiPolygon" if dissolve else "Polygon", names, source, class_list,
                        Path(shown or destination))
        by_class: dict[int, list] = {}  # dissolve: each class's polygons and their m²
        batch: list[tuple[dict, int]] = []
        features = 0

        def measured(geometries: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
            area, centroids = shapely.area(geometries), shapely.centroid(geometries)
            return area, scale.polygon_m2(area, shapely.get_x(centroids), shapely.get_y(centroids))

        def flush() -> None:
            nonlocal features
            stop_if_cancelled(cancelled)
            geometries = np.array([shape(geometry) for geometry, _ in batch], dtype=object)
            values = np.array([value for _, value in batch], dtype=np.int32)
            batch.clear()
            area, area_m2 = measured(geometries)
            if not dissolve:
                output.write(geometries, values, area, area_m2)
                features += len(values)
                return
            for value in np.unique(values):
                chosen = values == value
                parts = by_class.setdefault(int(value), [[], 0.0])
                parts[0].extend(geometries[chosen])
                parts[1] += float(area_m2[chosen].sum()) if area_m2 is not None else 0.0

        band = rasterio.band(dataset, 1)
        for geometry, value in rasterio.features.shapes(band, mask=band, connectivity=4,
                                                        transform=dataset.transform):
            value = int(value)
            if 0 < value <= len(names):
                batch.append((geometry, value))
                if len(batch) >= BATCH:
                    flush()
        if batch:
            flush()
        if dissolve and by_class:
            stop_if_cancelled(cancelled)
            values = np.array(sorted(by_class), dtype=np.int32)
            unions = np.array([shapely.multipolygons(shapely.get_parts(shapely.coverage_union_all(
                by_class[value][0]))) for value in values], dtype=object)
            area_m2 = np.array([by_class[value][1] for value in values]) if scale.known else None
            output.write(unions, values, shapely.area(unions), area_m2)
            features = len(values)
        if not output.created:  # an empty layer, so the file exists and opens
            output.write(np.array([], dtype=object), np.array([], dtype=np.int32), np.zeros(0), None)
    return features
