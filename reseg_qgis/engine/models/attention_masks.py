"""From SAM masks to CLIP attention masks, by ReSeg-CLIP's rules.

1. A level's masks are painted into a label map, later masks over earlier ones (id i+1; 0 = none).
2. Each CLIP patch takes the majority id of its pixels (ties go to the lower id).
3. Patch i may attend to patch j only if they share an id; all "no mask" patches form one group.
4. CLS attends only to itself, and patches do not attend to CLS.

The result is a boolean *blocked* mask over the 1+N tokens (CLS first), turned into an additive
bias (0 or -inf) for the attention softmax.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch


def paint_label_map(masks: Sequence[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """int32 label map: mask i gets id i+1, later masks overwrite earlier ones, 0 where none."""
    labels = np.zeros(shape, dtype=np.int32)
    for index, mask in enumerate(masks):
        labels[mask] = index + 1
    return labels


def patch_labels(label_map: np.ndarray, patch_size: int) -> np.ndarray:
    """The majority id of each patch: a (H//p, W//p) array for an (H, W) label map."""
    height, width = label_map.shape
    rows, cols = height // patch_size, width // patch_size
    if rows * patch_size != height or cols * patch_size != width:
        raise ValueError(f"A {height}x{width} label map does not split into {patch_size}-pixel patches.")
    patches = (label_map.reshape(rows, patch_size, cols, patch_size)
               .transpose(0, 2, 1, 3).reshape(rows * cols, patch_size * patch_size))
    ids, compact = np.unique(patches, return_inverse=True)
    compact = compact.reshape(patches.shape)
    owner = np.repeat(np.arange(rows * cols), patch_size * patch_size)
    counts = np.bincount(owner * len(ids) + compact.ravel(), minlength=rows * cols * len(ids))
    return ids[counts.reshape(rows * cols, len(ids)).argmax(axis=1)].reshape(rows, cols)


def blocked_by_regions(labels: torch.Tensor) -> torch.Tensor:
    """[..., N] patch ids → [..., 1+N, 1+N] bool, True where attention is blocked."""
    count = labels.shape[-1]
    allowed = torch.zeros(*labels.shape[:-1], count + 1, count + 1, dtype=torch.bool, device=labels.device)
    allowed[..., 1:, 1:] = labels.unsqueeze(-1) == labels.unsqueeze(-2)
    allowed[..., 0, 0] = True
    return ~allowed


def blocked_except_self(tokens: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """[L, L] bool: every token attends only to itself."""
    return ~torch.eye(tokens, dtype=torch.bool, device=device)


def attention_bias(blocked: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """The additive form of a blocked mask: 0 where allowed, -inf where blocked."""
    return torch.zeros(blocked.shape, dtype=dtype, device=blocked.device).masked_fill(blocked, float("-inf"))
