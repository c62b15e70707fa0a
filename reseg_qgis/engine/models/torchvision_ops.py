"""Pure-torch ``torchvision::nms``/``qnms`` ops for when torchvision's compiled extension cannot load.

A torchvision wheel built for another torch (typically a CUDA torchvision beside a CPU torch) fails
at import with ``operator torchvision::nms does not exist``, and with it open_clip and
segment_anything. Calling :func:`ensure_torchvision_ops` before importing them registers the two
operators torchvision needs at import time, so everything that does not need its other compiled
ops keeps working.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import logging
import sys
from pathlib import Path

import numpy as np
import torch

LOG = logging.getLogger(__name__)

NATIVE = "native"
FALLBACK = "fallback"
ABSENT = "absent"

_NMS_SCHEMA = "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor"

_state: str | None = None
_library: torch.library.Library | None = None
fallback_reason = ""


def nms_reference(dets: torch.Tensor, scores: torch.Tensor, iou_threshold: float) -> torch.Tensor:
    """Greedy NMS with torchvision's semantics: indices kept, by decreasing score."""
    if dets.numel() == 0:
        return torch.empty(0, dtype=torch.long, device=dets.device)
    order = torch.sort(scores, descending=True, stable=True).indices
    boxes = dets[order].detach().to("cpu", torch.float64).numpy()
    x1, y1, x2, y2 = boxes.T
    areas = (x2 - x1) * (y2 - y1)
    alive = np.ones(len(boxes), dtype=bool)
    keep = []
    for i in range(len(boxes)):
        if not alive[i]:
            continue
        keep.append(i)
        rest = np.flatnonzero(alive[i + 1:]) + i + 1
        width = np.clip(np.minimum(x2[i], x2[rest]) - np.maximum(x1[i], x1[rest]), 0, None)
        height = np.clip(np.minimum(y2[i], y2[rest]) - np.maximum(y1[i], y1[rest]), 0, None)
        inter = width * height
        with np.errstate(divide="ignore", invalid="ignore"):
            iou = inter / (areas[i] + areas[rest] - inter)
        alive[rest[iou > iou_threshold]] = False
    return order[torch.as_tensor(keep, dtype=torch.long, device=order.device)]


def _extension_path() -> Path | None:
    spec = importlib.util.find_spec("torchvision")
    if spec is None or not spec.submodule_search_locations:
        return None
    loader = (importlib.machinery.ExtensionFileLoader, importlib.machinery.EXTENSION_SUFFIXES)
    for folder in spec.submodule_search_locations:
        found = importlib.machinery.FileFinder(folder, loader).find_spec("_C")
        if found is not None and found.origin:
            return Path(found.origin)
    return None


def _native_extension_loads() -> bool:
    """Load torchvision's compiled ops the way torchvision does; False if they cannot load."""
    global fallback_reason
    if "torchvision.extension" in sys.modules:
        return bool(sys.modules["torchvision.extension"]._has_ops())
    path = _extension_path()
    if path is None:
        fallback_reason = "torchvision ships no compiled extension"
        return False
    try:
        torch.ops.load_library(str(path))
    except (OSError, ImportError, RuntimeError) as exc:
        fallback_reason = f"{path.name} does not load with torch {torch.__version__}: {exc}"
        return False
    return True


def _register_fallback_ops() -> None:
    global _library
    library = torch.library.Library("torchvision", "FRAGMENT")
    for name in ("nms", "qnms"):
        library.define(name + _NMS_SCHEMA)
        library.impl(name, nms_reference, "CompositeExplicitAutograd")
    _library = library


def _allow_box_ops() -> None:
    """torchvision refuses its box ops when its extension is missing; ours now provide them."""
    import torchvision.ops.boxes as boxes

    boxes._assert_has_ops = lambda: None


def ensure_torchvision_ops() -> str:
    """Make ``torchvision`` importable; returns ``native``, ``fallback`` or ``absent``."""
    global _state
    if _state is not None:
        return _state
    if importlib.util.find_spec("torchvision") is None:
        _state = ABSENT
    elif _native_extension_loads():
        _state = NATIVE
    else:
        _register_fallback_ops()
        _allow_box_ops()
        LOG.info("torchvision's compiled ops are unavailable (%s); using pure-torch NMS.", fallback_reason)
        _state = FALLBACK
    return _state
