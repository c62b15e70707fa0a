"""How fast this CPU multiplies each stage's matrices in fp32 and in bf16, and the format each stage runs in.

A CPU with AMX multiplies bf16 5-7x faster than fp32, one with AVX512-BF16 about 2.5x, and one without
either about 500x slower. The rates are measured once (about a second), on each stage's typical matrix
shape, and kept per CPU model, torch version and thread count in the model cache (``format-speeds.json``).
``$RESEG_FORMAT_SPEEDS`` names a JSON file of rates to use instead of measuring: the tests give each CPU
kind that way, and a benchmark shares one measurement between its processes.
"""

from __future__ import annotations

import functools
import json
import os
import time
from pathlib import Path

import torch
import torch.nn.functional as F

from . import STAGES, cpu_features
from .cpu_features import SPEEDS_VARIABLE

SPEEDS_FILE = "format-speeds.json"
FORMATS = ("fp32", "bf16")
# Each stage's typical linear layer (rows, inputs, outputs): SAM ViT-B's MLP on a 1024² pass, the mask
# decoder's image-side projection, CLIP ViT-B/16's MLP on a batch of 8 windows, the text tower's MLP.
SHAPES = dict(zip(STAGES, ((4096, 768, 3072), (4096, 256, 128), (1576, 768, 3072), (1280, 512, 2048))))
# bf16 runs a stage only where its matrices multiply this much faster: the rest of a stage (norms,
# softmax, conversions) gains less, and a margin keeps the choice steady from one measurement to the next.
BF16_MARGIN = 1.25
# Stages that stay fp32 whatever the CPU, as the accuracy guard found them (README, "Number formats"):
# none; each keeps a feature cosine of 0.9999 or more to fp32 on full-size random weights.
FP32_ONLY: frozenset[str] = frozenset()
_CALL_SECONDS = 0.02  # a shape grows until one product takes this long, so a slow format costs little
_REPEATS = 3

Rates = dict[str, dict[str, float]]  # stage: {format: GFLOP/s}


def _seconds(rows: int, inputs: int, outputs: int, dtype: torch.dtype) -> float:
    a, b = torch.randn(rows, inputs).to(dtype), torch.randn(outputs, inputs).to(dtype)
    best = float("inf")
    for _ in range(_REPEATS):
        started = time.perf_counter()
        F.linear(a, b)
        best = min(best, time.perf_counter() - started)
    return best


def _rate(shape: tuple[int, int, int], dtype: torch.dtype) -> float:
    """GFLOP/s of ``shape``'s product: its rows grow from 16 until one product takes long enough to time,
    or the shape is whole (a format 500x slower than fp32 then costs a fraction of a second)."""
    rows, inputs, outputs = shape
    done = 16
    while True:
        seconds = _seconds(done, inputs, outputs, dtype)
        if seconds >= _CALL_SECONDS or done >= rows:
            return 2 * done * inputs * outputs / seconds / 1e9
        done = min(rows, done * 4)


def measure() -> Rates:
    """Each stage's rate in each format on this machine, in GFLOP/s."""
    dtypes = {"fp32": torch.float32, "bf16": torch.bfloat16}
    with torch.no_grad():
        return {stage: {name: round(_rate(shape, dtypes[name]), 1) for name in FORMATS}
                for stage, shape in SHAPES.items()}


def machine_key() -> str:
    """What the rates depend on: the CPU model, torch's version and the number of threads."""
    return f"{cpu_features.cpu_model()} | torch {torch.__version__} | {torch.get_num_threads()} threads"


def _valid(rates) -> bool:
    return isinstance(rates, dict) and all(
        isinstance(rates.get(stage), dict) and all(
            isinstance(rates[stage].get(name), (int, float)) and rates[stage][name] > 0 for name in FORMATS)
        for stage in STAGES)


def _read(path: Path) -> dict:
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


@functools.cache
def _measured_here(key: str) -> Rates:
    return measure()


def measured(folder: str | Path | None = None) -> Rates:
    """This machine's rates: $RESEG_FORMAT_SPEEDS's, else those kept in ``folder`` (the model cache) for
    this CPU, torch and thread count, else measured now and kept there. A file that cannot be read or
    written is measured past, never an error."""
    given = os.environ.get(SPEEDS_VARIABLE)
    if given:
        rates = _read(Path(given))
        if _valid(rates):
            return rates
    key = machine_key()
    path = Path(folder) / SPEEDS_FILE if folder else None
    kept = _read(path) if path else {}
    if _valid(kept.get(key)):
        return kept[key]
    rates = _measured_here(key)
    if path:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_text(json.dumps({**kept, key: rates}, indent=1), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass
    return rates


def faster_formats(rates: Rates, fp32_only: frozenset[str] = FP32_ONLY) -> dict[str, str]:
    """Each stage's format on a CPU with 'auto': bf16 where it multiplies BF16_MARGIN times faster than
    fp32 and the stage is not held to fp32 (``fp32_only``), else fp32."""
    return {stage: "bf16" if stage not in fp32_only
            and rates[stage]["bf16"] >= BF16_MARGIN * rates[stage]["fp32"] else "fp32" for stage in STAGES}
