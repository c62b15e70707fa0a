"""Small georeferenced GeoTIFFs written with GDAL's own Python bindings, for the QGIS suite
(which has GDAL and numpy from QGIS, and no rasterio)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from osgeo import gdal, osr

# A UTM zone 33N grid of 10 m pixels, away from the origin so a swapped axis shows.
GEOTRANSFORM = (500000.0, 10.0, 0.0, 5200000.0, 0.0, -10.0)
EPSG = 32633


def make_raster(path: Path, height: int = 64, width: int = 80, bands: int = 3) -> Path:
    rows, cols = np.mgrid[0:height, 0:width]
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), width, height, bands, gdal.GDT_Byte)
    dataset.SetGeoTransform(GEOTRANSFORM)
    reference = osr.SpatialReference()
    reference.ImportFromEPSG(EPSG)
    dataset.SetProjection(reference.ExportToWkt())
    for band in range(bands):
        values = 127 + 120 * np.sin(rows / (7.0 + band) + cols / (11.0 + 2 * band) + band)
        dataset.GetRasterBand(band + 1).WriteArray(values.round().astype(np.uint8))
    dataset.FlushCache()
    dataset = None
    return Path(path)


def written_palette(path) -> list[tuple[int, str, str]]:
    """The classes 1..N a classified GeoTIFF holds, as GDAL reads them: value, category name and
    colour-table entry (#rrggbb)."""
    dataset = gdal.Open(str(path))
    dataset.GetMetadata()  # GDAL 3.6 reads the .aux.xml (the category names) on first metadata access
    band = dataset.GetRasterBand(1)
    names, table = band.GetCategoryNames(), band.GetColorTable()
    return [(value, names[value], "#{:02x}{:02x}{:02x}".format(*table.GetColorEntry(value)[:3]))
            for value in range(1, len(names))]
