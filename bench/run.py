"""``make bench``: speed and memory figures, written to bench/results.json and shown as a table.

Every case runs in a fresh process, so peak memory is the case's own. Models are full-size with
random weights (speed does not depend on the weights). Suites:

- ``presets``: each preset end to end on a real raster (a central crop): seconds per megapixel, the
  stage breakdown, the share of time in model forward passes, SAM encoder passes beside the reference
  code's for the same windows, and re-prompting (a changed class list reusing the cached image
  features). ``balanced`` also runs with SAM on every window, to compare the two SAM contexts, and as
  the code ran in November 2026 (``balanced-2026-11``): its ``speedup_vs_reference`` and the share of
  pixels whose class is the same (``label_agreement_vs_reference``). ``fast`` and ``balanced`` also run
  in fp32 as the code did before each stage chose its number format (``fast-fp32``, ``balanced-fp32``):
  ``speedup_vs_fp32`` and ``label_agreement_vs_fp32``, the accuracy guard of 'auto'. SAM's masks are
  realistic (tests/helpers/sam_masks.py), so their post-processing counts.
- ``formats``: each stage in fp32 and in bf16 as the engine runs it, A/B in one process: seconds, speed-up
  and the cosine of bf16's output to fp32's (bench/formats.py).
- ``host-work``: what would keep a GPU idle, counted on any machine: each time the host waits for the
  device (a copy, a scalar, a data-dependent shape) per output strip, and the share of a run's time
  outside torch's operators (bench/host_work.py).
- ``levers``: each speed lever alone, A/B in one process, with its numerical effect (bench/levers.py).
- ``memory``: peak RSS of whole-raster runs with the fake segmenter on 1, 25 and 100 megapixels,
  and with the real segmenter (balanced preset) on the smallest.
- ``products``: what is made after the classified raster, each step alone on a synthetic classified
  raster of 10 and 100 megapixels (blobs of many sizes): area statistics, the sieve (16 px minimum
  mapping unit), polygons into a GeoPackage, and a COG; seconds, peak RSS and its growth with the size.
- ``evaluation``: the confusion matrix of two classified rasters of 10 and 100 megapixels (seconds, peak
  RSS), and the HTML report of 20 and 255 classes (its plot once grew with the classes).
- ``worker``: creating the engine's environment with the plugin's installer, starting the worker,
  and the per-run overhead of a run through the worker against the same run in-process.
- ``cluster``: a raster on a Dask LocalCluster of 1 and 2 worker processes against one process, with
  the fake segmenter (16 MP) and with ``fast`` (4 MP): seconds, speed-ups, peak RSS per worker.

``python -m bench.run --suites memory --megapixels 1,25`` (or ``--suites products
--product-megapixels 10``) runs a part; ``--device cuda`` measures a GPU.
Model runs use the malloc settings of the command line (see reseg_qgis/engine/malloc_tuning.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.rasters import classified, real_sample, side_by_side, synthetic  # noqa: E402
from reseg_qgis.engine.hardware import cpu_features  # noqa: E402
from reseg_qgis.engine.hardware.cpu_features import SPEEDS_VARIABLE  # noqa: E402
from reseg_qgis.engine.hardware.format_speeds import faster_formats, measured  # noqa: E402
from reseg_qgis.engine.malloc_tuning import MALLOC_TUNING  # noqa: E402

# Crop sides per case on a CPU: quality runs SAM ViT-H five times per window, so one window.
CPU_CROPS = {"fast": 1000, "balanced": 1000, "balanced-2026-11": 1000, "fast-fp32": 1000,
             "balanced-fp32": 1000, "balanced, SAM per window": 224,
             "balanced, overlap 1/4": 1000, "balanced, one SAM context": 1000, "quality": 112}
GPU_CROPS = {**CPU_CROPS, "balanced, SAM per window": 448, "quality": 448}
HOST_WORK_CROPS = {"fast": 448, "balanced": 448}
# Beside balanced's large SAM context: SAM on every CLIP window, as the reference does.
CONTEXT_COMPARISON = {"balanced": ("balanced, SAM per window", ["--sam-context", "window"])}
# Each preset beside the same preset as the code ran in November 2026, for the speed-ups of issue 13.
REFERENCE_CASES = {"balanced": ("balanced-2026-11", ["--reference"])}
# Each preset beside itself in fp32 as before per-stage formats (issue 30): speed-up and label agreement.
FP32_CASES = {"fast": ("fast-fp32", ["--fp32-reference"]),
              "balanced": ("balanced-fp32", ["--fp32-reference"])}
# Settings that change the output, so options and not defaults: speed and labels beside the preset's.
OPTION_CASES = {"balanced": [("balanced, overlap 1/4", ["--overlap", "56"]),
                             ("balanced, one SAM context", ["--sam-context", "1120"])]}


def shared_rates(folder: Path) -> dict:
    """This machine's matrix rates per stage and format, measured once here; every case then chooses its
    formats from the same figures ($RESEG_FORMAT_SPEEDS), so one noisy measurement cannot split them."""
    rates = measured()  # $RESEG_FORMAT_SPEEDS's where it is set
    if not os.environ.get(SPEEDS_VARIABLE):
        path = folder / "format-rates.json"
        path.write_text(json.dumps(rates))
        os.environ[SPEEDS_VARIABLE] = str(path)
    return rates


def run_case(module: str, *args: str, timeout: float = 7200, tuned: bool = False) -> dict:
    command = [sys.executable, "-m", module, *args]
    env = {**os.environ, **MALLOC_TUNING} if tuned else None
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def presets_suite(args, folder: Path) -> list[dict]:
    raster = real_sample()
    crops = GPU_CROPS if args.device.startswith("cuda") else CPU_CROPS
    cases = [(preset, preset, []) for preset in args.presets]
    for beside in (CONTEXT_COMPARISON, REFERENCE_CASES, FP32_CASES):
        cases += [(name, preset, extra) for preset, (name, extra) in beside.items() if preset in args.presets]
    if args.options:
        cases += [(name, preset, extra) for preset, options in OPTION_CASES.items() if preset in args.presets
                  for name, extra in options]
    rows = {}
    for case, preset, extra in cases:
        labels = folder / f"labels-{len(rows)}.tif"
        figures = run_case("bench.preset", preset, str(raster), "--size", str(crops[case]), "--device",
                           args.device, "--precision", args.precision, "--keep-labels", str(labels), *extra,
                           tuned=True)
        stages = figures.pop("stages")
        rows[case] = {"suite": "presets", "case": case, **figures, "labels": str(labels),
                      **{f"stage_{name}_s": seconds for name, seconds in stages.items()}}
        print(f"  {case}: {figures['seconds_per_megapixel']} s/MP, model share {figures['model_share']}, "
              f"re-prompt {figures['reprompt_speedup']}x faster", file=sys.stderr)
    for preset, (reference, _) in REFERENCE_CASES.items():
        if preset in rows and reference in rows:
            new, old = rows[preset], rows[reference]
            new["speedup_vs_reference"] = round(old["seconds"] / new["seconds"], 2)
            new["label_agreement_vs_reference"] = round(agreement(new["labels"], old["labels"]), 5)
            old["speedup_vs_reference"] = 1.0
            print(f"  {preset}: {new['speedup_vs_reference']}x faster than {reference}, labels "
                  f"{100 * new['label_agreement_vs_reference']:.3f} % the same", file=sys.stderr)
    for preset, (fp32, _) in FP32_CASES.items():
        if preset in rows and fp32 in rows:
            new, old = rows[preset], rows[fp32]
            new["speedup_vs_fp32"] = round(old["seconds"] / new["seconds"], 2)
            new["label_agreement_vs_fp32"] = round(agreement(new["labels"], old["labels"]), 5)
            print(f"  {preset}: {new['speedup_vs_fp32']}x faster than {fp32}, labels "
                  f"{100 * new['label_agreement_vs_fp32']:.3f} % the same", file=sys.stderr)
    for preset, options in OPTION_CASES.items():
        for name, _ in options if preset in rows else ():
            if name in rows:
                rows[name]["speedup_vs_preset"] = round(rows[preset]["seconds"] / rows[name]["seconds"], 2)
                rows[name]["label_agreement_vs_preset"] = round(agreement(rows[name]["labels"],
                                                                          rows[preset]["labels"]), 5)
    for row in rows.values():
        row.pop("labels")
    return list(rows.values())


def agreement(first: str, second: str) -> float:
    """The share of pixels with the same class in two classified rasters of one grid."""
    import numpy as np
    import rasterio

    with rasterio.open(first) as a, rasterio.open(second) as b:
        return float(np.mean(a.read(1) == b.read(1)))


def memory_suite(args, folder: Path) -> list[dict]:
    rows = []
    rasters = {mp: synthetic(folder / f"synthetic-{mp:g}mp.tif", mp) for mp in args.megapixels}
    for megapixels, raster in rasters.items():
        figures = run_case("bench.memory", str(raster))
        rows.append({"suite": "memory", "case": f"fake segmenter, {megapixels:g} MP", **figures})
        print(f"  memory {megapixels:g} MP: {figures['peak_rss_mib']} MiB peak, {figures['seconds']} s",
              file=sys.stderr)
    peaks = [row["peak_rss_mib"] for row in rows]
    if len(peaks) > 1:
        rows.append({"suite": "memory", "case": "fake segmenter: largest / smallest peak RSS",
                     "ratio": round(max(peaks) / min(peaks), 3)})
    smallest = min(rasters)
    figures = run_case("bench.memory", str(rasters[smallest]), "--real", "balanced", "--device", args.device,
                       "--precision", args.precision, tuned=True)
    rows.append({"suite": "memory", "case": f"real segmenter (balanced), {smallest:g} MP", **figures})
    print(f"  real {smallest:g} MP: {figures['peak_rss_mib']} MiB peak, {figures['seconds']} s",
          file=sys.stderr)
    return rows


def products_suite(args, folder: Path) -> list[dict]:
    rows = []
    for megapixels in args.product_megapixels:
        raster = classified(folder / f"classified-{megapixels:g}mp.tif", megapixels)
        for step in ("statistics", "sieve", "polygons", "cog"):
            figures = run_case("bench.products", str(raster), step)
            step_mib = figures["peak_rss_mib"] - figures["rss_before_mib"]
            rows.append({"suite": "products", "case": f"{step}, {megapixels:g} MP", "step": step, **figures,
                         "seconds_per_megapixel": round(figures["seconds"] / figures["megapixels"], 3),
                         "step_mib": round(step_mib, 1),
                         "step_mib_per_megapixel": round(step_mib / figures["megapixels"], 2),
                         "raster_mib": round(figures["megapixels"] * 1e6 / (1 << 20), 1)})
            print(f"  {step} {megapixels:g} MP: {figures['seconds']} s, {figures['peak_rss_mib']} MiB peak "
                  f"(+{step_mib:.1f}), {figures.get('polygons', '')}", file=sys.stderr)
    smallest = {}
    for row in rows:  # the step's memory against the same step on the smallest raster
        first = smallest.setdefault(row["step"], row)
        row["step_mib_vs_smallest"] = round(row["step_mib"] / max(first["step_mib"], 0.1), 2)
    return rows


def evaluation_suite(args, folder: Path) -> list[dict]:
    rows = []
    for megapixels in args.product_megapixels:
        prediction = classified(folder / f"classified-{megapixels:g}mp.tif", megapixels)
        labels = classified(folder / f"labels-{megapixels:g}mp.tif", megapixels, seed=1)
        figures = run_case("bench.evaluation", "matrix", str(prediction), str(labels))
        rows.append({"suite": "evaluation", "case": f"matrix, {megapixels:g} MP", **figures})
        print(f"  matrix {megapixels:g} MP: {figures['seconds']} s, {figures['peak_rss_mib']} MiB peak",
              file=sys.stderr)
    for classes in (20, 255):
        figures = run_case("bench.evaluation", "report", str(classes))
        rows.append({"suite": "evaluation", "case": f"report, {classes} classes", **figures})
        print(f"  report {classes} classes: {figures['seconds']} s, {figures['peak_rss_mib']} MiB peak",
              file=sys.stderr)
    return rows


def formats_suite(args, folder: Path) -> list[dict]:
    """Each stage in fp32 and in bf16 as the engine runs it (bench/formats.py)."""
    figures = run_case("bench.formats", tuned=True)
    rows = [{"suite": "formats", "case": row["stage"], **row, "auto": figures["auto"][row["stage"]],
             **{f"rate_{name}_gflops": figures["rates"][row["stage"]][name] for name in ("fp32", "bf16")}}
            for row in figures["stages"]]
    for row in rows:
        print(f"  {row['case']}: {row['speedup']}x in bf16, cosine {row['smallest_cosine']}", file=sys.stderr)
    return rows


def worker_suite(args, folder: Path) -> list[dict]:
    figures = run_case("bench.worker", timeout=3600, tuned=True)
    print(f"  environment {figures.get('install_cold_s')} s, worker start "
          f"{figures['start_again_torch_s']} s, overhead {figures['overhead_s']} s per run "
          f"({figures['overhead_percent']} %)", file=sys.stderr)
    return [{"suite": "worker", "case": f"fast, {figures['crop_px']} px crop", **figures}]


def cluster_suite(args, folder: Path) -> list[dict]:
    """Scaling on a Dask LocalCluster of 1 and 2 worker processes against the same run in one process:
    the fake segmenter (I/O and blending; 16 MP, two panels) and the fast preset on four copies of the
    real sample side by side (4 MP, two panels)."""
    cases = [("fake", synthetic(folder / "synthetic-16mp.tif", 16))]
    wide = side_by_side(real_sample(), folder / "sample-x4.tif", 4)
    cases += [(preset, wide) for preset in args.cluster_presets]
    rows = []
    for segmenter, raster in cases:
        extra = [] if segmenter == "fake" else ["--device", args.device, "--precision", args.precision]
        times = {}
        for workers in (0, 1, 2):
            figures = run_case("bench.cluster", str(raster), "--segmenter", segmenter, "--workers",
                               str(workers), *extra, tuned=True)
            times[workers] = figures["seconds"]
            where = "one process" if workers == 0 else f"local:{workers}"
            rows.append({"suite": "cluster", "case": f"{segmenter}, {where}", **figures,
                         "speedup_vs_one_process": round(times[0] / figures["seconds"], 2),
                         "speedup_vs_one_worker": round(times[1] / figures["seconds"], 2) if workers else ""})
            print(f"  {segmenter} {where}: {figures['seconds']} s, {figures['tasks']} tasks, worker peak "
                  f"{figures['worker_peak_rss_mib']} MiB", file=sys.stderr)
    return rows


def levers_suite(args, folder: Path) -> list[dict]:
    """Each speed lever of issue 13 alone, A/B in one process (bench/levers.py)."""
    figures = run_case("bench.levers", tuned=True)
    rows = [{"suite": "levers", "case": f"SAM encoder, {name}", **values}
            for name, values in figures["sam_encoder"].items()]
    decoder = figures["mask_decoder"]
    rows += [{"suite": "levers", "case": f"mask decoder (64 points), {name}", **decoder[name],
              "largest_relative_difference": decoder["largest_relative_difference"],
              "same_side_of_threshold": decoder["same_side_of_threshold"]}
             for name in ("reference", "shared_image")]
    rows += [{"suite": "levers", "case": f"mask generation, {name}", **figures["mask_generation"][name],
              "same_label_maps": figures["mask_generation"]["same_label_maps"]}
             for name in ("segment-anything", "lean")]
    for row in rows:
        print(f"  {row['case']}: {row['seconds']} s, {row['speedup']}x", file=sys.stderr)
    return rows


def host_work_suite(args, folder: Path) -> list[dict]:
    """How often the host waits for the device per output strip, and the share of time outside torch's
    operators: what would keep a GPU idle (bench/host_work.py)."""
    raster = real_sample()
    rows = []
    for preset in [name for name in args.presets if name in HOST_WORK_CROPS]:
        figures = run_case("bench.host_work", preset, str(raster), "--size", str(HOST_WORK_CROPS[preset]),
                           "--device", args.device, tuned=True)
        rows.append({"suite": "host work", "case": preset, **figures})
        print(f"  {preset}: {figures['device_waits_per_strip']} waits per strip, "
              f"{100 * figures['share_outside_torch_ops']:.1f} % outside torch's operators", file=sys.stderr)
    return rows


SUITES = {"levers": levers_suite, "formats": formats_suite, "presets": presets_suite,
          "host-work": host_work_suite,
          "memory": memory_suite, "products": products_suite, "evaluation": evaluation_suite,
          "worker": worker_suite,
          "cluster": cluster_suite}


TABLES = (
    ("presets", "Presets, end to end (random weights)",
     ("case", "sam_context", "megapixels", "windows", "seconds", "seconds_per_megapixel", "model_share",
      "sam_passes", "sam_passes_per_window", "reference_sam_passes", "sam_masks", "reprompt_seconds",
      "reprompt_speedup", "peak_rss_mib", "speedup_vs_reference", "label_agreement_vs_reference",
      "speedup_vs_fp32", "label_agreement_vs_fp32", "speedup_vs_preset", "label_agreement_vs_preset")),
    ("presets", "Stage breakdown (seconds)",
     ("case", "stage_sam_encoder_s", "stage_mask_generation_s", "stage_clip_encoder_s",
      "stage_text_encoder_s", "stage_similarity_s", "stage_stitching_and_io_s")),
    ("formats", "Each stage in fp32 and bf16 as the engine runs it (seconds, best of 3; rates in GFLOP/s)",
     ("case", "rate_fp32_gflops", "rate_bf16_gflops", "auto", "fp32_seconds", "bf16_seconds", "speedup",
      "smallest_cosine", "same_side_of_threshold")),
    ("host work", "What keeps a GPU waiting: the host's waits for the device, time outside torch's operators",
     ("case", "megapixels", "strips", "sam_masks", "device_waits", "device_waits_per_strip",
      "share_outside_torch_ops", "batch_size", "device_memory_peak_mib")),
    ("levers", "Speed levers alone, A/B in one process (seconds, best of 3)",
     ("case", "seconds", "speedup", "cosine_to_reference", "largest_relative_difference",
      "same_side_of_threshold", "same_label_maps")),
    ("memory", "Peak memory of whole-raster runs",
     ("case", "megapixels", "windows", "seconds", "peak_rss_mib", "ratio")),
    ("products", "Products of the classified raster, each step alone (step MiB: peak RSS over the RSS "
                 "before it; raster MiB: the classes uncompressed)",
     ("case", "megapixels", "seconds", "seconds_per_megapixel", "peak_rss_mib", "step_mib",
      "step_mib_per_megapixel", "raster_mib", "step_mib_vs_smallest", "polygons", "output_mib")),
    ("evaluation", "Evaluation: the confusion matrix block by block (best of 3), the HTML report",
     ("case", "megapixels", "classes", "seconds", "seconds_per_megapixel", "pixels", "report_mib",
      "peak_rss_mib")),
    ("worker", "The worker: environment, start, per-run overhead (seconds)",
     ("case", "install_cold_s", "install_warm_s", "environment_mib", "start_first_ready_s",
      "start_first_torch_s", "start_again_ready_s", "start_again_torch_s")),
    ("cluster", "Dask LocalCluster on this machine against one process (seconds; peak RSS in MiB)",
     ("case", "megapixels", "tasks", "windows", "seconds", "speedup_vs_one_process", "speedup_vs_one_worker",
      "peak_rss_mib", "worker_peak_rss_mib")),
    ("worker", "Runs in-process and through the worker (seconds)",
     ("case", "first_run_in_process_s", "first_run_worker_s", "run_in_process_s", "run_worker_s",
      "overhead_s", "overhead_percent", "pipeline_in_process_s", "pipeline_worker_s",
      "outside_pipeline_worker_s")),
)


def table(rows: list[dict], columns: tuple[str, ...]) -> str:
    cells = [[str(row.get(key, "")) for key in columns] for row in rows]
    widths = [max(len(key), *(len(line[i]) for line in cells)) for i, key in enumerate(columns)]
    lines = ["  ".join(key.ljust(width) for key, width in zip(columns, widths)),
             "  ".join("-" * width for width in widths)]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths)) for line in cells]
    return "\n".join(lines)


def render(rows: list[dict]) -> str:
    parts = []
    for suite, title, columns in TABLES:
        chosen = [row for row in rows if row["suite"] == suite]
        if chosen:
            parts.append(f"{title}\n{table(chosen, columns)}")
    return "\n\n".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default=",".join(SUITES), help="comma-separated: " + ", ".join(SUITES))
    parser.add_argument("--megapixels", default="1,25,100",
                        type=lambda text: [float(v) for v in text.split(",")])
    parser.add_argument("--product-megapixels", default="10,100",
                        type=lambda text: [float(v) for v in text.split(",")])
    parser.add_argument("--device", default="cpu", help="cpu or cuda (model suites)")
    parser.add_argument("--precision", default="auto", help="auto (bf16/fp16 on a GPU, fp32 on a CPU), "
                        "fp32, fp16 or bf16")
    parser.add_argument("--presets", default="fast,balanced,quality", type=lambda text: text.split(","))
    parser.add_argument("--options", action="store_true",
                        help="also settings that change the output (overlap, SAM context), beside the preset")
    parser.add_argument("--cluster-presets", default="fast", type=lambda text: text.split(","),
                        help="presets of the cluster suite, beside the fake segmenter")
    parser.add_argument("--work-dir", help="where generated rasters are kept (default: a temporary folder)")
    parser.add_argument("--output", default=str(REPO / "bench" / "results.json"))
    args = parser.parse_args()
    started = time.time()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.work_dir or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        rates = shared_rates(folder)
        rows = []
        for name in args.suites.split(","):
            print(f"{name}:", file=sys.stderr)
            rows += SUITES[name](args, folder)
    flags = cpu_features.cpu_flags()
    report = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                          "processor": cpu_features.cpu_model(),
                          "cpu_flags": [flag for flag in cpu_features.SPEED_FLAGS if flag in flags],
                          "format_rates_gflops": rates, "auto_formats": faster_formats(rates)},
              "device": args.device, "seconds": round(time.time() - started, 1), "results": rows}
    Path(args.output).write_text(json.dumps(report, indent=2))
    print(render(rows))
    formats = ", ".join(f"{stage} {name}" for stage, name in report["machine"]["auto_formats"].items())
    print(f"\n{report['machine']['processor']} ({', '.join(report['machine']['cpu_flags']) or 'no AVX2'}); "
          f"auto runs {formats}; written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
