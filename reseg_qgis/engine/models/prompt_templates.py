"""Prompt templates that turn a class name into the sentences CLIP's text encoder embeds."""

from __future__ import annotations

from ..translatable import chosen
from .ml_libraries import open_clip

# ReSeg-CLIP's reference code uses this one template.
RESEG_TEMPLATE = "Aerial photo of a {} in the city."

REMOTE_SENSING_TEMPLATES = (
    RESEG_TEMPLATE,
    "an aerial photo of {}.",
    "an aerial image showing {}.",
    "a satellite image of {}.",
    "a satellite photo containing {}.",
    "a remote sensing image of {}.",
    "an overhead view of {}.",
    "a top-down view of {}.",
    "an orthophoto showing {}.",
    "a drone photo of {}.",
    "a high-resolution aerial image of the {}.",
    "a low-resolution satellite image of the {}.",
)

# CLIP's 80 ImageNet templates, as open_clip ships them.
IMAGENET_TEMPLATES = tuple(
    template("{}") for template in open_clip.zero_shot_metadata.OPENAI_IMAGENET_TEMPLATES
)

TEMPLATE_SETS = {
    "full": REMOTE_SENSING_TEMPLATES + IMAGENET_TEMPLATES,
    "remote-sensing": REMOTE_SENSING_TEMPLATES,
    "reseg": (RESEG_TEMPLATE,),
    "imagenet": IMAGENET_TEMPLATES,
}


def templates(name: str) -> tuple[str, ...]:
    return chosen(TEMPLATE_SETS, name, "template set")
