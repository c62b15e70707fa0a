"""Pure-torch ``torchvision::nms``/``qnms`` ops for when torchvision's compiled extension cannot load.

A torchvision wheel built for another torch (typically a CUDA torchvision beside a CPU torch) fails
at import with ``operator torchvision::nms does not exist``, and with it open_clip and
segment_anything. Calling :func:`ensure_torchvision_ops` before importing them registers the two
operators torchvision needs at import time, so everything that does not need its other compiled
ops keeps working.

torchvision's own ``nms`` and ``batched_nms`` still refuse to run then; the engine's box NMS is
:func:`batched_nms`, which calls the operator itself, whichever implements it.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import logging
import sys
from pathlib import Path

import numpy as np
import torch

from ..translatable import QT_TRANSLATE_NOOP

LOG = logging.getLogger(__name__)

NATIVE = "native"
FALLBACK = "fallback"
ABSENT = "absent"

_NMS_SCHEMA = "(Tensor dets, Tensor scores, float iou_threshold) -> Tensor"
# Boxes up to which batched_nms runs one NMS over all groups, on a CPU and elsewhere (torchvision's limits);
# beyond, one NMS per group is faster (3,000 boxes in 3 groups on a CPU: 9 ms against 16).
ONE_NMS_UP_TO_ON_CPU, ONE_NMS_UP_TO_ON_GPU = 1_000, 25_000

FALLBACK_NOTE = QT_TRANSLATE_NOOP(
    "engine", "torchvision {torchvision} cannot load its compiled operators with torch {torch}, so SAM's "
    "duplicate masks are removed by slower code of ReSeg's own. Make them match: Raster ▸ ReSeg ▸ Python "
    "environment… ▸ Repair (in a Python of your own, install the torchvision built for this torch).")

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
        LOG.info("torchvision's compiled ops are unavailable (%s); using pure-torch NMS.", fallback_reason)
        _state = FALLBACK
    return _state


def fallback_notes() -> list[dict]:
    """What a front end shows beside the device line, as templates and values: that the fallback runs,
    and how to end it; none where torchvision's own ops load (or torchvision is missing)."""
    if ensure_torchvision_ops() != FALLBACK:
        return []
    import torchvision

    return [{"template": FALLBACK_NOTE,
             "values": {"torchvision": torchvision.__version__, "torch": str(torch.__version__)}}]


def batched_nms(boxes: torch.Tensor, scores: torch.Tensor, groups: torch.Tensor,
                iou_threshold: float) -> torch.Tensor:
    """Greedy box NMS within each group, as torchvision's ``batched_nms`` (which refuses to run where
    its compiled ops do not load), through the ``torchvision::nms`` operator: torchvision's compiled
    one, or ours.

    Up to ONE_NMS_UP_TO_ON_CPU boxes on a CPU (ONE_NMS_UP_TO_ON_GPU elsewhere), the groups are shifted
    apart (by a multiple of the largest coordinate, so that boxes of different groups never overlap) and
    one NMS runs over all; beyond, one runs per group. torchvision chooses the same way.

    Arguments:
      boxes (torch.Tensor): [N, 4] x1, y1, x2, y2.
      scores (torch.Tensor): [N], of the boxes' dtype.
      groups (torch.Tensor): [N] whole numbers; boxes of different groups never suppress each other.
      iou_threshold (float): a box goes where its IoU with a kept box of its group is above this.

    Returns:
      (torch.Tensor): the indices kept, int64, by decreasing score.
    """
    ensure_torchvision_ops()
    if boxes.numel() == 0:
        return torch.empty(0, dtype=torch.long, device=boxes.device)
    if len(boxes) > (ONE_NMS_UP_TO_ON_CPU if boxes.device.type == "cpu" else ONE_NMS_UP_TO_ON_GPU):
        return _nms_per_group(boxes, scores, groups, iou_threshold)
    offsets = groups.to(boxes) * (boxes.max() + 1)
    return torch.ops.torchvision.nms(boxes + offsets[:, None], scores, iou_threshold)


def _nms_per_group(boxes: torch.Tensor, scores: torch.Tensor, groups: torch.Tensor,
                   iou_threshold: float) -> torch.Tensor:
    kept = torch.zeros(len(boxes), dtype=torch.bool, device=boxes.device)
    for group in torch.unique(groups):
        members = (groups == group).nonzero()[:, 0]
        kept[members[torch.ops.torchvision.nms(boxes[members], scores[members], iou_threshold)]] = True
    kept = kept.nonzero()[:, 0]
    return kept[torch.sort(scores[kept], descending=True, stable=True).indices]
