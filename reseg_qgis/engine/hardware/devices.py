"""Which device and precision the models run on, and a description the UI can show."""

from __future__ import annotations

import contextlib
import dataclasses
from pathlib import Path

import torch

from .. import limits
from ..translatable import ResegError
from . import (
    CPU_LINE,
    CUDA_LINE,
    DEVICES,
    MPS_LINE,
    PRECISIONS,
    SAM_STAGES,
    STAGES,
    format_speeds,
    formats_text,
)

_DTYPES = {"fp16": torch.float16, "bf16": torch.bfloat16}
SAM_ENCODER, MASK_DECODER, CLIP, TEXT = STAGES


class DeviceError(ResegError):
    """The requested device or precision cannot be used here."""


@dataclasses.dataclass(frozen=True)
class DeviceChoice:
    device: torch.device
    formats: tuple[str, ...]  # each stage's number format, in STAGES' order: fp32, fp16 or bf16
    description: str = ""
    asked: str = "auto"  # the precision the run asked for
    exact_stage_times: bool = False  # wait for the device at the end of each timed stage (benchmarks)

    def stage_done(self) -> None:
        """Where stage times must be exact, wait until the device has done what was queued; otherwise
        nothing (a GPU then runs ahead, and a stage's time is the time to queue its work)."""
        if self.exact_stage_times and self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    @property
    def stage_formats(self) -> dict[str, str]:
        """The number format of each stage (STAGES)."""
        return dict(zip(STAGES, self.formats))

    @property
    def sam_encoder_dtype(self) -> torch.dtype | None:
        """On a CPU, the type of the copy of SAM's image encoder that runs (bf16 weights beat autocast
        there); None where the encoder runs the model as it is (fp32, or autocast on a GPU)."""
        return _DTYPES.get(self.stage_formats[SAM_ENCODER]) if self.device.type == "cpu" else None

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

    def autocast(self, stage: str):
        """``stage``'s mixed precision (autocast to its format), a no-op where it runs fp32 or through a
        copy of its weights in its format (SAM's encoder on a CPU)."""
        dtype = _DTYPES.get(self.stage_formats[stage])
        if dtype is None or (stage == SAM_ENCODER and self.sam_encoder_dtype is not None):
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=dtype)


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def _resolve_device(requested: str) -> torch.device:
    if requested not in DEVICES and not requested.startswith("cuda:"):
        raise DeviceError(limits.UNKNOWN_DEVICE, value=requested, choices=", ".join(DEVICES))
    if requested == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda", torch.cuda.current_device())
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if requested.startswith("cuda"):
        if not torch.cuda.is_available():
            if torch.version.cuda:
                raise DeviceError(limits.NO_CUDA, torch=str(torch.__version__),
                                  cuda=str(torch.version.cuda))
            raise DeviceError(limits.NO_CUDA_BUILD, torch=str(torch.__version__))
        return torch.device(requested if ":" in requested else f"cuda:{torch.cuda.current_device()}")
    if requested == "mps" and not _mps_available():
        raise DeviceError(limits.NO_MPS)
    return torch.device(requested)


def _formats(device: torch.device, requested: str, speeds_folder: str | Path | None) -> tuple[str, ...]:
    """Each stage's format. A GPU runs the mask decoder in fp32 and the rest in its half format; a CPU runs
    bf16 or fp32 as asked, and with 'auto' each stage in the format this CPU multiplies faster for it
    (format_speeds, measured once per machine)."""
    if requested not in PRECISIONS:
        raise DeviceError(limits.UNKNOWN_PRECISION, value=requested, choices=", ".join(PRECISIONS))
    if device.type == "cpu":
        if requested == "fp16":
            raise DeviceError(limits.GPU_ONLY, value=requested)
        if requested == "auto":
            return tuple(format_speeds.faster_formats(format_speeds.measured(speeds_folder)).values())
        return (requested,) * len(STAGES)
    half = requested
    if requested == "auto":
        half = "fp16" if device.type == "mps" or not torch.cuda.is_bf16_supported() else "bf16"
    return half, "fp32", half, half


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


def choose_device(requested: str = "auto", precision: str = "auto",
                  speeds_folder: str | Path | None = None) -> DeviceChoice:
    """Resolve ``auto`` (CUDA, then MPS, then CPU) or check a forced device, and each stage's format;
    ``speeds_folder`` keeps this CPU's measured rates (the model cache)."""
    device = _resolve_device(requested)
    choice = DeviceChoice(device, _formats(device, precision, speeds_folder), "", precision)
    return dataclasses.replace(choice, description=describe(device, choice.stage_formats))
