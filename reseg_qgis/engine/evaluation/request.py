"""One evaluation, as the command line and the worker give it: the confusion matrix, the metrics and
the files asked for (HTML report, CSV, JSON).

What can be checked before anything is read is checked when the request is made: label values, the
input files, and that each output has its own name and a folder that can take it. The outputs are
written under temporary names and committed together (``run_files.place``), or none is.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path

from .. import limits
from ..cancellation import Cancelled, stop_if_cancelled
from ..limits import request_values
from ..run_files import RunLock, new_run, place, remove_path, same_file, temporary_name, unwritable
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
        given = {k: v for k, v in given.items() if v is not None}
        listed = (list, tuple)
        ignore, pairs = given.get("ignore", ()), given.get("pairs", ())
        given["ignore"] = tuple(ignore) if isinstance(ignore, listed) else ignore
        given["pairs"] = (tuple(tuple(p) if isinstance(p, listed) else p for p in pairs)
                          if isinstance(pairs, listed) else pairs)
        return cls(**given)

    def __post_init__(self) -> None:
        """Label values are whole numbers in range; the mapping file exists; no output may replace an
        input or another output, and each has a folder."""
        from .labels import EvaluationError, label_value, whole_number

        for name in ("prediction", "labels", "field", "layer", "mapping", "report", "csv", "json"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, (str, os.PathLike)):
                raise EvaluationError(messages.NEEDS_TEXT, what=name, value=value)
        if not isinstance(self.ignore, (tuple, list)) or not isinstance(self.pairs, (tuple, list)):
            wrong = "ignore" if not isinstance(self.ignore, (tuple, list)) else "pairs"
            raise EvaluationError(messages.NEEDS_WHOLE, what=f"The {wrong} list", value=getattr(self, wrong))
        object.__setattr__(self, "ignore", tuple(label_value(v, "Ignored label values") for v in self.ignore))
        pairs = []
        for pair in self.pairs:
            if not isinstance(pair, tuple) or len(pair) != 2:
                raise EvaluationError(messages.NEEDS_WHOLE, what="Label values mapped (LABEL=CLASS pairs)",
                                      value=pair)
            label, value = pair
            what = f"--map {label}={value}"
            pairs.append((label_value(label, what), whole_number(value, what)))
        object.__setattr__(self, "pairs", tuple(pairs))
        _check_pairs(self.ignore, self.pairs)
        named = {"field": "class field", "layer": "layer", "mapping": "mapping file", "report": "HTML report",
                 "csv": "CSV file", "json": "JSON file"}
        for name, what in named.items():
            if getattr(self, name) == "":
                raise EvaluationError(limits.EMPTY_NAME, what=what)
        if self.mapping and not Path(self.mapping).expanduser().is_file():
            raise EvaluationError(messages.NOT_A_FILE, what="mapping file", path=self.mapping)
        inputs = [(kind, place) for kind, path in (("prediction", self.prediction), ("labels", self.labels),
                                                   ("mapping file", self.mapping)) if path
                  for place in _files_of(path)]
        outputs = {"HTML report": self.report, "CSV file": self.csv, "JSON file": self.json}
        seen: dict[str, str] = {}
        for output, path in outputs.items():
            if not path:
                continue
            for kind, given in inputs:
                if same_file(path, given):
                    raise EvaluationError(messages.OUTPUT_IS_INPUT, output=output, input=kind, path=path)
            for first, other in seen.items():
                if same_file(path, other):
                    raise EvaluationError(messages.SAME_OUTPUTS, first=first, second=output, path=path)
            seen[output] = path
            target = Path(path).expanduser()
            if not target.parent.is_dir():
                raise EvaluationError(messages.OUTPUT_FOLDER, output=output, folder=str(target.parent))
            if (target.exists() or target.is_symlink()) and not target.is_file():
                raise EvaluationError(messages.OUTPUT_NOT_FILE, output=output, path=path)
            reason = unwritable(target.parent)
            if reason:
                raise EvaluationError(messages.OUTPUT_NOT_WRITABLE, output=output, folder=str(target.parent),
                                      reason=reason)
            written, suffixes = FORMATS[output]
            if not target.name.lower().endswith(suffixes):
                raise EvaluationError(messages.OUTPUT_SUFFIX, output=output, format=written,
                                      suffix=" or ".join(suffixes), path=path)

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


# What each output is written as, and the names it may have.
FORMATS = {"HTML report": ("an HTML page", (".html", ".htm")), "CSV file": ("a CSV table", (".csv",)),
           "JSON file": ("JSON", (".json",))}
# Files that belong to a layer beside it: GDAL's sidecars, a shapefile's parts.
SIDECARS = (".aux.xml", ".ovr", ".msk")
SHAPEFILE_PARTS = (".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".shp.xml", ".qml")


def _files_of(path: str) -> list[str]:
    """``path`` and the files that belong to it (an output there would damage the layer)."""
    files = [str(path), *(f"{path}{suffix}" for suffix in SIDECARS)]
    if str(path).lower().endswith(".shp"):
        files += [str(Path(path).with_suffix(suffix)) for suffix in SHAPEFILE_PARTS]
    return files


def _check_pairs(ignore: tuple[int, ...], pairs: tuple[tuple[int, int], ...]) -> None:
    """A label mapped to two classes, or both ignored and mapped, is refused."""
    from .labels import EvaluationError

    mapped: dict[int, int] = {}
    for label, value in pairs:
        if mapped.get(label, value) != value:
            raise EvaluationError(messages.MAP_TWICE, label=label, first=mapped[label], second=value)
        mapped[label] = value
        if label in ignore:
            raise EvaluationError(messages.IGNORED_AND_MAPPED, label=label, value=value)


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
    writers = {"report": ("HTML report", request.report,
                          lambda p: write_html(p, confusion, result.scores, inputs)),
               "csv": ("CSV file", request.csv, lambda p: write_csv(p, confusion, result.scores)),
               "json": ("JSON file", request.json, lambda p: write_json(p, confusion, result.scores, inputs))}
    asked = {name: (output, Path(path).expanduser(), write)
             for name, (output, path, write) in writers.items() if path}
    if asked:
        _write_together(asked, cancelled)
        result.files = {name: path for name, (_, path, _) in asked.items()}
    return result


def _write_together(asked: dict, cancelled: Cancelled | None) -> None:
    """Each output written under a temporary name, then all moved into place at once; on any failure
    (a full disk, a cancel) none is, and what they would replace stays."""
    from .labels import EvaluationError

    run = new_run()
    locks = []
    moves = []
    try:
        for output, path, _ in asked.values():
            if path.parent not in [lock.path.parent for lock in locks]:
                try:
                    locks.append(RunLock(path.parent, run))
                except OSError as error:
                    raise EvaluationError(messages.CANNOT_WRITE, output=output, path=str(path),
                                          reason=error.strerror or str(error),
                                          folder=str(path.parent)) from error
        for output, path, write in asked.values():
            temporary = temporary_name(path, run)
            moves.append((temporary, path))
            try:
                write(temporary)
            except OSError as error:
                raise EvaluationError(messages.CANNOT_WRITE, output=output, path=str(path),
                                      reason=error.strerror or str(error), folder=str(path.parent)) from error
            stop_if_cancelled(cancelled)
        try:
            place(moves, [], run)
        except OSError as error:
            failed = Path(error.filename or path)
            output = next((name for name, final, _ in asked.values() if final == failed), "outputs")
            raise EvaluationError(messages.CANNOT_WRITE, output=output, path=str(failed),
                                  reason=error.strerror or str(error), folder=str(failed.parent)) from error
    finally:
        for temporary, _ in moves:
            if temporary.exists():
                remove_path(temporary)
        for lock in locks:
            lock.release()
