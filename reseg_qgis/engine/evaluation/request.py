"""One evaluation, as the command line and the worker give it: the confusion matrix, the metrics and
the files asked for (HTML report, CSV, JSON)."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..cancellation import Cancelled
from ..limits import request_values
from . import messages
from .confusion import Confusion, confusion_matrix
from .metrics import Scores, scores
from .report import write_csv, write_html, write_json


@dataclass(frozen=True)
class EvaluationRequest:
    prediction: str
    labels: str
    field: str | None = None  # the class field of vector labels
    layer: str | None = None  # the layer of a multi-layer vector file (a GeoPackage's)
    ignore: tuple[int, ...] = ()
    mapping: str | None = None  # a mapping file (labels.read_mapping)
    pairs: tuple[tuple[int, int], ...] = ()  # label value → class value
    report: str | None = None  # HTML
    csv: str | None = None
    json: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping) -> EvaluationRequest:
        given = request_values([f.name for f in fields(cls)], values, ("prediction", "labels"),
                               messages.UNKNOWN_SETTINGS, messages.NEEDS)
        given = {k: v for k, v in given.items() if v not in (None, "")}
        given["ignore"] = tuple(int(v) for v in given.get("ignore", ()))
        given["pairs"] = tuple((int(a), int(b)) for a, b in given.get("pairs", ()))
        return cls(**given)

    def __post_init__(self) -> None:
        """No output may replace an input or another output."""
        from .labels import EvaluationError

        inputs = {"prediction": self.prediction, "labels": self.labels, "mapping file": self.mapping}
        outputs = {"HTML report": self.report, "CSV file": self.csv, "JSON file": self.json}
        seen: dict[str, str] = {}
        for output, path in outputs.items():
            if not path:
                continue
            for kind, given in inputs.items():
                if given and _same_place(path, given):
                    raise EvaluationError(messages.OUTPUT_IS_INPUT, output=output, input=kind, path=path)
            for first, other in seen.items():
                if _same_place(path, other):
                    raise EvaluationError(messages.SAME_OUTPUTS, first=first, second=output, path=path)
            seen[output] = path

    def inputs(self) -> dict:
        """What was compared, for the report."""
        shown = {"prediction": self.prediction, "labels": self.labels}
        if self.layer:
            shown["layer"] = self.layer
        if self.field:
            shown["class field"] = self.field
        if self.mapping:
            shown["mapping"] = self.mapping
        if self.ignore:
            shown["ignored label values"] = ", ".join(map(str, self.ignore))
        if self.pairs:
            shown["label values mapped"] = ", ".join(f"{a}={b}" for a, b in self.pairs)
        return shown


def _same_place(first: str, second: str) -> bool:
    """Whether two paths name one file: the same absolute path, or links to one existing file."""
    one, two = Path(first).expanduser(), Path(second).expanduser()
    if one.resolve() == two.resolve():
        return True
    try:
        return os.path.samefile(one, two)
    except OSError:  # one of them does not exist yet
        return False


@dataclass
class Evaluation:
    confusion: Confusion
    scores: Scores
    files: dict[str, Path] = field(default_factory=dict)  # report, csv, json: where written

    def as_dict(self) -> dict:
        from .report import as_dict

        return {**as_dict(self.confusion, self.scores), "files": {k: str(v) for k, v in self.files.items()}}


def evaluate(request: EvaluationRequest, cancelled: Cancelled | None = None,
             progress: Callable[[float], None] | None = None) -> Evaluation:
    confusion = confusion_matrix(request.prediction, request.labels, field=request.field, layer=request.layer,
                                 ignore=request.ignore, label_map=dict(request.pairs),
                                 mapping=request.mapping, cancelled=cancelled, progress=progress)
    result = Evaluation(confusion, scores(confusion.matrix, confusion.names))
    inputs = request.inputs()
    writers = {"report": (request.report, lambda p: write_html(p, confusion, result.scores, inputs)),
               "csv": (request.csv, lambda p: write_csv(p, confusion, result.scores)),
               "json": (request.json, lambda p: write_json(p, confusion, result.scores, inputs))}
    for name, (path, write) in writers.items():
        if path:
            result.files[name] = write(path)
    return result
