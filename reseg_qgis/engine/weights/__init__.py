"""Model weights: the registry of published models, the user's model cache, verified downloads and
imports, safe checkpoint reading, composition of CLIP variants, and loading models once per process.

It builds architectures from ``models`` and never imports ``raster``.
"""
