"""Tiny random-initialised open_clip and SAM models, saved in the published checkpoint formats.

The models come from the libraries' own classes, so they exercise the same code paths as the
full-size ones; only the widths and depths are small enough for unit tests.
"""

from __future__ import annotations

import copy
from functools import partial
from pathlib import Path

import torch

from reseg_qgis.engine.torchvision_ops import ensure_torchvision_ops

ensure_torchvision_ops()

import open_clip  # noqa: E402
from safetensors.torch import save_file  # noqa: E402
from segment_anything.modeling import (  # noqa: E402
    ImageEncoderViT,
    MaskDecoder,
    PromptEncoder,
    Sam,
    TwoWayTransformer,
)

# open_clip's model-config JSON layout; the tokenizer fixes vocab_size and context_length.
TINY_CLIP_CONFIG = {
    "embed_dim": 32,
    "vision_cfg": {"image_size": 64, "layers": 12, "width": 64, "head_width": 32, "patch_size": 16},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 2},
}

# The arguments of segment_anything's ``_build_sam``, shrunk.
TINY_SAM_CONFIG = {
    "encoder_embed_dim": 32,
    "encoder_depth": 2,
    "encoder_num_heads": 2,
    "encoder_global_attn_indexes": [1],
    "image_size": 256,
    "window_size": 4,
    "prompt_embed_dim": 32,
    "decoder_mlp_dim": 64,
    "decoder_num_heads": 2,
    "iou_head_hidden_dim": 32,
}


def clip_config(**vision_overrides) -> dict:
    """The tiny CLIP config, with vision-tower fields overridden (e.g. ``layers=24``)."""
    config = copy.deepcopy(TINY_CLIP_CONFIG)
    config["vision_cfg"].update(vision_overrides)
    return config


def build_clip(config: dict | None = None, seed: int = 0) -> open_clip.model.CLIP:
    torch.manual_seed(seed)
    model = open_clip.model.CLIP(**copy.deepcopy(config or TINY_CLIP_CONFIG))
    return model.eval()


def build_sam(config: dict | None = None, seed: int = 0) -> Sam:
    c = {**TINY_SAM_CONFIG, **(config or {})}
    torch.manual_seed(seed)
    patch_size = 16
    embedding_size = c["image_size"] // patch_size
    sam = Sam(
        image_encoder=ImageEncoderViT(
            depth=c["encoder_depth"],
            embed_dim=c["encoder_embed_dim"],
            img_size=c["image_size"],
            mlp_ratio=4,
            norm_layer=partial(torch.nn.LayerNorm, eps=1e-6),
            num_heads=c["encoder_num_heads"],
            patch_size=patch_size,
            qkv_bias=True,
            use_rel_pos=True,
            global_attn_indexes=c["encoder_global_attn_indexes"],
            window_size=c["window_size"],
            out_chans=c["prompt_embed_dim"],
        ),
        prompt_encoder=PromptEncoder(
            embed_dim=c["prompt_embed_dim"],
            image_embedding_size=(embedding_size, embedding_size),
            input_image_size=(c["image_size"], c["image_size"]),
            mask_in_chans=16,
        ),
        mask_decoder=MaskDecoder(
            num_multimask_outputs=3,
            transformer=TwoWayTransformer(
                depth=2,
                embedding_dim=c["prompt_embed_dim"],
                mlp_dim=c["decoder_mlp_dim"],
                num_heads=c["decoder_num_heads"],
            ),
            transformer_dim=c["prompt_embed_dim"],
            iou_head_depth=3,
            iou_head_hidden_dim=c["iou_head_hidden_dim"],
        ),
        pixel_mean=[123.675, 116.28, 103.53],
        pixel_std=[58.395, 57.12, 57.375],
    )
    return sam.eval()


def save_state_dict(model: torch.nn.Module, path: Path) -> Path:
    """A plain state_dict: RemoteCLIP, GeoRSCLIP, FarSLIP, open_clip's hub ``.bin`` and SAM ``.pth``."""
    path = Path(path)
    torch.save(model.state_dict(), path)
    return path


def save_training_checkpoint(model: torch.nn.Module, path: Path, module_prefix: bool = True) -> Path:
    """An open_clip training checkpoint (SkyCLIP's ``epoch_20.pt``): ``state_dict`` with ``module.``."""
    path = Path(path)
    prefix = "module." if module_prefix else ""
    state = {prefix + key: value for key, value in model.state_dict().items()}
    torch.save({"epoch": 20, "name": "tiny", "state_dict": state,
                "optimizer": {"state": {}, "param_groups": [{"lr": 1e-5, "params": [0]}]}}, path)
    return path


def save_safetensors(model: torch.nn.Module, path: Path) -> Path:
    """open_clip's hub ``open_clip_model.safetensors`` format."""
    path = Path(path)
    state = {key: value.contiguous() for key, value in model.state_dict().items()}
    save_file(state, str(path))
    return path
