"""Realistic masks from a SAM whose weights are random, for tests and benchmarks of what follows the
mask decoder (stability scores, NMS, clean-up, label maps).

Random weights find no mask, so that work would cost nothing. Here the prompt encoder and the mask
decoder still run (their compute counts), but the decoder's output is replaced by masks that depend
only on where each point lies: the blob holding it in a fixed field of blobs of many sizes, one
field per output (SAM's three granularities), with a high predicted IoU. Blobs have ragged edges,
holes and neighbours, as SAM's masks of real scenes do; the predicted IoU differs per output, so
thresholds drop some.
"""

from __future__ import annotations

import numpy as np
import torch
from scipy import ndimage

SCALES = (2.0, 5.0, 12.0)  # blob smoothing, in low-resolution pixels (a quarter of SAM's input pixels)
LOGIT = 8.0  # inside +8, outside -8: sharp enough for SAM's stability score
IOU = (0.95, 0.85, 0.55)  # predicted IoU of each output, fine to coarse


class RealisticMasks:
    """Installed on ``sam`` until :meth:`remove`; deterministic for a ``seed``."""

    def __init__(self, sam: torch.nn.Module, seed: int = 0, iou: tuple[float, ...] = IOU) -> None:
        side = sam.prompt_encoder.image_embedding_size[0] * 4  # the decoder's low-resolution masks
        rng = np.random.default_rng(seed)
        self.fields = []
        for scale in SCALES:
            noise = ndimage.gaussian_filter(rng.standard_normal((side, side)), scale)
            levels = np.digitize(noise, np.quantile(noise, [0.25, 0.5, 0.75]))
            blobs = np.zeros((side, side), np.int64)
            for level in range(4):
                labels, count = ndimage.label(levels == level)
                blobs = np.where(labels > 0, labels + blobs.max(), blobs)
            self.fields.append(torch.from_numpy(blobs))
        self.side, self.iou = side, iou
        self._points: torch.Tensor | None = None
        self._hooks = [sam.prompt_encoder.register_forward_pre_hook(self._record, with_kwargs=True),
                       sam.mask_decoder.register_forward_hook(self._replace)]

    def _record(self, module, args, kwargs) -> None:
        points = kwargs.get("points", args[0] if args else None)
        self._points = None if points is None else points[0]

    def _replace(self, module, args, output):
        masks, iou = output
        if self._points is None:
            return output
        device = masks.device  # all on the decoder's device: the stand-in makes the host wait for nothing
        where = torch.div(self._points[:, 0, :].detach(), 4, rounding_mode="floor").long()
        where = where.clamp(0, self.side - 1)
        outputs = masks.shape[1]
        fields = self.fields if outputs == len(self.fields) else [self.fields[1]] * outputs
        fields = [field.to(device) for field in fields]
        held = [field[where[:, 1], where[:, 0]][:, None, None] == field[None] for field in fields]
        inside = torch.stack(held, 1)  # [points, outputs, side, side]: the blob of each point
        logits = torch.where(inside, LOGIT, -LOGIT).to(masks.dtype)
        given = self.iou if outputs == len(self.iou) else self.iou[:1] * outputs
        scores = torch.tensor(given, dtype=iou.dtype, device=device)
        return logits, scores.expand_as(iou).clone()

    def remove(self) -> None:
        for hook in self._hooks:
            hook.remove()
