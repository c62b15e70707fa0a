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


# Run first in a fresh interpreter: torchvision's compiled ops, faked not to load.
WITHOUT_COMPILED_OPS = """
import torch
load_library = torch.ops.load_library


def refuse_torchvisions(path):
    if "torchvision" in str(path):
        raise OSError("faked: it does not load")
    return load_library(path)


torch.ops.load_library = refuse_torchvisions
"""


def test_libraries_import_and_nms_runs_through_torchvisions_operators():
    """In a fresh interpreter, as a user's QGIS would start: SAM and open_clip import and NMS works,
    through the operators; torchvision's own NMS functions still refuse, as torchvision made them."""
    script = WITHOUT_COMPILED_OPS + """
import json
from reseg_qgis.engine.models.torchvision_ops import batched_nms, ensure_torchvision_ops
state = ensure_torchvision_ops()
again = ensure_torchvision_ops()
import open_clip
import torchvision
from segment_anything import SamAutomaticMaskGenerator
boxes = torch.tensor([[0, 0, 10, 10], [1, 1, 11, 11], [50, 50, 60, 60], [0, 0, 10, 10.]])
scores = torch.tensor([0.9, 0.8, 0.7, 0.95])
quantized = torch.quantize_per_tensor(boxes, 0.5, 0, torch.quint8)
quantized_scores = torch.quantize_per_tensor(scores, 0.01, 0, torch.quint8)
try:
    torchvision.ops.nms(boxes, scores, 0.5)
    refused = ""
except RuntimeError as error:
    refused = str(error)
from reseg_qgis.engine.models import torchvision_ops
print(json.dumps({
    "state": state, "again": again, "reason": torchvision_ops.fallback_reason, "refused": refused,
    "nms": torch.ops.torchvision.nms(boxes, scores, 0.5).tolist(),
    "qnms": torch.ops.torchvision.qnms(quantized.int_repr(), quantized_scores.int_repr(), 0.5).tolist(),
    "batched": batched_nms(boxes, scores, torch.tensor([0, 1, 0, 0]), 0.5).tolist(),
}))
"""
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["state"] == report["again"] == torchvision_ops.FALLBACK
    assert "does not load with torch" in report["reason"]
    assert "Couldn't load custom C++ ops" in report["refused"]
    assert report["nms"] == [3, 2]
    assert report["qnms"] == [3, 2]
    # Box 1 is in its own class, so box 3 does not suppress it.
    assert report["batched"] == [3, 1, 2]


def grouped_boxes(seed: int, count: int, groups: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Random boxes, scores without ties, and groups."""
    rng = random.Random(seed)
    boxes, _ = random_boxes(rng, count)
    scores = [position / count for position in rng.sample(range(count), count)]
    group_of = [rng.randrange(groups) for _ in range(count)]
    return (torch.tensor(boxes, dtype=torch.float32).reshape(-1, 4), torch.tensor(scores),
            torch.tensor(group_of))


# Either side of the box count up to which one NMS runs over all groups on a CPU.
COUNTS = (0, 1, 40, torchvision_ops.ONE_NMS_UP_TO_ON_CPU, torchvision_ops.ONE_NMS_UP_TO_ON_CPU + 200)


@pytest.mark.parametrize("count", COUNTS)
@pytest.mark.parametrize("groups", [1, 3])
def test_batched_nms_keeps_what_greedy_nms_keeps_in_each_group(count, groups):
    boxes, scores, group_of = grouped_boxes(count + groups, count, groups)
    expected = []
    for group in range(groups):
        members = [i for i in range(count) if group_of[i] == group]
        kept = brute_force_nms(boxes[members].tolist(), scores[members].tolist(), 0.5)
        expected += [members[k] for k in kept]
    expected.sort(key=lambda i: -scores[i])
    kept = torchvision_ops.batched_nms(boxes, scores, group_of, 0.5)
    assert kept.dtype == torch.long and kept.tolist() == expected


def test_batched_nms_keeps_what_torchvisions_keeps_where_its_ops_load():
    if torchvision_ops.ensure_torchvision_ops() != torchvision_ops.NATIVE:
        pytest.skip("torchvision's compiled ops do not load here")
    from reseg_qgis.engine.models.ml_libraries import torchvision

    for count in COUNTS:
        for groups in (1, 3):
            boxes, scores, group_of = grouped_boxes(count, count, groups)
            assert torchvision_ops.batched_nms(boxes, scores, group_of, 0.5).tolist() == (
                torchvision.ops.batched_nms(boxes, scores, group_of, 0.5).tolist())


def test_the_fallback_is_noted_with_its_fix_and_only_then(monkeypatch):
    torchvision_ops.ensure_torchvision_ops()
    monkeypatch.setattr(torchvision_ops, "_state", torchvision_ops.NATIVE)
    assert torchvision_ops.fallback_notes() == []
    monkeypatch.setattr(torchvision_ops, "_state", torchvision_ops.FALLBACK)
    (note,) = torchvision_ops.fallback_notes()
    assert note["values"]["torch"] == torch.__version__
    text = note["template"].format(**note["values"])
    assert text.startswith(f"torchvision {note['values']['torchvision']} cannot load its compiled operators "
                           f"with torch {torch.__version__}")
    assert "Python environment… ▸ Repair" in text


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

