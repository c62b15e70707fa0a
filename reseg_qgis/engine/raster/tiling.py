"""Window layout and blending weights for processing a raster in overlapping windows.

Windows of ``size`` pixels step by ``size - overlap``. The grid is centred on the raster and reaches
at least ``overlap // 2`` pixels past each edge (the outside is filled by reflection), so edge
pixels are never only at a window's rim. Scores are blended with a 2-D Hann window that stays
strictly positive, so every pixel has weight and the weighted mean is exact where one window alone
covers a pixel.

The raster is processed in vertical panels (cores of whole output tiles) and, within a panel, in
strips of one window row. Only a panel's strip accumulators live in memory, so peak memory does not
grow with the raster. Windows that straddle a panel boundary are computed for both panels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

TILE = 256  # output GeoTIFF block size; panel cores are whole tiles wide
PANEL_TILES = 8  # panel core width in tiles


def window_starts(length: int, size: int, overlap: int) -> list[int]:
    """Origins along one axis of ``length`` pixels, centred, with margins of at least overlap // 2."""
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError(f"Window {size} px with overlap {overlap} px: the overlap must be smaller than "
                         "the window.")
    stride = size - overlap
    margin = overlap // 2
    count = max(1, math.ceil((length + 2 * margin - size) / stride) + 1)
    span = (count - 1) * stride + size
    first = -((span - length) // 2)
    return [first + i * stride for i in range(count)]


@lru_cache(maxsize=8)
def blend_weights(size: int) -> np.ndarray:
    """A (size, size) float32 2-D Hann window, strictly positive (sampled at pixel centres)."""
    profile = np.sin(np.pi * (np.arange(size) + 0.5) / size) ** 2
    weights = np.outer(profile, profile).astype(np.float32)
    weights.setflags(write=False)
    return weights


@dataclass(frozen=True)
class Panel:
    """Output columns [core_start, core_stop), computed from windows starting at ``columns``."""

    core_start: int
    core_stop: int
    columns: tuple[int, ...]  # window origins along x

    @property
    def left(self) -> int:
        return self.columns[0]

    def width(self, size: int) -> int:
        return self.columns[-1] + size - self.columns[0]


@dataclass(frozen=True)
class Layout:
    height: int
    width: int
    size: int
    overlap: int
    rows: tuple[int, ...]  # window origins along y
    columns: tuple[int, ...]  # window origins along x

    @classmethod
    def plan(cls, height: int, width: int, size: int, overlap: int) -> Layout:
        return cls(height, width, size, overlap, tuple(window_starts(height, size, overlap)),
                   tuple(window_starts(width, size, overlap)))

    @property
    def windows(self) -> int:
        return len(self.rows) * len(self.columns)

    def panels(self, core_width: int = TILE * PANEL_TILES) -> list[Panel]:
        """Vertical panels whose cores tile [0, width); each lists the windows its core needs."""
        panels = []
        for start in range(0, self.width, core_width):
            stop = min(start + core_width, self.width)
            needed = tuple(x for x in self.columns if x < stop and x + self.size > start)
            panels.append(Panel(start, stop, needed))
        return panels

    def rows_final_after(self, strip: int) -> tuple[int, int]:
        """Output rows [start, stop) that no window after strip ``strip`` touches."""
        start = 0 if strip == 0 else self.rows[strip]
        stop = self.height if strip == len(self.rows) - 1 else self.rows[strip + 1]
        return max(0, start), min(self.height, max(0, stop))
