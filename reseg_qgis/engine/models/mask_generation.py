"""SAM's automatic mask generation over a whole image (no crop layers), without the bookkeeping that
costs more than the decoder on a CPU; the same masks, in the same order, as segment_anything's
``SamAutomaticMaskGenerator`` with ``output_mode="binary_mask"``.

Per batch of grid points, as segment_anything does: decode three masks per point, keep those whose
predicted IoU passes, upscale them to the image, keep those whose stability score passes, then a box
NMS over the image. What goes:
- candidates are upscaled after the IoU filter, not before (the upscaling is per mask, so the kept
  masks' values are the same);
- masks stay boolean tensors where they were computed: no run-length encoding and decoding, no
  per-mask copies to the host, no deep copies of the mask records;
- no crop-edge filter: with no crop layers the crop is the image, whose edges never count;
- levels with the same point grid (ReSeg's three coarse ones) decode it once: the decoder's output for
  the same points in the same batches is the same, only the thresholds that follow differ.
"""

from __future__ import annotations

import numpy as np
import torch

from .ml_libraries import segment_anything, torchvision

_amg = segment_anything.utils.amg


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
    def masks(self, image: np.ndarray) -> list[np.ndarray]:
        """Boolean masks [H, W] of an RGB uint8 image, in segment_anything's order."""
        size = image.shape[:2]
        self.predictor.set_image(image)
        points = self.points * np.array(size)[None, ::-1]
        masks, scores, boxes = [], [], []
        for start in range(0, len(points), self.points_per_batch):
            key = (self.points_per_side, self.points_per_batch, start)
            if key not in self.decoded:
                self.decoded[key] = self._decode(points[start:start + self.points_per_batch], size)
            kept = self._filtered(*self.decoded[key])
            if kept is not None:
                masks.append(kept[0])
                scores.append(kept[1])
                boxes.append(kept[2])
        self.predictor.reset_image()
        if not masks:
            return []
        masks, scores, boxes = torch.cat(masks), torch.cat(scores), torch.cat(boxes)
        order = torchvision.ops.batched_nms(boxes.float(), scores, torch.zeros(len(boxes)),
                                            self.box_nms_thresh)
        return list(masks[order.to(masks.device)].cpu().numpy())

    def _decode(self, points: np.ndarray, size: tuple[int, int]) -> tuple[torch.Tensor, torch.Tensor]:
        """The decoder's three low-resolution masks of each point, and their predicted IoU, flattened."""
        predictor, model = self.predictor, self.predictor.model
        coords = torch.as_tensor(predictor.transform.apply_coords(points, size), device=predictor.device)
        labels = torch.ones(len(coords), dtype=torch.int, device=coords.device)
        sparse, dense = model.prompt_encoder(points=(coords[:, None, :], labels[:, None]), boxes=None,
                                             masks=None)
        low_res, iou = model.mask_decoder(image_embeddings=predictor.features,
                                          image_pe=model.prompt_encoder.get_dense_pe(),
                                          sparse_prompt_embeddings=sparse, dense_prompt_embeddings=dense,
                                          multimask_output=True)
        return low_res.flatten(0, 1), iou.flatten(0, 1)

    def _filtered(self, low_res: torch.Tensor, iou: torch.Tensor):
        """The masks that pass both filters, their predicted IoU and boxes; None if none does."""
        predictor, model = self.predictor, self.predictor.model
        if self.pred_iou_thresh > 0.0:
            passed = iou > self.pred_iou_thresh
            low_res, iou = low_res[passed], iou[passed]
        if not len(iou):
            return None
        logits = model.postprocess_masks(low_res[:, None], predictor.input_size,
                                         predictor.original_size)[:, 0]
        stability = _amg.calculate_stability_score(logits, model.mask_threshold, self.stability_score_offset)
        if self.stability_score_thresh > 0.0:
            passed = stability >= self.stability_score_thresh
            logits, iou = logits[passed], iou[passed]
        if not len(iou):
            return None
        masks = logits > model.mask_threshold
        return masks, iou.cpu(), _amg.batched_mask_to_box(masks).cpu()
