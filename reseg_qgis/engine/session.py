"""Segmenters for a preset or a model choice, built from cached models and reused within a process,
and whole-raster runs asked for by a :class:`SegmentRequest`.

One :class:`EngineSession` lives as long as a worker process (a QGIS session) or a command-line run:
models load once, and a segmenter, with its text-embedding cache, serves every run with the same
settings. The command line and the worker both run :meth:`EngineSession.segment`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from . import limits
from .class_prompts import parse_class_list
from .hardware.devices import TEXT, DeviceChoice, choose_device
from .models.presets import DEFAULT_PRESET, PRESETS, preset
from .models.prompt_templates import templates
from .models.segmenter import Segmenter
from .models.segmenter_config import SegmenterConfig
from .models.text_embedding_store import TextEmbeddingStore, store_key
from .raster.feature_cache import FeatureCache
from .raster.output import CONFIDENCE_DTYPES, MOSAIC_SUFFIX, RASTER_SUFFIXES, check_names, check_targets
from .raster.pipeline import RasterOptions, RunResult, open_input, segment_raster
from .raster.source import RasterSource
from .translatable import ResegError
from .weights.downloads import CancelCheck, DownloadCancelled, DownloadError, ProgressCallback
from .weights.loading import ModelPool
from .weights.registry import ModelSpec, model_names
from .weights.store import ModelStore, naming_every_file

TEXT_EMBEDDINGS = "text-embeddings"  # the folder of kept text embeddings, in the model cache


@dataclass(frozen=True)
class ModelChoice:
    preset: str = DEFAULT_PRESET
    clip: str | None = None  # a registry name instead of the preset's CLIP
    sam: str | None = None  # a registry name instead of the preset's SAM
    use_sam: bool = True  # False runs without SAM regions (their blocks run free)
    window: int | None = None  # CLIP window in pixels; default the model's
    config: SegmenterConfig | None = None  # instead of the preset's (a benchmark protocol's)

    def resolve(self, pool: ModelPool) -> tuple[str, str | None, SegmenterConfig]:
        chosen = preset(self.preset)
        config = self.config or chosen.config
        clip, sam = chosen.choose_models(self.clip, self.sam, self.use_sam and config.sam is not None,
                                         pool.available)
        if not self.use_sam:
            config = replace(config, sam=None, sam_context=None)
        if self.window:
            config = replace(config, window_size=self.window)
        return clip, sam, config


@dataclass(frozen=True)
class SegmentRequest(limits.SegmentSettings):
    """One ``segment`` run, as the command line and the worker protocol give it: the settings of
    limits.SegmentSettings, with the checks that need the presets and the outputs' names."""

    @classmethod
    def from_mapping(cls, values: Mapping) -> SegmentRequest:
        """From JSON-like values: lists become tuples, and an unknown or missing name is an error."""
        names = [f.name for f in fields(cls)]
        return cls(**limits.request_values(names, values, limits.required_of(cls), limits.UNKNOWN_SETTINGS,
                                           limits.RUN_NEEDS))

    def __post_init__(self) -> None:
        if self.preset is None:  # frozen: set once, here
            object.__setattr__(self, "preset", DEFAULT_PRESET)
        super().__post_init__()
        for name, what in (("confidence", "confidence raster"), ("vector", "polygons' GeoPackage"),
                           ("statistics", "area statistics' CSV file")):
            if getattr(self, name) == "":
                raise ResegError(limits.EMPTY_NAME, what=what)
        check_names(self.output, self.confidence, self.vector, self.statistics,
                    output_suffixes=(*RASTER_SUFFIXES, MOSAIC_SUFFIX))
        self._check_companions()

    def _check_companions(self) -> None:
        """An option given (not left at its default) that does nothing without another is refused."""
        if self.dissolve and not self.vector:
            raise ResegError(limits.DISSOLVE_WITHOUT_POLYGONS)
        if self.sam and not self.use_sam:
            raise ResegError(limits.SAM_UNUSED, sam=self.sam, why="SAM is turned off")
        if self.sam and self.preset in PRESETS and PRESETS[self.preset].config.sam is None:
            raise ResegError(limits.SAM_UNUSED, sam=self.sam, why=f"the {self.preset} preset has none")
        mosaic = str(self.output).lower().endswith(MOSAIC_SUFFIX)  # its tiles have overviews anyway
        if self.overviews != limits.OVERVIEW_RESAMPLINGS[0] and not self.cog and not mosaic:
            raise ResegError(limits.OVERVIEWS_WITHOUT_COG, value=self.overviews)
        if self.confidence_type != CONFIDENCE_DTYPES[0] and not self.confidence:
            raise ResegError(limits.TYPE_WITHOUT_CONFIDENCE, value=self.confidence_type)

    def choice(self) -> ModelChoice:
        return ModelChoice(preset=self.preset, clip=self.clip, sam=self.sam, use_sam=self.use_sam,
                           window=self.window)

    def options(self) -> RasterOptions:
        """The pipeline's options: the settings of the same names."""
        return RasterOptions(**{f.name: getattr(self, f.name) for f in fields(RasterOptions)
                                if hasattr(self, f.name)})


def check_input(request: SegmentRequest, max_pixels: int | None = None) -> None:
    """The input opens, its processing grid is within bounds (``max_pixels``, default the limit of one
    machine) and the minimum mapping unit fits in it; the outputs can be written (folders, no clash
    with each other, the input or the files it reads, a VRT's sources): checked before a model loads."""
    with open_input(request.input, replace(request.options(), max_pixels=max_pixels),
                    statistics=False) as source:
        check_opened_input(request, source)


def check_opened_input(request: SegmentRequest, source: RasterSource) -> None:
    """:func:`check_input` of the input opened (without its statistics)."""
    source.check_sieve(request.sieve)
    sources = [name for name in source.dataset.files if not name.startswith("/vsi")]  # a VRT's too
    rasters = [Path(p).expanduser().absolute() for p in (request.output, request.confidence) if p]
    products = [Path(p).expanduser().absolute() for p in (request.vector, request.statistics) if p]
    check_targets(rasters, products, [request.input, *sources], suffixes=(*RASTER_SUFFIXES, MOSAIC_SUFFIX))


class RunEvents:
    """What a run tells its caller, and how it learns of a cancel; this base reports nothing."""

    def info(self, message: str) -> None:
        pass

    def warn(self, message: str) -> None:
        pass

    def stage(self, stage: str, done: int, total: int, percent: float) -> None:
        """A stage of ``raster.pipeline.STAGES``, or "loading" and "downloading" (bytes)."""

    def cancelled(self) -> bool:
        return False


class EngineSession:
    """Segmenters and their models for one process; the two most recently used settings stay loaded."""

    KEEP_SEGMENTERS = 2

    def __init__(self, store: ModelStore | None = None) -> None:
        self.pool = ModelPool(store or ModelStore())
        self._segmenters: OrderedDict[tuple, tuple[Segmenter, tuple]] = OrderedDict()  # → (it, versions)
        self._building: dict[tuple, threading.Lock] = {}
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
        """A segmenter for the choice, built once; other runs are not held up while one loads."""
        pool = self.pool
        clip_name, sam_name, config = choice.resolve(pool)
        names = (clip_name, sam_name) if sam_name else (clip_name,)
        key = (names, config, device)
        with self._lock:
            building = self._building.setdefault(key, threading.Lock())
        with building:
            versions = tuple(pool.version(name) for name in names)
            with self._lock:
                held = self._segmenters.get(key)
                if held is not None and held[1] == versions:
                    self._segmenters.move_to_end(key)
                    return held[0]
            if not allow_download:
                pool.check_installed(list(names))
            try:
                fetching = (device.device, allow_download, progress, cancelled)
                clip = pool.clip(clip_name, *fetching)
                sam = pool.sam(sam_name, *fetching) if sam_name else None
            except DownloadCancelled:
                raise
            except DownloadError as error:
                raise naming_every_file(error, self.missing(choice))  # noqa: B904 (caused by error)
            segmenter = Segmenter(clip.model, clip.tokenizer, sam, config, device, names,
                                  text_store=self._text_store(clip_name, config, device))
            with self._lock:
                self._segmenters[key] = (segmenter, tuple(pool.version(name) for name in names))
                self._segmenters.move_to_end(key)
                while len(self._segmenters) > self.KEEP_SEGMENTERS:
                    self._segmenters.popitem(last=False)
                in_use = {name for kept, _ in self._segmenters.values() for name in kept.model_names}
            pool.release(in_use)
            return segmenter

    def _text_store(self, clip_name: str, config, device: DeviceChoice) -> TextEmbeddingStore | None:
        """Where this CLIP's text embeddings are kept: the model cache, by weights, templates, precision."""
        weights = self.pool.version(clip_name)
        if not all(weights):
            return None
        precision = f"{device.device.type}-{device.stage_formats[TEXT]}"
        key = store_key(clip_name, weights, templates(config.templates), precision)
        return TextEmbeddingStore(self.store.root / TEXT_EMBEDDINGS, key)

    def check_models(self, request: SegmentRequest) -> None:
        """The models a request names exist (published, or added to this cache)."""
        for name, kind in ((request.clip, "clip"), (request.sam, "sam")):
            known = model_names(kind, self.store.registry)
            if name and name not in known:
                raise ResegError(limits.UNKNOWN_RUN_MODEL, kind=kind.upper(), name=name,
                                     known=", ".join(known))

    def segment(self, request: SegmentRequest, events: RunEvents | None = None,
                keep_features: bool = True) -> RunResult:
        """Run ``request``: models load (or download) once, then the whole raster is classified.

        With ``keep_features``, the image features stay in :attr:`features`, so the same raster with
        another class list skips SAM and CLIP.
        """
        events = events or RunEvents()
        choice = request.choice()
        options = request.options()
        self.check_models(request)
        with open_input(request.input, options, statistics=False) as source:  # the run's one opening
            check_opened_input(request, source)
            classes = parse_class_list(request.classes)  # the run's one parse, before models load
            device = choose_device(request.device, request.precision, self.store.root)  # may measure the CPU
            events.info(f"Device: {device.description}")
            events.stage("loading", 0, 1, 0.0)

            def downloaded(done: int, total: int | None) -> None:
                events.stage("downloading", done, total or 0, 0.0)

            segmenter = self.segmenter(choice, device, request.allow_download, progress=downloaded,
                                       cancelled=events.cancelled)
            events.info(f"Models: {', '.join(segmenter.model_names)}; layer schedule {segmenter.schedule}")
            return segment_raster(
                source, request.output, segmenter, classes, options,
                stage=events.stage, cancelled=events.cancelled, warn=events.warn,
                features=self.features if keep_features else None,
                tags={"RESEG_MODELS": ", ".join(segmenter.model_names),
                      **device.tags(with_sam=segmenter.regions is not None)})
