"""The published evaluation protocols, set as each paper's code runs them, and one image through one.

- ``reseg-clip`` (aemrhb/ReSeg-CLIP): ViT-L/14 with SAM vit_h regions at the reference's four levels
  and crop layers, SAM run on each window; windows of 224 px with no overlap over the image padded
  with zeros at its right and bottom edges; per window softmax of the raw cosine similarities
  (logit scale 1), probabilities averaged where windows meet; the reference's one sentence template;
  the image at its native size.
- ``segearth-ov`` (likyoo/SegEarth-OV, without SimFeatUp): ViT-B/16 with the last-block attention
  and the CLS-bias subtraction (λ = -0.3), no SAM; the image resized (bilinear) so its long side is
  448 px; windows of 224 px at a stride of 112, the last ones moved back inside the image; the
  windows' logits averaged, resized back to the image (bilinear), then softmax(50 ×); each class the
  maximum over its synonyms; pixels whose top probability is below the dataset's threshold go to the
  dataset's background class; the 80 ImageNet templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..cancellation import Cancelled, stop_if_cancelled
from ..models.clip_models import CLIP_MEAN
from ..models.scoring import probabilities_of
from ..models.segmenter_config import SamSettings, SegmenterConfig
from ..translatable import chosen

ZERO, INSIDE = "zero", "inside"  # how windows meet the image's edges
PROBABILITIES, LOGITS = "probabilities", "logits"  # what is averaged where windows overlap


@dataclass(frozen=True)
class Protocol:
    name: str
    preset: str  # the preset whose models it uses (its CLIP and SAM)
    config: SegmenterConfig
    window: int
    stride: int
    edges: str  # ZERO: the image padded with zeros to whole windows; INSIDE: edge windows moved inside
    blend: str  # PROBABILITIES or LOGITS
    long_side: int | None  # the image resized so its long side is this; None: native size
    background_threshold: bool  # below the dataset's threshold → the dataset's background class
    reference: str  # the code it follows


PROTOCOLS = {
    protocol.name: protocol
    for protocol in (
        Protocol(
            name="reseg-clip", preset="quality",
            config=SegmenterConfig(window_size=224, sam=SamSettings(crop_n_layers=1), sam_context=None,
                                   logit_scale=1.0, templates="reseg"),
            window=224, stride=224, edges=ZERO, blend=PROBABILITIES, long_side=None,
            background_threshold=False, reference="aemrhb/ReSeg-CLIP"),
        Protocol(
            name="segearth-ov", preset="fast",
            config=SegmenterConfig(window_size=224, sam=None, segearth_last_block=True, cls_bias=-0.3,
                                   logit_scale=50.0, templates="imagenet"),
            window=224, stride=112, edges=INSIDE, blend=LOGITS, long_side=448,
            background_threshold=True, reference="likyoo/SegEarth-OV (without SimFeatUp)"),
    )
}


def protocol(name: str) -> Protocol:
    return chosen(PROTOCOLS, name, "protocol")


def window_origins(length: int, window: int, stride: int, edges: str) -> list[int]:
    """Window origins along one axis. ZERO: every ``stride`` from 0 until the image is covered (the
    last window may reach into the padding). INSIDE: as SegEarth-OV's sliding windows, the last
    origins moved back so windows end inside the image (a window longer than the image starts at 0)."""
    if edges == ZERO:
        return list(range(0, max(length, 1), stride))
    count = max(length - window + stride - 1, 0) // stride + 1
    return [max(min(i * stride + window, length) - window, 0) for i in range(count)]


def resized(image: np.ndarray, long_side: int | None) -> np.ndarray:
    """RGB uint8 [H, W, 3] resized (bilinear, keeping its aspect) so its long side is ``long_side``,
    sizes rounded as mmcv's rescale rounds them."""
    if long_side is None:
        return image
    height, width = image.shape[:2]
    scale = long_side / max(height, width)
    size = (int(height * scale + 0.5), int(width * scale + 0.5))
    if size == (height, width):
        return image
    pixels = torch.from_numpy(np.ascontiguousarray(image)).permute(2, 0, 1)[None].float()
    out = F.interpolate(pixels, size=size, mode="bilinear", align_corners=False)[0]
    return out.round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()


def _windows(image: np.ndarray, protocol: Protocol, patch: int):
    """(y, x, crop [window, window, 3], valid height, valid width, top, left) per window; crops are
    padded to the window (ZERO: with zeros) or, when the image is smaller than the window, centred in
    a patch-size multiple filled with the CLIP mean (the reference pads normalised zeros)."""
    height, width = image.shape[:2]
    size = protocol.window
    mean = np.round(np.array(CLIP_MEAN) * 255).astype(np.uint8)
    for y in window_origins(height, size, protocol.stride, protocol.edges):
        for x in window_origins(width, size, protocol.stride, protocol.edges):
            crop = image[y:y + size, x:x + size]
            h, w = crop.shape[:2]
            if protocol.edges == ZERO:
                canvas = np.zeros((size, size, 3), np.uint8)
                canvas[:h, :w] = crop
                yield y, x, canvas, h, w, 0, 0
                continue
            full_h, full_w = -(-h // patch) * patch, -(-w // patch) * patch
            top, left = (full_h - h) // 2, (full_w - w) // 2
            canvas = np.empty((full_h, full_w, 3), np.uint8)
            canvas[:] = mean
            canvas[top:top + h, left:left + w] = crop
            yield y, x, canvas, h, w, top, left


def predict(segmenter, image: np.ndarray, classes, protocol: Protocol, *, background: int = 0,
            threshold: float = 0.0, cancelled: Cancelled | None = None,
            progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Class indices 0..C-1 [H, W] of an RGB uint8 image under ``protocol``; ``classes`` are the
    segmenter's class embeddings; ``background`` and ``threshold`` are the dataset's."""
    original = image.shape[:2]
    image = resized(image, protocol.long_side)
    height, width = image.shape[:2]
    logits = protocol.blend == LOGITS
    channels = len(classes.synonym_class) if logits else classes.num_classes
    total = np.zeros((channels, height, width), np.float32)
    count = np.zeros((height, width), np.float32)
    windows = list(_windows(image, protocol, segmenter.encoder.patch_size))
    for done, (y, x, crop, h, w, top, left) in enumerate(windows, start=1):
        stop_if_cancelled(cancelled)
        features = segmenter.encode_windows(crop[None], cancelled=cancelled)
        score = segmenter.similarities if logits else segmenter.classify
        scores = torch.as_tensor(score(features, classes)).cpu().numpy()
        total[:, y:y + h, x:x + w] += scores[0][:, top:top + h, left:left + w]
        count[y:y + h, x:x + w] += 1
        if progress:
            progress(done / len(windows))
    total /= count
    scores = torch.from_numpy(total)
    if scores.shape[1:] != original:
        scores = F.interpolate(scores[None], size=original, mode="bilinear", align_corners=False)[0]
    if logits:
        scores = probabilities_of(scores, classes, segmenter.logit_scale)
    top, labels = scores.max(dim=0)
    labels = labels.numpy().astype(np.int64)
    if protocol.background_threshold and threshold > 0:
        labels[top.numpy() < threshold] = background
    return labels
