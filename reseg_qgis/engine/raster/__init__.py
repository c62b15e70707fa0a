"""Whole rasters: reading and stretching input, tiling into windows, the seam-free pipeline, the
classified GeoTIFF with its legend, class colours, and the image-feature cache for re-prompting.

It never imports ``models`` or ``weights``; it drives any segmenter through the interface that
``pipeline.WindowSegmenter`` documents.
"""
