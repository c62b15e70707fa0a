"""Named configurations offered by the UI and the command line; each one's ``summary`` says
what it does and costs. The README's "Presets" section has the measured times.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..translatable import chosen
from .segmenter_config import SamSettings, SegmenterConfig


@dataclass(frozen=True)
class Preset:
    name: str
    clip_models: tuple[str, ...]  # registry names, the first installed one is used
    sam_model: str | None  # registry name
    config: SegmenterConfig
    summary: str

    @property
    def required_models(self) -> list[str]:
        """What must be installed to run it (the last CLIP is the fallback of a composed one)."""
        return [self.clip_models[-1]] + ([self.sam_model] if self.sam_model else [])

    def choose_models(self, clip: str | None, sam: str | None, use_sam: bool,
                      available: Callable[[str], bool]) -> tuple[str, str | None]:
        """The CLIP and SAM a run uses: the ones given, else the preset's (its first available CLIP, else
        its last); no SAM when SAM regions are off or the preset has none."""
        clip = clip or next((name for name in self.clip_models if available(name)), self.clip_models[-1])
        sam = (sam or self.sam_model) if use_sam and self.config.sam is not None else None
        return clip, sam


PRESETS = {
    preset.name: preset
    for preset in (
        Preset(
            name="fast",
            clip_models=("openai-vit-b-16",),
            sam_model=None,
            config=SegmenterConfig(sam=None, segearth_last_block=True, cls_bias=-0.3, logit_scale=50.0),
            summary="No SAM: ViT-B/16 with SegEarth-OV's last-block attention and global-bias "
                    "subtraction. Quick previews, also on a CPU.",
        ),
        Preset(
            name="balanced",
            clip_models=("openai-vit-b-16",),
            sam_model="sam-vit-b",
            config=SegmenterConfig(sam=SamSettings(crop_n_layers=0), sam_context=1024),
            summary="ViT-B/16 with SAM vit_b regions at 4 levels, no crop layers; one SAM pass per "
                    "context of up to 1024 px serves every window inside it.",
        ),
        Preset(
            name="quality",
            clip_models=("composed-rs-vit-l-14", "openai-vit-l-14"),
            sam_model="sam-vit-h",
            config=SegmenterConfig(sam=SamSettings(crop_n_layers=1)),
            summary="ReSeg-CLIP as published: ViT-L/14 (the composed remote-sensing model when "
                    "installed) with SAM vit_h regions at 4 levels, crop layers on. Slowest; use a GPU.",
        ),
    )
}
DEFAULT_PRESET = "balanced"


def preset(name: str) -> Preset:
    return chosen(PRESETS, name, "preset")
