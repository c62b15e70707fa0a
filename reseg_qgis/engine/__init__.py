"""The QGIS-free engine: models, tiling, raster IO, weights and the command line.

Nothing in this package imports ``qgis`` or Qt. Modules that need open_clip or segment_anything
call :func:`reseg_qgis.engine.torchvision_ops.ensure_torchvision_ops` before importing them.
"""
