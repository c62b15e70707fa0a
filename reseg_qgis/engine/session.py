"""Segmenters for a preset or a model choice, built from cached models and reused within a process.

One :class:`EngineSession` lives as long as a QGIS session (or a command-line run): models load once,
and a segmenter, with its text-embedding cache, serves every run with the same settings.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

from .devices import DeviceChoice
from .downloads import CancelCheck, ProgressCallback
from .feature_cache import FeatureCache
from .model_loading import ModelPool
from .model_registry import ModelSpec
from .model_store import ModelStore
from .presets import DEFAULT_PRESET, preset
from .segmenter import Segmenter
from .segmenter_config import SegmenterConfig


@dataclass(frozen=True)
class ModelChoice:
    preset: str = DEFAULT_PRESET
    clip: str | None = None  # a registry name instead of the preset's CLIP
    sam: str | None = None  # a registry name instead of the preset's SAM
    use_sam: bool = True  # False runs without SAM regions (their blocks run free)
    window: int | None = None  # CLIP window in pixels; default the model's

    def resolve(self, pool: ModelPool) -> tuple[str, str | None, SegmenterConfig]:
        chosen = preset(self.preset)
        clip = self.clip or pool.first_available(chosen.clip_models)
        sam = self.sam or chosen.sam_model
        config = chosen.config
        if not self.use_sam:
            sam, config = None, replace(config, sam=None, sam_context=None)
        elif sam and config.sam is None:
            sam = None  # a preset without SAM regions ignores a SAM choice
        if self.window:
            config = replace(config, window_size=self.window)
        return clip, sam, config


class EngineSession:
    def __init__(self, store: ModelStore | None = None) -> None:
        self.pool = ModelPool(store or ModelStore())
        self._segmenters: dict[tuple, Segmenter] = {}
        self.features = FeatureCache()  # image features of recent runs, for re-prompting
        self._lock = threading.Lock()

    @property
    def store(self) -> ModelStore:
        return self.pool.store

    def use_store(self, store: ModelStore) -> None:
        """Use ``store`` from now on: another cache drops the loaded models; the same cache keeps
        them and picks up models added since."""
        with self._lock:
            if store.root != self.pool.store.root:
                self.pool = ModelPool(store)
                self._segmenters.clear()
                self.features.clear()
            else:
                self.pool.store = store

    def missing(self, choice: ModelChoice) -> list[ModelSpec]:
        clip, sam, _ = choice.resolve(self.pool)
        names = [clip] + ([sam] if sam else [])
        members = [m for name in names for m in (self.pool.composed[name].members
                                                 if name in self.pool.composed else (name,))]
        return self.store.missing(members)

    def segmenter(self, choice: ModelChoice, device: DeviceChoice, allow_download: bool = False,
                  progress: ProgressCallback | None = None,
                  cancelled: CancelCheck | None = None) -> Segmenter:
        clip_name, sam_name, config = choice.resolve(self.pool)
        key = (clip_name, sam_name, config, str(device.device), device.autocast_dtype)
        with self._lock:
            if key not in self._segmenters:
                if not allow_download:
                    self.pool.check_installed([clip_name] + ([sam_name] if sam_name else []))
                clip = self.pool.clip(clip_name, device.device, allow_download, progress, cancelled)
                sam = self.pool.sam(sam_name, device.device, allow_download, progress, cancelled) \
                    if sam_name else None
                names = (clip_name, sam_name) if sam_name else (clip_name,)
                self._segmenters[key] = Segmenter(clip.model, clip.tokenizer, sam, config, device, names)
            return self._segmenters[key]
