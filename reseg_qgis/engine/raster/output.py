"""Writing the classified GeoTIFF, whose legend travels with it, atomically.

- Single band uint8, tiled, DEFLATE; the input's CRS and geotransform (or the processed subset's).
- 0 is nodata or unclassified (GDAL nodata 0); classes are 1..N in prompt order.
- A GDAL colour table; category names and a raster attribute table in ``<file>.aux.xml`` (the PAM
  sidecar where GDAL keeps them for GeoTIFF; ``gdalinfo`` shows them).
- Metadata tags: the class list, models, settings, plugin version and date.
- ``<name>.qml`` beside it: a paletted renderer labelled with the class names, which QGIS applies
  however the file is opened.
- Optionally a confidence raster: the top probability as float32 (nodata -1) or as uint8 scaled to
  1..255 (nodata 0).

Everything is written under temporary names in the destination folder and renamed into place by
:meth:`ClassifiedWriter.commit`; :meth:`ClassifiedWriter.abort` leaves nothing behind. Products made
from the finished raster (polygons, statistics; see finishing.py) are staged and committed with it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import rasterio
from rasterio.windows import Window

from ..run_files import (
    RunLock,
    new_run,
    place,
    remove_stale,
    same_file,
    same_file_key,
    sidecars,
    temporary_name,
    unwritable,
)
from ..translatable import ResegError
from . import messages
from .palette import RGB, colour_table, hex_colour, legend_entries
from .source import gdal_cause
from .tiling import TILE

CONFIDENCE_DTYPES = ("float32", "uint8")
RASTER_SUFFIXES = (".tif", ".tiff")
MOSAIC_SUFFIX = ".vrt"  # a cluster run's mosaic of tiles (cluster/mosaic_runs.py)
PRODUCT_SUFFIXES = (".gpkg", ".csv")  # a GeoPackage, a CSV table
VECTOR_SUFFIX, STATISTICS_SUFFIX = PRODUCT_SUFFIXES  # polygons, area statistics


class OutputError(ResegError):
    """The output cannot be written; the message says what to change. Raised as
    ``OutputError(<a template of messages.py>, **values)``."""


def qml_text(labels: Sequence[str], colours: Sequence[RGB]) -> str:
    """A QGIS style with a paletted renderer: one entry per class, value i+1."""
    root = ET.Element("qgis", version="3.22", styleCategories="Symbology")
    pipe = ET.SubElement(root, "pipe")
    renderer = ET.SubElement(pipe, "rasterrenderer", type="paletted", band="1", opacity="1",
                             alphaBand="-1", nodataColor="")
    ET.SubElement(renderer, "rasterTransparency")
    palette = ET.SubElement(renderer, "colorPalette")
    for value, label, (*colour, alpha) in legend_entries(labels, colours)[1:]:
        ET.SubElement(palette, "paletteEntry", value=str(value), color=hex_colour(colour), alpha=str(alpha),
                      label=label)
    ET.SubElement(pipe, "rasterresampler", maxOversampling="2")
    ET.indent(root)
    doctype = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
    return doctype + ET.tostring(root, "unicode") + "\n"


def aux_xml_text(labels: Sequence[str], colours: Sequence[RGB]) -> str:
    """GDAL's PAM sidecar with category names and a thematic raster attribute table."""
    entries = legend_entries(labels, colours)
    dataset = ET.Element("PAMDataset")
    band = ET.SubElement(dataset, "PAMRasterBand", band="1")
    categories = ET.SubElement(band, "CategoryNames")
    for _, name, _ in entries:
        ET.SubElement(categories, "Category").text = name
    table = ET.SubElement(band, "GDALRasterAttributeTable", tableType="thematic")
    # GDAL field types: 0 integer, 2 string. Usages: 5 MinMax, 2 Name, 6-9 Red, Green, Blue, Alpha.
    fields = (("Value", 0, 5), ("Class", 2, 2), ("Red", 0, 6), ("Green", 0, 7), ("Blue", 0, 8),
              ("Alpha", 0, 9))
    for index, (name, kind, usage) in enumerate(fields):
        field = ET.SubElement(table, "FieldDefn", index=str(index))
        ET.SubElement(field, "Name").text = name
        ET.SubElement(field, "Type").text = str(kind)
        ET.SubElement(field, "Usage").text = str(usage)
    for index, (value, label, colour) in enumerate(entries):
        row = ET.SubElement(table, "Row", index=str(index))
        for cell in (value, label, *colour):
            ET.SubElement(row, "F").text = str(cell)
    ET.indent(dataset)
    return ET.tostring(dataset, "unicode") + "\n"


LOW_DISK_BYTES = 64 << 20  # below this, a failed write is put down to a full disk
# Sidecars GDAL and QGIS keep beside a raster; stale ones would be read with a new file.
STALE_SIDECARS = (".aux.xml", ".ovr", ".msk")
# SQLite's journals of a GeoPackage.
STALE_JOURNALS = ("-wal", "-shm", "-journal")


@contextlib.contextmanager
def writing(destination: Path, errors: tuple[type[Exception], ...] = ()):
    """A failed write names the file, GDAL's reason, and what to do (a full disk says so). ``errors``:
    what else a failed write raises (pyogrio's errors, for a GeoPackage)."""
    try:
        yield
    except (rasterio.errors.RasterioError, OSError, *errors) as error:
        folder = destination.parent
        try:
            free = shutil.disk_usage(folder).free
        except OSError:
            free = None
        values = dict(path=str(destination), cause=gdal_cause(error), folder=str(folder))
        if free is not None and free < LOW_DISK_BYTES:
            raise OutputError(messages.DISK_FULL, **values, free_mb=round(free / 1e6)) from error
        raise OutputError(messages.WRITE_FAILED, **values) from error


def stale_files(final: Path) -> list[Path]:
    """Files beside ``final`` that belong to an earlier file of that name."""
    suffixes = STALE_JOURNALS if final.suffix.lower() == ".gpkg" else (
        STALE_SIDECARS if final.suffix.lower() in (*RASTER_SUFFIXES, MOSAIC_SUFFIX) else ())
    return [Path(f"{final}{suffix}") for suffix in suffixes]


def _replaced(rasters: Sequence[Path], products: Sequence[Path] = ()) -> list[Path]:
    """Every path a commit of these rasters and products puts a file at or moves aside."""
    paths = [*rasters, *products]
    if rasters:
        paths += sidecars(rasters[0])
    return paths + [stale for final in [*rasters, *products] for stale in stale_files(final)]


def refuse_non_files(paths: Sequence[Path]) -> None:
    """A commit replaces files only: a folder (or anything else) in the way is refused, untouched."""
    for path in paths:
        if (path.exists() or path.is_symlink()) and not path.is_file():
            raise OutputError(messages.A_FOLDER if path.is_dir() else messages.NOT_A_FILE,
                              path=str(path), example=str(path.parent / f"classes{_suffix(path) or '.tif'}"))


def _profile(height: int, width: int, dtype: str, nodata, crs, transform) -> dict:
    profile = dict(driver="GTiff", height=height, width=width, count=1, dtype=dtype, nodata=nodata,
                   transform=transform, compress="deflate", BIGTIFF="IF_SAFER")
    if height >= TILE or width >= TILE:
        profile.update(tiled=True, blockxsize=TILE, blockysize=TILE)
    if crs is not None:
        profile["crs"] = crs
    return profile


def _suffix(path) -> str:
    """The suffix of a file name, in lower case; a name that is all suffix (".gpkg") has it too."""
    name = Path(path).name.lower()
    return name[name.rfind("."):] if "." in name else ""


def check_names(output: str | None = None, confidence: str | None = None, vector: str | None = None,
                statistics: str | None = None, output_suffixes=RASTER_SUFFIXES) -> None:
    """Refuse a file whose name does not end in the suffix of the format it is written in (or ends in
    none): rasters in ``output_suffixes`` (the confidence in .tif), polygons in .gpkg, area statistics in
    .csv. A check of names alone, before anything is opened or loaded."""
    for given, suffixes in ((output, output_suffixes), (confidence, RASTER_SUFFIXES)):
        if given and _suffix(given) not in suffixes:
            raise OutputError(messages.NOT_TIF, name=Path(given).name)
    for given, suffix, template in ((vector, VECTOR_SUFFIX, messages.VECTOR_SUFFIX),
                                    (statistics, STATISTICS_SUFFIX, messages.STATISTICS_SUFFIX)):
        if given and _suffix(given) != suffix:
            example = f"{Path(given).stem or 'classes'}{suffix}"
            raise OutputError(template, path=str(given), example=example)


def check_targets(rasters: list[Path], products: list[Path], protected, suffixes=RASTER_SUFFIXES) -> None:
    """Refuses outputs that clash with each other or the input, lack their folder or cannot replace what
    is there; ``suffixes``: those the rasters may have."""
    inputs = [Path(p).expanduser() for p in protected]
    targets = [*rasters, *products]
    if len({same_file_key(t) for t in targets}) != len(targets):
        raise OutputError(messages.OWN_NAMES)
    for target in products:
        if _suffix(target) not in PRODUCT_SUFFIXES:
            raise OutputError(messages.PRODUCT_SUFFIX, name=target.name)
    for target in targets:
        for given in inputs:
            if same_file(target, given):
                raise OutputError(messages.IS_INPUT, path=str(target))
            if target in rasters and same_file(target.with_suffix(".qml"), given.with_suffix(".qml")):
                raise OutputError(messages.INPUT_STYLE, name=target.name, input=given.name)
        if target in rasters and _suffix(target) not in suffixes:
            raise OutputError(messages.NOT_TIF, name=target.name)
        folder = target.parent
        if not folder.is_dir():
            raise OutputError(messages.NO_FOLDER, folder=str(folder))
        reason = unwritable(folder)
        if reason:
            raise OutputError(messages.NOT_WRITABLE, folder=str(folder), reason=reason)
        if target.exists() and not os.access(target, os.W_OK):
            raise OutputError(messages.READ_ONLY, path=str(target))
    refuse_non_files(_replaced(rasters, products))


def place_all(moves: Sequence[tuple[Path, Path]], stale: Sequence[Path], run: str,
              check: Callable[[], None], abort: Callable[[], None]) -> None:
    """:func:`place` after ``check`` (which refuses what is in the way: it may have appeared during
    the run); on any failure ``abort`` runs, and the error says what to do."""
    try:
        check()
        place(moves, stale, run)
    except OutputError:
        abort()
        raise
    except BaseException as error:  # a locked file, or a signal: the earlier outputs are back
        abort()
        if not isinstance(error, OSError):
            raise
        raise OutputError(messages.CANNOT_REPLACE, reason=error.strerror or str(error),
                          path=str(error.filename or moves[0][1])) from error


class ClassifiedWriter:
    def __init__(self, destination: str | os.PathLike, *, height: int, width: int, crs, transform,
                 labels: Sequence[str], colours: Sequence[RGB], tags: dict[str, str],
                 confidence: str | os.PathLike | None = None, confidence_dtype: str = "float32",
                 protected: Sequence[str | os.PathLike] = (),
                 products: Sequence[str | os.PathLike] = ()) -> None:
        """``products``: other files the run makes (a .gpkg, a .csv), checked and locked now, written
        under :meth:`product_path` and committed with the rasters."""
        self.destination = Path(destination).expanduser().absolute()
        self.confidence_destination = Path(confidence).expanduser().absolute() if confidence else None
        self.products = [Path(p).expanduser().absolute() for p in products]
        self.labels, self.colours = list(labels), list(colours)
        if confidence_dtype not in CONFIDENCE_DTYPES:
            raise OutputError(messages.CONFIDENCE_TYPE, types=", ".join(CONFIDENCE_DTYPES))
        self.confidence_dtype = confidence_dtype
        rasters = [p for p in (self.destination, self.confidence_destination) if p]
        check_targets(rasters, self.products, protected)
        self._run = new_run()
        self._locks = []
        for folder in dict.fromkeys(target.parent for target in [*rasters, *self.products]):
            remove_stale(folder)  # what runs that died here left behind
            self._locks.append(RunLock(folder, self._run))
        self._temporaries: list[Path] = []
        self._staged: dict[Path, Path] = {}  # final name → temporary name of the rasters
        self._datasets = []
        self._destinations: list[Path] = []
        try:
            profile = _profile(height, width, "uint8", 0, crs, transform)
            self.labels_file = self._open(self.destination, profile)
            self.labels_file.write_colormap(1, colour_table(self.labels, self.colours))
            self.labels_file.update_tags(**tags)
            self.labels_file.set_band_description(1, "class")
            self.confidence_file = None
            if self.confidence_destination:
                nodata = -1.0 if confidence_dtype == "float32" else 0
                self.confidence_file = self._open(self.confidence_destination, _profile(
                    height, width, confidence_dtype, nodata, crs, transform))
                self.confidence_file.update_tags(**tags)
                self.confidence_file.set_band_description(1, "confidence (top class probability)")
        except BaseException:  # an error, or a signal while the files are opened
            self.abort()
            raise

    def _open(self, destination: Path, profile: dict):
        temporary = temporary_name(destination, self._run)
        self._temporaries.append(temporary)
        self._staged[destination] = temporary
        try:
            dataset = rasterio.open(temporary, "w", **profile)
        except rasterio.errors.RasterioIOError as error:
            raise OutputError(messages.CANNOT_CREATE, path=str(destination),
                              reason=str(error)) from error
        self._datasets.append(dataset)
        self._destinations.append(destination)
        return dataset

    def write(self, row: int, col: int, labels: np.ndarray, confidence: np.ndarray | None = None,
              valid: np.ndarray | None = None) -> None:
        """Labels (uint8, 0 for nodata or unclassified) and top probabilities of a block at (row, col).

        The confidence is written wherever ``valid`` (default: a label was given), so pixels below
        the unclassified threshold keep their probability.
        """
        window = Window(col, row, labels.shape[1], labels.shape[0])
        with writing(self.destination):
            self.labels_file.write(labels[np.newaxis], window=window)
        if self.confidence_file is not None:
            where = labels > 0 if valid is None else valid
            if self.confidence_dtype == "float32":
                values = np.where(where, confidence, -1.0).astype(np.float32)
            else:
                values = np.where(where, 1 + np.round(np.clip(confidence, 0, 1) * 254), 0)
                values = values.astype(np.uint8)
            with writing(self.confidence_destination):
                self.confidence_file.write(values[np.newaxis], window=window)

    def staged(self, destination: Path) -> Path:
        """The temporary file that becomes ``destination`` (a raster of this writer) on commit."""
        return self._staged[destination]

    def scratch_path(self, destination: Path, step: str) -> Path:
        """A temporary file for one step of work on ``destination``, removed by :meth:`abort`."""
        scratch = temporary_name(destination.with_name(f"{destination.stem}.{step}{destination.suffix}"),
                                 self._run)
        self._temporaries.append(scratch)
        return scratch

    def restage(self, destination: Path, replacement: Path) -> None:
        """``replacement`` (a scratch file) becomes ``destination`` on commit, instead of what was staged."""
        previous = self._staged[destination]
        self._staged[destination] = replacement
        previous.unlink(missing_ok=True)
        Path(f"{previous}.aux.xml").unlink(missing_ok=True)

    def product_path(self, destination: Path) -> Path:
        """Where to write the product ``destination`` (given to the constructor) before the commit."""
        if destination not in self.products:
            raise ValueError(f"{destination} is not a product of this run")
        if destination not in self._staged:
            temporary = temporary_name(destination, self._run)
            self._temporaries.append(temporary)
            self._staged[destination] = temporary
        return self._staged[destination]

    def close(self) -> None:
        """Close the rasters (commit and abort do too): what they hold is on disk."""
        for dataset, destination in zip(self._datasets, self._destinations):
            if not dataset.closed:
                with writing(destination):  # GDAL writes what it still holds when it closes a file
                    dataset.close()

    def commit(self) -> list[Path]:
        """Close the files and move them into place, all or nothing.

        Each file they replace (and each stale sidecar) is first moved aside; if anything cannot be
        moved (a file open in another program, say), what was moved is put back, the new files are
        removed and the error says so.
        """
        self.close()
        moves = [(temporary, final) for final, temporary in self._staged.items()]
        style, auxiliary = sidecars(self.destination)
        for final, text in ((style, qml_text(self.labels, self.colours)),
                            (auxiliary, aux_xml_text(self.labels, self.colours))):
            temporary = temporary_name(final, self._run)
            self._temporaries.append(temporary)
            with writing(final):
                temporary.write_text(text, encoding="utf-8")
            moves.append((temporary, final))
        stale = [path for final in self._staged for path in stale_files(final)]
        finals = list({final for _, final in moves})
        place_all(moves, stale, self._run, lambda: refuse_non_files([*finals, *stale]), self.abort)
        self._temporaries.clear()
        for staged in self._staged.values():
            Path(f"{staged}.aux.xml").unlink(missing_ok=True)  # GDAL's statistics of the temporary
        self._release()
        return [final for _, final in moves]

    def abort(self) -> None:
        """Close and delete everything written so far."""
        self.close()
        for temporary in self._temporaries:
            for leftover in (temporary, Path(f"{temporary}.aux.xml"), *stale_files(temporary)):
                leftover.unlink(missing_ok=True)
        self._temporaries.clear()
        self._release()

    def _release(self) -> None:
        """The run's files are gone or in place: its locks go last."""
        for lock in self._locks:
            lock.release()
        self._locks.clear()
