"""One finishing step on a classified raster in a fresh process: ``python -m bench.products RASTER STEP``.

The raster (bench.rasters.classified) is staged in a ClassifiedWriter and ``finish`` runs with one
product on, under the pipeline's GDAL cache, as a run does. Steps: ``statistics`` (the area pass, which
every step also makes), ``sieve`` (a minimum mapping unit of SIEVE_PIXELS), ``polygons`` (a GeoPackage)
and ``cog``. Prints one JSON object: seconds, peak RSS (MiB) and for polygons the features and file size.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.memory import peak_rss_mib  # noqa: E402

SIEVE_PIXELS = 16
STEPS = {"statistics": {"statistics": "areas.csv"}, "sieve": {"sieve": SIEVE_PIXELS},
         "polygons": {"vector": "polygons.gpkg"}, "cog": {"cog": True}}
PRODUCTS = ("statistics", "vector")  # options that name a file
MIB = 1 << 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("raster")
    parser.add_argument("step", choices=STEPS)
    args = parser.parse_args()

    import pyogrio
    import rasterio

    from bench.rasters import CLASS_NAMES
    from reseg_qgis.engine.raster.finishing import finish
    from reseg_qgis.engine.raster.output import ClassifiedWriter
    from reseg_qgis.engine.raster.pipeline import GDAL_CACHE_MB

    with rasterio.open(args.raster) as source:
        height, width, crs, transform = source.height, source.width, source.crs, source.transform
        colours = [source.colormap(1)[value][:3] for value in range(1, len(CLASS_NAMES) + 1)]
    with tempfile.TemporaryDirectory(dir=Path(args.raster).parent) as folder:
        options = {key: str(Path(folder) / value) if key in PRODUCTS else value
                   for key, value in STEPS[args.step].items()}
        products = [Path(value) for key, value in options.items() if key in PRODUCTS]
        destination = Path(folder) / "classes.tif"
        writer = ClassifiedWriter(destination, height=height, width=width, crs=crs, transform=transform,
                                  labels=CLASS_NAMES, colours=colours, tags={},
                                  products=products)
        try:
            writer.close()
            staged = writer.scratch_path(destination, "bench")
            shutil.copyfile(args.raster, staged)
            writer.restage(destination, staged)
            before = peak_rss_mib()
            with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB):
                started = time.perf_counter()
                finish(writer, CLASS_NAMES, **options)
                seconds = time.perf_counter() - started
            output = writer.product_path(products[0]) if products else writer.staged(destination)
            figures = {"megapixels": round(height * width / 1e6, 2), "seconds": round(seconds, 2),
                       "peak_rss_mib": round(peak_rss_mib(), 1), "rss_before_mib": round(before, 1),
                       "output_mib": round(output.stat().st_size / MIB, 3)}
            if "vector" in options:
                figures["polygons"] = pyogrio.read_info(output)["features"]
        finally:
            writer.abort()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
