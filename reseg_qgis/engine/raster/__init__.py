"""Whole rasters: reading and stretching input, tiling into windows, the seam-free pipeline, the
classified GeoTIFF with its legend, class colours, and the image-feature cache for re-prompting; the
texts of its errors and warnings (messages.py, run_warnings.py) are plain Python, for QGIS to translate.

It never imports ``models`` or ``weights``; it drives any segmenter through the interface that
``pipeline.WindowSegmenter`` documents.
"""
