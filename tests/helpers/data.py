"""Paths of the bundled test data (no imports beyond the standard library)."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
LANDSAT_RGB = DATA_DIR / "RGB.byte.tif"
