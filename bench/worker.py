"""The worker's costs: creating the environment, starting the worker, and the per-run overhead of a
run through the worker against the same run in-process.

- Environment: the plugin's installer from scratch into a temporary data folder, with uv and an empty
  uv cache (everything downloaded but the local torch wheel, where this machine has one), then again
  with the cache warm (a repair).
- Start: seconds to the worker's ``ready`` and to its first answer that needs torch, in the new
  environment (first start: Python compiles the libraries' bytecode) and again.
- Overhead: the ``fast`` preset on a crop, with a full-size ViT-B/16 of random weights added to a
  model cache as the user's own; each run on a new extent, so none reuses features, in-process and
  through the worker back to back. The first pair loads the model; the later ones are compared.

``python -m bench.worker [--skip-install]`` prints the figures as JSON (``make bench`` runs it as the
``worker`` suite).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.rasters import real_sample  # noqa: E402
from reseg_qgis.runtime import locations  # noqa: E402
from reseg_qgis.runtime.installer import Installer, InstallOptions  # noqa: E402
from reseg_qgis.runtime.worker_client import WorkerClient, engine_command, engine_environment  # noqa: E402

LOCAL_WHEELS = Path("/opt/wheels")
CROP = 448
RUNS = 4  # crops in a 2 x 2 grid; the first run loads the model


def folder_size_mib(folder: Path) -> float:
    total = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())
    return round(total / 2**20, 1)


def environment_figures(root: Path) -> tuple[dict, Path]:
    os.environ["UV_CACHE_DIR"] = str(root / "uv-cache")  # empty: a first install downloads everything
    options = InstallOptions(wheel_folder=str(LOCAL_WHEELS) if LOCAL_WHEELS.is_dir() else "")
    figures = {}
    for label in ("cold", "warm"):
        started = time.perf_counter()
        Installer(options, root=root, log=lambda line: None).run()
        figures[f"install_{label}_s"] = round(time.perf_counter() - started, 1)
    environment = locations.environment_dir(root)
    figures["environment_mib"] = folder_size_mib(environment)
    return figures, locations.python_in(environment)


def start_figures(python: Path) -> dict:
    figures = {}
    for label in ("first", "again"):
        client = WorkerClient(engine_command(python, "worker"), engine_environment())
        started = time.perf_counter()
        client.request("status")
        figures[f"start_{label}_ready_s"] = round(time.perf_counter() - started, 2)
        client.request("device", {"device": "cpu"})
        figures[f"start_{label}_torch_s"] = round(time.perf_counter() - started, 2)
        client.stop()
    return figures


def random_vit_cache(folder: Path) -> Path:
    """A model cache with a full-size ViT-B/16 of random weights, added as the user's own."""
    import torch

    from reseg_qgis.engine.models.clip_models import build_clip
    from reseg_qgis.engine.weights.store import ModelStore

    torch.manual_seed(0)
    checkpoint = folder / "random-vit-b-16.pt"
    torch.save(build_clip("ViT-B-16").state_dict(), checkpoint)
    ModelStore(folder / "cache").add_custom("random-vit-b-16", "clip", "ViT-B-16", checkpoint)
    checkpoint.unlink()
    return folder / "cache"


def requests(raster: Path, cache: Path, output: Path) -> list[dict]:
    import rasterio

    with rasterio.open(raster) as dataset:
        left, top = dataset.transform @ (0, 0)
        size = dataset.transform.a * CROP
    return [{"input": str(raster), "output": str(output / f"run{index}.tif"),
             "classes": "water; tree; building", "preset": "fast", "clip": "random-vit-b-16",
             "device": "cpu", "cache_dir": str(cache),
             "extent": [left + column * size, top - (row + 1) * size, left + (column + 1) * size,
                        top - row * size]}
            for index, (row, column) in enumerate((index // 2, index % 2) for index in range(RUNS))]


def overhead_figures(python: Path, folder: Path) -> dict:
    from reseg_qgis.engine.session import EngineSession, SegmentRequest
    from reseg_qgis.engine.weights.store import ModelStore

    cache = random_vit_cache(folder)
    runs = requests(real_sample(), cache, folder)
    in_process, through_worker, pipeline_in, pipeline_worker = [], [], [], []
    session = EngineSession(ModelStore(cache))
    client = WorkerClient(engine_command(python, "worker"), engine_environment())
    client.request("status")  # started: the start is measured on its own
    for values in runs:  # A/B pairs, back to back, so drift on a shared machine hits both alike
        started = time.perf_counter()
        request = SegmentRequest.from_mapping({k: v for k, v in values.items() if k != "cache_dir"})
        pipeline_in.append(session.segment(request).seconds)
        in_process.append(time.perf_counter() - started)
        started = time.perf_counter()
        output = values["output"].replace(".tif", ".worker.tif")
        pipeline_worker.append(client.request("segment", {**values, "output": output})["seconds"])
        through_worker.append(time.perf_counter() - started)
    client.stop()
    warm_in, warm_worker = statistics.median(in_process[1:]), statistics.median(through_worker[1:])
    # The pipeline's own time in each process: the rest of a run is the request's way there and back.
    transport = statistics.median(w - p for w, p in zip(through_worker[1:], pipeline_worker[1:]))
    return {"crop_px": CROP, "runs": RUNS, "first_run_in_process_s": round(in_process[0], 2),
            "first_run_worker_s": round(through_worker[0], 2), "run_in_process_s": round(warm_in, 3),
            "run_worker_s": round(warm_worker, 3), "overhead_s": round(warm_worker - warm_in, 3),
            "overhead_percent": round(100 * (warm_worker - warm_in) / warm_in, 1),
            "pipeline_in_process_s": round(statistics.median(pipeline_in[1:]), 3),
            "pipeline_worker_s": round(statistics.median(pipeline_worker[1:]), 3),
            "outside_pipeline_worker_s": round(transport, 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-install", action="store_true",
                        help="measure start and overhead with this Python, not a new environment")
    args = parser.parse_args()
    figures: dict = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        python = Path(sys.executable)
        if not args.skip_install:
            installed, python = environment_figures(folder / "data")
            figures.update(installed)
        figures.update(start_figures(python))
        figures.update(overhead_figures(python, folder))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())

