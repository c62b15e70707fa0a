"""From patch features and class embeddings to per-class probabilities at pixel resolution.

- Cosine similarity of each patch with each synonym, optionally minus SegEarth-OV's global bias
  (λ times the CLS token's similarity; SegEarth-OV uses λ = -0.3 written as ``cls_bias=-0.3``).
- Bilinear upsampling of the similarities to pixels (``synonym_similarity``: the logits), then
  softmax(logit_scale × similarity) over all synonyms, then each class takes the maximum over its
  synonyms (``probabilities_of``).
- Optionally, a majority vote inside each of the finest SAM regions: every pixel of a region gets,
  per class, the share of the region's pixels whose top class it is, so the region takes its
  majority class and the share is its confidence.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .text_embeddings import ClassEmbeddings


def class_probabilities(patches: torch.Tensor, cls: torch.Tensor | None, classes: ClassEmbeddings,
                        size: tuple[int, int], logit_scale: float, cls_bias: float = 0.0) -> torch.Tensor:
    """[rows, cols, D] unit patch features of one window → [C, H, W] class probabilities."""
    return probabilities_of(synonym_similarity(patches, cls, classes, size, cls_bias), classes, logit_scale)


def synonym_similarity(patches: torch.Tensor, cls: torch.Tensor | None, classes: ClassEmbeddings,
                       size: tuple[int, int], cls_bias: float = 0.0) -> torch.Tensor:
    """[rows, cols, D] unit patch features → [S, H, W] cosine similarity with each synonym (with the
    global bias), bilinearly upsampled to pixels: the logits before the softmax."""
    text = classes.synonym_embeddings.to(patches.device, patches.dtype)
    similarity = torch.einsum("hwd,sd->shw", patches, text)
    if cls_bias and cls is not None:
        similarity = similarity + cls_bias * (text @ cls)[:, None, None]
    return F.interpolate(similarity[None], size=size, mode="bilinear", align_corners=False)[0]


def probabilities_of(similarity: torch.Tensor, classes: ClassEmbeddings, logit_scale: float) -> torch.Tensor:
    """[S, H, W] synonym similarities → [C, H, W]: softmax over all synonyms, each class's maximum."""
    synonyms = torch.softmax(logit_scale * similarity, dim=0)
    size = tuple(similarity.shape[1:])
    owner = classes.synonym_class.to(synonyms.device).view(-1, 1, 1).expand_as(synonyms)
    result = torch.zeros((classes.num_classes, *size), dtype=synonyms.dtype, device=synonyms.device)
    return result.scatter_reduce_(0, owner, synonyms, reduce="amax", include_self=False)


def region_vote(probabilities: torch.Tensor, regions: torch.Tensor) -> torch.Tensor:
    """Majority vote inside each region (id > 0) of [H, W]: its pixels get, per class, the share of
    the region's pixels whose top class that is. Pixels outside every region keep their [C, H, W]
    probabilities."""
    classes = probabilities.shape[0]
    ids = regions.reshape(-1).long().to(probabilities.device)
    flat = probabilities.reshape(classes, -1)
    # Regions numbered 0, 1, ... in the order of their ids, without asking the device how many there are.
    ordered, order = torch.sort(ids)
    dense = torch.zeros_like(ids)
    dense[order] = torch.cumsum(torch.cat([torch.zeros_like(ordered[:1]), ordered[1:] != ordered[:-1]]), 0)
    ballots = torch.zeros_like(flat).scatter_(0, flat.argmax(dim=0, keepdim=True), 1.0)
    votes = torch.zeros_like(flat).index_add_(1, dense, ballots)
    sizes = torch.zeros_like(flat[0]).index_add_(0, dense, torch.ones_like(flat[0])).clamp_min(1)
    voted = (votes / sizes)[:, dense]
    return torch.where(ids > 0, voted, flat).reshape(probabilities.shape)
