"""Peak memory of one pipeline run in a fresh process: ``python -m bench.memory RASTER``.

Prints one JSON object: megapixels, seconds and peak RSS (MiB), with the fake segmenter, or with the
real segmenter (random-initialised full-size models) when ``--real PRESET`` is given.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def peak_rss_mib() -> float:
    """This process's peak resident memory (Linux VmHWM, which, unlike ru_maxrss, restarts at exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("raster")
    parser.add_argument("--classes", default="water; tree, forest; building; road; grass; bare soil")
    parser.add_argument("--real", help="a preset: run the real segmenter with random weights")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--precision", default="auto")
    args = parser.parse_args()

    from reseg_qgis.engine.raster.pipeline import segment_raster

    if args.real:
        from bench.random_models import random_segmenter

        segmenter = random_segmenter(args.real, args.device, args.precision)
    else:
        from tests.helpers.fake_segmenter import PixelFunctionSegmenter

        segmenter = PixelFunctionSegmenter(224)
    baseline = peak_rss_mib()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = segment_raster(args.raster, str(Path(folder) / "out.tif"), segmenter, args.classes)
        seconds = time.perf_counter() - started
    print(json.dumps({"megapixels": result.width * result.height / 1e6, "windows": result.windows,
                      "seconds": round(seconds, 2), "peak_rss_mib": round(peak_rss_mib(), 1),
                      "rss_before_run_mib": round(baseline, 1)}))


if __name__ == "__main__":
    main()
