"""Metrics of a confusion matrix (rows: reference, columns: prediction), as the segmentation papers
compute them: per class IoU, precision, recall and F1; mIoU over the classes present in the labels or
the prediction; overall accuracy; Cohen's kappa."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ClassScores:
    name: str
    iou: float | None  # None where the class is in neither labels nor prediction
    precision: float | None  # None where nothing was predicted as it
    recall: float | None  # None where the labels hold none of it
    f1: float | None
    support: int  # reference pixels


@dataclass(frozen=True)
class Scores:
    classes: list[ClassScores]
    miou: float | None
    overall_accuracy: float | None
    kappa: float | None
    pixels: int

    def as_dict(self) -> dict:
        return {"miou": self.miou, "overall_accuracy": self.overall_accuracy, "kappa": self.kappa,
                "pixels": self.pixels, "classes": [vars(scores) for scores in self.classes]}


def _ratio(numerator: float, denominator: float) -> float | None:
    return float(numerator / denominator) if denominator else None


def scores(matrix: np.ndarray, names: list[str], first: int = 1) -> Scores:
    """The metrics of ``matrix`` [C, C] (reference × prediction; ``names`` of its indices). Classes
    are the indices from ``first``: index 0 of our matrices is "unclassified", a prediction only,
    which counts as wrong."""
    matrix = np.asarray(matrix, dtype=np.float64)
    true = np.diag(matrix)
    reference, predicted = matrix.sum(axis=1), matrix.sum(axis=0)
    total = matrix.sum()
    classes = []
    for index, name in list(enumerate(names))[first:]:
        union = reference[index] + predicted[index] - true[index]
        precision, recall = _ratio(true[index], predicted[index]), _ratio(true[index], reference[index])
        f1 = _ratio(2 * true[index], reference[index] + predicted[index])
        classes.append(ClassScores(name, _ratio(true[index], union), precision, recall, f1,
                                   int(reference[index])))
    present = [c.iou for c in classes if c.iou is not None]
    accuracy = _ratio(true.sum(), total)
    chance = _ratio(float((reference * predicted).sum()), total * total)
    kappa = None
    if accuracy is not None and chance is not None:
        kappa = 1.0 if chance == 1 else (accuracy - chance) / (1 - chance)
    return Scores(classes, float(np.mean(present)) if present else None, accuracy, kappa, int(total))
