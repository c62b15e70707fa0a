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
