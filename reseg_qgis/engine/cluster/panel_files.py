"""A task's part of the output, one band of rows of one panel, as GeoTIFFs in the run's panel folder.

A worker writes them under names of its own attempt and renames them when the panel is complete,
so a retried or duplicated panel never leaves half a file under the final name. The client copies
them into the output and deletes them; or, for a mosaic (a :class:`TileGrid`), they are its tiles:
georeferenced COGs with the legend's colours, which stay.
"""

from __future__ import annotations

import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
import rasterio.shutil
from affine import Affine
from rasterio.errors import NotGeoreferencedWarning
from rasterio.windows import Window

from ..raster.class_areas import ClassArea, class_areas
from ..raster.finishing import COG_BLOCK
from ..raster.mosaic_output import tile_name
from ..raster.palette import RGB, colour_table
from ..raster.tiling import TILE

READ_ROWS = 8 * TILE  # rows copied at a time


@dataclass(frozen=True)
class PanelOutcome:
    index: int
    row_start: int
    core_start: int
    labels: str  # path
    confidence: str | None  # path; NaN where the pipeline has no confidence
    windows: int
    skipped: int
    height: int
    width: int
    areas: tuple[ClassArea, ...] | None = None  # a mosaic tile's statistics
    precision: str | None = None  # RESEG_PRECISION of the worker that made it


@dataclass(frozen=True)
class TileGrid:
    """What makes a task's rows a tile of a mosaic (raster/mosaic_output.py)."""

    crs: str | None  # WKT
    transform: tuple[float, ...]  # the mosaic's geotransform, as an Affine's six numbers
    names: tuple[str, ...]  # the classes
    colours: tuple[RGB, ...]
    overviews: str  # how the COG's overviews are made: mode or nearest


def _profile(height: int, width: int, dtype: str) -> dict:
    return dict(driver="GTiff", height=height, width=width, count=1, dtype=dtype, tiled=True,
                blockxsize=TILE, blockysize=TILE, compress="deflate", BIGTIFF="IF_SAFER")


class PanelFile:
    """The pipeline's sink for one panel on a worker (``write`` as the classified writer's)."""

    def __init__(self, folder: str | Path, index: int, rows: tuple[int, int], core_start: int, core_stop: int,
                 confidence: bool, grid: TileGrid | None = None) -> None:
        folder = Path(folder)
        self.index, self.row_start, self.core_start, self.grid = index, rows[0], core_start, grid
        attempt = uuid.uuid4().hex[:8]
        name = f"panel-{index:05d}-rows-{rows[0]:09d}"
        self.final = {"labels": folder / (tile_name(rows[0], core_start) if grid else f"{name}.labels.tif")}
        if confidence:
            self.final["confidence"] = folder / f"{name}.confidence.tif"
        self.parts = {kind: path.with_name(f"{path.name}.{attempt}.part")
                      for kind, path in self.final.items()}
        self.height, self.width = height, width = rows[1] - rows[0], core_stop - core_start
        dtypes = {"labels": "uint8", "confidence": "float32"}
        self.files = {}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NotGeoreferencedWarning)
            for kind, part in self.parts.items():
                profile = _profile(height, width, dtypes[kind])
                if grid:
                    origin = Affine.translation(core_start, rows[0])
                    profile.update(nodata=0, crs=grid.crs, transform=Affine(*grid.transform) @ origin)
                self.files[kind] = rasterio.open(part, "w", **profile)
        if grid:
            self.files["labels"].write_colormap(1, colour_table(grid.names, grid.colours))
            self.files["labels"].set_band_description(1, "class")

    def write(self, row: int, col: int, labels: np.ndarray, confidence: np.ndarray | None = None,
              valid: np.ndarray | None = None) -> None:
        window = Window(col - self.core_start, row - self.row_start, labels.shape[1], labels.shape[0])
        self.files["labels"].write(labels[np.newaxis], window=window)
        if "confidence" in self.files:
            where = labels > 0 if valid is None else valid
            values = np.where(where, confidence, np.nan).astype(np.float32)
            self.files["confidence"].write(values[np.newaxis], window=window)

    def _close(self) -> None:
        for file in self.files.values():
            file.close()

    def commit(self) -> dict[str, str]:
        """Closes the files and gives them their final names (a tile's as a COG); returns those."""
        self._close()
        if self.grid:
            part = self.parts["labels"]
            self.parts["labels"] = part.with_name(f"{part.name}.cog")
            try:
                rasterio.shutil.copy(part, self.parts["labels"], driver="COG", COMPRESS="DEFLATE",
                                     BLOCKSIZE=COG_BLOCK, OVERVIEW_RESAMPLING=self.grid.overviews.upper())
            finally:
                part.unlink(missing_ok=True)
        for kind, part in self.parts.items():
            part.replace(self.final[kind])
        return {kind: str(path) for kind, path in self.final.items()}

    def areas(self) -> tuple[ClassArea, ...] | None:
        """A committed tile's statistics (None for a panel)."""
        return tuple(class_areas(self.final["labels"], self.grid.names)) if self.grid else None

    def abort(self) -> None:
        self._close()
        for part in self.parts.values():
            part.unlink(missing_ok=True)


def copy_panel(outcome: PanelOutcome, writer) -> None:
    """Writes a finished panel into the run's classified writer, block rows at a time."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        labels = rasterio.open(outcome.labels)
        confidence = rasterio.open(outcome.confidence) if outcome.confidence else None
    try:
        for row in range(0, labels.height, READ_ROWS):
            window = Window(0, row, labels.width, min(READ_ROWS, labels.height - row))
            values = labels.read(1, window=window)
            at = outcome.row_start + row
            if confidence is None:
                writer.write(at, outcome.core_start, values)
            else:
                top = confidence.read(1, window=window)
                valid = ~np.isnan(top)
                writer.write(at, outcome.core_start, values, np.where(valid, top, 0.0), valid)
    finally:
        labels.close()
        if confidence is not None:
            confidence.close()


def remove_panel(outcome: PanelOutcome) -> None:
    for path in (outcome.labels, outcome.confidence):
        if path:
            Path(path).unlink(missing_ok=True)
