"""An evaluation's results as files: JSON (everything), CSV (per class) and a self-contained HTML report
with the confusion matrix as a table and as a plot (matplotlib, loaded only for the report)."""

from __future__ import annotations

import base64
import csv
import datetime
import html
import io
import json
import os
from pathlib import Path

import numpy as np

from .confusion import Confusion
from .metrics import Scores

CSV_COLUMNS = ("class", "iou", "precision", "recall", "f1", "reference_pixels", "predicted_pixels")


def as_dict(confusion: Confusion, scores: Scores, inputs: dict | None = None) -> dict:
    return {**scores.as_dict(), "matrix": confusion.matrix.tolist(), "names": confusion.names,
            "values": [0, *(confusion.values or range(1, len(confusion.names)))],
            "left_out": confusion.left_out, "features_left_out": confusion.features_left_out,
            "matched_by": confusion.matched_by, "inputs": inputs or {}}


def write_json(path: str | os.PathLike, confusion: Confusion, scores: Scores,
               inputs: dict | None = None) -> Path:
    path = Path(path)
    path.write_text(json.dumps(as_dict(confusion, scores, inputs), indent=2), encoding="utf-8")
    return path


def write_csv(path: str | os.PathLike, confusion: Confusion, scores: Scores) -> Path:
    """One row per class: its scores (empty where undefined) and its pixels on either side."""
    path = Path(path)
    predicted = confusion.matrix.sum(axis=0)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for index, item in enumerate(scores.classes, start=1):
            writer.writerow([item.name, *("" if v is None else f"{v:.6f}"
                                          for v in (item.iou, item.precision, item.recall, item.f1)),
                             item.support, int(predicted[index])])
    return path


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}"


_PLOT_WIDTH = 1600  # px: the plot fills narrower pages, and stays readable on wide ones
_PLOT_SIDE = 4.0, 30.0  # inches: the figure grows with the classes up to this, then the labels shrink
_LABELLED = 40  # classes whose labels fit the largest side at full size


def _plot(confusion: Confusion, scores: Scores) -> str:
    """The row-normalised matrix (reference classes × predictions, unclassified included) with each
    cell's percentage, and the per-class IoU, as a base64 SVG: sharp at any width the page gives it.
    The matrix is embedded as one pixel per cell, so memory stays flat however many classes there are."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    matrix = confusion.matrix[1:].astype(np.float64)  # a reference pixel is never unclassified
    rows = matrix.sum(axis=1, keepdims=True)
    shares = np.divide(matrix, rows, out=np.zeros_like(matrix), where=rows > 0)
    names = confusion.names
    side = min(max(_PLOT_SIDE[0], 0.45 * len(names) + 2.5), _PLOT_SIDE[1])
    size = 8 * min(1.0, _LABELLED / len(names))
    figure, (left, right) = pyplot.subplots(1, 2, figsize=(2 * side, side),
                                            gridspec_kw={"width_ratios": [1.2, 1]})
    try:
        image = left.imshow(shares, cmap="Blues", vmin=0, vmax=1, interpolation="none", aspect="auto")
        left.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize=size)
        left.set_yticks(range(len(names) - 1), names[1:], fontsize=size)
        if len(names) <= 20:
            for (row, column), share in np.ndenumerate(shares):
                left.text(column, row, f"{100 * share:.0f}", ha="center", va="center", fontsize=7,
                          color="white" if share > 0.5 else "#333")
        left.set_xlabel("prediction")
        left.set_ylabel("reference")
        left.set_title("Confusion matrix, % of each reference class", fontsize=10)
        figure.colorbar(image, ax=left, fraction=0.046)
        classes = scores.classes
        values = [0 if c.iou is None else 100 * c.iou for c in classes]
        right.barh(range(len(classes)), values, color="#3b7dd8")
        right.set_yticks(range(len(classes)), [c.name for c in classes], fontsize=size)
        right.invert_yaxis()
        right.set_xlim(0, 100)
        right.set_xlabel("IoU (%)")
        right.set_title(f"IoU per class; mIoU {_percent(scores.miou)} %")
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        pyplot.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def write_html(path: str | os.PathLike, confusion: Confusion, scores: Scores,
               inputs: dict | None = None) -> Path:
    """A report that opens in any browser, with nothing beside it."""
    path = Path(path)
    escape = html.escape
    names = confusion.names
    matrix = confusion.matrix
    rows_total = matrix.sum(axis=1)
    kappa = "–" if scores.kappa is None else f"{scores.kappa:.4f}"
    given = "".join(f"<tr><th>{escape(str(key))}</th><td>{escape(str(value))}</td></tr>"
                    for key, value in (inputs or {}).items())
    per_class = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{_percent(c.iou)}</td><td>{_percent(c.precision)}</td>"
        f"<td>{_percent(c.recall)}</td><td>{_percent(c.f1)}</td><td>{c.support:,}</td></tr>"
        for c in scores.classes)
    header = "".join(f"<th>{escape(name)}</th>" for name in names)
    body = []
    for row, name in list(enumerate(names))[1:]:  # a reference pixel is never unclassified
        cells = []
        for column, count in enumerate(matrix[row]):
            share = count / rows_total[row] if rows_total[row] else 0.0
            bold = ";font-weight:bold" if row == column else ""
            style = f"background:rgba(59,125,216,{share:.3f}){bold}"
            cells.append(f'<td style="{style}">{int(count):,}</td>')
        body.append(f"<tr><th>{escape(name)}</th>{''.join(cells)}</tr>")
    document = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Accuracy report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;margin:2em;color:#222}}table{{border-collapse:collapse;margin:1em 0}}
img.plot{{display:block;width:100%;max-width:{_PLOT_WIDTH}px;height:auto}}.wide{{overflow-x:auto}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}th{{background:#f3f3f3}}
td:first-child{{text-align:left}}.summary td{{font-size:1.2em}}</style></head><body>
<h1>Accuracy report</h1>
<p>Written {datetime.datetime.now().astimezone().isoformat(timespec="seconds")} by ReSeg.</p>
<table>{given}</table>
<table class="summary"><tr><th>mIoU</th><th>overall accuracy</th><th>Cohen's kappa</th>
<th>pixels compared</th><th>labelled pixels of no class</th><th>label features without a geometry or
a class value</th><th>labels matched by</th></tr>
<tr><td>{_percent(scores.miou)} %</td><td>{_percent(scores.overall_accuracy)} %</td><td>{kappa}</td>
<td>{scores.pixels:,}</td><td>{confusion.left_out:,}</td><td>{confusion.features_left_out:,}</td>
<td>{escape(confusion.matched_by)}</td></tr></table>
<p>mIoU is the mean IoU over the classes present in the labels or the prediction. A labelled pixel the
prediction left unclassified counts as wrong.</p>
<h2>Per class (%)</h2>
<table><tr><th>class</th><th>IoU</th><th>precision</th><th>recall</th><th>F1</th>
<th>reference pixels</th></tr>
{per_class}</table>
<h2>Confusion matrix (pixels; rows: reference, columns: prediction)</h2>
<div class="wide"><table><tr><th></th>{header}</tr>{''.join(body)}</table></div>
<img class="plot" alt="confusion matrix and IoU per class"
 src="data:image/svg+xml;base64,{_plot(confusion, scores)}">
</body></html>
"""
    path.write_text(document, encoding="utf-8")
    return path
