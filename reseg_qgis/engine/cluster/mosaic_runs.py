"""A cluster run whose output is a mosaic: a VRT over tiles that the workers write as COGs
(raster/mosaic_output.py), for outputs too large for one file, or for a client that should not
copy every pixel. Each task's rows (a band of a panel) are one tile; the client never reads them,
and only writes the VRT, the style and the statistics summed from the tiles' own.

What needs the whole raster at once is refused: a minimum mapping unit (sieve), polygons, and a
confidence raster (run those with a .tif output, or on the mosaic afterwards).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from ..class_prompts import parse_class_list
from ..limits import check_settings
from ..raster.class_areas import combined_areas
from ..raster.finishing import COG_BLOCK
from ..raster.mosaic_output import MosaicWriter, Tile
from ..raster.palette import class_colours
from ..raster.pipeline import RasterOptions, RunResult, input_warnings, planned_run, run_tags
from ..session import RunEvents, SegmentRequest
from ..translatable import ResegError
from .panel_files import PanelOutcome, TileGrid
from .panel_tasks import ClusterPanels
from .worker_tasks import SegmenterOutline


def check_mosaic_options(options: RasterOptions) -> None:
    """A mosaic's tiles are made apart: what needs the whole raster is refused, saying what to do."""
    refused = [(options.sieve > 1, "a minimum mapping unit (--sieve)"),
               (options.vector, "polygons (--vector)"),
               (options.confidence, "a confidence raster (--confidence)")]
    for given, what in refused:
        if given:
            raise ResegError("A .vrt output is a mosaic of tiles made apart, so it cannot have {what}: "
                             "write a .tif output for that, or leave the option out.", what=what)


def segment_mosaic(request: SegmentRequest, client, outline: SegmenterOutline, factory: Callable,
                   options: RasterOptions, events: RunEvents, tags: dict[str, str], retries: int,
                   band_rows: int) -> RunResult:
    """One raster on the cluster into the mosaic ``request.output`` (a .vrt)."""
    started = time.perf_counter()
    check_mosaic_options(options)
    check_settings(overviews=options.overviews)
    classes = parse_class_list(request.classes)
    names = [c.label for c in classes]
    colours = class_colours(classes, options.colours)
    with planned_run(request.input, outline, options) as (source, layout, panels):
        warnings = input_warnings(source, classes)
        for message in warnings:
            events.warn(message)
        writer = MosaicWriter(
            request.output, height=source.height, width=source.width, crs=source.crs,
            transform=source.output_transform, labels=names, colours=colours,
            tags=run_tags(classes, options, source, layout.size, layout.overlap, tags),
            statistics=options.statistics, protected=[request.input])
        grid = TileGrid(source.crs.to_wkt() if source.crs else None, tuple(source.output_transform)[:6],
                        tuple(names), tuple(colours), options.overviews)
        outcomes: list[PanelOutcome] = []
        try:
            panel_runner = ClusterPanels(client, factory, request, options, retries, band_rows, grid,
                                         precision=tags.get("RESEG_PRECISION"))
            windows, skipped = panel_runner.run(source, layout, panels, writer.tiles, outcomes.append, None,
                                                events.stage, events.cancelled)
            areas = combined_areas([outcome.areas for outcome in outcomes])
            events.stage("writing", 0, 1, 100.0)
            tiles = [Tile(Path(outcome.labels).name, outcome.row_start, outcome.core_start, outcome.height,
                          outcome.width) for outcome in outcomes]
            writer.commit(tiles, areas, COG_BLOCK)
        except BaseException:
            writer.abort()
            raise
    return RunResult(
        output=writer.destination, confidence=None, labels=names, colours=colours, width=source.width,
        height=source.height, crs=source.crs, transform=source.output_transform, windows=windows,
        skipped_windows=skipped, seconds=time.perf_counter() - started, warnings=warnings, areas=areas,
        statistics=writer.statistics)

