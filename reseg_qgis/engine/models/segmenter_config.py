"""How the segmenter runs: SAM levels and settings, and the segmenter configuration.

Plain data, importable without torch, so the QGIS side can offer presets without loading models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_TEMPLATES = "full"  # see prompt_templates.py


@dataclass(frozen=True)
class SamLevel:
    """One granularity: segment_anything's automatic mask generator settings."""

    points_per_side: int
    pred_iou_thresh: float
    stability_score_thresh: float
    min_mask_region_area: int  # pixels; smaller holes are filled and smaller islands removed


# ReSeg-CLIP's reference levels, fine to coarse.
REFERENCE_LEVELS = (
    SamLevel(4, 0.5, 0.5, 500),
    SamLevel(2, 0.6, 0.6, 500),
    SamLevel(2, 0.5, 0.5, 1000),
    SamLevel(2, 0.5, 0.5, 2000),
)


@dataclass(frozen=True)
class SamSettings:
    levels: tuple[SamLevel, ...] = REFERENCE_LEVELS
    crop_n_layers: int = 1  # the reference's; 0 turns crops off
    crop_n_points_downscale_factor: int = 2
    box_nms_thresh: float = 0.7
    points_per_batch: int = 64
    # "lean": without crop layers, SAM's masks from mask_generation.py (the same masks, faster);
    # "segment-anything": its own generator always (as the code ran in November 2026)
    mask_generation: str = "lean"


@dataclass(frozen=True)
class SegmenterConfig:
    """How ReSeg-CLIP runs; the defaults follow the paper's reference code."""

    window_size: int | None = None  # CLIP window in pixels; None: the model's native size
    sam: SamSettings | None = field(default_factory=SamSettings)  # None: no SAM
    sam_context: int | None = None  # SAM window in pixels around the CLIP windows; None: the window
    schedule: str | None = None  # e.g. "free:18,sam:4,self:2"; None: LayerSchedule.default
    segearth_last_block: bool = False  # SegEarth-OV's last-block attention
    cls_bias: float = 0.0  # SegEarth-OV's global-bias subtraction λ (it uses -0.3)
    logit_scale: float | None = None  # None: the model's own
    region_vote: bool = False  # majority vote of the top class inside each finest SAM region
    templates: str = DEFAULT_TEMPLATES
    batch_size: int = 8  # CLIP windows per forward pass
