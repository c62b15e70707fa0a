"""Tiny random-initialised open_clip and SAM models, saved in the published checkpoint formats.

The models come from the libraries' own classes, so they exercise the same code paths as the
full-size ones; only the widths and depths are small enough for unit tests.
"""

from __future__ import annotations

import copy
from pathlib import Path

import torch
from safetensors.torch import save_file

from reseg_qgis.engine.models import clip_models, sam_models

# open_clip's model-config JSON layout; the tokenizer fixes vocab_size and context_length.
TINY_CLIP_CONFIG = {
    "embed_dim": 32,
    "vision_cfg": {"image_size": 64, "layers": 12, "width": 64, "head_width": 32, "patch_size": 16},
    "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 2},
}

TINY_SAM = sam_models.SamArchitecture(
    encoder_embed_dim=32, encoder_depth=2, encoder_num_heads=2, encoder_global_attn_indexes=(1,),
    image_size=256, window_size=4, prompt_embed_dim=32, decoder_mlp_dim=64, decoder_num_heads=2,
    iou_head_hidden_dim=32,
)


def clip_config(**vision_overrides) -> dict:
    """The tiny CLIP config, with vision-tower fields overridden (e.g. ``layers=24``)."""
    config = copy.deepcopy(TINY_CLIP_CONFIG)
    config["vision_cfg"].update(vision_overrides)
    return config


def build_clip(config: dict | None = None, seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return clip_models.build_clip(config or TINY_CLIP_CONFIG)


def build_sam(architecture=None, seed: int = 0) -> torch.nn.Module:
    torch.manual_seed(seed)
    return sam_models.build_sam(architecture or TINY_SAM)


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
