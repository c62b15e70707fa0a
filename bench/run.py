"""``make bench``: speed and memory figures, written to bench/results.json and shown as a table.

Every case runs in a fresh process, so peak memory is the case's own. Suites:

- ``memory``: peak RSS of whole-raster runs with the fake segmenter on 1, 25 and 100 megapixels.

``python -m bench.run --suites memory --megapixels 1,25`` runs a part.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.rasters import synthetic  # noqa: E402


def run_case(module: str, *args: str, timeout: float = 3600) -> dict:
    command = [sys.executable, "-m", module, *args]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def memory_suite(args, folder: Path) -> list[dict]:
    rows = []
    for megapixels in args.megapixels:
        raster = synthetic(folder / f"synthetic-{megapixels:g}mp.tif", megapixels)
        figures = run_case("bench.memory", str(raster))
        rows.append({"suite": "memory", "case": f"fake segmenter, {megapixels:g} MP", **figures})
        print(f"  memory {megapixels:g} MP: {figures['peak_rss_mib']} MiB peak, {figures['seconds']} s",
              file=sys.stderr)
    peaks = [row["peak_rss_mib"] for row in rows]
    if len(peaks) > 1:
        rows.append({"suite": "memory", "case": "largest / smallest peak RSS",
                     "ratio": round(max(peaks) / min(peaks), 3)})
    return rows


SUITES = {"memory": memory_suite}


def table(rows: list[dict]) -> str:
    keys = []
    for row in rows:
        keys += [key for key in row if key not in keys]
    widths = {key: max(len(key), *(len(str(row.get(key, ""))) for row in rows)) for key in keys}
    lines = ["  ".join(key.ljust(widths[key]) for key in keys),
             "  ".join("-" * widths[key] for key in keys)]
    lines += ["  ".join(str(row.get(key, "")).ljust(widths[key]) for key in keys) for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suites", default=",".join(SUITES), help="comma-separated: " + ", ".join(SUITES))
    parser.add_argument("--megapixels", default="1,25,100",
                        type=lambda text: [float(v) for v in text.split(",")])
    parser.add_argument("--device", default="cpu", help="cpu or cuda (model suites)")
    parser.add_argument("--work-dir", help="where generated rasters are kept (default: a temporary folder)")
    parser.add_argument("--output", default=str(REPO / "bench" / "results.json"))
    args = parser.parse_args()
    started = time.time()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(args.work_dir or temporary)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for name in args.suites.split(","):
            print(f"{name}:", file=sys.stderr)
            rows += SUITES[name](args, folder)
    report = {"machine": {"platform": platform.platform(), "python": platform.python_version(),
                          "processor": platform.processor() or platform.machine()},
              "device": args.device, "seconds": round(time.time() - started, 1), "results": rows}
    Path(args.output).write_text(json.dumps(report, indent=2))
    print(table(rows))
    print(f"\nwritten to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
