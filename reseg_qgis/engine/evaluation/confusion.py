"""The confusion matrix of a classified raster against reference labels, block by block.

The labels (a raster on any grid and CRS, or polygons with a class field) are brought to the
prediction's grid block by block (labels.py), so memory stays flat. Our outputs list their classes in
``RESEG_CLASS_VALUES``; in another tool's raster, each value that either side holds is a class, named
by the raster's category names where it has them, so only the values present are counted. Ignored
values, the labels' nodata and label values of no class are left out (and counted); a prediction of 0
(unclassified or nodata), or of a value outside a listed class list, over a labelled pixel counts as
wrong.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.windows import intersect

from ..cancellation import Cancelled, stop_if_cancelled
from . import messages
from .labels import (
    MAX_CLASSES,
    ClassList,
    EvaluationError,
    category_names,
    check_range,
    class_value,
    label_classes,
    label_value,
    open_labels,
    overlap,
    read_mapping,
    whole_values,
)

UNCLASSIFIED = "unclassified"
__all__ = ["UNCLASSIFIED", "Confusion", "EvaluationError", "confusion_matrix", "prediction_classes"]


@dataclass
class Confusion:
    matrix: np.ndarray  # [N + 1, N + 1]: reference × prediction; index 0 is "unclassified"
    names: list[str]  # of the indices 0..N
    left_out: int  # labelled pixels whose value is no class
    matched_by: str = "values"  # how label values found their classes: "values" or "category names"
    values: list[int] | None = None  # the class value of each index 1..N
    features_left_out: int = 0  # label features without a geometry or a class value


def prediction_classes(dataset) -> ClassList:
    """The prediction's classes: our class list, else the raster's category names (from value 1)."""
    try:
        named = {int(value): str(name) for value, name in
                 json.loads(dataset.tags().get("RESEG_CLASS_VALUES") or "{}").items()}
    except (ValueError, AttributeError, TypeError):
        named = {}  # a damaged tag: the raster counts as another tool's
    named = {value: name for value, name in named.items() if 1 <= value <= 255}
    if named:
        return ClassList({value: named.get(value, str(value)) for value in range(1, max(named) + 1)}, True)
    named = category_names(dataset.name)
    return ClassList({value: name for value, name in named.items() if value >= 1}, False)


def _predicted(dataset, window, classes: ClassList) -> np.ndarray:
    """The prediction's values in ``window``: nodata, values from 0 down and, in a listed class list,
    values outside it become 0 (unclassified); NaN or fractions are refused."""
    block = dataset.read(1, window=window, masked=True)
    if block.dtype.kind in "iu":
        values = np.asarray(block.filled(0), dtype=np.int64)
    else:
        known = ~np.ma.getmaskarray(block)
        values = np.zeros(block.shape, np.int64)
        values[known] = whole_values(np.asarray(block.data)[known], messages.PREDICTION_VALUES, dataset.name)
    values[values < 0] = 0
    if classes.closed:
        values[values > max(classes.names)] = 0
    return values


def confusion_matrix(prediction: str | os.PathLike, labels: str | os.PathLike, *,
                     field: str | None = None, layer: str | None = None, ignore: Iterable[int] = (),
                     label_map: dict[int, int] | None = None, mapping: str | os.PathLike | None = None,
                     cancelled: Cancelled | None = None,
                     progress: Callable[[float], None] | None = None) -> Confusion:
    """Count reference × predicted classes over the pixels both layers cover. ``labels`` is a raster,
    or a vector layer (``layer`` of a multi-layer file) whose class ``field`` (default: one named class)
    gives the labels."""
    ignore = [label_value(value, "Ignored label values") for value in ignore]
    source = open_labels(labels, field, layer)
    try:
        predicted = rasterio.open(prediction)
    except rasterio.errors.RasterioIOError as error:
        raise EvaluationError(messages.PREDICTION_UNREADABLE, path=str(prediction),
                              reason=str(error)) from error
    with predicted:
        if predicted.crs is None and (predicted.gcps[0] or predicted.rpcs):
            raise EvaluationError(messages.BY_GCPS, path=str(prediction))
        if predicted.count > 1:
            raise EvaluationError(messages.ONE_BAND, path=str(prediction), count=predicted.count,
                                  what="classified raster")
        classes = prediction_classes(predicted)
        source.open(predicted)
        try:
            pairs = {label_value(label, f"--map {label}={value}"): class_value(value, classes,
                                                                                 f"--map {label}={value}")
                     for label, value in (label_map or {}).items()}
            text_field = (getattr(source, "field_used", ""), str(labels))
            entries = read_mapping(mapping, classes, source.categories,
                                   text_field if source.text_named else None) if mapping else None
            table, how = label_classes(classes, source.categories, text_named=source.text_named,
                                       ignore=ignore, pairs=pairs, mapping=entries, source=text_field)
            area = overlap(predicted, source.footprint)
            counts: Counter = Counter()  # (reference class, predicted value) → pixels
            seen: set[int] = set()
            left_out = 0
            blocks = [window for _, window in predicted.block_windows(1)
                      if area is None or intersect(window, area)]
            for done, window in enumerate(blocks, start=1):
                stop_if_cancelled(cancelled)
                truth, known = source.read(window)
                guess = _predicted(predicted, window, classes)[known]
                values = truth[known]
                check_range(values)
                reference = table[values]
                left_out += int((reference == -1).sum())
                kept = reference >= 0
                seen.update(_count(counts, reference[kept], guess[kept]))
                if len(seen | set(classes.names)) > MAX_CLASSES:
                    raise EvaluationError(messages.TOO_MANY_CLASSES, limit=MAX_CLASSES, path=str(prediction),
                                          values=", ".join(map(str, sorted(seen)[-3:])))
                if progress:
                    progress(done / len(blocks))
        finally:
            source.close()
    order = sorted(set(classes.names) | (set() if classes.closed else seen))
    column = {value: index for index, value in enumerate([0, *order])}
    matrix = np.zeros((len(column), len(column)), dtype=np.int64)
    for (truth, guess), pixels in counts.items():
        matrix[column[truth], column.get(guess, 0)] += pixels
    names = [UNCLASSIFIED] + [classes.name(value) for value in order]
    if matrix.sum() == 0:
        if left_out:
            raise EvaluationError(messages.NO_SHARED_CLASS, classes=classes.shown())
        raise EvaluationError(messages.NO_SHARED_PIXEL)
    return Confusion(matrix, names, left_out, how, order, source.features_left_out)


def _count(counts: Counter, reference: np.ndarray, guess: np.ndarray) -> set[int]:
    """Add the pixels of each (reference, prediction) pair of values to ``counts``: only the values
    present, however large they are (both are from 0). Returns the class values seen."""
    if not reference.size:
        return set()
    top_truth, top_guess = int(reference.max()) + 1, int(guess.max()) + 1
    if top_truth * top_guess <= 1 << 20:  # small values: counted directly
        pairs = np.bincount(reference * top_guess + guess, minlength=top_truth * top_guess)
        codes = np.flatnonzero(pairs)
        truths, guesses, pixels = codes // top_guess, codes % top_guess, pairs[codes]
    else:
        truth_values, truth_index = np.unique(reference, return_inverse=True)
        guess_values, guess_index = np.unique(guess, return_inverse=True)
        width = len(guess_values)
        pairs = np.bincount(truth_index.ravel() * width + guess_index.ravel(),
                            minlength=len(truth_values) * width)
        codes = np.flatnonzero(pairs)
        truths, guesses, pixels = truth_values[codes // width], guess_values[codes % width], pairs[codes]
    for truth, predicted, count in zip(truths.tolist(), guesses.tolist(), pixels.tolist()):
        counts[truth, predicted] += count
    return {value for value in (*truths.tolist(), *guesses.tolist()) if value > 0}
