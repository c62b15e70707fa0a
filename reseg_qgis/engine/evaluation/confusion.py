"""The confusion matrix of a classified raster against reference labels, block by block.

The labels (a raster on any grid and CRS, or polygons with a class field) are brought to the
prediction's grid block by block (labels.py), so memory stays flat. Classes are the prediction's
values 1..N, named by the class list our outputs carry in ``RESEG_CLASS_VALUES``, else by value.
Ignored values, the labels' nodata and label values of no class are left out; a prediction of 0
(unclassified or nodata), or of a value outside the classes, over a labelled pixel counts as wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.windows import intersect

from ..cancellation import Cancelled, stop_if_cancelled
from . import messages
from .labels import (
    LABEL_VALUES,
    EvaluationError,
    category_names,
    label_classes,
    open_labels,
    overlap,
    read_mapping,
)

UNCLASSIFIED = "unclassified"
__all__ = ["UNCLASSIFIED", "Confusion", "EvaluationError", "confusion_matrix", "prediction_classes"]


@dataclass
class Confusion:
    matrix: np.ndarray  # [N + 1, N + 1]: reference × prediction; index 0 is "unclassified"
    names: list[str]  # of the indices 0..N
    left_out: int  # labelled pixels whose value is no class
    matched_by: str = "values"  # how label values found their classes: "values" or "category names"


def prediction_classes(dataset) -> list[str]:
    """Names of the prediction's values 0..N: our class list; else the values 1..max, named by the
    raster's category names where it has them."""
    values = dataset.tags().get("RESEG_CLASS_VALUES")
    if values:
        named = {int(value): name for value, name in json.loads(values).items()}
        return [UNCLASSIFIED] + [named.get(value, str(value)) for value in range(1, max(named) + 1)]
    top = 0
    for _, window in dataset.block_windows(1):
        top = max(top, int(dataset.read(1, window=window).max()))
    named = category_names(dataset.name)
    return [UNCLASSIFIED] + [named.get(value, str(value)) for value in range(1, top + 1)]


def confusion_matrix(prediction: str | os.PathLike, labels: str | os.PathLike, *,
                     field: str | None = None, layer: str | None = None, ignore: Iterable[int] = (),
                     label_map: dict[int, int] | None = None, mapping: str | os.PathLike | None = None,
                     cancelled: Cancelled | None = None,
                     progress: Callable[[float], None] | None = None) -> Confusion:
    """Count reference × predicted classes over the pixels both layers cover. ``labels`` is a raster,
    or a vector layer (``layer`` of a multi-layer file) whose class ``field`` (default: one named class)
    gives the labels."""
    source = open_labels(labels, field, layer)
    with rasterio.open(prediction) as predicted:
        names = prediction_classes(predicted)
        count = len(names)
        source.open(predicted)
        try:
            entries = read_mapping(mapping, names, source.categories) if mapping else None
            table, how = label_classes(names, source.categories, ignore=ignore, pairs=label_map,
                                       mapping=entries)
            area = overlap(predicted, source.footprint)
            matrix = np.zeros((count, count), dtype=np.int64)
            left_out = 0
            blocks = [window for _, window in predicted.block_windows(1)
                      if area is None or intersect(window, area)]
            for done, window in enumerate(blocks, start=1):
                stop_if_cancelled(cancelled)
                truth, known = source.read(window)
                guess = predicted.read(1, window=window).astype(np.int64)[known]
                values = truth[known]
                if values.size and (values.min() < 0 or values.max() >= LABEL_VALUES):
                    bad = values.min() if values.min() < 0 else values.max()
                    raise EvaluationError(messages.LABEL_RANGE, value=int(bad))
                classes = table[values]
                left_out += int((classes == -1).sum())
                kept = classes >= 0
                guessed = np.where((guess > 0) & (guess < count), guess, 0)[kept]
                matrix += np.bincount(classes[kept] * count + guessed,
                                      minlength=count * count).reshape(count, count)
                if progress:
                    progress(done / len(blocks))
        finally:
            source.close()
    if matrix.sum() == 0:
        if left_out:
            raise EvaluationError(messages.NO_SHARED_CLASS, classes="; ".join(names[1:]))
        raise EvaluationError(messages.NO_SHARED_PIXEL)
    return Confusion(matrix, names, left_out, how)
