"""open_clip CLIP models built from an architecture: an open_clip config name or a config dict."""

from __future__ import annotations

import copy
from typing import Union

import torch

from .ml_libraries import open_clip

# open_clip's default image normalisation, shared by every CLIP in the registry.
CLIP_MEAN = tuple(open_clip.OPENAI_DATASET_MEAN)
CLIP_STD = tuple(open_clip.OPENAI_DATASET_STD)

ClipArchitecture = Union[str, dict]


def _long_text(name: str, context_length: int) -> dict:
    config = open_clip.get_model_config(name)
    config["text_cfg"]["context_length"] = context_length
    return config


# Architectures open_clip does not name: LongCLIP text towers (FarSLIP2).
EXTRA_ARCHITECTURES = {
    "ViT-B-16-quickgelu-longclip": _long_text("ViT-B-16-quickgelu", 248),
}


def clip_config(architecture: ClipArchitecture) -> dict:
    """The open_clip model config (``embed_dim``, ``vision_cfg``, ``text_cfg``...) of an architecture."""
    if isinstance(architecture, dict):
        return copy.deepcopy(architecture)
    if architecture in EXTRA_ARCHITECTURES:
        return copy.deepcopy(EXTRA_ARCHITECTURES[architecture])
    config = open_clip.get_model_config(architecture)
    if config is None:
        known = ", ".join(name for name in open_clip.list_models() if name.startswith("ViT"))
        raise ValueError(f"Unknown CLIP architecture {architecture!r}. Known ViT architectures: {known}.")
    return config


def build_clip(architecture: ClipArchitecture, device: str | torch.device = "cpu") -> torch.nn.Module:
    """A randomly initialised CLIP of the architecture, in eval mode; weights are loaded separately."""
    config = clip_config(architecture)
    if "custom_text" in config or "hf_model_name" in config.get("text_cfg", {}):
        raise ValueError("Only CLIP models with open_clip's own text tower are supported.")
    if config["vision_cfg"].get("timm_model_name"):
        raise ValueError("Only open_clip's own ViT image towers are supported, not timm models.")
    model = open_clip.model.CLIP(**config)
    return model.to(device).eval()


def tokenizer_for(architecture: ClipArchitecture):
    """open_clip's tokenizer for the architecture (a named one's own, else the CLIP BPE tokenizer)."""
    if isinstance(architecture, str) and architecture not in EXTRA_ARCHITECTURES:
        return open_clip.get_tokenizer(architecture)
    context_length = clip_config(architecture).get("text_cfg", {}).get("context_length", 77)
    return open_clip.tokenizer.SimpleTokenizer(context_length=context_length)
