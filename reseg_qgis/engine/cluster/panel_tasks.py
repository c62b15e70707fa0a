"""A raster's panels as tasks on a Dask cluster: the pipeline's panel runner there.

Each panel of the run (raster/pipeline.py) is cut into bands of rows; each band is a task, whose
worker writes its rows to the run's panel folder (panel_files.py). The client takes each outcome as
it comes: into the output, or, for a mosaic, as a tile. On Ctrl-C or a failure the futures are
cancelled and the workers stop at their next check.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from ..cancellation import stop_if_cancelled
from ..raster.pipeline import RasterOptions, plan_bands
from ..raster.tiling import TILE
from ..run_files import remove_path
from ..session import SegmentRequest
from .connection import ClusterError, distributed_module
from .panel_files import PanelOutcome, TileGrid, copy_panel, remove_panel
from .worker_tasks import run_panel

RETRIES = 2  # further attempts of a panel whose task raised (a lost worker is not counted here)
BAND_ROWS = 16 * TILE  # output rows per task: a panel is cut into bands so tasks stay minutes long


class ClusterPanels:
    """The pipeline's panel runner (raster/pipeline.py ``PanelRunner``) on a Dask cluster; with a
    ``grid``, its tasks write a mosaic's tiles instead (see :meth:`run`)."""

    def __init__(self, client, factory: Callable, request: SegmentRequest, options: RasterOptions,
                 retries: int = RETRIES, band_rows: int = BAND_ROWS, grid: TileGrid | None = None,
                 precision: str | None = None) -> None:
        self.client, self.factory, self.request, self.options = client, factory, request, options
        self.retries, self.band_rows, self.grid = retries, band_rows, grid
        self.precision = precision  # the run's RESEG_PRECISION: every panel must be made so

    def __call__(self, source, layout, panels, writer, progress, stage, cancelled) -> tuple[int, int]:
        destination = Path(writer.destination)
        folder = destination.with_name(f".{destination.stem}.panels-{uuid.uuid4().hex[:12]}")
        folder.mkdir()

        def received(outcome: PanelOutcome) -> None:
            copy_panel(outcome, writer)
            remove_panel(outcome)

        try:
            return self.run(source, layout, panels, folder, received, progress, stage, cancelled)
        finally:
            remove_path(folder)  # workers of a cancelled run may still write to it

    def run(self, source, layout, panels, folder: Path, received: Callable[[PanelOutcome], None],
            progress, stage, cancelled) -> tuple[int, int]:
        """Every band of every panel as a task writing into ``folder``; each outcome goes to
        ``received`` as it comes. Returns the windows and the skipped windows."""
        distributed = distributed_module()
        run = uuid.uuid4().hex[:12]
        cancel = distributed.Event(f"reseg-cancel-{run}", client=self.client)
        futures = {}
        bands = plan_bands(layout.height, self.band_rows)
        tasks = [(index, band) for index in range(len(panels)) for band in bands]
        try:
            for index, band in tasks:
                future = self.client.submit(
                    run_panel, self.factory, self.request.input, self.request.classes, self.options, index,
                    band, str(folder), source.stretch, cancel.name, self.grid,
                    key=f"reseg-panel-{run}-{index:05d}-{band[0]}", retries=self.retries, pure=False)
                futures[future] = (index, band)
            windows = skipped = done = 0
            if stage:
                stage("panels", 0, len(tasks), 0.0)
            for future in distributed.as_completed(futures):
                stop_if_cancelled(cancelled)
                outcome = self._outcome(future, *futures[future], panels)
                self._check_precision(outcome)
                received(outcome)
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

    def _check_precision(self, outcome: PanelOutcome) -> None:
        """With 'auto', workers of other kinds (a GPU, CPUs whose measured bf16 is fast or slow) choose
        other number formats: their panels would not match, and the output's metadata would not say so."""
        if self.precision and outcome.precision and outcome.precision != self.precision:
            raise ClusterError(f"The workers chose different number formats ({self.precision}; "
                               f"{outcome.precision}), so the panels would not match. Run with --precision "
                               "fp32, or on workers of one kind.")

    @staticmethod
    def _outcome(future, index: int, band: tuple[int, int], panels) -> PanelOutcome:
        try:
            return future.result()
        except Exception as error:
            panel = panels[index]
            raise ClusterError(f"Panel {index + 1} of {len(panels)} (output columns {panel.core_start} to "
                               f"{panel.core_stop - 1}, rows {band[0]} to {band[1] - 1}) failed: "
                               f"{type(error).__name__}: {error}") from error
