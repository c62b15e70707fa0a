"""Conversion of hand-made SAM masks into label maps, patch ids and attention masks."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from reseg_qgis.engine.models.attention_masks import (
    attention_bias,
    blocked_by_regions,
    blocked_except_self,
    paint_label_map,
    patch_labels,
)


def box(shape, top, left, bottom, right):
    mask = np.zeros(shape, dtype=bool)
    mask[top:bottom, left:right] = True
    return mask


def test_later_masks_overwrite_earlier_ones():
    shape = (4, 6)
    labels = paint_label_map([box(shape, 0, 0, 4, 4), box(shape, 1, 2, 3, 6)], shape)
    expected = np.array([
        [1, 1, 1, 1, 0, 0],
        [1, 1, 2, 2, 2, 2],
        [1, 1, 2, 2, 2, 2],
        [1, 1, 1, 1, 0, 0],
    ])
    np.testing.assert_array_equal(labels, expected)
    assert labels.dtype == torch.int32


def test_each_patch_takes_its_majority_id():
    label_map = np.zeros((4, 6), dtype=np.int32)
    label_map[0:2, 0:2] = [[3, 3], [3, 1]]  # patch (0, 0): 3 wins 3 to 1
    label_map[0:2, 2:4] = [[1, 1], [0, 0]]  # patch (0, 1): tie 1-0 goes to the lower id, 0
    label_map[0:2, 4:6] = [[2, 2], [2, 0]]  # patch (0, 2): 2
    label_map[2:4, 0:2] = [[5, 4], [4, 5]]  # patch (1, 0): tie 4-5 goes to 4
    label_map[2:4, 2:4] = 7
    np.testing.assert_array_equal(patch_labels(label_map, 2), [[3, 0, 2], [4, 7, 0]])


def test_label_map_must_split_into_patches():
    with pytest.raises(ValueError, match="does not split"):
        patch_labels(np.zeros((5, 4), dtype=np.int32), 2)


def test_blocked_mask_rules():
    # Patches: two in region 1, one in region 2, two without a mask.
    blocked = blocked_by_regions(torch.tensor([1, 1, 2, 0, 0]))
    allowed = (~blocked).int().tolist()
    assert allowed == [
        # CLS attends only to itself; no patch attends to CLS.
        [1, 0, 0, 0, 0, 0],
        [0, 1, 1, 0, 0, 0],
        [0, 1, 1, 0, 0, 0],
        [0, 0, 0, 1, 0, 0],
        [0, 0, 0, 0, 1, 1],  # "no mask" patches form one group
        [0, 0, 0, 0, 1, 1],
    ]


def test_blocked_masks_are_batched():
    labels = torch.tensor([[1, 1, 2], [3, 4, 4]])
    blocked = blocked_by_regions(labels)
    assert blocked.shape == (2, 4, 4)
    assert torch.equal(blocked[1], blocked_by_regions(labels[1]))


def test_self_only_and_bias():
    blocked = blocked_except_self(3)
    assert torch.equal(~blocked, torch.eye(3, dtype=torch.bool))
    bias = attention_bias(blocked, torch.float32)
    assert torch.equal(torch.isinf(bias), blocked)
    assert bias[~blocked].eq(0).all() and bias[blocked].lt(0).all()


def test_hand_made_masks_to_attention_mask():
    shape = (8, 8)  # 2x2 patches of 4 px
    masks = [box(shape, 0, 0, 8, 4),  # left half: id 1
             box(shape, 0, 0, 3, 8)]  # top rows: id 2, painted over id 1
    patches = patch_labels(paint_label_map(masks, shape), 4)
    # Top-left patch: 12 px of id 2, 4 of id 1. Top-right: 12 of id 2, 4 of none.
    np.testing.assert_array_equal(patches, [[2, 2], [1, 0]])
    allowed = ~blocked_by_regions(torch.as_tensor(patches.ravel()))
    assert allowed[1, 2] and not allowed[1, 3] and not allowed[3, 4] and allowed[4, 4]
