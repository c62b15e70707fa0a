"""The ML core: CLIP and SAM construction, SAM regions, region-confined attention, text embeddings,
scoring, and the ReSeg-CLIP ``Segmenter`` with its configuration and presets.

It never imports ``raster`` or ``weights``: models are built here and filled with weights elsewhere.
"""
