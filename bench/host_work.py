"""What keeps a GPU waiting, measured on any machine: ``python -m bench.host_work PRESET RASTER``.

One preset over a central crop of a real raster, with full-size random models and realistic SAM masks
(tests/helpers/sam_masks.py), run twice in this process:

1. counting each time the host waits for the device (a copy to the host, a scalar read, an output
   whose shape depends on the data; tests/helpers/device_waits.py), per output strip;
2. under torch's profiler: the share of the run's time spent outside torch's operators (Python, numpy,
   GDAL), which a GPU cannot take over.

Prints one JSON object, with the CLIP batch size and, on a GPU, the device memory peak.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.preset import CLASSES, crop_extent  # noqa: E402
from bench.random_models import random_segmenter  # noqa: E402
from reseg_qgis.engine.raster.pipeline import RasterOptions, planned_run, segment_raster  # noqa: E402
from tests.helpers.device_waits import DeviceWaits  # noqa: E402
from tests.helpers.sam_masks import RealisticMasks  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("preset")
    parser.add_argument("raster")
    parser.add_argument("--size", type=int, default=448)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()
    segmenter = random_segmenter(args.preset, args.device)
    if segmenter.regions is not None:
        RealisticMasks(segmenter.regions.sam)
    options = RasterOptions(extent=crop_extent(args.raster, args.size))
    with planned_run(args.raster, segmenter, options) as (_, layout, panels):
        strips = len(layout.rows) * len(panels)
    with tempfile.TemporaryDirectory() as folder:
        with DeviceWaits() as waits:
            counted = segment_raster(args.raster, str(Path(folder) / "counted.tif"), segmenter, CLASSES,
                                     options)
        masks = segmenter.regions.stats.masks if segmenter.regions is not None else 0
        started = time.perf_counter()
        with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CPU]) as profile:
            segment_raster(args.raster, str(Path(folder) / "profiled.tif"), segmenter, CLASSES, options)
        seconds = time.perf_counter() - started
    in_operators = sum(event.self_cpu_time_total for event in profile.key_averages()) / 1e6
    print(json.dumps({
        "preset": args.preset, "device": segmenter.device.description,
        "megapixels": round(args.size ** 2 / 1e6, 3),
        "strips": strips, "sam_masks": masks, "device_waits": waits.total,
        "device_waits_per_strip": round(waits.total / strips, 1),
        "waits_by_kind": dict(waits.counts.most_common()),
        "profiled_seconds": round(seconds, 2),
        "share_outside_torch_ops": round(max(0.0, 1 - in_operators / seconds), 3),
        "batch_size": counted.batch_size, "device_memory_peak_mib": counted.device_memory_peak_mib,
    }))


if __name__ == "__main__":
    main()
