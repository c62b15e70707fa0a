"""Which device and precision the models run on, and a description the UI can show."""

from __future__ import annotations

import contextlib
import dataclasses

import torch

from .. import limits
from ..limits import templated
from . import (
    CPU_LINE,
    CUDA_LINE,
    DEVICES,
    MPS_LINE,
    PRECISIONS,
    SAM_STAGES,
    STAGES,
    cpu_features,
    formats_text,
)

_DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16}


class DeviceError(RuntimeError):
    """The requested device or precision cannot be used here."""


@dataclasses.dataclass(frozen=True)
class DeviceChoice:
    device: torch.device
    autocast_dtype: torch.dtype | None  # None: full fp32
    description: str
    sam_encoder_dtype: torch.dtype | None = None  # on a CPU: bf16 weights for SAM's image encoder
    asked: str = "auto"  # the precision the run asked for
    exact_stage_times: bool = False  # wait for the device at the end of each timed stage (benchmarks)

    def stage_done(self) -> None:
        """Where stage times must be exact, wait until the device has done what was queued; otherwise
        nothing (a GPU then runs ahead, and a stage's time is the time to queue its work)."""
        if self.exact_stage_times and self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    @property
    def precision(self) -> str:
        """The autocast format (CLIP and text): fp32, fp16 or bf16."""
        return _format(self.autocast_dtype)

    @property
    def stage_formats(self) -> dict[str, str]:
        """The number format of each stage (STAGES): SAM's mask decoder always runs in fp32."""
        encoder = _format(self.sam_encoder_dtype or self.autocast_dtype)
        return dict(zip(STAGES, (encoder, "fp32", self.precision, self.precision)))

    def tags(self, with_sam: bool = True) -> dict[str, str]:
        """The output's metadata: the device line and each stage's format, of the stages that ran (SAM's
        only where SAM ran), with the precision asked, so results of other formats can be told apart."""
        formats = {stage: name for stage, name in self.stage_formats.items()
                   if with_sam or stage not in SAM_STAGES}
        stages = ", ".join(f"{stage} {name}" for stage, name in formats.items())
        return {"RESEG_DEVICE": describe(self.device, formats),
                "RESEG_PRECISION": f"{stages} (asked: {self.asked})"}

    def shown(self) -> dict:
        """What a front end needs to say the device line in its language: each stage's format, and the
        line's template and values (the worker's device reply, the environment's check)."""
        template, values = device_line(self.device, self.stage_formats)
        return {"formats": self.stage_formats, "line": {"template": template, "values": values}}

    def autocast(self):
        """Mixed precision on GPUs, a no-op on fp32."""
        if self.autocast_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.autocast_dtype)


def _format(dtype: torch.dtype | None) -> str:
    return next((name for name, known in _DTYPES.items() if known == dtype), "fp32")


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


def device_line(device: torch.device, formats: dict[str, str]) -> tuple[str, dict]:
    """The device line's template (CPU_LINE, CUDA_LINE, MPS_LINE) and values: the device, and the number
    format of each stage where they differ."""
    values = {"formats": formats_text(formats)}
    if device.type == "cuda":
        memory = torch.cuda.get_device_properties(device).total_memory / 2**30
        return CUDA_LINE, {"name": torch.cuda.get_device_name(device), "memory": f"{memory:.0f}",
                           "cuda": str(torch.version.cuda), **values}
    if device.type == "mps":
        return MPS_LINE, values
    return CPU_LINE, {"threads": torch.get_num_threads(), **values}


def describe(device: torch.device, formats: dict[str, str]) -> str:
    template, values = device_line(device, formats)
    return template.format(**values)


def choose_device(requested: str = "auto", precision: str = "auto") -> DeviceChoice:
    """Resolve ``auto`` (CUDA, then MPS, then CPU) or check a forced device."""
    device = _resolve_device(requested)
    dtype = _resolve_precision(device, precision)
    # On a CPU, "auto" is fp32 but for SAM's image encoder, which is 2.5x faster in bf16 where the CPU
    # has native bf16 (its features keep a cosine of 0.9999 to fp32's). CLIP stays fp32: slower in bf16.
    cpu_auto = device.type == "cpu" and precision == "auto"
    encoder = torch.bfloat16 if cpu_auto and cpu_features.has_native_bf16() else None
    choice = DeviceChoice(device, dtype, "", encoder, precision)
    return dataclasses.replace(choice, description=describe(device, choice.stage_formats))
