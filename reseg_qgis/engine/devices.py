"""Which device and precision the models run on, and a description the UI can show."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import torch

from . import limits
from .limits import templated

DEVICES = ("auto", "cuda", "mps", "cpu")
PRECISIONS = ("auto", "fp32", "fp16", "bf16")
_DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16}


class DeviceError(RuntimeError):
    """The requested device or precision cannot be used here."""


def cpu_has_fast_bf16(cpuinfo: str = "/proc/cpuinfo") -> bool:
    """The CPU multiplies bf16 matrices natively (AVX512-BF16 or AMX), so bf16 beats fp32 there.
    Known on Linux; elsewhere False (fp32)."""
    try:
        with open(cpuinfo, encoding="ascii", errors="replace") as stream:
            for line in stream:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return bool(flags & {"avx512_bf16", "amx_bf16"})
    except OSError:
        pass
    return False


@dataclass(frozen=True)
class DeviceChoice:
    device: torch.device
    autocast_dtype: torch.dtype | None  # None: full fp32
    description: str
    sam_encoder_dtype: torch.dtype | None = None  # on a CPU: bf16 weights for SAM's image encoder

    @property
    def precision(self) -> str:
        for name, dtype in _DTYPES.items():
            if dtype == self.autocast_dtype:
                return name
        return "fp32"

    def autocast(self):
        """Mixed precision on GPUs, a no-op on fp32."""
        if self.autocast_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.autocast_dtype)


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def _resolve_device(requested: str) -> torch.device:
    if requested not in DEVICES and not requested.startswith("cuda:"):
        raise templated(DeviceError, limits.UNKNOWN_DEVICE, value=requested, choices=", ".join(DEVICES))
    if requested == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if requested.startswith("cuda"):
        if not torch.cuda.is_available():
            if torch.version.cuda:
                raise templated(DeviceError, limits.NO_CUDA, torch=str(torch.__version__),
                                cuda=str(torch.version.cuda))
            raise templated(DeviceError, limits.NO_CUDA_BUILD, torch=str(torch.__version__))
        return torch.device(requested if ":" in requested else f"cuda:{torch.cuda.current_device()}")
    if requested == "mps" and not _mps_available():
        raise templated(DeviceError, limits.NO_MPS)
    return torch.device(requested)


def _resolve_precision(device: torch.device, requested: str) -> torch.dtype | None:
    if requested not in PRECISIONS:
        raise templated(DeviceError, limits.UNKNOWN_PRECISION, value=requested, choices=", ".join(PRECISIONS))
    if requested == "auto":
        if device.type == "cuda":
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float16 if device.type == "mps" else None
    if requested != "fp32" and device.type == "cpu":
        raise templated(DeviceError, limits.GPU_ONLY, value=requested)
    return _DTYPES.get(requested)


def describe(device: torch.device, dtype: torch.dtype | None,
             sam_encoder_dtype: torch.dtype | None = None) -> str:
    precision = {torch.float16: "fp16", torch.bfloat16: "bf16"}.get(dtype, "fp32")
    if sam_encoder_dtype is not None:
        precision += ", SAM encoder bf16"
    if device.type == "cuda":
        name = torch.cuda.get_device_name(device)
        memory = torch.cuda.get_device_properties(device).total_memory / 2**30
        return f"GPU: {name}, {memory:.0f} GiB (CUDA {torch.version.cuda}, {precision})"
    if device.type == "mps":
        return f"GPU: Apple MPS ({precision})"
    return f"CPU: {torch.get_num_threads()} threads ({precision})"


def choose_device(requested: str = "auto", precision: str = "auto") -> DeviceChoice:
    """Resolve ``auto`` (CUDA, then MPS, then CPU) or check a forced device."""
    device = _resolve_device(requested)
    dtype = _resolve_precision(device, precision)
    # On a CPU, "auto" is fp32 but for SAM's image encoder, which is 2.5x faster in bf16 where the CPU
    # has native bf16 (its features keep a cosine of 0.9999 to fp32's). CLIP stays fp32: slower in bf16.
    cpu_auto = device.type == "cpu" and precision == "auto"
    encoder = torch.bfloat16 if cpu_auto and cpu_has_fast_bf16() else None
    return DeviceChoice(device, dtype, describe(device, dtype, encoder), encoder)
