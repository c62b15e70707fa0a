"""Full-size models with random weights, for speed and memory figures only.

Speed does not depend on the weights' values, and no pretrained weights exist on the machines the
benchmarks run on; the classes such a segmenter produces are meaningless.
"""

from __future__ import annotations

import dataclasses

import torch

from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.clip_models import build_clip, tokenizer_for
from reseg_qgis.engine.models.presets import preset
from reseg_qgis.engine.models.sam_models import build_sam
from reseg_qgis.engine.models.segmenter import Segmenter
from reseg_qgis.engine.weights.registry import MODELS


def random_segmenter(name: str, device: str = "cpu", precision: str = "auto", **config) -> Segmenter:
    chosen = preset(name)
    clip_name = chosen.clip_models[-1]
    clip_spec = MODELS[clip_name]
    choice = dataclasses.replace(choose_device(device, precision), exact_stage_times=True)
    torch.manual_seed(0)
    clip = build_clip(clip_spec.architecture, choice.device).requires_grad_(False)
    sam = None
    if chosen.sam_model:
        sam = build_sam(MODELS[chosen.sam_model].architecture, choice.device).requires_grad_(False)
    settings = dataclasses.replace(chosen.config, **config)
    names = (clip_name, chosen.sam_model) if sam is not None else (clip_name,)
    return Segmenter(clip, tokenizer_for(clip_spec.architecture), sam, settings, choice, names)


_BUILT: dict[tuple, Segmenter] = {}


@dataclasses.dataclass(frozen=True)
class RandomSegmenterFactory:
    """Builds :func:`random_segmenter` once per (cluster worker) process."""

    name: str
    device: str = "cpu"
    precision: str = "auto"

    def __call__(self) -> Segmenter:
        key = (self.name, self.device, self.precision)
        if key not in _BUILT:
            _BUILT[key] = random_segmenter(self.name, self.device, self.precision)
        return _BUILT[key]
