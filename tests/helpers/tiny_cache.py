"""A model cache holding a tiny CLIP and a tiny SAM, added as the user's own checkpoints.

In-process: :func:`make_tiny_cache`. From a Python without torch (the QGIS suite, ``make
screenshot``): ``python -m tests.helpers.tiny_cache CACHE`` in the engine's Python.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from reseg_qgis.engine.weights.store import ModelStore
from tests.helpers import models

TINY_CLIP, TINY_SAM = "tiny-clip", "tiny-sam"


def make_tiny_cache(cache: Path) -> Path:
    store = ModelStore(cache)
    with tempfile.TemporaryDirectory() as folder:
        clip = models.save_state_dict(models.build_clip(), Path(folder) / "tiny-clip.pt")
        sam = models.save_state_dict(models.build_sam(), Path(folder) / "tiny-sam.pth")
        store.add_custom(TINY_CLIP, "clip", models.TINY_CLIP_CONFIG, clip, title="Tiny CLIP")
        store.add_custom(TINY_SAM, "sam", models.TINY_SAM.as_dict(), sam, title="Tiny SAM")
    return cache


if __name__ == "__main__":
    print(make_tiny_cache(Path(sys.argv[1])))
