"""The client's side of a cluster run.

One raster: its panels (raster/pipeline.py), cut into bands of rows, become tasks. Workers write each
task's rows to the run's panel folder beside the destination; the client copies each one into the output,
then finishes (sieve, polygons, COG, statistics) and commits everything at once, as a run on one
machine does, so the labels are the same, bit for bit. A worker that dies has its panels run
again elsewhere (Dask reschedules them; ``retries`` more attempts for a panel that raises). On
Ctrl-C or a failure the futures are cancelled, the workers stop at their next check, and nothing is
left at the destination.

Many rasters: one task per raster, each written by its worker to the output folder.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..cancellation import stop_if_cancelled
from ..raster.pipeline import RasterOptions, RunResult, plan_bands, segment_raster
from ..raster.tiling import TILE
from ..session import RunEvents, SegmentRequest
from .connection import ClusterError, distributed_module
from .panel_files import PanelOutcome, copy_panel, remove_panel
from .worker_tasks import WorkerSegmenter, describe, run_panel, run_raster

RETRIES = 2  # further attempts of a panel whose task raised (a lost worker is not counted here)
MAX_CLUSTER_PIXELS = 10**13  # 10 terapixels, against 10 gigapixels on one machine
BAND_ROWS = 16 * TILE  # output rows per task: a panel is cut into bands so tasks stay minutes long
PATH_OPTIONS = ("input", "output", "confidence", "vector", "statistics")


def absolute_paths(request: SegmentRequest) -> SegmentRequest:
    """The request with its file paths absolute, as workers elsewhere need them (GDAL's virtual paths,
    /vsicurl/ and the like, and URLs stay as they are)."""
    def absolute(path: str | None) -> str | None:
        if not path or path.startswith("/vsi") or "://" in path:
            return path
        return str(Path(path).expanduser().absolute())

    return replace(request, **{name: absolute(getattr(request, name)) for name in PATH_OPTIONS})


def absolute_folder(folder: str | None) -> str | None:
    """A folder the workers find whatever their working folder (the shared model cache)."""
    return str(Path(folder).expanduser().absolute()) if folder else None


class ClusterPanels:
    """The pipeline's panel runner (raster/pipeline.py ``PanelRunner``) on a Dask cluster."""

    def __init__(self, client, factory: Callable, request: SegmentRequest, options: RasterOptions,
                 retries: int = RETRIES, band_rows: int = BAND_ROWS) -> None:
        self.client, self.factory, self.request, self.options = client, factory, request, options
        self.retries, self.band_rows = retries, band_rows

    def __call__(self, source, layout, panels, writer, progress, stage, cancelled) -> tuple[int, int]:
        distributed = distributed_module()
        run = uuid.uuid4().hex[:12]
        destination = Path(writer.destination)
        folder = destination.with_name(f".{destination.stem}.panels-{run}")
        folder.mkdir()
        cancel = distributed.Event(f"reseg-cancel-{run}", client=self.client)
        options = self.options
        futures = {}
        bands = plan_bands(layout.height, self.band_rows)
        tasks = [(index, band) for index in range(len(panels)) for band in bands]
        try:
            for index, band in tasks:
                future = self.client.submit(
                    run_panel, self.factory, self.request.input, self.request.classes, options, index, band,
                    str(folder), source.stretch, cancel.name, key=f"reseg-panel-{run}-{index:05d}-{band[0]}",
                    retries=self.retries, pure=False)
                futures[future] = (index, band)
            windows = skipped = done = 0
            if stage:
                stage("panels", 0, len(tasks), 0.0)
            for future in distributed.as_completed(futures):
                stop_if_cancelled(cancelled)
                outcome = self._outcome(future, *futures[future], panels)
                copy_panel(outcome, writer)
                remove_panel(outcome)
                windows, skipped, done = windows + outcome.windows, skipped + outcome.skipped, done + 1
                percent = 100.0 * done / len(tasks)
                if progress:
                    progress(percent)
                if stage:
                    stage("panels", done, len(tasks), percent)
            return windows, skipped
        except BaseException:
            cancel.set()
            self.client.cancel(list(futures))
            raise
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    @staticmethod
    def _outcome(future, index: int, band: tuple[int, int], panels) -> PanelOutcome:
        try:
            return future.result()
        except Exception as error:
            panel = panels[index]
            raise ClusterError(f"Panel {index + 1} of {len(panels)} (output columns {panel.core_start} to "
                               f"{panel.core_stop - 1}, rows {band[0]} to {band[1] - 1}) failed: "
                               f"{type(error).__name__}: {error}") from error


def segment_on_cluster(request: SegmentRequest, client, events: RunEvents | None = None,
                       cache_dir: str | None = None, factory: Callable | None = None,
                       retries: int = RETRIES, band_rows: int = BAND_ROWS) -> RunResult:
    """One raster, its panels spread over the cluster's workers. ``factory`` builds the segmenter on
    a worker (default: the request's models from the worker's model cache)."""
    events = events or RunEvents()
    request = absolute_paths(request)
    factory = factory or WorkerSegmenter(request, absolute_folder(cache_dir))
    events.stage("loading", 0, 1, 0.0)
    try:
        outline = client.submit(describe, factory, pure=False).result()
    except (RuntimeError, ValueError, OSError):
        raise  # the engine's own errors (missing weights, a bad setting), as on the command line
    except Exception as error:
        raise ClusterError(f"The workers could not load the models: {type(error).__name__}: {error}") \
            from error
    if outline.device:
        events.info(f"Device (on the workers): {outline.device}")
    options = replace(request.options(), max_pixels=MAX_CLUSTER_PIXELS)
    return segment_raster(
        request.input, request.output, outline, request.classes, options, stage=events.stage,
        cancelled=events.cancelled, warn=events.warn,
        panels=ClusterPanels(client, factory, request, options, retries, band_rows),
        tags={"RESEG_MODELS": ", ".join(outline.model_names), "RESEG_DEVICE": outline.device})


@dataclass(frozen=True)
class RasterOutcome:
    request: SegmentRequest
    result: RunResult | None
    error: str | None


def segment_many_on_cluster(requests: Sequence[SegmentRequest], client, cache_dir: str | None = None,
                            done: Callable[[RasterOutcome, int, int], None] | None = None,
                            ) -> list[RasterOutcome]:
    """One task per raster; a raster that fails is reported and the others go on."""
    distributed = distributed_module()
    requests = [absolute_paths(request) for request in requests]
    cache_dir = absolute_folder(cache_dir)
    futures = {client.submit(run_raster, request, cache_dir, pure=False, retries=RETRIES): request
               for request in requests}
    outcomes = []
    try:
        for future in distributed.as_completed(futures):
            try:
                outcome = RasterOutcome(futures[future], future.result(), None)
            except Exception as error:
                outcome = RasterOutcome(futures[future], None, str(error))
            outcomes.append(outcome)
            if done:
                done(outcome, len(outcomes), len(requests))
    except BaseException:
        client.cancel(list(futures))
        raise
    return outcomes
