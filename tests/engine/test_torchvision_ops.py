"""The pure-torch NMS ops that let open_clip and SAM import beside a mismatched torchvision."""

from __future__ import annotations

import json
import random

import pytest
import torch

from reseg_qgis.engine.models import torchvision_ops
from tests.conftest import run_python


def brute_force_nms(boxes: list, scores: list, threshold: float) -> list:
    def iou(a, b):
        width = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
        height = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
        inter = width * height
        union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
        return inter / union if union > 0 else 0.0

    order = sorted(range(len(boxes)), key=lambda i: -scores[i])
    kept: list = []
    for i in order:
        if all(iou(boxes[i], boxes[k]) <= threshold for k in kept):
            kept.append(i)
    return kept


def random_boxes(rng: random.Random, count: int) -> tuple[list, list]:
    boxes = []
    for _ in range(count):
        x, y = rng.uniform(0, 90), rng.uniform(0, 90)
        boxes.append([x, y, x + rng.uniform(1, 30), y + rng.uniform(1, 30)])
    return boxes, [rng.random() for _ in range(count)]


@pytest.mark.parametrize("threshold", [0.0, 0.3, 0.7, 1.0])
def test_nms_keeps_what_greedy_nms_keeps(threshold):
    rng = random.Random(threshold)
    for count in (0, 1, 2, 17, 150):
        boxes, scores = random_boxes(rng, count)
        kept = torchvision_ops.nms_reference(
            torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4), torch.tensor(scores), threshold)
        assert kept.dtype == torch.long
        assert kept.tolist() == brute_force_nms(boxes, scores, threshold)


def test_libraries_import_and_nms_runs_through_torchvision():
    """In a fresh interpreter, as a user's QGIS would start: SAM and open_clip import and NMS works."""
    script = """
import json, torch
from reseg_qgis.engine.models.torchvision_ops import ensure_torchvision_ops
state = ensure_torchvision_ops()
again = ensure_torchvision_ops()
import open_clip
from segment_anything import SamAutomaticMaskGenerator
from torchvision.ops import batched_nms, nms
boxes = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60], [0, 0, 10, 10.]])
scores = torch.tensor([0.9, 0.8, 0.7, 0.95])
quantized = torch.quantize_per_tensor(boxes, 0.5, 0, torch.quint8)
from reseg_qgis.engine.models import torchvision_ops
print(json.dumps({
    "state": state, "again": again, "reason": torchvision_ops.fallback_reason,
    "nms": nms(boxes, scores, 0.5).tolist(),
    "qnms": nms(quantized, torch.quantize_per_tensor(scores, 0.01, 0, torch.quint8), 0.5).tolist(),
    "batched": batched_nms(boxes, scores, torch.tensor([0, 1, 0, 0]), 0.5).tolist(),
}))
"""
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if report["state"] == torchvision_ops.NATIVE:
        pytest.skip("torchvision's own extension loads here, so the fallback is not exercised")
    assert report["state"] == report["again"] == torchvision_ops.FALLBACK
    assert "does not load with torch" in report["reason"]
    assert report["nms"] == [3, 2]
    assert report["qnms"] == [3, 2]
    # Box 1 is in its own class, so box 3 does not suppress it.
    assert report["batched"] == [3, 1, 2]


def test_a_loadable_extension_is_left_alone(monkeypatch):
    monkeypatch.setattr(torchvision_ops, "_state", None)
    monkeypatch.setattr(torchvision_ops, "_native_extension_loads", lambda: True)

    def must_not_register():
        raise AssertionError("fallback ops registered although the extension loads")

    monkeypatch.setattr(torchvision_ops, "_register_fallback_ops", must_not_register)
    assert torchvision_ops.ensure_torchvision_ops() == torchvision_ops.NATIVE


def test_missing_torchvision_is_reported(monkeypatch):
    monkeypatch.setattr(torchvision_ops, "_state", None)
    monkeypatch.setattr(torchvision_ops.importlib.util, "find_spec", lambda name: None)
    assert torchvision_ops.ensure_torchvision_ops() == torchvision_ops.ABSENT

