"""The whole-raster pipeline: windows → class probabilities → seam-free blend → classified GeoTIFF.

Any object with the methods of :class:`WindowSegmenter` drives it (the engine's ReSeg-CLIP
``Segmenter`` is one); the pipeline never imports a model. The raster is read panel by panel and
strip by strip (tiling.py), so memory stays flat; finished rows are written as whole output tiles.
A cancel is checked between window batches; on cancel or error nothing is left at the destination.
"""

from __future__ import annotations

import datetime
import json
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import rasterio
import torch

from ...package_files import version
from ..cancellation import Cancelled, stop_if_cancelled
from ..class_prompts import ClassPrompt, format_class_list, parse_class_list
from ..limits import SegmentSettings, check_overlap, pipeline_options
from .blending import StripBlend
from .class_areas import ClassArea
from .feature_cache import FeatureCache, run_key
from .finishing import finish
from .output import ClassifiedWriter, check_names
from .palette import class_colours
from .run_warnings import NO_CRS, ONE_CLASS
from .source import RasterSource, Stretch
from .tiling import PANEL_TILES, TILE, Layout, Panel

Progress = Callable[[float], None]
StageProgress = Callable[[str, int, int, float], None]  # stage, done, total, overall percent
Warn = Callable[[str], None]

# Stages a run reports, in order, with what a person reads.
STAGES = {"classes": "Embedding the class names", "sam": "SAM regions", "clip": "CLIP windows",
          "sieve": "Removing small regions", "polygons": "Polygons", "cog": "Cloud-optimised GeoTIFF",
          "writing": "Writing", "panels": "Panels"}
SAM_SHARE = 0.5  # of the bar when SAM runs, until a SAM run and a window are measured: errs least



class WindowSegmenter(Protocol):
    """What the pipeline asks of a segmenter.

    - ``encode_classes`` returns an object with ``num_classes``; ``classify`` takes it back.
    - ``encode_windows`` gets RGB uint8 windows [B, S, S, 3] (S = the pipeline's window) and, with a
      SAM context, their label maps [B, levels, S, S]; its features may offer ``compact()``, a copy
      for the feature cache.
    - ``classify`` returns float32 class probabilities [B, C, S, S]: a tensor on the segmenter's
      ``device`` (a :class:`DeviceChoice`), where the blend then runs too, or an array.
    - Optional: ``sam_context`` (pixels) with ``sam_regions(image, window_side, cancelled, progress)``
      (``progress`` gets the share of the image's SAM work done), for SAM
      regions: of each window (a context no larger than the window), or of a larger context that
      serves every window inside it. ``model_names`` and ``config`` name the models and settings for
      the feature cache.
    """

    window_size: int

    def encode_classes(self, classes: Sequence[ClassPrompt]) -> Any: ...

    def encode_windows(self, windows: np.ndarray, region_maps: np.ndarray | None = None,
                       cancelled: Cancelled | None = None) -> Any: ...

    def classify(self, features: Any, classes: Any) -> Any: ...


CONTEXT_PANEL_TILES = 16  # wider panels when a SAM context serves many windows
GDAL_CACHE_MB = 16


# The settings a run's pipeline takes (engine limits.SegmentSettings), and the largest output allowed
# (default limits.MAX_OUTPUT_PIXELS).
RasterOptions = pipeline_options(SegmentSettings, ("max_pixels", "int | None", field(default=None)))
RasterOptions.__module__ = __name__  # pickled by name, to cluster workers


@dataclass
class RunResult:
    output: Path
    confidence: Path | None
    labels: list[str]
    colours: list[tuple[int, int, int]]
    width: int
    height: int
    crs: object
    transform: object
    windows: int
    skipped_windows: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    areas: list[ClassArea] = field(default_factory=list)  # per value 0..N, after the sieve
    vector: Path | None = None
    statistics: Path | None = None
    batch_size: int = 0  # CLIP windows per batch
    device_memory_peak_mib: float | None = None  # on a GPU

    @property
    def class_pixels(self) -> list[int]:
        """Pixels per value 0..N, after the sieve."""
        return [area.pixels for area in self.areas]


class _ContextRegions:
    """SAM label maps from larger SAM contexts, each serving the CLIP windows inside it.

    Along each axis the window grid is covered by the fewest contexts of at most ``context`` pixels
    that each hold whole windows, shrunk to what the grid needs, so SAM spends no work on padding.
    """

    def __init__(self, segmenter, source: RasterSource, window: int, context: int, layout: Layout) -> None:
        self.segmenter, self.source, self.window = segmenter, source, window
        self.axes = [self._axis(starts, window, context) for starts in (layout.rows, layout.columns)]
        self.cache: dict[tuple[int, int], Any] = {}  # label maps per context, on the device
        self.counted: set[tuple[int, int]] = set()  # contexts of this panel already reported
        self.columns: Sequence[int] = ()  # window columns of the panel at hand

    @staticmethod
    def _axis(starts: tuple[int, ...], window: int, context: int) -> tuple[int, int, int, int]:
        """(first origin, step, context size, count) along one axis."""
        span = starts[-1] - starts[0]  # how far window origins spread
        count = max(1, math.ceil(span / (context - window)))
        step = max(1, math.ceil(span / count))
        return starts[0], step, step + window, count

    def _origin(self, position: int, axis: int) -> int:
        first, step, _, count = self.axes[axis]
        return first + step * min(count - 1, (position - first) // step)

    def count(self, panel: Panel, rows: Sequence[int]) -> int:
        """How many contexts the windows of ``panel`` need (its cache is cleared per panel)."""
        return len({(self._origin(top, 0), self._origin(left, 1)) for top in rows for left in panel.columns})

    def _key(self, top: int, left: int) -> tuple[int, int]:
        return self._origin(top, 0), self._origin(left, 1)

    def account(self, top: int, left: int, counted: Callable[[], None]) -> None:
        """Call ``counted`` once per context: when it is computed, or its windows need no SAM
        (cached features, or no valid pixels)."""
        key = self._key(top, left)
        if key not in self.counted:
            self.counted.add(key)
            counted()

    def _encode_row_ahead(self, top: int, cancelled: Cancelled | None) -> None:
        """Where the device takes several SAM contexts at once, encode the panel's contexts of this row
        together before their label maps are made."""
        batch = getattr(self.segmenter, "sam_batch_size", lambda: 1)()
        keys = sorted({self._key(top, left) for left in self.columns} - set(self.cache))
        if batch > 1 and len(keys) > 1:
            height, width = self.axes[0][2], self.axes[1][2]
            images = [self.source.read_rgb(row, column, height, width)[0] for row, column in keys]
            self.segmenter.encode_sam_contexts(images, cancelled)

    def maps(self, top: int, left: int, cancelled: Cancelled | None = None,
             progress: Callable[[float], None] | None = None) -> Any:
        key = self._key(top, left)
        if key not in self.cache:
            self._encode_row_ahead(top, cancelled)
            height, width = self.axes[0][2], self.axes[1][2]
            image, _ = self.source.read_rgb(key[0], key[1], height, width)
            self.cache[key] = self.segmenter.sam_regions(image, window_side=self.window, cancelled=cancelled,
                                                         progress=progress)
        maps = self.cache[key]
        return maps[:, top - key[0]:top - key[0] + self.window, left - key[1]:left - key[1] + self.window]

    def forget_above(self, top: int) -> None:
        for key in [k for k in self.cache if k[0] + self.axes[0][2] <= top]:
            del self.cache[key]

    def clear(self) -> None:
        self.cache.clear()
        self.counted.clear()


class _RunProgress:
    """The overall percent and each stage's count. The bar weighs a SAM run and a CLIP window by what
    they have cost so far in this run (before either is measured, SAM takes ``SAM_SHARE`` of the bar),
    so it moves evenly where contexts and windows take turns; it never goes back, and reaches 100 only
    when everything is done."""

    def __init__(self, windows: int, sam_runs: int, progress: Progress | None,
                 stage: StageProgress | None, clock: Callable[[], float] = time.monotonic) -> None:
        self.windows, self.sam_runs = windows, sam_runs
        self.windows_done = self.sam_done = 0
        self.sam_share = 0.0  # of the SAM run under way
        self.progress, self.stage = progress, stage
        self._clock = clock
        self._since = clock()
        self._seconds = {"sam": 0.0, "clip": 0.0}  # spent, and the units it bought
        self._units = {"sam": 0.0, "clip": 0.0}
        self._shown = 0.0

    def _spent(self, kind: str, units: float) -> None:
        now = self._clock()
        self._seconds[kind] += now - self._since
        self._units[kind] += units
        self._since = now

    def _unit_costs(self) -> tuple[float, float]:
        """Seconds per SAM run and per CLIP window, as measured; a stage not measured yet is costed
        from the other by ``SAM_SHARE``."""
        prior = SAM_SHARE / (1 - SAM_SHARE) * max(1, self.windows) / max(1, self.sam_runs)  # SAM run / window
        sam, clip = (self._seconds[k] / self._units[k] if self._units[k] and self._seconds[k] > 0 else None
                     for k in ("sam", "clip"))
        if sam is None and clip is None:
            return prior, 1.0
        return (sam if sam is not None else clip * prior), (clip if clip is not None else sam / prior)

    @property
    def percent(self) -> float:
        sam_done = min(self.sam_runs, self.sam_done + self.sam_share)
        if self.windows_done >= self.windows and sam_done >= self.sam_runs:
            fraction = 1.0
        elif not self.sam_runs:
            fraction = self.windows_done / max(1, self.windows)
        else:
            sam_cost, window_cost = self._unit_costs()
            fraction = ((sam_done * sam_cost + self.windows_done * window_cost)
                        / (self.sam_runs * sam_cost + self.windows * window_cost))
            fraction = min(fraction, 0.999)
        self._shown = max(self._shown, 100.0 * fraction)
        return self._shown

    def _report(self, stage: str, done: int, total: int) -> None:
        percent = self.percent
        if self.progress:
            self.progress(percent)
        if self.stage:
            self.stage(stage, done, total, percent)

    def sam_started(self) -> None:
        if self.sam_runs:
            self._report("sam", self.sam_done, self.sam_runs)

    def sam_part(self, share: float) -> None:
        """Part of the SAM run under way is done: the bar moves within one SAM context too."""
        share = min(1.0, share)
        self._spent("sam", max(0.0, share - self.sam_share))
        self.sam_share = share
        self._report("sam", min(self.sam_done, self.sam_runs), self.sam_runs)

    def sam_computed(self, count: int = 1) -> None:
        self._spent("sam", max(0.0, count - self.sam_share))
        self.sam_done += count
        self.sam_share = 0.0
        self._report("sam", min(self.sam_done, self.sam_runs), self.sam_runs)

    def sam_skipped(self, offsets: Sequence[int], top: int, left: int,
                    regions: _ContextRegions | None) -> None:
        """Windows (at ``offsets`` from ``left``) that need no SAM run now: each one when SAM runs
        per window, else the contexts that hold them, once each."""
        if not self.sam_runs:
            return
        if regions is None:
            self.sam_computed(len(offsets))
        for offset in offsets if regions else ():
            regions.account(top, left + offset, self.sam_computed)

    def windows_finished(self, count: int) -> None:
        self._spent("clip", count)
        self.windows_done += count
        self._report("clip", self.windows_done, self.windows)

    def finished(self) -> None:
        self.windows_done, self.sam_done = self.windows, self.sam_runs
        if self.progress:
            self.progress(100.0)


class BlockSink(Protocol):
    """Where a panel's finished rows go: the classified writer, or a cluster worker's panel file."""

    def write(self, row: int, col: int, labels: np.ndarray, confidence: np.ndarray | None = None,
              valid: np.ndarray | None = None) -> None: ...


class _PanelRows:
    """Finished rows of one panel, written out in whole tile rows."""

    def __init__(self, writer: BlockSink, panel: Panel, first_row: int = 0) -> None:
        self.writer, self.panel = writer, panel
        self.next_row = first_row
        self.blocks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # labels, confidence, valid

    def add(self, labels: np.ndarray, confidence: np.ndarray, valid: np.ndarray) -> None:
        self.blocks.append((labels, confidence, valid))

    def flush(self, everything: bool = False) -> None:
        rows = sum(block[0].shape[0] for block in self.blocks)
        ready = rows if everything else rows - rows % TILE
        if ready == 0:
            return
        labels, confidence, valid = (np.concatenate(parts) for parts in zip(*self.blocks))
        self.writer.write(self.next_row, self.panel.core_start, labels[:ready], confidence[:ready],
                          valid[:ready])
        self.next_row += ready
        self.blocks = [(labels[ready:], confidence[ready:], valid[ready:])] if ready < rows else []


def run_tags(classes: list[ClassPrompt], options: RasterOptions, source: RasterSource, window: int,
             overlap: int, extra: dict[str, str]) -> dict[str, str]:
    """The output's metadata: the class list, the settings, the version, the date."""
    now = datetime.datetime.now(datetime.timezone.utc)
    tagged = {f.name for f in fields(options) if f.metadata.get("setting") and f.metadata["setting"].tagged}
    settings = {key: value for key, value in asdict(options).items()
                if key in tagged and value is not None}
    settings.update(window=window, overlap=overlap, bands=source.bands)
    return {
        "RESEG_CLASSES": format_class_list(classes),
        "RESEG_CLASS_VALUES": json.dumps({str(i): c.label for i, c in enumerate(classes, start=1)}),
        "RESEG_SETTINGS": json.dumps(settings, sort_keys=True),
        "RESEG_VERSION": version(),
        "RESEG_CREATED": now.isoformat(timespec="seconds"),
        "RESEG_SOURCE": Path(source.path).name,
        "TIFFTAG_SOFTWARE": f"ReSeg QGIS {version()}",
        "TIFFTAG_DATETIME": now.strftime("%Y:%m:%d %H:%M:%S"),
        **extra,
    }


def input_warnings(source: RasterSource, classes: Sequence[ClassPrompt]) -> list[str]:
    """What a person should know of a run's input before trusting its output."""
    checks = ((NO_CRS, source.crs is None), (ONE_CLASS, len(classes) == 1))
    return [message for message, when in checks if when]


def segment_raster(raster: str | RasterSource, output_path: str, segmenter: WindowSegmenter,
                   classes: str | Sequence[ClassPrompt], options: RasterOptions | None = None, *,
                   progress: Progress | None = None, stage: StageProgress | None = None,
                   cancelled: Cancelled | None = None, warn: Warn | None = None,
                   tags: dict[str, str] | None = None, features: FeatureCache | None = None,
                   panels: PanelRunner | None = None) -> RunResult:
    """Classify a whole raster into ``output_path``; see the module text.

    ``raster``: the input's path, or the input opened by :func:`open_input` with these options (the
    caller's, left open), so a run that checked it before its models loaded opens it once.

    With a ``features`` cache, image features of an earlier run over the same raster and settings
    are reused, so only the classification runs again. ``progress`` gets the overall percent,
    ``stage`` each stage of :data:`STAGES` with its count as well. A ``panels`` runner computes the
    panels elsewhere (a cluster) and hands their rows to the writer; all the rest is the same.
    """
    started = time.perf_counter()
    options = options or RasterOptions()
    classes = parse_class_list(classes) if isinstance(classes, str) else list(classes)
    warnings: list[str] = []

    def warning(message: str) -> None:
        warnings.append(message)
        if warn:
            warn(message)

    colours = class_colours(classes, options.colours)
    check_names(output_path, options.confidence, options.vector, options.statistics)
    with planned_run(raster, segmenter, options) as (source, layout, planned):
        input_path = source.path
        source.check_sieve(options.sieve)
        for message in input_warnings(source, classes):
            warning(message)
        if stage:
            stage("classes", 0, 1, 0.0)
        embeddings = segmenter.encode_classes(classes)
        writer = ClassifiedWriter(
            output_path, height=source.height, width=source.width, crs=source.crs,
            transform=source.output_transform, labels=[c.label for c in classes], colours=colours,
            tags=run_tags(classes, options, source, layout.size, layout.overlap, tags or {}),
            confidence=options.confidence, confidence_dtype=options.confidence_type,
            protected=[input_path], products=[p for p in (options.vector, options.statistics) if p])
        try:
            if panels is not None:
                windows, skipped = panels(source, layout, planned, writer, progress, stage, cancelled)
            else:
                key = None if features is None else run_key(input_path, options, layout.size,
                                                            layout.overlap, segmenter, source.bands)
                cache = (features, key) if key else None
                windows, skipped = _run(source, layout, segmenter, embeddings, options, writer,
                                        progress, stage, cancelled, cache)
            areas = finish(writer, [c.label for c in classes], sieve=options.sieve, cog=options.cog,
                           overviews=options.overviews, vector=options.vector, dissolve=options.dissolve,
                           statistics=options.statistics,
                           source=Path(input_path).name, class_list=format_class_list(classes),
                           stage=lambda name: stage(name, 0, 1, 100.0) if stage else None,
                           cancelled=cancelled)
            if stage:
                stage("writing", 0, 1, 100.0)
            writer.commit()
        except BaseException:
            writer.abort()
            raise
    return RunResult(
        output=writer.destination, confidence=writer.confidence_destination,
        labels=[c.label for c in classes], colours=colours, width=source.width, height=source.height,
        crs=source.crs, transform=source.output_transform, windows=windows, skipped_windows=skipped,
        seconds=time.perf_counter() - started, warnings=warnings, areas=areas,
        vector=_absolute(options.vector), statistics=_absolute(options.statistics),
        batch_size=window_batch(segmenter, options, len(classes)),
        device_memory_peak_mib=segmenter.memory_peak_mib() if hasattr(segmenter, "memory_peak_mib") else None)


def window_batch(segmenter: WindowSegmenter, options: RasterOptions, classes: int) -> int:
    """Windows per batch: the options', or what the segmenter's device holds."""
    sized = getattr(segmenter, "window_batch_size", None)
    return sized(options.batch_size, classes) if sized else options.batch_size


def device_of(segmenter: WindowSegmenter) -> torch.device:
    """Where a segmenter's probabilities are: its device choice's device, else the CPU."""
    return getattr(getattr(segmenter, "device", None), "device", None) or torch.device("cpu")


def _absolute(product: str | None) -> Path | None:
    return Path(product).expanduser().absolute() if product else None


def _window_regions(segmenter: WindowSegmenter, windows: np.ndarray, cancelled: Cancelled | None,
                    tracker: _RunProgress) -> torch.Tensor:
    """[B, levels, S, S] SAM label maps of each window, counted one by one."""
    maps = []
    for window in windows:
        maps.append(segmenter.sam_regions(window, cancelled=cancelled, progress=tracker.sam_part))
        tracker.sam_computed()
    return torch.stack([torch.as_tensor(m) for m in maps])


def _window(options: RasterOptions, segmenter: WindowSegmenter) -> tuple[int, int]:
    """The window and overlap of a run: the options', else the segmenter's window and half of it."""
    window = options.window or segmenter.window_size
    overlap = window // 2 if options.overlap is None else options.overlap
    check_overlap(window, overlap)
    return window, overlap


@contextmanager
def open_input(input_path: str, options: RasterOptions, stretch: Stretch | None = None,
               statistics: bool = True) -> Iterator[RasterSource]:
    """The input with the run's processing grid, GDAL's block cache capped (its default, 5 % of the
    RAM, fills up with the raster); ``statistics=False`` as :class:`RasterSource`'s."""
    bands = list(options.bands) if options.bands else None
    with rasterio.Env(GDAL_CACHEMAX=GDAL_CACHE_MB), \
            RasterSource(input_path, bands, options.extent, options.scale, options.resolution,
                         statistics=statistics, stretch=stretch, max_pixels=options.max_pixels) as source:
        yield source


@contextmanager
def _run_input(raster: str | RasterSource, options: RasterOptions) -> Iterator[RasterSource]:
    """A path opened for the run (and closed after it), or a source opened by the caller, with its
    statistics."""
    if isinstance(raster, RasterSource):
        raster.read_statistics()
        yield raster
    else:
        with open_input(raster, options) as source:
            yield source


@contextmanager
def planned_run(raster: str | RasterSource, segmenter: WindowSegmenter,
                options: RasterOptions) -> Iterator[tuple[RasterSource, Layout, list[Panel]]]:
    """The input as :func:`segment_raster` reads it, with the run's windows and panels."""
    window, overlap = _window(options, segmenter)
    with _run_input(raster, options) as source:
        layout = Layout.plan(source.height, source.width, window, overlap)
        yield source, layout, plan_panels(layout, segmenter)


def _shared_context(segmenter: WindowSegmenter, layout: Layout) -> int | None:
    """The SAM context, when it is larger than a window and so serves several windows."""
    context = getattr(segmenter, "sam_context", None)
    return context if context and context > layout.size else None


def _context_regions(segmenter: WindowSegmenter, source: RasterSource,
                     layout: Layout) -> _ContextRegions | None:
    context = _shared_context(segmenter, layout)
    return _ContextRegions(segmenter, source, layout.size, context, layout) if context else None


def plan_panels(layout: Layout, segmenter: WindowSegmenter) -> list[Panel]:
    """The panels of a run: wider when a SAM context serves many windows."""
    wide = _shared_context(segmenter, layout) is not None
    return layout.panels(TILE * (CONTEXT_PANEL_TILES if wide else PANEL_TILES))


def _sam_runs(segmenter: WindowSegmenter, regions: _ContextRegions | None, layout: Layout,
              panels: Sequence[Panel]) -> int:
    if regions:
        return sum(regions.count(panel, layout.rows) for panel in panels)
    if getattr(segmenter, "sam_context", None):
        return sum(len(panel.columns) for panel in panels) * len(layout.rows)
    return 0


def _run(source: RasterSource, layout: Layout, segmenter: WindowSegmenter, embeddings, options: RasterOptions,
         writer: ClassifiedWriter, progress: Progress | None, stage: StageProgress | None,
         cancelled: Cancelled | None, cache: tuple[FeatureCache, str] | None):
    regions = _context_regions(segmenter, source, layout)
    panels = plan_panels(layout, segmenter)
    total = sum(len(panel.columns) for panel in panels) * len(layout.rows)
    tracker = _RunProgress(total, _sam_runs(segmenter, regions, layout, panels), progress, stage)
    tracker.sam_started()
    skipped = 0
    passes = _PanelPass(source, layout, segmenter, embeddings, options, writer, tracker, cancelled, cache,
                        regions)
    for panel_index, panel in enumerate(panels):
        if regions:
            regions.clear()
        skipped += passes.run(panel_index, panel)
    tracker.finished()
    return total, skipped


class PanelRunner(Protocol):
    """Computes the panels of a run elsewhere and writes their rows through ``writer``; returns the
    windows and the skipped windows, as the pipeline's own loop does."""

    def __call__(self, source: RasterSource, layout: Layout, panels: list[Panel], writer: BlockSink,
                 progress: Progress | None, stage: StageProgress | None,
                 cancelled: Cancelled | None) -> tuple[int, int]: ...


def plan_bands(height: int, rows: int) -> list[tuple[int, int]]:
    """Output rows [start, stop) in bands of ``rows`` (whole tiles), so a panel can be cut across."""
    rows = max(TILE, rows - rows % TILE)
    return [(start, min(height, start + rows)) for start in range(0, height, rows)]


def segment_panel(input_path: str, segmenter: WindowSegmenter, classes: str | Sequence[ClassPrompt],
                  options: RasterOptions, index: int, sink_for: Callable[[Layout, Panel], BlockSink],
                  cancelled: Cancelled | None = None, stretch: Stretch | None = None,
                  rows: tuple[int, int] | None = None) -> tuple[int, int]:
    """Panel ``index`` of the run that :func:`segment_raster` makes with the same arguments, its rows
    written to ``sink_for(layout, panel)`` at the same (row, col) as there: the same labels, bit for
    bit. ``rows``: only the output rows [start, stop) (a band of :func:`plan_bands`), from every
    window that touches them. ``stretch``: the run's, for rasters that are not 8-bit. Returns the
    windows computed and skipped."""
    classes = parse_class_list(classes) if isinstance(classes, str) else list(classes)
    window, overlap = _window(options, segmenter)
    with open_input(input_path, options, stretch) as source:
        layout = Layout.plan(source.height, source.width, window, overlap)
        panel = plan_panels(layout, segmenter)[index]
        sink = sink_for(layout, panel)
        embeddings = segmenter.encode_classes(classes)
        regions = _context_regions(segmenter, source, layout)
        band = rows or (0, layout.height)
        strips = _band_strips(layout, band)
        windows = len(panel.columns) * len(strips)
        tracker = _RunProgress(windows, 0, None, None)  # counts only: nobody is told of a task's progress
        skipped = _PanelPass(source, layout, segmenter, embeddings, options, sink, tracker, cancelled,
                             regions=regions).run(index, panel, band)
    return windows, skipped


def _band_strips(layout: Layout, band: tuple[int, int]) -> list[int]:
    """The window rows (strip indices) that touch output rows [start, stop)."""
    return [strip for strip, top in enumerate(layout.rows) if top < band[1] and top + layout.size > band[0]]


@dataclass
class _PanelPass:
    """What the panels of one run share; :meth:`run` computes one panel, strip by strip, and its
    finished rows go to ``writer``."""

    source: RasterSource
    layout: Layout
    segmenter: WindowSegmenter
    embeddings: object
    options: RasterOptions
    writer: BlockSink
    tracker: _RunProgress
    cancelled: Cancelled | None
    cache: tuple[FeatureCache, str] | None = None
    regions: _ContextRegions | None = None

    def __post_init__(self) -> None:
        self.batch_size = window_batch(self.segmenter, self.options, self.embeddings.num_classes)

    def run(self, index: int, panel: Panel, band: tuple[int, int] | None = None) -> int:
        """Panel ``index``'s rows of ``band`` (default all); returns the skipped windows."""
        layout, regions = self.layout, self.regions
        band = band or (0, layout.height)
        if regions:
            regions.columns = panel.columns
        skipped, size, span = 0, layout.size, panel.width(layout.size)
        blend = StripBlend(self.embeddings.num_classes, size, span, device_of(self.segmenter))
        rows = _PanelRows(self.writer, panel, band[0])
        strips = _band_strips(layout, band)
        offsets = [x - panel.left for x in panel.columns]
        reads = {strip: (layout.rows[strip], panel.left, size, span) for strip in strips}
        for position, strip in enumerate(strips):
            top = layout.rows[strip]
            image, valid = self.source.read_rgb(*reads[strip])
            if position + 1 < len(strips):
                self.source.prefetch(*reads[strips[position + 1]])
            todo = [o for o in offsets if valid[:, o:o + size].any()]
            skipped += len(offsets) - len(todo)
            if len(todo) < len(offsets):
                self.tracker.sam_skipped([o for o in offsets if o not in todo], top, panel.left, regions)
                self.tracker.windows_finished(len(offsets) - len(todo))
            self._classify(index, panel, strip, image, todo, blend)
            first, last = layout.rows_final_after(strip)
            first, last = max(first, band[0]), min(last, band[1])
            if last > first:
                a, b = first - top, last - top
                c0, c1 = panel.core_start - panel.left, panel.core_stop - panel.left
                rows.add(*blend.finished(slice(a, b), slice(c0, c1), valid[a:b, c0:c1],
                                         self.options.threshold))
                rows.flush()
            if strip + 1 < len(layout.rows) and strip != strips[-1]:
                blend.shift(layout.rows[strip + 1] - top)
                if regions:
                    regions.forget_above(layout.rows[strip + 1])
        rows.flush(everything=True)
        return skipped

    def _classify(self, index: int, panel: Panel, strip: int, image, todo: list[int],
                  blend: StripBlend) -> None:
        """The windows ``todo`` of a strip, batch by batch, into ``blend``."""
        top, tracker, regions = self.layout.rows[strip], self.tracker, self.regions
        size, context = self.layout.size, getattr(self.segmenter, "sam_context", None)
        for start in range(0, len(todo), self.batch_size):
            stop_if_cancelled(self.cancelled)
            batch = todo[start:start + self.batch_size]
            key = (self.cache[1], index, strip, start, len(batch)) if self.cache else None
            features = self.cache[0].get(key) if self.cache else None
            if features is not None and context:
                tracker.sam_skipped(batch, top, panel.left, regions)
            if features is None:
                features = self._encode(panel, top, np.stack([image[:, o:o + size] for o in batch]), batch)
                if self.cache:
                    self.cache[0].put(key, features.compact() if hasattr(features, "compact") else features)
            for offset, probabilities in zip(batch, self.segmenter.classify(features, self.embeddings)):
                blend.add(offset, probabilities)
            tracker.windows_finished(len(batch))

    def _encode(self, panel: Panel, top: int, windows: np.ndarray, batch: list[int]):
        maps = None
        if self.regions:
            maps = []
            for offset in batch:
                maps.append(self.regions.maps(top, panel.left + offset, self.cancelled,
                                              self.tracker.sam_part))
                self.regions.account(top, panel.left + offset, self.tracker.sam_computed)
            maps = torch.stack(maps)
        elif getattr(self.segmenter, "sam_context", None):
            maps = _window_regions(self.segmenter, windows, self.cancelled, self.tracker)
        return self.segmenter.encode_windows(windows, maps, cancelled=self.cancelled)
