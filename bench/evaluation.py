"""One evaluation step in a fresh process: ``python -m bench.evaluation matrix PREDICTION LABELS`` or
``python -m bench.evaluation report CLASSES``.

- ``matrix``: the confusion matrix of two classified rasters, read block by block (bench.rasters'
  classified rasters of two seeds); best of 3.
- ``report``: the HTML report of a matrix of CLASSES classes (random counts), whose plot used to grow
  with the classes.

Prints one JSON object: seconds, peak RSS (MiB), and the megapixels or classes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.memory import peak_rss_mib  # noqa: E402


def matrix(prediction: str, labels: str) -> dict:
    import rasterio

    from reseg_qgis.engine.evaluation.confusion import confusion_matrix

    with rasterio.open(prediction) as dataset:
        megapixels = dataset.width * dataset.height / 1e6
    times = []
    for _ in range(3):
        started = time.perf_counter()
        confusion = confusion_matrix(prediction, labels)
        times.append(time.perf_counter() - started)
    return {"megapixels": round(megapixels, 1), "seconds": round(min(times), 3),
            "seconds_per_megapixel": round(min(times) / megapixels, 4), "classes": len(confusion.names) - 1,
            "pixels": int(confusion.matrix.sum())}


def report(classes: int) -> dict:
    import numpy as np

    from reseg_qgis.engine.evaluation.confusion import Confusion
    from reseg_qgis.engine.evaluation.metrics import scores
    from reseg_qgis.engine.evaluation.report import write_html

    counts = np.random.default_rng(0).integers(0, 50, (classes + 1, classes + 1))
    counts[0] = 0
    names = ["unclassified", *(f"class {value}" for value in range(1, classes + 1))]
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        path = write_html(Path(folder) / "report.html", Confusion(counts, names, 0), scores(counts, names))
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    return {"classes": classes, "seconds": round(seconds, 2), "report_mib": round(size / (1 << 20), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("step", choices=("matrix", "report"))
    parser.add_argument("inputs", nargs="+")
    args = parser.parse_args()
    figures = matrix(*args.inputs) if args.step == "matrix" else report(int(args.inputs[0]))
    print(json.dumps({**figures, "peak_rss_mib": round(peak_rss_mib(), 1)}))


if __name__ == "__main__":
    main()
