"""How fast this CPU multiplies each stage's matrices in fp32 and in bf16, and the format each stage runs in.

A CPU with AMX multiplies bf16 5-7x faster than fp32, one with AVX512-BF16 about 2.5x, and one without
either about 500x slower. The rates are measured once (0.7-1.1 s on a 2-core Zen 4; a slow format costs
a few of its smallest products), on each stage's
typical matrix shape, and kept per CPU model, torch version and thread count in the model cache
(``format-speeds.json``).
``$RESEG_FORMAT_SPEEDS`` names a JSON file of rates to use instead of measuring: the tests give each CPU
kind that way, and a benchmark shares one measurement between its processes.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
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
# Stages that stay fp32 whatever the CPU, as the accuracy guard found them (README, "Number formats on a
# CPU"): none. On full-size random weights each keeps a cosine of 0.99992 or more to fp32 (SAM encoder
# 0.99992, decoder 0.99993 with 99.73 % of mask pixels on the same side, CLIP 0.99995, text 0.99994), and
# the whole of balanced 99.50 % of fp32's labels, fast 99.32 % (target: 0.999 and 99 %).
FP32_ONLY: frozenset[str] = frozenset()
_FIRST_ROWS = 4
_CALL_SECONDS = 0.04  # a shape grows until one product takes this long, so a slow format costs little
_REPEAT_BELOW = 0.08  # products shorter than this are timed best of three

Rates = dict[str, dict[str, float]]  # stage: {format: GFLOP/s}


def _timed(a: torch.Tensor, b: torch.Tensor) -> float:
    started = time.perf_counter()
    F.linear(a, b)
    return time.perf_counter() - started


def _rate(shape: tuple[int, int, int], dtype: torch.dtype) -> float:
    """GFLOP/s of ``shape``'s product: its rows grow from _FIRST_ROWS until one product takes long enough
    to time, or the shape is whole. A format 500x slower than fp32 then costs four of its smallest
    products (one sets up its kernels), about 0.25 s a stage."""
    rows, inputs, outputs = shape
    weights = torch.randn(outputs, inputs).to(dtype)
    done = min(rows, _FIRST_ROWS)
    _timed(torch.randn(done, inputs).to(dtype), weights)  # the first product of a format sets it up
    while True:
        inputs_now = torch.randn(done, inputs).to(dtype)
        seconds = _timed(inputs_now, weights)
        if seconds >= _CALL_SECONDS or done >= rows:
            if seconds < _REPEAT_BELOW:
                seconds = min(seconds, _timed(inputs_now, weights), _timed(inputs_now, weights))
            return 2 * done * inputs * outputs / seconds / 1e9
        done = min(rows, done * 4)


def measure() -> Rates:
    """Each stage's rate in each format on this machine, in GFLOP/s."""
    dtypes = {"fp32": torch.float32, "bf16": torch.bfloat16}
    with torch.no_grad():
        return {stage: {name: float(f"{_rate(shape, dtypes[name]):.4g}") for name in FORMATS}
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
        _keep(path, key, rates)
    return rates


def _keep(path: Path, key: str, rates: Rates) -> None:
    """Add ``rates`` to the file, merged with what other processes kept there meanwhile, replaced at once."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump({**_read(path), key: rates}, stream, indent=1)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            Path(temporary).unlink(missing_ok=True)


def faster_formats(rates: Rates, fp32_only: frozenset[str] = FP32_ONLY) -> dict[str, str]:
    """Each stage's format on a CPU with 'auto': bf16 where it multiplies BF16_MARGIN times faster than
    fp32 and the stage is not held to fp32 (``fp32_only``), else fp32."""
    return {stage: "bf16" if stage not in fp32_only
            and rates[stage]["bf16"] >= BF16_MARGIN * rates[stage]["fp32"] else "fp32" for stage in STAGES}
