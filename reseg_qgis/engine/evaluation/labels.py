"""Reference labels on the prediction's grid, and which class each label value counts for.

- A label raster, on any grid and CRS, is read through a warped view by nearest neighbour.
- A polygon layer is rasterised onto the grid block by block (pixel centres inside a polygon). An
  integer class field gives the label values; a text field's values are numbered 1..K in sorted order
  and become the labels' category names.
- Label values count for the prediction class of the same value, or, where the labels name their
  categories (a raster's category names, a text field) and a name matches a class or one of its
  synonyms, for that class. A mapping file and explicit pairs come first.
"""

from __future__ import annotations

import csv
import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window, from_bounds, intersect

from ..limits import TemplatedError
from . import messages

NO_CLASS, IGNORED = -1, -2
LABEL_VALUES = 65536


class EvaluationError(TemplatedError):
    """The two layers cannot be compared; the message says why and what to do."""


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def class_of(name: str, names: list[str]) -> int | None:
    """The index of the class ``name`` is (its whole name, or one of its synonyms), else None."""
    wanted = _key(name)
    for index, class_name in enumerate(names[1:], start=1):
        if wanted == _key(class_name) or wanted in {_key(s) for s in class_name.split(",")}:
            return index
    return None


@dataclass
class RasterLabels:
    """A label raster seen on the prediction's grid."""

    path: str

    def open(self, grid) -> None:
        self.dataset = rasterio.open(self.path)
        if (grid.crs is None) != (self.dataset.crs is None):
            raise EvaluationError(messages.CRS_ON_ONE_SIDE)
        self.view = WarpedVRT(self.dataset, crs=grid.crs or self.dataset.crs, transform=grid.transform,
                              width=grid.width, height=grid.height, resampling=Resampling.nearest,
                              nodata=self.dataset.nodata)
        self.footprint = (self.dataset.bounds if self.dataset.crs == grid.crs else None)
        self.categories = category_names(self.path)

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """int64 label values and where they are known."""
        values = self.view.read(1, window=window, masked=True)
        known = ~np.ma.getmaskarray(values)
        return np.asarray(values.filled(0), dtype=np.int64), known

    def close(self) -> None:
        self.view.close()
        self.dataset.close()


def category_names(path: str) -> dict[int, str]:
    """Band 1's category names (GDAL keeps a GeoTIFF's in its .aux.xml), by value; empty ones left out."""
    sidecar = Path(f"{path}.aux.xml")
    if not sidecar.is_file():
        return {}
    try:
        root = ElementTree.parse(sidecar).getroot()
    except ElementTree.ParseError:
        return {}
    for band in root.iter("PAMRasterBand"):
        if band.get("band", "1") == "1":
            names = band.find("CategoryNames")
            if names is not None:
                return {value: item.text.strip() for value, item in enumerate(names.iter("Category"))
                        if item.text and item.text.strip()}
    return {}


@dataclass
class VectorLabels:
    """Polygons with a class field, rasterised onto the prediction's grid."""

    path: str
    field: str | None = None
    layer: str | None = None

    def open(self, grid) -> None:
        import pyogrio
        import shapely
        from pyogrio.raw import read
        from rasterio.warp import transform as transform_points

        info = pyogrio.read_info(self.path, layer=self.layer)
        fields = [str(name) for name in info["fields"]]
        field = self.field or next((name for name in fields if name.casefold() == "class"), None)
        if field is None:
            raise EvaluationError(messages.CHOOSE_FIELD, path=self.path, fields=", ".join(fields) or "–")
        if field not in fields:
            raise EvaluationError(messages.NO_FIELD, path=self.path, field=field,
                                  fields=", ".join(fields) or "–")
        _, _, geometry, data = read(self.path, layer=self.layer, columns=[field])
        raw = data[0]
        kept = np.array([g is not None and v is not None and v == v and str(v).strip() != ""
                         for g, v in zip(geometry, raw)], dtype=bool)
        shapes = shapely.from_wkb(geometry[kept])
        given = raw[kept]
        if given.dtype.kind in "iuf" and np.all(np.mod(given.astype(np.float64), 1) == 0):
            values = given.astype(np.int64)
            self.categories = {}
        else:
            text = np.array([str(v).strip() for v in given], dtype=object)
            names = sorted(set(text), key=_key)
            self.categories = dict(enumerate(names, start=1))
            code = {name: value for value, name in self.categories.items()}
            values = np.array([code[t] for t in text], dtype=np.int64)
        _check_range(values)
        crs = info.get("crs")
        if (grid.crs is None) != (crs is None):
            raise EvaluationError(messages.CRS_ON_ONE_SIDE)
        if crs is not None and rasterio.crs.CRS.from_user_input(crs) != grid.crs and len(shapes):

            def to_grid(points):
                xs, ys = transform_points(crs, grid.crs, points[:, 0], points[:, 1])
                return np.column_stack([xs, ys])

            shapes = shapely.transform(shapes, to_grid)
        self.shapes, self.values = shapes, values
        self.tree = shapely.STRtree(shapes)
        self.grid_transform = grid.transform
        self.footprint = tuple(shapely.total_bounds(shapes)) if len(shapes) else None
        if self.footprint is not None and not np.all(np.isfinite(self.footprint)):
            self.footprint = None

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        import shapely
        from rasterio.features import rasterize
        from rasterio.windows import bounds, transform

        height, width = int(window.height), int(window.width)
        box = shapely.box(*bounds(window, self.grid_transform))
        hits = np.sort(self.tree.query(box))  # file order: a later polygon covers an earlier one
        values = np.full((height, width), -1, dtype=np.int64)
        if hits.size:
            burnt = rasterize(zip(self.shapes[hits], self.values[hits].tolist()), out_shape=(height, width),
                              transform=transform(window, self.grid_transform), fill=-1, dtype="int32")
            values = burnt.astype(np.int64)
        known = values >= 0
        return np.where(known, values, 0), known

    def close(self) -> None:
        self.tree = self.shapes = None


def open_labels(path: str | os.PathLike, field: str | None = None,
                layer: str | None = None) -> RasterLabels | VectorLabels:
    """A raster, or a vector layer (``field`` chooses its class field; by default one named class)."""
    import pyogrio

    path, reason = str(path), None
    if field is None and layer is None:
        try:
            with rasterio.open(path):
                return RasterLabels(path)
        except rasterio.errors.RasterioIOError as error:
            reason = str(error)
    try:
        pyogrio.read_info(path, layer=layer)
    except Exception as error:
        raise EvaluationError(messages.NOT_A_LAYER, path=path, reason=reason or str(error)) from None
    return VectorLabels(path, field, layer)


def _check_range(values: np.ndarray) -> None:
    if values.size and (values.min() < 0 or values.max() >= LABEL_VALUES):
        bad = values.min() if values.min() < 0 else values.max()
        raise EvaluationError(messages.LABEL_RANGE, value=int(bad))


def label_classes(names: list[str], categories: dict[int, str], *, ignore: Iterable[int] = (),
                  pairs: dict[int, int] | None = None,
                  mapping: dict[int, int | None] | None = None) -> tuple[np.ndarray, str]:
    """For every label value, the class index it counts for (``NO_CLASS``, ``IGNORED``), and how
    values were matched: "category names" or "values". ``mapping`` (a mapping file's entries, None
    meaning ignore) and ``pairs`` come before the default."""
    table = np.arange(LABEL_VALUES, dtype=np.int64)
    table[(table >= len(names)) | (table == 0)] = NO_CLASS
    how = "values"
    by_name = {value: class_of(name, names) for value, name in categories.items()}
    if any(index is not None for index in by_name.values()):
        table[:] = NO_CLASS
        for value, index in by_name.items():
            if index is not None and value < LABEL_VALUES:
                table[value] = index
        how = "category names"
    for value, index in {**(mapping or {}), **(pairs or {})}.items():
        table[value] = IGNORED if index is None else index
    table[list(set(ignore))] = IGNORED
    return table, how


def read_mapping(path: str | os.PathLike, names: list[str],
                 categories: dict[int, str] | None = None) -> dict[int, int | None]:
    """A mapping file: CSV rows ``label,class``. The label is a value or a category name; the class is
    a class name or synonym, a class value, or ``ignore`` (None). A header row and # comments are
    skipped."""
    by_name = {_key(name): value for value, name in (categories or {}).items()}
    entries: dict[int, int | None] = {}
    with open(path, newline="", encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.reader(handle), start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells) or cells[0].startswith("#"):
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                raise EvaluationError(messages.MAPPING_LINE, line=line, path=str(path))
            label, target = cells[0], cells[1]
            value = int(label) if label.lstrip("-").isdigit() else by_name.get(_key(label))
            if value is None:
                if line == 1:
                    continue  # a header
                raise EvaluationError(messages.MAPPING_LINE, line=line, path=str(path))
            _check_range(np.array([value]))
            if target.casefold() == "ignore":
                entries[value] = None
                continue
            by_value = target.isdigit() and 0 < int(target) < len(names)
            index = int(target) if by_value else class_of(target, names)
            if index is None:
                raise EvaluationError(messages.MAPPING_CLASS, line=line, path=str(path), name=target,
                                      classes="; ".join(names[1:]))
            entries[value] = index
    return entries


def overlap(grid, footprint) -> Window | None:
    """The grid's pixels under the labels' footprint (bounds in the grid's CRS; None: everywhere)."""
    if footprint is None:
        return None
    window = from_bounds(*footprint, transform=grid.transform).round_offsets().round_lengths()
    full = Window(0, 0, grid.width, grid.height)
    if not intersect(window, full):
        raise EvaluationError(messages.NO_OVERLAP)
    return window
