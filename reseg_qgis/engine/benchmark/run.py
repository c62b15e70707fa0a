"""A protocol over a dataset: every image predicted, its confusion matrix kept in the results folder as
soon as it is done (so an interrupted run resumes where it stopped), and the dataset's matrix, scores
and report written at the end. The mIoU is mmsegmentation's: per class over the whole dataset."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..cancellation import Cancelled, stop_if_cancelled
from ..evaluation.confusion import UNCLASSIFIED, Confusion
from ..evaluation.metrics import Scores, scores
from ..evaluation.report import write_csv, write_html, write_json
from ..translatable import ResegError
from .datasets import Dataset, read_image, read_labels
from .protocols import Protocol, predict

IMAGES_FILE, SETTINGS_FILE = "images.jsonl", "settings.json"


class BenchmarkError(ResegError):
    """The dataset or the results folder cannot be used; the message says why."""


@dataclass
class BenchmarkResult:
    confusion: Confusion  # index 0 (unclassified) stays empty: every pixel gets a class
    scores: Scores
    images: int
    resumed: int  # images whose matrices came from an earlier run
    files: dict[str, Path]


def _done(path: Path, classes: int) -> dict[str, np.ndarray]:
    """The matrices already in the results folder; a line cut short by an interruption is dropped."""
    done = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
                matrix = np.asarray(entry["matrix"], dtype=np.int64)
            except (ValueError, KeyError, TypeError):
                continue
            if matrix.shape == (classes, classes):
                done[entry["id"]] = matrix
    return done


def _check_settings(out: Path, settings: dict) -> None:
    path = out / SETTINGS_FILE
    if path.is_file():
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            kept = None
        if kept != settings:
            raise BenchmarkError("{out} holds results of other settings ({path}); choose another results "
                                 "folder (--out), or delete it to start again.", out=str(out), path=str(path))
    else:
        path.write_text(json.dumps(settings, indent=2), encoding="utf-8")


def image_matrix(prediction: np.ndarray, classes: np.ndarray, count: int) -> np.ndarray:
    """[count, count] reference × predicted, over pixels whose class index is not ignored (< 0)."""
    kept = classes >= 0
    pairs = classes[kept] * count + prediction[kept]
    return np.bincount(pairs, minlength=count * count).reshape(count, count)


def run_benchmark(segmenter, dataset: Dataset, protocol: Protocol, folder: str | os.PathLike,
                  out: str | os.PathLike, *, split: str | None = None, limit: int | None = None,
                  settings: dict | None = None, cancelled: Cancelled | None = None,
                  progress: Callable[[float, str], None] | None = None) -> BenchmarkResult:
    """Run ``protocol`` over ``dataset`` in ``folder`` with ``segmenter``; results go to ``out``.
    ``settings`` (models, versions …) must match an earlier run's for it to be resumed."""
    pairs = dataset.pairs(folder, split)
    if not pairs:
        raise BenchmarkError("No {dataset} images with labels under {folder}; expected {where}.",
                             dataset=dataset.title, folder=str(folder), where=dataset.where(split))
    pairs = pairs[:limit] if limit else pairs
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    count = len(dataset.names)
    _check_settings(out, {"dataset": dataset.name, "split": split or dataset.split, "protocol": protocol.name,
                          "classes": list(dataset.prompts), **(settings or {})})
    done = _done(out / IMAGES_FILE, count)
    resumed = sum(1 for image_id, _, _ in pairs if image_id in done)
    classes = segmenter.encode_classes("; ".join(dataset.prompts))
    with open(out / IMAGES_FILE, "a", encoding="utf-8") as log:
        for index, (image_id, image_path, label_path) in enumerate(pairs):
            if image_id in done:
                continue
            stop_if_cancelled(cancelled)
            image, labels = read_image(image_path), read_labels(label_path)
            if labels.shape != image.shape[:2]:
                raise BenchmarkError("{path} is {width} x {height} px but its image is {image_width} x "
                                     "{image_height} px.", path=str(label_path), width=labels.shape[1],
                                     height=labels.shape[0], image_width=image.shape[1],
                                     image_height=image.shape[0])

            def within(share: float, index: int = index, image_id: str = image_id) -> None:
                if progress:
                    progress((index + share) / len(pairs), image_id)

            predicted = predict(segmenter, image, classes, protocol, background=dataset.background,
                                threshold=dataset.threshold, cancelled=cancelled, progress=within)
            done[image_id] = image_matrix(predicted, dataset.class_indices(labels), count)
            log.write(json.dumps({"id": image_id, "matrix": done[image_id].tolist()}) + "\n")
            log.flush()
            os.fsync(log.fileno())
    total = sum((done[image_id] for image_id, _, _ in pairs), np.zeros((count, count), np.int64))
    matrix = np.zeros((count + 1, count + 1), np.int64)
    matrix[1:, 1:] = total
    confusion = Confusion(matrix, [UNCLASSIFIED, *dataset.names], 0, "values")
    result = scores(matrix, confusion.names)
    inputs = {"dataset": f"{dataset.title} ({folder}, {split or dataset.split})", "protocol": protocol.name,
              "images": len(pairs), **{key: str(value) for key, value in (settings or {}).items()}}
    files = {"report": write_html(out / "report.html", confusion, result, inputs),
             "csv": write_csv(out / "scores.csv", confusion, result),
             "json": write_json(out / "scores.json", confusion, result, inputs)}
    return BenchmarkResult(confusion, result, len(pairs), resumed, files)
