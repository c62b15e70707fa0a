"""SAM's mask decoder sharing the image side across points computes what segment_anything's computes."""

from __future__ import annotations

import pytest
import torch

from reseg_qgis.engine.models.sam_decoder import UPSCALED_POINTS, SharedImageMaskDecoder, reference_decoder
from reseg_qgis.engine.models.sam_models import SamArchitecture
from tests.helpers.models import build_sam

SMALL_SAM = SamArchitecture(32, 1, 2, (0,), image_size=256, window_size=4, prompt_embed_dim=32,
                            decoder_mlp_dim=64, decoder_num_heads=2, iou_head_hidden_dim=32)
POINTS = 2 * UPSCALED_POINTS + 3  # the upscaling runs in three parts


@pytest.fixture(scope="module")
def sam():
    sam = build_sam(SMALL_SAM).requires_grad_(False)
    generator = torch.Generator().manual_seed(3)
    for name, parameter in sam.mask_decoder.named_parameters():  # sharp attention, not a fresh model's
        noise = 0.3 * torch.randn(parameter.shape, generator=generator)
        parameter.copy_(1 + noise if parameter.dim() == 1 and name.endswith("weight") else noise)  # norms too
    return sam


def decode(sam, embedding, points, masks=None, multimask=True, boxes=None, dense_copies=False,
           decoder=None):
    labels = torch.ones(points.shape[:2], dtype=torch.int)
    sparse, dense = sam.prompt_encoder(points=(points, labels), boxes=boxes, masks=masks)
    if dense_copies:  # equal, but not one expanded tensor
        dense = dense.contiguous()
    with torch.no_grad():
        return (decoder or sam.mask_decoder)(image_embeddings=embedding,
                                             image_pe=sam.prompt_encoder.get_dense_pe(),
                                             sparse_prompt_embeddings=sparse, dense_prompt_embeddings=dense,
                                             multimask_output=multimask)


def both_ways(sam, *args, **kwargs):
    assert type(sam.mask_decoder) is SharedImageMaskDecoder  # what build_sam constructs
    shared = decode(sam, *args, **kwargs)
    reference = reference_decoder(sam.mask_decoder)  # segment_anything's, with the same weights
    assert type(reference) is not SharedImageMaskDecoder
    return shared, decode(sam, *args, decoder=reference, **kwargs)


def inputs(seed: int, points: int = POINTS, per_point: int = 1):
    generator = torch.Generator().manual_seed(seed)
    embedding = torch.randn(1, 32, 16, 16, generator=generator)
    return embedding, torch.rand(points, per_point, 2, generator=generator) * 256


@pytest.mark.parametrize("multimask", [True, False])
@pytest.mark.parametrize("per_point", [1, 2])
def test_shared_image_decoder_is_segment_anythings(sam, multimask, per_point):
    embedding, points = inputs(multimask + 2 * per_point, per_point=per_point)
    (masks, iou), (reference_masks, reference_iou) = both_ways(sam, embedding, points, multimask=multimask)
    assert masks.shape == reference_masks.shape == (POINTS, 3 if multimask else 1, 64, 64)
    scale = reference_masks.abs().max()
    assert scale > 1.0 and reference_masks.std(0).mean() > 0.1 * reference_masks.std()  # points differ
    assert (masks - reference_masks).abs().max() < 1e-5 * scale
    assert torch.allclose(iou, reference_iou, atol=1e-5)


def test_one_point_and_state_dict(sam):
    embedding, points = inputs(7, points=1)
    (masks, iou), (reference_masks, reference_iou) = both_ways(sam, embedding, points)
    assert (masks - reference_masks).abs().max() < 1e-5 * reference_masks.abs().max()
    assert set(sam.state_dict()) == set(build_sam(SMALL_SAM).state_dict())  # checkpoints load as before


def test_boxes_and_equal_dense_copies(sam):
    embedding, points = inputs(10)
    corners = torch.rand(POINTS, 2, 2, generator=torch.Generator().manual_seed(11)) * 256
    boxes = torch.sort(corners, dim=1).values  # (left, top), (right, bottom)
    (masks, iou), (reference_masks, reference_iou) = both_ways(sam, embedding, points, boxes=boxes.flatten(1),
                                                               dense_copies=True)
    assert (masks - reference_masks).abs().max() < 1e-5 * reference_masks.abs().max()
    assert torch.allclose(iou, reference_iou, atol=1e-5)


def test_mask_prompts_take_segment_anythings_way(sam):
    embedding, points = inputs(8, points=3)
    mask_prompts = torch.randn(3, 1, 64, 64, generator=torch.Generator().manual_seed(9))
    shared, reference = both_ways(sam, embedding, points, masks=mask_prompts)
    assert torch.equal(shared[0], reference[0]) and torch.equal(shared[1], reference[1])
