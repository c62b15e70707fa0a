"""What runs on a cluster worker. Each worker process keeps one engine session, so its models load
once and serve every task that follows; the tasks are plain functions of picklable arguments."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..hardware.devices import choose_device
from ..raster.pipeline import RasterOptions, RunResult, segment_panel
from ..raster.source import Stretch
from ..session import EngineSession, SegmentRequest
from ..weights.store import ModelStore
from .connection import TORCH_THREADS
from .panel_files import PanelFile, PanelOutcome, TileGrid

_SESSIONS: dict[str | None, EngineSession] = {}  # per model cache, for this worker process
CANCEL_CHECK_SECONDS = 2.0


def use_worker_threads() -> None:
    """The models' CPU threads in this worker: $RESEG_TORCH_THREADS (Dask starts workers with one)."""
    threads = os.environ.get(TORCH_THREADS, "")
    if threads.isdigit():
        import torch

        if torch.get_num_threads() != max(1, int(threads)):
            torch.set_num_threads(max(1, int(threads)))


def worker_session(cache_dir: str | None) -> EngineSession:
    if cache_dir not in _SESSIONS:
        _SESSIONS[cache_dir] = EngineSession(ModelStore(cache_dir))
    return _SESSIONS[cache_dir]


@dataclass(frozen=True)
class WorkerSegmenter:
    """The segmenter of a run's settings, built once per worker process from the worker's model cache
    (``cache_dir``, else its $RESEG_CACHE_DIR or user cache). Missing weights fail as on the command line."""

    request: SegmentRequest
    cache_dir: str | None = None

    def __call__(self):
        session = worker_session(self.cache_dir)
        session.check_models(self.request)
        device = choose_device(self.request.device, self.request.precision, session.store.root)
        return session.segmenter(self.request.choice(), device, self.request.allow_download)


@dataclass(frozen=True)
class SegmenterOutline:
    """What the client needs of the workers' segmenter to plan the run, without loading a model."""

    window_size: int
    sam_context: int | None
    model_names: tuple[str, ...]
    device_tags: dict[str, str]  # RESEG_DEVICE and RESEG_PRECISION of the workers' device

    def encode_classes(self, classes) -> ClassCount:
        return ClassCount(len(classes))


@dataclass(frozen=True)
class ClassCount:
    num_classes: int


def describe(factory: Callable) -> SegmenterOutline:
    """Builds the segmenter on a worker (as every panel will) and outlines it."""
    use_worker_threads()
    segmenter = factory()
    return SegmenterOutline(segmenter.window_size, getattr(segmenter, "sam_context", None),
                            tuple(getattr(segmenter, "model_names", ())), device_tags(segmenter))


def device_tags(segmenter) -> dict[str, str]:
    """RESEG_DEVICE and RESEG_PRECISION of a worker's segmenter (none for a stand-in without a device)."""
    device = getattr(segmenter, "device", None)
    return device.tags(getattr(segmenter, "regions", None) is not None) if device else {}


def cancel_check(event_name: str | None) -> Callable[[], bool] | None:
    """True once the client has set the run's cancel event; asks the scheduler every few seconds."""
    if event_name is None:
        return None
    from distributed import Event

    event, last = Event(event_name), [0.0]

    def cancelled() -> bool:
        now = time.monotonic()
        if now - last[0] < CANCEL_CHECK_SECONDS:
            return False
        last[0] = now
        return event.is_set()

    return cancelled


def run_panel(factory: Callable, input_path: str, classes: str, options: RasterOptions, index: int,
              rows: tuple[int, int], folder: str, stretch: Stretch | None = None,
              cancel_event: str | None = None, grid: TileGrid | None = None) -> PanelOutcome:
    """Output rows ``rows`` of panel ``index`` of the run, into the run's panel folder (with a ``grid``,
    as a tile of a mosaic)."""
    use_worker_threads()
    segmenter = factory()
    files: list[PanelFile] = []

    def sink_for(layout, panel) -> PanelFile:
        files.append(PanelFile(folder, index, rows, panel.core_start, panel.core_stop,
                               confidence=options.confidence is not None, grid=grid))
        return files[-1]

    try:
        windows, skipped = segment_panel(input_path, segmenter, classes, options, index, sink_for,
                                         cancelled=cancel_check(cancel_event), stretch=stretch, rows=rows)
        paths = files[0].commit()
    except BaseException:
        for file in files:
            file.abort()
        raise
    file = files[0]
    return PanelOutcome(index, rows[0], file.core_start, paths["labels"], paths.get("confidence"), windows,
                        skipped, file.height, file.width, file.areas(),
                        device_tags(segmenter).get("RESEG_PRECISION"))


def run_raster(request: SegmentRequest, cache_dir: str | None = None) -> RunResult:
    """A whole raster on one worker, written straight to its destination (on a shared file system)."""
    use_worker_threads()
    return worker_session(cache_dir).segment(request, keep_features=False)
