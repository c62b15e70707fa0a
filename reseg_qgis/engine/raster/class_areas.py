"""Area statistics of a classified raster, read block by block: per class the pixels, the area in
squared map units and in m² on the ground (where the CRS says how), and the share of the classified
area.

m² are ellipsoidal, as QGIS measures them, so a projection's area distortion does not count (Web
Mercator's is 4x at 60° N):
- geographic CRS (north-up): each row's cells on the CRS's ellipsoid, exactly (the area between two
  parallels);
- projected CRS: a pixel's map area times the projection's areal scale there, measured from how
  the projection maps small steps into longitude and latitude, on a grid of one point per
  ``SAMPLE`` pixels (the scale varies smoothly, so this is exact to well under 0.1 %);
- a polygon: its map area times the scale (or, geographic, the m² per square degree) at its centroid;
- no CRS: areas in squared map units only.
"""

from __future__ import annotations

import csv
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.warp import transform as transform_points

UNCLASSIFIED = "unclassified / nodata"
SAMPLE = 64  # pixels between the points where a projection's areal scale is measured
CSV_COLUMNS = ("value", "class", "pixels", "area_map_units", "area_m2", "percent")
_ELLIPSOID = re.compile(r'(?:SPHEROID|ELLIPSOID)\["[^"]*",\s*([0-9.eE+-]+),\s*([0-9.eE+-]+)')


@dataclass(frozen=True)
class ClassArea:
    value: int
    name: str
    pixels: int
    area: float  # squared map units
    area_m2: float | None
    percent: float | None  # of the classified area (values 1..N); None for 0

    def as_dict(self) -> dict:
        return {"value": self.value, "class": self.name, "pixels": self.pixels, "area_map_units": self.area,
                "area_m2": self.area_m2, "percent": self.percent}


class AreaScale:
    """How map units become ground m² for one raster's CRS and geotransform."""

    def __init__(self, crs, transform) -> None:
        self.crs, self.transform = crs, transform
        self.pixel_area = abs(transform.a * transform.e - transform.b * transform.d)
        self.ellipsoid = None  # (semi-major axis in metres, eccentricity²)
        self.projected = False
        if crs is None or not (crs.is_projected or (transform.b == 0 and transform.d == 0)):
            return
        match = _ELLIPSOID.search(crs.to_wkt())
        if match and (crs.is_geographic or crs.is_projected):
            semi_major, inverse_flattening = float(match.group(1)), float(match.group(2))
            flattening = 1 / inverse_flattening if inverse_flattening else 0.0
            self.ellipsoid = (semi_major, flattening * (2 - flattening))
            self.projected = crs.is_projected
        if self.projected:  # a CRS that cannot be brought to longitude and latitude has no m²
            try:
                scale = self.areal_scale(np.array([transform.c]), np.array([transform.f]))
            except rasterio.errors.RasterioError:
                scale = np.array([np.nan])
            if not np.isfinite(scale).all():
                self.ellipsoid, self.projected = None, False

    @property
    def known(self) -> bool:
        return self.ellipsoid is not None

    def _zone(self, latitude: np.ndarray) -> np.ndarray:
        """Area per radian of longitude between the equator and ``latitude`` (degrees)."""
        semi_major, e2 = self.ellipsoid
        sine = np.sin(np.radians(np.clip(latitude, -90, 90)))
        if e2 == 0:
            return semi_major ** 2 * sine
        e = math.sqrt(e2)
        b2 = semi_major ** 2 * (1 - e2)
        return b2 / 2 * (sine / (1 - e2 * sine ** 2) + np.log((1 + e * sine) / (1 - e * sine)) / (2 * e))

    def _square_degree_m2(self, latitude: np.ndarray) -> np.ndarray:
        """Ground m² of one square degree at ``latitude``: the ellipsoid's radii of curvature."""
        semi_major, e2 = self.ellipsoid
        phi = np.radians(latitude)
        return (math.radians(1) ** 2 * semi_major ** 2 * (1 - e2) * np.cos(phi)
                / (1 - e2 * np.sin(phi) ** 2) ** 2)

    def areal_scale(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Ground m² per squared map unit at map points of a projected CRS."""
        step = math.sqrt(self.pixel_area)
        xs = np.concatenate([x, x + step, x])
        ys = np.concatenate([y, y, y + step])
        longitude, latitude = (np.asarray(v) for v in transform_points(self.crs, "EPSG:4326", xs, ys))
        count = len(x)
        lon0, lon1, lon2 = longitude[:count], longitude[count:2 * count], longitude[2 * count:]
        lat0, lat1, lat2 = latitude[:count], latitude[count:2 * count], latitude[2 * count:]
        d_lon1, d_lon2 = (np.mod(d + 180.0, 360.0) - 180.0 for d in (lon1 - lon0, lon2 - lon0))
        square_degrees = np.abs(d_lon1 * (lat2 - lat0) - d_lon2 * (lat1 - lat0))
        return square_degrees * self._square_degree_m2(lat0) / step ** 2

    def pixel_m2(self, window) -> np.ndarray | None:
        """The ground m² of each pixel of a block (rows × columns, or rows × 1 where columns agree)."""
        if self.ellipsoid is None:
            return None
        if not self.projected:
            top = self.transform.f + self.transform.e * np.arange(window.row_off,
                                                                  window.row_off + window.height + 1)
            return (np.abs(np.diff(self._zone(top))) * math.radians(abs(self.transform.a)))[:, np.newaxis]
        # The scale at the centre of each SAMPLE x SAMPLE cell of the block, for every pixel of the cell.
        row_centres, column_centres = (_cell_centres(size) for size in (window.height, window.width))
        columns, rows = np.meshgrid(window.col_off + column_centres, window.row_off + row_centres)
        grid = self.transform
        x, y = grid.a * columns + grid.b * rows + grid.c, grid.d * columns + grid.e * rows + grid.f
        scale = self.areal_scale(x.ravel(), y.ravel()).reshape(rows.shape)
        cells = np.ix_(np.arange(window.height) // SAMPLE, np.arange(window.width) // SAMPLE)
        return scale[cells] * self.pixel_area

    def polygon_m2(self, area: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray | None:
        """Ground m² of polygons of ``area`` squared map units whose centroids are at (x, y)."""
        if self.ellipsoid is None:
            return None
        if not len(area):
            return np.zeros(0)
        if self.projected:
            return area * self.areal_scale(x, y)
        return area * self._square_degree_m2(y)


def _cell_centres(size: int) -> np.ndarray:
    """Pixel coordinates of the centres of the SAMPLE-pixel cells along ``size`` pixels."""
    starts = np.arange(0, size, SAMPLE)
    return (starts + np.minimum(starts + SAMPLE, size)) / 2


def class_areas(path: str | os.PathLike, names: Sequence[str]) -> list[ClassArea]:
    """Statistics of values 0..len(names) of the classified raster at ``path``."""
    count = len(names) + 1
    pixels = np.zeros(count, np.int64)
    m2 = np.zeros(count, np.float64)
    with rasterio.open(path) as dataset:
        scale = AreaScale(dataset.crs, dataset.transform)
        for _, window in dataset.block_windows(1):
            block = dataset.read(1, window=window)
            values = np.where(block < count, block, 0).ravel()  # values beyond the class list count as 0
            pixels += np.bincount(values, minlength=count)
            cells = scale.pixel_m2(window)
            if cells is not None:
                weights = np.broadcast_to(cells, block.shape).ravel()
                m2 += np.bincount(values, weights=weights, minlength=count)
    return _tabled(names, pixels, pixels * scale.pixel_area, m2 if scale.known else None)


def combined_areas(parts: Sequence[Sequence[ClassArea]]) -> list[ClassArea]:
    """The statistics of a raster made of parts (a mosaic's tiles), from those of each part."""
    names = [area.name for area in parts[0][1:]]
    pixels = np.sum([[area.pixels for area in part] for part in parts], axis=0, dtype=np.int64)
    areas = np.sum([[area.area for area in part] for part in parts], axis=0)
    known = all(area.area_m2 is not None for part in parts for area in part)
    m2 = np.sum([[area.area_m2 for area in part] for part in parts], axis=0) if known else None
    return _tabled(names, pixels, areas, m2)


def _tabled(names: Sequence[str], pixels: np.ndarray, areas: np.ndarray,
            m2: np.ndarray | None) -> list[ClassArea]:
    """One row per value 0..N; the percentages of the classified area in m² where known."""
    measure = areas if m2 is None else m2
    classified = measure[1:].sum()
    result = []
    for value, name in enumerate([UNCLASSIFIED, *names]):
        percent = None if value == 0 else (float(100.0 * measure[value] / classified) if classified else 0.0)
        result.append(ClassArea(value, name, int(pixels[value]), float(areas[value]),
                                None if m2 is None else float(m2[value]), percent))
    return result


def write_csv(areas: Sequence[ClassArea], path: str | os.PathLike) -> None:
    """One row per value; areas to the millimetre², percentages to 1e-4."""
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for area in areas:
            writer.writerow([area.value, area.name, area.pixels, round(area.area, 6),
                             "" if area.area_m2 is None else round(area.area_m2, 6),
                             "" if area.percent is None else round(area.percent, 4)])
