"""The QGIS-free engine: models, raster IO and tiling, weights, and the command line.

- ``models/``: the ML core (CLIP, SAM regions, the ReSeg-CLIP segmenter, presets);
- ``raster/``: whole rasters in and classified GeoTIFFs out (tiling, pipeline, legend);
- ``weights/``: the model registry and cache, downloads, checkpoints, composition, loading;
- ``hardware/``: the device, each stage's number format, and what the CPU can do;
- here: the command line (``cli``), the session that builds segmenters, and small shared helpers.

Nothing in this package imports ``qgis`` or Qt. Modules that need open_clip or segment_anything
import them from ``models.ml_libraries``, which puts the torchvision fallback in place first.
"""
