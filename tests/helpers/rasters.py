"""Small georeferenced GeoTIFFs for tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

from tests.helpers.data import DATA_DIR, LANDSAT_RGB  # noqa: F401 (imported from here by the tests)

# A UTM zone 33N grid of 10 m pixels, away from the origin so a swapped axis shows.
DEFAULT_CRS = "EPSG:32633"
DEFAULT_TRANSFORM = from_origin(500000.0, 5200000.0, 10.0, 10.0)


def gradient_image(height: int, width: int, bands: int = 3, dtype: str = "uint8") -> np.ndarray:
    """Deterministic (bands, height, width) data that spans the dtype's useful range."""
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    layers = [np.sin(rows / (7.0 + b) + cols / (11.0 + 2 * b) + b) * 0.5 + 0.5 for b in range(bands)]
    unit = np.stack(layers)
    kind = np.dtype(dtype)
    if kind.kind == "f":
        return (unit * 1000.0 - 100.0).astype(kind)
    info = np.iinfo(kind)
    top = min(info.max, 4000) if kind.itemsize > 1 else info.max
    return (unit * (top - max(info.min, 0)) + max(info.min, 0)).round().astype(kind)


def write_geotiff(
    path: Path,
    data: np.ndarray,
    crs: str | None = DEFAULT_CRS,
    transform=DEFAULT_TRANSFORM,
    nodata: float | None = None,
    **profile,
) -> Path:
    """Write (bands, height, width) ``data`` as a GeoTIFF; ``crs=None`` writes one without a CRS."""
    path = Path(path)
    if data.ndim == 2:
        data = data[np.newaxis]
    bands, height, width = data.shape
    options = dict(driver="GTiff", width=width, height=height, count=bands, dtype=data.dtype.name,
                   transform=transform, nodata=nodata)
    if crs is not None:
        options["crs"] = crs
    options.update(profile)
    with rasterio.open(path, "w", **options) as dst:
        dst.write(data)
    return path


def make_raster(path: Path, height: int = 64, width: int = 80, bands: int = 3,
                dtype: str = "uint8", **kwargs) -> Path:
    """A gradient raster of the given shape and dtype, georeferenced with the defaults."""
    return write_geotiff(path, gradient_image(height, width, bands, dtype), **kwargs)
