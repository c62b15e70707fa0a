"""Segment Anything models built from an architecture: vit_b, vit_l, vit_h, or custom sizes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from functools import partial

import torch

from .ml_libraries import segment_anything
from .sam_attention import with_attention
from .sam_decoder import SharedImageMaskDecoder

_modeling = segment_anything.modeling


@dataclass(frozen=True)
class SamArchitecture:
    """The sizes segment_anything's builders fix; the defaults are SAM's own."""

    encoder_embed_dim: int
    encoder_depth: int
    encoder_num_heads: int
    encoder_global_attn_indexes: tuple[int, ...]
    image_size: int = 1024
    window_size: int = 14
    prompt_embed_dim: int = 256
    decoder_mlp_dim: int = 2048
    decoder_num_heads: int = 8
    iou_head_hidden_dim: int = 256
    pixel_mean: tuple[float, float, float] = field(default=(123.675, 116.28, 103.53))
    pixel_std: tuple[float, float, float] = field(default=(58.395, 57.12, 57.375))

    def as_dict(self) -> dict:
        return asdict(self)


SAM_ARCHITECTURES = {
    "vit_b": SamArchitecture(768, 12, 12, (2, 5, 8, 11)),
    "vit_l": SamArchitecture(1024, 24, 16, (5, 11, 17, 23)),
    "vit_h": SamArchitecture(1280, 32, 16, (7, 15, 23, 31)),
}

PATCH_SIZE = 16


def sam_architecture(architecture: str | dict | SamArchitecture) -> SamArchitecture:
    if isinstance(architecture, SamArchitecture):
        return architecture
    if isinstance(architecture, dict):
        values = dict(architecture)
        values["encoder_global_attn_indexes"] = tuple(values["encoder_global_attn_indexes"])
        return SamArchitecture(**values)
    try:
        return SAM_ARCHITECTURES[architecture]
    except KeyError:
        raise ValueError(f"Unknown SAM architecture {architecture!r}; "
                         f"choose one of {', '.join(SAM_ARCHITECTURES)}.") from None


def build_sam(architecture: str | dict | SamArchitecture,
              device: str | torch.device = "cpu") -> torch.nn.Module:
    """A randomly initialised SAM, in eval mode, its encoder's attention through SDPA
    (sam_attention.py), its mask decoder sharing the image side across points (sam_decoder.py);
    weights are loaded separately."""
    a = sam_architecture(architecture)
    embedding_size = a.image_size // PATCH_SIZE
    sam = _modeling.Sam(
        image_encoder=with_attention(_modeling.ImageEncoderViT(
            depth=a.encoder_depth,
            embed_dim=a.encoder_embed_dim,
            img_size=a.image_size,
            mlp_ratio=4,
            norm_layer=partial(torch.nn.LayerNorm, eps=1e-6),
            num_heads=a.encoder_num_heads,
            patch_size=PATCH_SIZE,
            qkv_bias=True,
            use_rel_pos=True,
            global_attn_indexes=a.encoder_global_attn_indexes,
            window_size=a.window_size,
            out_chans=a.prompt_embed_dim,
        )),
        prompt_encoder=_modeling.PromptEncoder(
            embed_dim=a.prompt_embed_dim,
            image_embedding_size=(embedding_size, embedding_size),
            input_image_size=(a.image_size, a.image_size),
            mask_in_chans=16,
        ),
        mask_decoder=SharedImageMaskDecoder(
            num_multimask_outputs=3,
            transformer=_modeling.TwoWayTransformer(
                depth=2,
                embedding_dim=a.prompt_embed_dim,
                mlp_dim=a.decoder_mlp_dim,
                num_heads=a.decoder_num_heads,
            ),
            transformer_dim=a.prompt_embed_dim,
            iou_head_depth=3,
            iou_head_hidden_dim=a.iou_head_hidden_dim,
        ),
        pixel_mean=list(a.pixel_mean),
        pixel_std=list(a.pixel_std),
    )
    return sam.to(device).eval()
