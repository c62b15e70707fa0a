"""SAM's encoder attention through SDPA computes what segment_anything's own attention computes."""

from __future__ import annotations

import torch

from reseg_qgis.engine.models.sam_attention import ReferenceAttention, SdpaAttention, with_attention
from reseg_qgis.engine.models.sam_models import SamArchitecture
from tests.helpers.models import build_sam

# Windowed and global blocks, at a size where the global block attends over 32 x 32 tokens.
SMALL_SAM = SamArchitecture(64, 3, 4, (2,), image_size=512, window_size=7, prompt_embed_dim=32,
                            decoder_mlp_dim=64, decoder_num_heads=2, iou_head_hidden_dim=32)


def test_sdpa_attention_is_segment_anythings_attention():
    sam = build_sam(SMALL_SAM)
    encoder = sam.image_encoder
    assert all(type(block.attn) is SdpaAttention for block in encoder.blocks)  # what build_sam gives
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for block in encoder.blocks:  # SAM's weights have position terms; a fresh model's are zeros
            block.attn.rel_pos_h.copy_(torch.randn(block.attn.rel_pos_h.shape, generator=generator))
            block.attn.rel_pos_w.copy_(torch.randn(block.attn.rel_pos_w.shape, generator=generator))
        image = torch.randn(1, 3, 512, 512, generator=generator)
        fast = encoder(image)
        with_attention(encoder, ReferenceAttention)
        assert not any(isinstance(block.attn, SdpaAttention) for block in encoder.blocks)
        reference = encoder(image)
        with_attention(encoder)
        again = encoder(image)
    assert fast.shape == (1, 32, 32, 32)
    assert torch.allclose(fast, reference, atol=2e-5, rtol=1e-4)
    assert (fast - reference).abs().max() < 1e-4 * reference.abs().max()
    assert torch.equal(fast, again)
    assert set(sam.state_dict()) == set(build_sam(SMALL_SAM).state_dict())  # checkpoints load as before
