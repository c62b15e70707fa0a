"""One run on a Dask LocalCluster, or in this process: ``python -m bench.cluster RASTER --workers N``.

``--segmenter fake`` (the test helpers' pixel function) or a preset (full-size random models).
Models are built on every worker before the clock starts. Prints one JSON object: seconds, tasks,
megapixels, and the peak RSS of the client and of the largest worker (MiB).
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


def factory_for(name: str, device: str, precision: str):
    if name == "fake":
        from tests.helpers.fake_segmenter import PixelFunctionFactory

        return PixelFunctionFactory(224)
    from bench.random_models import RandomSegmenterFactory

    return RandomSegmenterFactory(name, device, precision)


def warm_up(factory) -> None:
    from reseg_qgis.engine.cluster.worker_tasks import use_worker_threads

    use_worker_threads()
    factory()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("raster")
    parser.add_argument("--segmenter", default="fake")
    parser.add_argument("--workers", type=int, default=0, help="0: in this process")
    parser.add_argument("--band-rows", type=int, default=4096)
    parser.add_argument("--classes", default="water; tree, forest; building; road; grass; bare soil")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--precision", default="auto")
    args = parser.parse_args()

    from reseg_qgis.engine.raster.pipeline import segment_raster

    factory = factory_for(args.segmenter, args.device, args.precision)
    with tempfile.TemporaryDirectory() as folder:
        output = str(Path(folder) / "out.tif")
        if args.workers == 0:
            segmenter = factory()
            started = time.perf_counter()
            result = segment_raster(args.raster, output, segmenter, args.classes)
            seconds, workers_mib, tasks = time.perf_counter() - started, None, 1
        else:
            from reseg_qgis.engine.cluster.connection import connected
            from reseg_qgis.engine.cluster.runs import segment_on_cluster
            from reseg_qgis.engine.session import RunEvents, SegmentRequest

            class Tasks(RunEvents):
                count = 0

                def stage(self, stage, done, total, percent) -> None:
                    if stage == "panels":
                        Tasks.count = total

            with connected(f"local:{args.workers}") as client:
                client.run(warm_up, factory)  # every worker builds its models first
                started = time.perf_counter()
                result = segment_on_cluster(
                    SegmentRequest(input=args.raster, output=output, classes=args.classes), client, Tasks(),
                    factory=factory, band_rows=args.band_rows)
                seconds = time.perf_counter() - started
                workers_mib = max(client.run(peak_rss_mib).values())
                tasks = Tasks.count
    print(json.dumps({"megapixels": round(result.width * result.height / 1e6, 2), "windows": result.windows,
                      "tasks": tasks,
                      "seconds": round(seconds, 2), "peak_rss_mib": round(peak_rss_mib(), 1),
                      "worker_peak_rss_mib": None if workers_mib is None else round(workers_mib, 1)}))


if __name__ == "__main__":
    main()
