"""Connected components and SAM's clean-up on the masks' device: what scipy and the host clean-up give."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from scipy import ndimage

from reseg_qgis.engine.hardware import device_ops
from reseg_qgis.engine.models.mask_runs import label_components, without_small_regions
from reseg_qgis.engine.models.ml_libraries import segment_anything
from reseg_qgis.engine.models.sam_regions import _without_small_components

EIGHT = np.ones((3, 3), dtype=bool)


def blobs(rng, count: int, height: int, width: int) -> np.ndarray:
    """Masks like SAM's: smooth blobs with ragged edges, holes and islands, some touching the edges,
    some clear of them, some empty or full."""
    masks = []
    for _ in range(count):
        noise = ndimage.gaussian_filter(rng.standard_normal((height, width)), rng.uniform(0.5, 4))
        mask = noise > rng.uniform(-0.5, 1.5) * noise.std()
        kind = rng.random()
        if kind < 0.4:
            top, left = int(rng.integers(1, height // 2)), int(rng.integers(1, width // 2))
            part = slice(top, top + height // 3), slice(left, left + width // 3)
            inner = np.zeros_like(mask)
            inner[part] = mask[part]
            mask = inner
        elif kind < 0.45:
            mask = np.zeros_like(mask)
        elif kind < 0.5:
            mask = ~np.zeros_like(mask)
        masks.append(mask)
    return np.stack(masks)


@pytest.mark.parametrize("shape", [(5, 37, 53), (3, 1, 40), (3, 40, 1), (2, 1, 1), (4, 64, 64)])
def test_components_are_scipys_labels(shape):
    rng = np.random.default_rng(shape[1] * 1000 + shape[2])
    for density in (0.2, 0.5, 0.8):
        masks = rng.random(shape) < density
        ours = label_components(torch.from_numpy(masks)).numpy()
        for mask, labels in zip(masks, ours):
            np.testing.assert_array_equal(labels, ndimage.label(mask, structure=EIGHT)[0])
    smooth = blobs(rng, 12, 48, 70)
    for mask, labels in zip(smooth, label_components(torch.from_numpy(smooth)).numpy()):
        np.testing.assert_array_equal(labels, ndimage.label(mask, structure=EIGHT)[0])


def test_a_spiral_is_one_component():
    """The longest path a label must travel: propagation alone would need hundreds of rounds."""
    side = 41
    spiral = np.zeros((side, side), dtype=bool)
    top, left, bottom, right = 0, 0, side - 1, side - 1
    while top <= bottom and left <= right:
        spiral[top, left:right + 1] = True
        spiral[top:bottom + 1, right] = True
        spiral[bottom, left:right + 1] = True
        spiral[top + 2:bottom + 1, left] = True
        if top + 2 <= bottom:
            spiral[top + 2, left:left + 3] = True
        top, left, bottom, right = top + 2, left + 2, bottom - 2, right - 2
    labels = label_components(torch.from_numpy(spiral[None])).numpy()[0]
    np.testing.assert_array_equal(labels, ndimage.label(spiral, structure=EIGHT)[0])
    assert labels.max() == 1


def host_clean_up(mask: np.ndarray, area: int) -> tuple[np.ndarray, bool]:
    filled, holes = _without_small_components(mask, area, holes=True)
    kept, islands = _without_small_components(filled, area, holes=False)
    return kept, holes or islands


@pytest.mark.parametrize("seed", range(4))
def test_the_clean_up_is_the_host_clean_up(seed):
    """Holes and islands of all sizes, masks at the edges and clear of them, empty and full masks, an
    area limit per mask: the same masks, the same "changed" flags, the boxes of the result."""
    rng = np.random.default_rng(seed)
    height, width = int(rng.integers(20, 90)), int(rng.integers(20, 90))
    masks = blobs(rng, 40, height, width)
    areas = rng.integers(1, 300, size=len(masks))
    cleaned, changed, boxes = without_small_regions(torch.from_numpy(masks), torch.from_numpy(areas))
    expected = [host_clean_up(mask, int(area)) for mask, area in zip(masks, areas)]
    np.testing.assert_array_equal(cleaned.numpy(), np.stack([mask for mask, _ in expected]))
    np.testing.assert_array_equal(changed.numpy(), [flag for _, flag in expected])
    assert 5 < changed.sum() < len(masks)
    torch.testing.assert_close(boxes, segment_anything.utils.amg.batched_mask_to_box(cleaned))


def test_the_operations_a_device_lacks_run_on_the_cpu(monkeypatch):
    """As on MPS for an operation it has no kernel for: the same result, computed on the CPU."""
    rng = np.random.default_rng(7)
    masks = torch.from_numpy(blobs(rng, 10, 40, 50))
    expected = without_small_regions(masks, 50)
    monkeypatch.setenv(device_ops.FORCED_ENV, "searchsorted,scatter_reduce")
    before = dict(device_ops.routed)
    routed = without_small_regions(masks, 50)
    for ours, theirs in zip(routed, expected):
        torch.testing.assert_close(ours, theirs)
    assert device_ops.routed["searchsorted"] > before.get("searchsorted", 0)
    assert device_ops.routed["scatter_reduce"] > before.get("scatter_reduce", 0)


def test_an_operation_the_cpu_lacks_is_not_hidden():
    def missing(tensor):
        raise NotImplementedError("no kernel")

    with pytest.raises(NotImplementedError):
        device_ops.where_supported("missing", missing, torch.zeros(1))
