"""The client's side of a cluster run.

One raster: its panels (raster/pipeline.py), cut into bands of rows, become tasks (panel_tasks.py).
Workers write each task's rows to the run's panel folder beside the destination; the client copies
each one into the output, then finishes (sieve, polygons, COG, statistics) and commits everything at
once, as a run on one machine does, so the labels are the same, bit for bit. A .vrt output is a
mosaic of the tasks' tiles instead (mosaic_runs.py). A worker that dies has its panels run
again elsewhere (Dask reschedules them; ``retries`` more attempts for a panel that raises). On
Ctrl-C or a failure the futures are cancelled, the workers stop at their next check, and nothing is
left at the destination.

Many rasters: one task per raster, each written by its worker to the output folder.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..raster.output import MOSAIC_SUFFIX
from ..raster.pipeline import RunResult, segment_raster
from ..session import RunEvents, SegmentRequest, check_input
from ..translatable import ResegError
from .connection import ClusterError, distributed_module
from .mosaic_runs import check_mosaic_options, segment_mosaic
from .panel_tasks import BAND_ROWS, RETRIES, ClusterPanels
from .worker_tasks import WorkerSegmenter, describe, run_raster

MAX_CLUSTER_PIXELS = 10**13  # 10 terapixels, against 10 gigapixels on one machine
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


def segment_on_cluster(request: SegmentRequest, client, events: RunEvents | None = None,
                       cache_dir: str | None = None, factory: Callable | None = None,
                       retries: int = RETRIES, band_rows: int = BAND_ROWS) -> RunResult:
    """One raster, its panels spread over the cluster's workers. ``factory`` builds the segmenter on
    a worker (default: the request's models from the worker's model cache)."""
    events = events or RunEvents()
    request = absolute_paths(request)
    if Path(request.output).suffix.lower() == MOSAIC_SUFFIX:
        check_mosaic_options(request.options())
    check_input(request, MAX_CLUSTER_PIXELS)  # before the workers load models
    factory = factory or WorkerSegmenter(request, absolute_folder(cache_dir))
    events.stage("loading", 0, 1, 0.0)
    try:
        outline = client.submit(describe, factory, pure=False).result()
    except ResegError:
        raise  # the engine's own errors (missing weights, a bad setting), as on the command line
    except Exception as error:
        raise ClusterError("The workers could not load the models: {kind}: {cause}",
                           kind=type(error).__name__, cause=str(error)) from error
    if outline.device_tags:
        events.info(f"Device (on the workers): {outline.device_tags['RESEG_DEVICE']}")
    options = replace(request.options(), max_pixels=MAX_CLUSTER_PIXELS)
    tags = {"RESEG_MODELS": ", ".join(outline.model_names), **outline.device_tags}
    if Path(request.output).suffix.lower() == MOSAIC_SUFFIX:
        return segment_mosaic(request, client, outline, factory, options, events, tags, retries, band_rows)
    return segment_raster(
        request.input, request.output, outline, request.classes, options, stage=events.stage,
        cancelled=events.cancelled, warn=events.warn,
        panels=ClusterPanels(client, factory, request, options, retries, band_rows,
                             precision=tags.get("RESEG_PRECISION")), tags=tags)


@dataclass(frozen=True)
class RasterOutcome:
    request: SegmentRequest
    result: RunResult | None
    error: str | None

    @classmethod
    def of(cls, request: SegmentRequest, run: Callable[[], RunResult]) -> RasterOutcome:
        """``run()``'s result, or why it failed: one raster's failure does not stop the others, and a
        fault of ours (not a ResegError) says so, its traceback on stderr."""
        try:
            return cls(request, run(), None)
        except ResegError as error:
            return cls(request, None, str(error))
        except Exception as error:
            traceback.print_exc()
            return cls(request, None, f"internal error ({type(error).__name__}: {error}); please report it")


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
            outcome = RasterOutcome.of(futures[future], future.result)
            outcomes.append(outcome)
            if done:
                done(outcome, len(outcomes), len(requests))
    except BaseException:
        client.cancel(list(futures))
        raise
    return outcomes
