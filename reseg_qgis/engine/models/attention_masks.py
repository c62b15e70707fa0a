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

from ..hardware.device_ops import where_supported

PAINT_BATCH = 64  # masks painted at once


def paint_label_map(masks: torch.Tensor | Sequence[np.ndarray], shape: tuple[int, int]) -> torch.Tensor:
    """int32 label map [H, W]: mask i (of [M, H, W]) gets id i+1, later masks over earlier ones, 0
    where none lies; on the masks' device."""
    if not isinstance(masks, torch.Tensor):
        masks = torch.as_tensor(np.stack(masks)) if len(masks) else torch.zeros((0, *shape), dtype=torch.bool)
    labels = torch.zeros(shape, dtype=torch.int32, device=masks.device)
    for start in range(0, len(masks), PAINT_BATCH):
        batch = masks[start:start + PAINT_BATCH]
        ids = torch.arange(start + 1, start + 1 + len(batch), dtype=torch.int32, device=masks.device)
        labels = torch.maximum(labels, (batch * ids[:, None, None]).amax(dim=0))
    return labels


def patch_labels(label_map: torch.Tensor | np.ndarray, patch_size: int) -> torch.Tensor:
    """The majority id of each patch: [..., H//p, W//p] for label maps [..., H, W] (ties go to the
    lower id); on the maps' device."""
    label_map = torch.as_tensor(label_map)
    *lead, height, width = label_map.shape
    rows, cols = height // patch_size, width // patch_size
    if rows * patch_size != height or cols * patch_size != width:
        raise ValueError(f"A {height}x{width} label map does not split into {patch_size}-pixel patches.")
    patches = (label_map.reshape(*lead, rows, patch_size, cols, patch_size).movedim(-3, -2)
               .reshape(*lead, rows * cols, patch_size * patch_size))
    ids = torch.sort(patches, dim=-1).values
    position = torch.arange(ids.shape[-1], device=ids.device).expand_as(ids)
    starts = torch.ones_like(ids, dtype=torch.bool)
    starts[..., 1:] = ids[..., 1:] != ids[..., :-1]
    run_start = where_supported("cummax", torch.cummax, torch.where(starts, position, 0), dim=-1).values
    # The first position where a run's count reaches the largest count lies in the first such run, the
    # lowest id of the most frequent ones.
    best = torch.argmax(position - run_start, dim=-1, keepdim=True)
    return torch.gather(ids, -1, best)[..., 0].reshape(*lead, rows, cols)


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
