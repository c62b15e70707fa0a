"""Rasters for benchmarks: the real samples when ../shared/data is there, else generated ones."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin
from rasterio.windows import Window

REPO = Path(__file__).resolve().parent.parent
SHARED_SAMPLES = [REPO.parent / "shared" / "data" / "openearthmap_demo" / "oem_koeln_50.tif",
                  REPO / "tests" / "data" / "RGB.byte.tif"]


def real_sample() -> Path:
    """The best real raster available: OpenEarthMap Köln (1000², 0.5 m) or the bundled Landsat."""
    return next(path for path in SHARED_SAMPLES if path.exists())


def synthetic(path: Path, megapixels: float, seed: int = 0) -> Path:
    """A square uint8 RGB GeoTIFF of about ``megapixels``, textured, written block by block."""
    side = int(math.sqrt(megapixels * 1e6))
    if path.exists():
        return path
    rng = np.random.default_rng(seed)
    profile = dict(driver="GTiff", width=side, height=side, count=3, dtype="uint8", crs="EPSG:32633",
                   transform=from_origin(500000, 5200000, 0.5, 0.5), tiled=True, blockxsize=512,
                   blockysize=512, compress="deflate")
    partial = path.with_suffix(".partial.tif")
    with rasterio.open(partial, "w", **profile) as dst:
        for top in range(0, side, 1024):
            height = min(1024, side - top)
            rows = np.arange(top, top + height, dtype=np.float32)[:, None]
            cols = np.arange(side, dtype=np.float32)[None, :]
            base = [127 + 100 * np.sin(cols / (40 + 9 * b) + rows / (57 + 5 * b)) for b in range(3)]
            noise = rng.integers(-20, 21, size=(3, height, side))
            block = np.clip(np.stack(base) + noise, 0, 255).astype(np.uint8)
            dst.write(block, window=Window(0, top, side, height))
    partial.rename(path)
    return path


CLASS_NAMES = ("water", "tree", "building", "road", "grass", "bare soil")
NOISE_OCTAVES = ((512, 1.0), (128, 0.6), (32, 0.4), (8, 0.2))  # (cell side in px, amplitude)
SALT = 0.001  # share of pixels given a random class: one-pixel regions, as a segmenter leaves
ROWS_PER_BLOCK = 256


def _value_noise(grid: np.ndarray, cell: int, top: int, rows: int, width: int) -> np.ndarray:
    """Rows ``top``..``top + rows`` of ``grid`` (random values every ``cell`` px) smoothly interpolated."""
    def axis(start: int, count: int) -> tuple[np.ndarray, np.ndarray]:
        position = (np.arange(start, start + count, dtype=np.float32) + 0.5) / cell
        fraction = position - np.floor(position)
        index = position.astype(np.int64)
        return index, fraction * fraction * (3 - 2 * fraction)

    y, ty = axis(top, rows)
    x, tx = axis(0, width)
    columns = grid[y] * (1 - ty)[:, None] + grid[y + 1] * ty[:, None]
    return columns[:, x] * (1 - tx) + columns[:, x + 1] * tx


def _classes_strip(grids: list, seed: int, top: int, rows: int, side: int) -> np.ndarray:
    """Rows ``top``..``top + rows``: the class of the highest of the classes' noise fields, salt, and
    0 left of a slanted edge (a scene's footprint)."""
    labels, best = np.ones((rows, side), np.uint8), None
    for value, octaves in enumerate(grids, start=1):
        field = sum(amp * _value_noise(grid, cell, top, rows, side) for cell, amp, grid in octaves)
        if best is not None:
            labels[field > best] = value
        best = field if best is None else np.maximum(best, field, out=best)
    rng = np.random.default_rng((seed, top))
    salt = rng.random(labels.shape) < SALT
    labels[salt] = rng.integers(1, len(CLASS_NAMES) + 1, int(salt.sum()))
    labels[np.arange(side)[None, :] < 0.08 * (side - np.arange(top, top + rows)[:, None])] = 0
    return labels


def classified(path: Path, megapixels: float, seed: int = 0) -> Path:
    """A square classified raster as the engine writes it (ClassifiedWriter under the pipeline's GDAL
    cache: uint8, tiled, DEFLATE, colour table): classes 1..6 in blobs of many sizes, one-pixel salt,
    and a nodata (0) wedge along the left edge; made a strip of rows at a time, so memory stays small."""
    from reseg_qgis.engine.raster.output import ClassifiedWriter
    from reseg_qgis.engine.raster.palette import DEFAULT_COLOURS, parse_colour
    from reseg_qgis.engine.raster.pipeline import GDAL_CACHE_MB

    if path.exists():
        return path
    side = int(math.sqrt(megapixels * 1e6))
    rng = np.random.default_rng(seed)
    grids = [[(cell, amplitude, rng.random((side // cell + 2, side // cell + 2), dtype=np.float32))
              for cell, amplitude in NOISE_OCTAVES] for _ in CLASS_NAMES]
    colours = [parse_colour(colour) for colour in DEFAULT_COLOURS[:len(CLASS_NAMES)]]
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB):
        writer = ClassifiedWriter(path, height=side, width=side, crs="EPSG:32633",
                                  transform=from_origin(500000, 5200000, 0.5, 0.5), labels=CLASS_NAMES,
                                  colours=colours, tags={})
        try:
            for top in range(0, side, ROWS_PER_BLOCK):
                writer.write(top, 0, _classes_strip(grids, seed, top, min(ROWS_PER_BLOCK, side - top), side))
            writer.commit()
        except BaseException:
            writer.abort()
            raise
    return path


def side_by_side(raster: Path, path: Path, copies: int) -> Path:
    """``copies`` of a raster side by side (a wide raster of several panels from a real one)."""
    with rasterio.open(raster) as source:
        values = source.read()
        profile = {**source.profile, "width": source.width * copies, "tiled": True, "blockxsize": 256,
                   "blockysize": 256}
    with rasterio.open(path, "w", **profile) as target:
        target.write(np.concatenate([values] * copies, axis=2))
    return path
