"""The wrapped CLIP vision encoder: equivalence with open_clip, isolation of regions, SegEarth block."""

from __future__ import annotations

import pytest
import torch

from reseg_qgis.engine.models.clip_models import build_clip as build_named_clip
from reseg_qgis.engine.models.layer_schedule import LayerSchedule
from reseg_qgis.engine.models.masked_clip import MaskedVisionEncoder, segearth_attention
from reseg_qgis.engine.translatable import ResegError
from tests.helpers.models import build_clip, clip_config


def open_clip_features(visual, pixels):
    """open_clip's own forward: pooled (projected) CLS and the patch tokens, projected here."""
    visual.output_tokens = True
    try:
        pooled, tokens = visual(pixels)
    finally:
        visual.output_tokens = False
    return pooled, tokens @ visual.proj


@pytest.fixture(scope="module")
def tiny():
    return build_clip()


@torch.no_grad()
@pytest.mark.parametrize("schedule", ["free:12", "free:6,sam:4,free:2"])
def test_without_masks_equals_open_clip_tiny(tiny, schedule):
    torch.manual_seed(0)
    pixels = torch.randn(3, 3, 64, 64)
    encoder = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse(schedule))
    cls, patches = encoder.features(pixels)  # no region labels: sam blocks run free
    pooled, tokens = open_clip_features(tiny.visual, pixels)
    assert (cls - pooled).abs().max() < 1e-5
    assert (patches.flatten(1, 2) - tokens).abs().max() < 1e-5


@torch.no_grad()
def test_without_masks_equals_open_clip_full_size_vit_b_16():
    torch.manual_seed(0)
    model = build_named_clip("ViT-B-16")
    pixels = torch.randn(1, 3, 224, 224)
    cls, patches = MaskedVisionEncoder(model.visual, LayerSchedule.parse("free:12")).features(pixels)
    pooled, tokens = open_clip_features(model.visual, pixels)
    assert patches.shape == (1, 14, 14, 512)
    assert (cls - pooled).abs().max() < 1e-5
    assert (patches.flatten(1, 2) - tokens).abs().max() < 1e-5


@torch.no_grad()
def test_perturbing_one_region_leaves_other_regions_unchanged(tiny):
    encoder = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse("sam:12"))
    # 4x4 patches of 16 px: region 1 is the left half, region 2 the top right, region 0 the rest.
    patch_ids = torch.tensor([[1, 1, 2, 2], [1, 1, 2, 2], [1, 1, 0, 0], [1, 1, 0, 0]])
    labels = patch_ids.reshape(1, 1, 16).expand(1, 12, 16)
    torch.manual_seed(1)
    pixels = torch.randn(1, 3, 64, 64)
    perturbed = pixels.clone()
    perturbed[:, :, 0:32, 32:64] += torch.randn(1, 3, 32, 32)  # region 2 only
    cls, before = encoder.features(pixels, labels)
    cls_after, after = encoder.features(perturbed, labels)
    in_region_2 = patch_ids == 2
    assert torch.equal(after[0][~in_region_2], before[0][~in_region_2])
    assert torch.equal(cls_after, cls)
    assert (after[0][in_region_2] - before[0][in_region_2]).abs().max() > 1e-3


@torch.no_grad()
def test_self_only_blocks_keep_patches_apart(tiny):
    encoder = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse("self:12"))
    pixels = torch.randn(1, 3, 64, 64)
    perturbed = pixels.clone()
    perturbed[:, :, 16:32, 48:64] += 1.0  # patch (1, 3)
    _, before = encoder.features(pixels)
    _, after = encoder.features(perturbed)
    changed = (after - before).abs().amax(dim=-1)[0] > 0
    assert changed.nonzero().tolist() == [[1, 3]]


@torch.no_grad()
def test_larger_windows_interpolate_position_embeddings(tiny):
    encoder = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse("free:12"))
    native = encoder.positional_embedding((4, 4))
    assert native is tiny.visual.positional_embedding
    larger = encoder.positional_embedding((6, 8))
    assert larger.shape == (1 + 48, native.shape[1])
    assert torch.equal(larger[0], native[0])
    _, patches = encoder.features(torch.randn(2, 3, 96, 128))
    assert patches.shape == (2, 6, 8, 32)
    with pytest.raises(ResegError, match="multiple of the CLIP patch size"):
        encoder.features(torch.randn(1, 3, 70, 64))


@torch.no_grad()
def test_segearth_block_matches_its_formula(tiny):
    block = tiny.visual.transformer.resblocks[-1]
    x = torch.randn(2, 17, 64)
    heads, width = block.attn.num_heads, 64
    head_width = width // heads
    y = block.ln_1(x)
    w_q, w_k, w_v = block.attn.in_proj_weight.split(width)
    b_q, b_k, b_v = block.attn.in_proj_bias.split(width)
    outputs = []
    for h in range(heads):
        part = slice(h * head_width, (h + 1) * head_width)
        q = y @ w_q[part].T + b_q[part]
        k = y @ w_k[part].T + b_k[part]
        v = y @ w_v[part].T + b_v[part]
        scale = head_width ** -0.5
        attention = sum(torch.softmax(scale * a @ a.transpose(1, 2), dim=-1) for a in (q, k, v))
        outputs.append(attention @ v)
    expected = block.attn.out_proj(torch.cat(outputs, dim=-1))
    torch.testing.assert_close(segearth_attention(block, x), expected)


@torch.no_grad()
def test_segearth_schedule_replaces_the_last_block(tiny):
    pixels = torch.randn(1, 3, 64, 64)
    plain = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse("free:12"))
    segearth = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse("free:11,segearth"))
    x = plain.embed(pixels)
    for block in plain.blocks[:-1]:
        x = block(x)
    expected = tiny.visual.ln_post(segearth_attention(plain.blocks[-1], x)) @ tiny.visual.proj
    cls, patches = segearth.features(pixels)
    torch.testing.assert_close(cls, expected[:, 0])
    torch.testing.assert_close(patches.flatten(1, 2), expected[:, 1:])


@pytest.mark.parametrize("vision_option", [{"pool_type": "avg"}, {"attentional_pool": True},
                                           {"final_ln_after_pool": True}])
def test_towers_that_pool_otherwise_are_refused(vision_option):
    from tests.helpers.models import TINY_CLIP_CONFIG

    config = {**TINY_CLIP_CONFIG, "vision_cfg": {**TINY_CLIP_CONFIG["vision_cfg"], **vision_option}}
    with pytest.raises(ResegError, match="pools its tokens"):
        MaskedVisionEncoder(build_clip(config).visual, LayerSchedule.parse("free:12"))


@torch.no_grad()
@pytest.mark.parametrize("layer_scale", [None, 0.3])
def test_blocks_computed_from_their_weights_equal_open_clips_blocks_with_every_mask(layer_scale):
    """The blocks are computed here (MultiheadAttention multiplies bf16 through a copy of its weights per
    token); with region, self-only and no masks they give what open_clip's blocks give, layer scales too."""
    tiny = build_clip(clip_config(ls_init_value=layer_scale))
    torch.manual_seed(0)
    pixels = torch.randn(3, 3, 64, 64)
    encoder = MaskedVisionEncoder(tiny.visual, LayerSchedule.parse("free:6,sam:4,self:2"))
    patches = encoder.grid(64, 64)[0] * encoder.grid(64, 64)[1]
    labels = torch.randint(1, 4, (3, 4, patches))  # a level per sam block
    computed = encoder.features(pixels, labels)
    encoder.open_clip_blocks = True
    called = encoder.features(pixels, labels)
    for mine, theirs in zip(computed, called):
        assert (mine - theirs).abs().max() < 1e-5 and mine.shape == theirs.shape
    encoder.open_clip_blocks = False
    assert not torch.equal(computed[1], encoder.features(pixels)[1])  # the region masks took effect
