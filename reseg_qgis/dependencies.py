"""Whether the Python packages the engine needs are importable in QGIS's Python."""

from __future__ import annotations

import importlib.util

# Import name → pip name.
REQUIRED = {"torch": "torch", "torchvision": "torchvision", "open_clip": "open_clip_torch",
            "segment_anything": "segment-anything", "rasterio": "rasterio", "safetensors": "safetensors",
            "scipy": "scipy"}


def missing_packages() -> list[str]:
    """pip names of the required packages that cannot be imported."""
    return [pip for module, pip in REQUIRED.items() if importlib.util.find_spec(module) is None]


def install_hint(missing: list[str]) -> str:
    return ("ReSeg needs these Python packages in QGIS's Python: " + ", ".join(missing)
            + ". Install them with pip for the Python that QGIS runs (on Windows in the OSGeo4W Shell: "
              "python -m pip install " + " ".join(missing) + "), then restart QGIS. "
              "The plugin's README lists the tested versions.")
