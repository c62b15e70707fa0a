"""Reference labels on the prediction's grid, and which class each label value counts for.

- A label raster, on any grid and CRS, is read through a warped view by nearest neighbour.
- A vector layer is rasterised onto the grid block by block (pixel centres inside a polygon; the
  pixel under a point). A whole-number class field gives the label values; a text field's values are
  numbered 1..K in sorted order and become the labels' category names, which count by name only.
  Features without a geometry or a class value are left out and counted.
- Label values count for the prediction class of the same value, or, where the labels name their
  categories (a raster's category names, a text field) and a name matches a class or one of its
  synonyms, for that class. A mapping file and explicit pairs come first.
- Whatever cannot be a label (a fraction, NaN, a value out of range) is refused, never rounded.
"""

from __future__ import annotations

import csv
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window, from_bounds, intersect

from ..translatable import ResegError
from . import messages

NO_CLASS, IGNORED = -1, -2
LABEL_VALUES = 65536
MAX_CLASSES = 1024  # distinct classes of one evaluation: a matrix of 8 MiB


class EvaluationError(ResegError):
    """The two layers cannot be compared; the message says why and what to do."""


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


def class_of(name: str, names: dict[int, str]) -> int | None:
    """The value of the class ``name`` is (its whole name, or one of its synonyms), else None."""
    wanted = _key(name)
    for value, class_name in names.items():
        if wanted == _key(class_name) or wanted in {_key(s) for s in class_name.split(",")}:
            return value
    return None


@dataclass
class ClassList:
    """The prediction's classes by value. ``closed``: the raster lists its classes (ours do), so other
    label values are no class; otherwise every value either side holds is a class, named by the
    raster's category names where it has them."""

    names: dict[int, str]
    closed: bool

    def name(self, value: int) -> str:
        return self.names.get(value, str(value))

    def shown(self, values: bool = False) -> str:
        """The classes for a message: their names, or with ``values`` each value and its name."""
        listed = [f"{value} {name}" if values and name != str(value) else name
                  for value, name in sorted(self.names.items())]
        return "; ".join(listed) or "none named"


def whole_values(values: np.ndarray, template: str, path: str) -> np.ndarray:
    """``values`` as int64; a float that is NaN or no whole number, or a complex number, is refused with
    ``template``."""
    if values.dtype.kind == "c":
        raise EvaluationError(template, path=path, value=f"complex numbers ({values.dtype})")
    if values.dtype.kind != "f":
        return values.astype(np.int64)
    finite = np.isfinite(values)
    if not finite.all():
        bad = values[~finite][0]
        if np.isnan(bad):
            raise EvaluationError(messages.LABELS_NAN if template == messages.WHOLE_LABELS
                                  else messages.PREDICTION_NAN, path=path)
        raise EvaluationError(template, path=path, value=str(bad))
    fractional = (np.mod(values, 1) != 0) | (np.abs(values) > 2.0 ** 53)
    if fractional.any():
        raise EvaluationError(template, path=path, value=f"{values[fractional][0]:g}")
    return values.astype(np.int64)


@dataclass
class RasterLabels:
    """A label raster seen on the prediction's grid."""

    path: str
    text_named = False  # its values are its own, whatever its category names
    features_left_out = 0

    def open(self, grid) -> None:
        self.dataset = rasterio.open(self.path)
        if self.dataset.crs is None and (self.dataset.gcps[0] or self.dataset.rpcs):
            self.dataset.close()
            raise EvaluationError(messages.BY_GCPS, path=self.path)
        if self.dataset.count > 1:
            self.dataset.close()
            raise EvaluationError(messages.ONE_BAND, path=self.path, count=self.dataset.count,
                                  what="label raster")
        if (grid.crs is None) != (self.dataset.crs is None):
            raise EvaluationError(messages.CRS_ON_ONE_SIDE)
        # Without a nodata value, an alpha band tells the pixels outside the labels from label 0.
        self.view = WarpedVRT(self.dataset, crs=grid.crs or self.dataset.crs, transform=grid.transform,
                              width=grid.width, height=grid.height, resampling=Resampling.nearest,
                              nodata=self.dataset.nodata, add_alpha=self.dataset.nodata is None)
        self.footprint = (self.dataset.bounds if self.dataset.crs == grid.crs else None)
        self.categories = category_names(self.path)

    def read(self, window: Window) -> tuple[np.ndarray, np.ndarray]:
        """int64 label values and where they are known."""
        values = self.view.read(1, window=window, masked=True)
        known = ~np.ma.getmaskarray(values)
        filled = np.asarray(values.filled(0))
        if filled.dtype.kind in "iu":
            return filled.astype(np.int64), known
        whole = np.zeros(filled.shape, np.int64)
        whole[known] = whole_values(filled[known], messages.WHOLE_LABELS, self.path)
        return whole, known

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
    text_named = False  # a text field: its values are numbers we gave its names, matched by name only
    features_left_out = 0  # features without a geometry or a class value

    def open(self, grid) -> None:
        import pyogrio
        import shapely
        from pyogrio.raw import read
        from rasterio.warp import transform as transform_points

        info = pyogrio.read_info(self.path, layer=self.layer)
        if info.get("geometry_type") in (None, "None"):
            raise EvaluationError(messages.NO_GEOMETRY, path=self.path)
        fields = [str(name) for name in info["fields"]]
        field = self.field or next((name for name in fields if name.casefold() == "class"), None)
        if field is None:
            raise EvaluationError(messages.CHOOSE_FIELD, path=self.path, fields=", ".join(fields) or "–")
        if field not in fields:
            raise EvaluationError(messages.NO_FIELD, path=self.path, field=field,
                                  fields=", ".join(fields) or "–")
        _, fids, geometry, data = read(self.path, layer=self.layer, columns=[field], return_fids=True)
        raw = data[0]
        shapes = shapely.from_wkb(geometry)
        nested = [index for index, v in enumerate(raw) if isinstance(v, (list, tuple, dict, np.ndarray))]
        if nested:
            raise EvaluationError(messages.FIELD_NOT_VALUES, field=field, path=self.path,
                                  fid=int(fids[nested[0]]))
        blank = np.array([v is None or v != v or str(v).strip() == "" for v in raw], dtype=bool)
        kept = ~blank & ~shapely.is_missing(shapes) & ~shapely.is_empty(shapes)
        self.features_left_out = int((~kept).sum())
        if not kept.any():
            raise EvaluationError(messages.NO_FEATURES, path=self.path, count=len(raw))
        points, owners = shapely.get_coordinates(shapes, return_index=True)
        unusable = np.zeros(len(shapes), dtype=bool)
        unusable[owners[~np.isfinite(points).all(axis=1)]] = True
        unusable &= kept
        if unusable.any():
            raise EvaluationError(messages.NAN_COORDINATES, path=self.path, count=int(unusable.sum()),
                                  fid=int(fids[unusable][0]))
        shapes, given = shapes[kept], raw[kept]
        self.text_named = not (given.dtype.kind in "iuf" or (given.dtype.kind == "O" and all(
            isinstance(v, (int, float, np.number)) and not isinstance(v, (bool, np.bool_)) for v in given)))
        if not self.text_named:
            values = whole_values(given.astype(np.float64), messages.WHOLE_LABELS, self.path)
            self.categories = {}
        else:
            text = np.array([str(v).strip() for v in given], dtype=object)  # true and false too
            names = sorted(set(text), key=_key)
            self.categories = dict(enumerate(names, start=1))
            code = {name: value for value, name in self.categories.items()}
            values = np.array([code[t] for t in text], dtype=np.int64)
        self.field_used = field
        check_range(values)
        crs = info.get("crs")
        if (grid.crs is None) != (crs is None):
            raise EvaluationError(messages.CRS_ON_ONE_SIDE)
        if crs is not None and rasterio.crs.CRS.from_user_input(crs) != grid.crs and len(shapes):

            def to_grid(points):
                xs, ys = transform_points(crs, grid.crs, points[:, 0], points[:, 1])
                return np.column_stack([xs, ys])

            shapes = shapely.transform(shapes, to_grid)
        # A polygon smaller than a pixel may hold no pixel centre: it labels the pixel under its inside.
        pixel = abs(grid.transform.a * grid.transform.e - grid.transform.b * grid.transform.d)
        tiny = (shapely.get_type_id(shapes) >= 3) & (shapely.area(shapes) < pixel)
        shapes = np.where(tiny, shapely.point_on_surface(shapes), shapes)
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
    try:
        with rasterio.open(path):
            if field is not None or layer is not None:
                raise EvaluationError(messages.RASTER_WITH_FIELD, path=path)
            return RasterLabels(path)
    except rasterio.errors.RasterioIOError as error:
        reason = str(error)
    try:
        layers = [str(name) for name, _ in pyogrio.list_layers(path)]
    except Exception as error:
        raise EvaluationError(messages.NOT_A_LAYER, path=path, reason=reason or str(error)) from None
    if layer is not None and layer not in layers:
        raise EvaluationError(messages.NO_LAYER, path=path, layer=layer, layers=", ".join(layers) or "–")
    return VectorLabels(path, field, layer)


def check_range(values: np.ndarray) -> None:
    """Label values from 0 to 65535, else refused naming the first outside."""
    if values.size and (values.min() < 0 or values.max() >= LABEL_VALUES):
        bad = values.min() if values.min() < 0 else values.max()
        raise EvaluationError(messages.LABEL_RANGE, value=int(bad))


def label_value(value, what: str) -> int:
    """A label value as given (a whole number, or its text) checked: 0 to 65535."""
    number = whole_number(value, what)
    if not 0 <= number < LABEL_VALUES:
        raise EvaluationError(messages.LABEL_VALUE, what=what, value=value)
    return number


def whole_number(value, what: str) -> int:
    """``value`` (an int, a whole float or the text of a whole number) as an int; else refused."""
    if isinstance(value, bool):
        raise EvaluationError(messages.NEEDS_WHOLE, what=what, value=value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and np.isfinite(value) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
        return int(value.strip())
    raise EvaluationError(messages.NEEDS_WHOLE, what=what, value=value)


def label_classes(classes: ClassList, categories: dict[int, str], *, text_named: bool = False,
                  ignore: Iterable[int] = (), pairs: dict[int, int] | None = None,
                  mapping: dict[int, int | None] | None = None,
                  source: tuple[str, str] = ("", "")) -> tuple[np.ndarray, str]:
    """For every label value, the class value it counts for (``NO_CLASS``, ``IGNORED``), and how
    values were matched: "category names" or "values". ``mapping`` (a mapping file's entries, None
    meaning ignore) and ``pairs`` come before the default. ``text_named``: the values only number the
    names of a text field (``source``: its field and path), so they never count by value."""
    if text_named and (pairs or list(ignore)):
        label, value = next(iter(pairs.items())) if pairs else (next(iter(ignore)), None)
        raise EvaluationError(messages.TEXT_BY_NUMBER, field=source[0], path=source[1],
                              what="--map" if pairs else "--ignore",
                              value=f"{label}={value}" if pairs else label)
    table = np.arange(LABEL_VALUES, dtype=np.int64)
    table[0] = NO_CLASS
    if classes.closed:
        table[~np.isin(table, list(classes.names))] = NO_CLASS
    how = "values"
    by_name = {value: class_of(name, classes.names) for value, name in categories.items()}
    if text_named or any(index is not None for index in by_name.values()):
        table[:] = NO_CLASS
        for value, index in by_name.items():
            if index is not None and value < LABEL_VALUES:
                table[value] = index
        how = "category names"
    for value, index in {**(mapping or {}), **(pairs or {})}.items():
        table[value] = IGNORED if index is None else index
    table[list(set(ignore))] = IGNORED
    if text_named and not (table[list(categories)] >= 0).any():
        unmatched = [name for value, name in categories.items() if table[value] == NO_CLASS]
        raise EvaluationError(messages.TEXT_NO_CLASS, field=source[0], path=source[1],
                              names=", ".join(unmatched[:8]) + (" …" if len(unmatched) > 8 else ""),
                              classes=classes.shown())
    return table, how


def class_value(value, classes: ClassList, what: str) -> int:
    """A class value given for a label (``--map``, a mapping file): one of a closed list's, else any
    value from 1."""
    number = whole_number(value, what)
    if number < 1 or (classes.closed and number not in classes.names):
        raise EvaluationError(messages.CLASS_VALUE, what=what, value=value,
                              classes=classes.shown(values=True) if classes.closed else "any value from 1")
    return number


WHOLE = re.compile(r"[+-]?[0-9]+")  # ASCII digits only: "²" is no number


def read_mapping(path: str | os.PathLike, classes: ClassList, categories: dict[int, str] | None = None,
                 text_field: tuple[str, str] | None = None) -> dict[int, int | None]:
    """A mapping file: CSV rows ``label,class``. The label is a value or a category name (only a name
    where the labels are a text field's: ``text_field``, its name and file); the class is a class name
    or synonym, a class value, or ``ignore`` (None). A header row and # comments are skipped; a label
    mapped twice to different classes, and a file of no rows, are refused."""
    by_name = {_key(name): value for value, name in (categories or {}).items()}
    entries: dict[int, int | None] = {}
    lines: dict[int, int] = {}
    header_possible = True
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            rows = []
            try:
                for row in reader:
                    rows.append((reader.line_num, row))
            except csv.Error as error:
                raise EvaluationError(messages.MAPPING_CSV, line=reader.line_num, path=str(path),
                                      reason=str(error)) from None
    except UnicodeDecodeError as error:
        raise EvaluationError(messages.MAPPING_NOT_TEXT, path=str(path), reason=str(error)) from None
    for line, row in rows:
        cells = [cell.strip() for cell in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1] or any(cells[2:]):
            raise EvaluationError(messages.MAPPING_LINE, line=line, path=str(path))
        label, target = cells[0], cells[1]
        where = f"Line {line} of {path}"
        if WHOLE.fullmatch(label):
            if text_field:
                raise EvaluationError(messages.TEXT_BY_NUMBER, field=text_field[0], path=text_field[1],
                                      what=where, value=label)
            value = label_value(label, where)
        else:
            value = by_name.get(_key(label))
        first, header_possible = header_possible, False
        if value is None:
            if first:
                continue  # a header
            raise EvaluationError(messages.MAPPING_LINE, line=line, path=str(path))
        if target.casefold() == "ignore":
            index = None
        elif WHOLE.fullmatch(target):
            index = class_value(target, classes, where)
        else:
            index = class_of(target, classes.names)
            if index is None:
                raise EvaluationError(messages.MAPPING_CLASS, line=line, path=str(path), name=target,
                                      classes=classes.shown())
        if value in entries and entries[value] != index:
            earlier = entries[value]
            raise EvaluationError(messages.MAPPING_TWICE, line=line, path=str(path), label=label,
                                  target=target, first=lines[value],
                                  earlier="ignore" if earlier is None else classes.name(earlier))
        entries[value], lines[value] = index, lines.get(value, line)
    if not entries:
        raise EvaluationError(messages.MAPPING_EMPTY, path=str(path))
    return entries


def overlap(grid, footprint) -> Window | None:
    """The grid's pixels under the labels' footprint (bounds in the grid's CRS; None: everywhere)."""
    if footprint is None:
        return None
    # Half a pixel more on each side: points and lines have footprints of no width.
    x_pad, y_pad = abs(grid.transform.a) / 2, abs(grid.transform.e) / 2
    west, south, east, north = footprint
    window = from_bounds(west - x_pad, south - y_pad, east + x_pad, north + y_pad,
                         transform=grid.transform).round_offsets().round_lengths()
    full = Window(0, 0, grid.width, grid.height)
    if not intersect(window, full):
        raise EvaluationError(messages.NO_OVERLAP)
    return window
