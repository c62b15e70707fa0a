"""SAM's automatic mask generation over a whole image (no crop layers), without the bookkeeping that
costs more than the decoder on a CPU; the same masks, in the same order, as segment_anything's
``SamAutomaticMaskGenerator`` with ``output_mode="binary_mask"``.

As segment_anything does: decode three masks per grid point (in batches of points), keep those whose
predicted IoU passes, upscale them to the image, keep those whose stability score passes, then a box
NMS over the image. What goes:
- candidates are upscaled after the IoU filter, not before (the upscaling is per mask, so the kept
  masks' values are the same);
- masks stay boolean tensors on the device where they were computed: no run-length encoding and
  decoding, no per-mask copies to the host, no deep copies of the mask records; each filter runs once
  over all the points' candidates, so the device is waited for a few times per image, not per batch;
- no crop-edge filter: with no crop layers the crop is the image, whose edges never count;
- levels with the same point grid (ReSeg's three coarse ones) decode it once: the decoder's output for
  the same points in the same batches is the same, only the thresholds that follow differ.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from ..hardware.devices import MASK_DECODER
from .ml_libraries import segment_anything
from .torchvision_ops import batched_nms

_amg = segment_anything.utils.amg


def upscaled_logits(model, low_res: torch.Tensor, input_size: tuple[int, int],
                    original_size: tuple[int, int]) -> torch.Tensor:
    """segment_anything's ``Sam.postprocess_masks``: the decoder's masks resized to the model's input,
    cropped to the image's part, resized to the image. The last resize is left out where the image
    already has that size (a SAM context of the input's size): bilinear at scale 1 is the identity, but it
    would write every candidate mask once more."""
    side = model.image_encoder.img_size
    masks = F.interpolate(low_res, (side, side), mode="bilinear", align_corners=False)
    masks = masks[..., :input_size[0], :input_size[1]]
    if tuple(masks.shape[-2:]) == tuple(original_size):
        return masks
    return F.interpolate(masks, tuple(original_size), mode="bilinear", align_corners=False)


class WholeImageMaskGenerator:
    def __init__(self, predictor, points_per_side: int, points_per_batch: int, pred_iou_thresh: float,
                 stability_score_thresh: float, box_nms_thresh: float, stability_score_offset: float = 1.0,
                 decoded: dict | None = None) -> None:
        """``decoded``: the decoder's output per batch of points, shared by the generators of one image
        (its owner empties it for the next image)."""
        self.predictor = predictor
        self.points_per_side = points_per_side
        self.decoded = {} if decoded is None else decoded
        self.points = _amg.build_point_grid(points_per_side)  # [N, 2] in (0, 1), x then y
        self.points_per_batch = points_per_batch
        self.pred_iou_thresh, self.stability_score_thresh = pred_iou_thresh, stability_score_thresh
        self.box_nms_thresh, self.stability_score_offset = box_nms_thresh, stability_score_offset

    @torch.no_grad()
    def masks(self, image: np.ndarray) -> torch.Tensor:
        """Boolean masks [M, H, W] of an RGB uint8 image, on the predictor's device, in segment_anything's
        order. Every batch of points is decoded first; each filter then runs once over all of them."""
        size = image.shape[:2]
        self.predictor.set_image(image)
        points = self.points * np.array(size)[None, ::-1]
        decoded = []
        for start in range(0, len(points), self.points_per_batch):
            key = (self.points_per_side, self.points_per_batch, start)
            if key not in self.decoded:
                self.decoded[key] = self._decode(points[start:start + self.points_per_batch], size)
            decoded.append(self.decoded[key])
        low_res, iou = (torch.cat(parts) for parts in zip(*decoded))
        if self.pred_iou_thresh > 0.0:
            passed = (iou > self.pred_iou_thresh).nonzero()[:, 0]
            low_res, iou = low_res[passed], iou[passed]
        masks, stable, boxes = self._upscaled(low_res)
        self.predictor.reset_image()
        passed = stable.nonzero()[:, 0] if self.stability_score_thresh > 0.0 else torch.arange(
            len(iou), device=iou.device)
        if not len(passed):
            return masks[:0]
        iou = iou[passed]
        order = batched_nms(boxes[passed].float(), iou, torch.zeros_like(iou), self.box_nms_thresh)
        return masks[passed[order]]

    def _upscaled(self, low_res: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Masks at the image's size, whether each passes the stability threshold, and their boxes;
        upscaled in batches of the decoder's size (the upscaling is per mask, so batches change no
        value)."""
        predictor, model = self.predictor, self.predictor.model
        batch = 3 * self.points_per_batch
        masks, stable, boxes = [], [], []
        for start in range(0, len(low_res), batch):
            logits = upscaled_logits(model, low_res[start:start + batch, None], predictor.input_size,
                                     predictor.original_size)[:, 0]
            stability = _amg.calculate_stability_score(logits, model.mask_threshold,
                                                       self.stability_score_offset)
            stable.append(stability >= self.stability_score_thresh)
            masks.append(logits > model.mask_threshold)
            boxes.append(_amg.batched_mask_to_box(masks[-1]))
        if not masks:
            height, width = predictor.original_size
            device = low_res.device
            return (torch.zeros((0, height, width), dtype=torch.bool, device=device),
                    torch.zeros(0, dtype=torch.bool, device=device), torch.zeros((0, 4), device=device))
        return torch.cat(masks), torch.cat(stable), torch.cat(boxes)

    def _decode(self, points: np.ndarray, size: tuple[int, int]) -> tuple[torch.Tensor, torch.Tensor]:
        """The decoder's three low-resolution masks of each point, and their predicted IoU, flattened. The
        points' positional encodings stay fp32 (bf16 would move a point by a pixel or more); the decoder
        runs in its stage's format."""
        predictor, model = self.predictor, self.predictor.model
        coords = torch.as_tensor(predictor.transform.apply_coords(points, size), device=predictor.device)
        labels = torch.ones(len(coords), dtype=torch.int, device=coords.device)
        sparse, dense = model.prompt_encoder(points=(coords[:, None, :], labels[:, None]), boxes=None,
                                             masks=None)
        image_pe = model.prompt_encoder.get_dense_pe()
        with predictor.device_choice.autocast(MASK_DECODER):
            low_res, iou = model.mask_decoder(image_embeddings=predictor.features, image_pe=image_pe,
                                              sparse_prompt_embeddings=sparse, dense_prompt_embeddings=dense,
                                              multimask_output=True)
        return low_res.float().flatten(0, 1), iou.float().flatten(0, 1)
