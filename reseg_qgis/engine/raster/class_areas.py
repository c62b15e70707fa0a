"""Area statistics of a classified raster, read block by block: per class the pixels, the area in
squared map units and in m² (where the CRS says how), and the share of the classified area.

- Projected CRS: a pixel's area times the square of the unit's length in metres.
- Geographic CRS (north-up): each row's cells on the CRS's ellipsoid, exactly (the area between two
  parallels); a polygon's m² from its area in square degrees at its centroid's latitude.
- No CRS: areas in squared map units only.
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

UNCLASSIFIED = "unclassified / nodata"
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
    """How map units become m² for one raster's CRS and geotransform."""

    def __init__(self, crs, transform) -> None:
        self.transform = transform
        self.pixel_area = abs(transform.a * transform.e - transform.b * transform.d)
        self.metres = None  # length of the CRS unit in metres, projected CRSs
        self.ellipsoid = None  # (semi-major axis in metres, eccentricity²), geographic CRSs
        if crs is None:
            return
        if crs.is_projected:
            try:
                self.metres = float(crs.linear_units_factor[1])
            except (rasterio.errors.CRSError, TypeError, IndexError):
                pass
        elif crs.is_geographic and transform.b == 0 and transform.d == 0:
            match = _ELLIPSOID.search(crs.to_wkt())
            if match:
                semi_major, inverse_flattening = float(match.group(1)), float(match.group(2))
                flattening = 1 / inverse_flattening if inverse_flattening else 0.0
                self.ellipsoid = (semi_major, flattening * (2 - flattening))

    @property
    def known(self) -> bool:
        return self.metres is not None or self.ellipsoid is not None

    def _zone(self, latitude: np.ndarray) -> np.ndarray:
        """Area per radian of longitude between the equator and ``latitude`` (degrees)."""
        semi_major, e2 = self.ellipsoid
        sine = np.sin(np.radians(np.clip(latitude, -90, 90)))
        if e2 == 0:
            return semi_major ** 2 * sine
        e = math.sqrt(e2)
        b2 = semi_major ** 2 * (1 - e2)
        return b2 / 2 * (sine / (1 - e2 * sine ** 2) + np.log((1 + e * sine) / (1 - e * sine)) / (2 * e))

    def row_m2(self, first_row: int, rows: int) -> np.ndarray | None:
        """The m² of one pixel in each of ``rows`` rows from ``first_row``."""
        if self.metres is not None:
            return np.full(rows, self.pixel_area * self.metres ** 2)
        if self.ellipsoid is None:
            return None
        top = self.transform.f + self.transform.e * np.arange(first_row, first_row + rows + 1)
        zones = self._zone(top)
        return np.abs(np.diff(zones)) * math.radians(abs(self.transform.a))

    def polygon_m2(self, area: np.ndarray, latitude: np.ndarray) -> np.ndarray | None:
        """m² of polygons of ``area`` squared map units (degrees² for a geographic CRS) centred at
        ``latitude``."""
        if self.metres is not None:
            return area * self.metres ** 2
        if self.ellipsoid is None:
            return None
        semi_major, e2 = self.ellipsoid
        phi = np.radians(latitude)
        per_square_degree = (math.radians(1) ** 2 * semi_major ** 2 * (1 - e2) * np.cos(phi)
                             / (1 - e2 * np.sin(phi) ** 2) ** 2)
        return area * per_square_degree


def class_areas(path: str | os.PathLike, names: Sequence[str]) -> list[ClassArea]:
    """Statistics of values 0..len(names) of the classified raster at ``path``."""
    count = len(names) + 1
    pixels = np.zeros(count, np.int64)
    m2 = np.zeros(count, np.float64)
    with rasterio.open(path) as dataset:
        scale = AreaScale(dataset.crs, dataset.transform)
        for _, window in dataset.block_windows(1):
            block = dataset.read(1, window=window)
            block = np.where(block < count, block, 0)  # values outside the class list count as 0
            pixels += np.bincount(block.ravel(), minlength=count)[:count]
            rows = scale.row_m2(window.row_off, window.height)
            if rows is not None:
                weights = np.broadcast_to(rows[:, np.newaxis], block.shape)
                m2 += np.bincount(block.ravel(), weights=weights.ravel(), minlength=count)[:count]
    areas = pixels * scale.pixel_area
    measure = m2 if scale.known else areas
    classified = measure[1:].sum()
    result = []
    for value, name in enumerate([UNCLASSIFIED, *names]):
        percent = None if value == 0 else (float(100.0 * measure[value] / classified) if classified else 0.0)
        result.append(ClassArea(value, name, int(pixels[value]), float(areas[value]),
                                float(m2[value]) if scale.known else None, percent))
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
