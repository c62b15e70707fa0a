"""The confusion matrix of a classified raster against a label raster, block by block.

The labels are brought to the prediction's grid (any CRS and pixel size) by nearest neighbour,
through a warped view, so memory stays flat. Classes are the prediction's values 1..N (named by the
class list our outputs carry in ``RESEG_CLASS_VALUES``, else by value); a label value counts for the
class of the same value unless ``label_map`` says otherwise. Ignored values, the labels' nodata and
label values outside the classes are left out; a prediction of 0 (unclassified or nodata), or of a
value outside the classes, over a labelled pixel counts as wrong.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import rasterio
from rasterio.enums import Resampling
from rasterio.vrt import WarpedVRT
from rasterio.windows import Window, from_bounds, intersect

from ..cancellation import Cancelled, stop_if_cancelled

UNCLASSIFIED = "unclassified"


class EvaluationError(ValueError):
    """The two rasters cannot be compared; the message says why and what to do."""


@dataclass
class Confusion:
    matrix: np.ndarray  # [N + 1, N + 1]: reference × prediction; index 0 is "unclassified"
    names: list[str]  # of the indices 0..N
    left_out: int  # labelled pixels whose value is no class


def prediction_classes(dataset) -> list[str]:
    """Names of the prediction's values 0..N: our class list, else the values 1..max."""
    values = dataset.tags().get("RESEG_CLASS_VALUES")
    if values:
        named = {int(value): name for value, name in json.loads(values).items()}
        return [UNCLASSIFIED] + [named.get(value, str(value)) for value in range(1, max(named) + 1)]
    top = 0
    for _, window in dataset.block_windows(1):
        top = max(top, int(dataset.read(1, window=window).max()))
    return [UNCLASSIFIED] + [str(value) for value in range(1, top + 1)]


def confusion_matrix(prediction: str | os.PathLike, labels: str | os.PathLike, *,
                     ignore: Iterable[int] = (), label_map: dict[int, int] | None = None,
                     cancelled: Cancelled | None = None,
                     progress: Callable[[float], None] | None = None) -> Confusion:
    """Count reference × predicted classes over the pixels both rasters cover."""
    ignored = set(ignore)
    with rasterio.open(prediction) as predicted, rasterio.open(labels) as reference:
        names = prediction_classes(predicted)
        count = len(names)
        if (predicted.crs is None) != (reference.crs is None):
            raise EvaluationError("One raster has a CRS and the other has none; assign the same CRS to "
                                  "both (in QGIS: Layer Properties ▸ Source).")
        mapping = np.arange(65536, dtype=np.int64)
        mapping[(mapping >= count) | (mapping == 0)] = -1  # 0 and values beyond the classes: no class
        for value, index in (label_map or {}).items():
            mapping[value] = index
        for value in ignored:
            mapping[value] = -2
        with WarpedVRT(reference, crs=predicted.crs or reference.crs, transform=predicted.transform,
                       width=predicted.width, height=predicted.height, resampling=Resampling.nearest,
                       nodata=reference.nodata) as warped:
            overlap = _overlap(predicted, reference)
            matrix = np.zeros((count, count), dtype=np.int64)
            left_out = 0
            blocks = [window for _, window in predicted.block_windows(1)
                      if overlap is None or intersect(window, overlap)]
            for done, window in enumerate(blocks, start=1):
                stop_if_cancelled(cancelled)
                truth = warped.read(1, window=window, masked=True)
                guess = predicted.read(1, window=window).astype(np.int64)
                known = ~np.ma.getmaskarray(truth)
                values = np.asarray(truth.filled(0), dtype=np.int64)[known]
                if values.size and (values.min() < 0 or values.max() > 65535):
                    raise EvaluationError("Label values must be whole numbers from 0 to 65535.")
                classes = mapping[values]
                left_out += int((classes == -1).sum())
                kept = classes >= 0
                guessed = np.where((guess[known] > 0) & (guess[known] < count), guess[known], 0)[kept]
                matrix += np.bincount(classes[kept] * count + guessed,
                                      minlength=count * count).reshape(count, count)
                if progress:
                    progress(done / len(blocks))
    if matrix.sum() == 0:
        raise EvaluationError("The rasters share no labelled pixel: check that they overlap, and that "
                              "the labels are not all ignored or nodata.")
    return Confusion(matrix, names, left_out)


def _overlap(predicted, reference) -> Window | None:
    """The prediction's pixels under the labels' footprint, when both share a CRS (else None: all)."""
    if predicted.crs != reference.crs:
        return None
    left, bottom, right, top = reference.bounds
    window = from_bounds(left, bottom, right, top, transform=predicted.transform)
    window = window.round_offsets().round_lengths()
    full = Window(0, 0, predicted.width, predicted.height)
    if not intersect(window, full):
        raise EvaluationError("The rasters do not overlap; check that the labels cover the prediction's "
                              "area.")
    return window
