"""Which torch build fits this machine: a CUDA build the NVIDIA driver can run, else the CPU build.

- Linux and Windows with an NVIDIA GPU: the newest CUDA build whose CUDA version the driver supports
  (``nvidia-smi`` reports the highest one it runs).
- No NVIDIA GPU, a driver too old, or an ``nvidia-smi`` that fails: the CPU build, from PyTorch's CPU
  index, so no gigabytes of CUDA libraries are fetched.
- macOS: PyPI's default wheels, which use Apple's GPU (MPS).
The user can override the choice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field

from ..engine.translatable import QT_TRANSLATE_NOOP
from .worker_client import NO_WINDOW

# torch 2.13's CUDA builds, newest first, with the CUDA version each needs the driver to support.
CUDA_BUILDS = (("cu130", (13, 0)), ("cu128", (12, 8)), ("cu126", (12, 6)))
CPU, DEFAULT, AUTO = "cpu", "default", "auto"
CHOICES = (AUTO, CPU, *(name for name, _ in CUDA_BUILDS), DEFAULT)
PYTORCH_INDEX = "https://download.pytorch.org/whl/{build}"
WINDOWS_NVIDIA_SMI = (r"C:\Windows\System32\nvidia-smi.exe",
                      r"C:\Program Files\NVIDIA Corporation\NVSMI\nvidia-smi.exe")


@dataclass(frozen=True)
class GpuProbe:
    """What ``nvidia-smi`` says: the GPUs, the driver, and the highest CUDA version it supports."""

    gpus: list[str] = field(default_factory=list)  # "NVIDIA RTX A4000, 16376 MiB"
    driver: str | None = None
    cuda: tuple[int, int] | None = None
    error: str | None = None  # nvidia-smi exists but failed
    command: str | None = None  # the nvidia-smi found, if any


# Why a build was chosen: templates the plugin translates (engine/translatable.py).
CHOSEN = QT_TRANSLATE_NOOP("engine", "chosen in the settings")
MACOS = QT_TRANSLATE_NOOP("engine", "macOS: PyPI's torch, which uses Apple's GPU (MPS) where there is one")
SMI_FAILED = QT_TRANSLATE_NOOP("engine", "nvidia-smi failed ({error}), so the CPU build is installed; "
                                         "repair the NVIDIA driver, then repair the environment to use the "
                                         "GPU")
NO_SMI = QT_TRANSLATE_NOOP("engine", "no NVIDIA GPU found (no nvidia-smi)")
NO_GPU = QT_TRANSLATE_NOOP("engine", "nvidia-smi lists no GPU")
NO_CUDA_VERSION = QT_TRANSLATE_NOOP("engine", "{gpu}: nvidia-smi does not say which CUDA version the driver "
                                              "supports, so the CPU build is installed; choose a CUDA build "
                                              "by hand")
SUPPORTED = QT_TRANSLATE_NOOP("engine", "{gpu}, which supports CUDA {supported}")
DRIVER_TOO_OLD = QT_TRANSLATE_NOOP("engine", "{gpu} supports CUDA {supported} only, and torch's CUDA builds "
                                             "need {oldest} or newer: the CPU build is installed. Update "
                                             "the NVIDIA driver, then repair the environment to use the GPU")
WHEEL_FOLDER = QT_TRANSLATE_NOOP("engine", "the wheel folder holds {wheel}")
OFFLINE = QT_TRANSLATE_NOOP("engine", "offline: torch from the wheel folder")


@dataclass(frozen=True)
class TorchBuild:
    name: str  # "cpu", "cu128"… or "default" (the package index's own torch)
    why: str  # one of the templates above
    values: dict = field(default_factory=dict)

    @property
    def reason(self) -> str:
        return self.why.format(**self.values)

    @property
    def index_url(self) -> str | None:
        return None if self.name == DEFAULT else PYTORCH_INDEX.format(build=self.name)


def find_nvidia_smi() -> str | None:
    found = shutil.which("nvidia-smi")
    if found or not sys.platform.startswith("win"):
        return found
    return next((path for path in WINDOWS_NVIDIA_SMI if os.path.isfile(path)), None)


def _run(command: list[str], timeout: float) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, creationflags=NO_WINDOW)
    if result.returncode != 0:
        detail = (result.stdout + result.stderr).strip().splitlines()
        raise RuntimeError(detail[0] if detail else f"exit code {result.returncode}")
    return result.stdout


def probe_nvidia(timeout: float = 20.0) -> GpuProbe:
    command = find_nvidia_smi()
    if command is None:
        return GpuProbe()
    try:
        header = _run([command], timeout)
        rows = _run([command, "--query-gpu=name,memory.total,driver_version", "--format=csv,noheader"],
                    timeout)
    except (OSError, subprocess.SubprocessError, RuntimeError) as error:
        return GpuProbe(error=str(error) or type(error).__name__, command=command)
    cuda = re.search(r"CUDA Version:\s*(\d+)\.(\d+)", header)
    gpus, driver = [], None
    for row in rows.strip().splitlines():
        parts = [part.strip() for part in row.split(",")]
        if len(parts) >= 3:
            gpus.append(f"{parts[0]}, {parts[1]}")
            driver = parts[2]
    return GpuProbe(gpus=gpus, driver=driver, cuda=(int(cuda[1]), int(cuda[2])) if cuda else None,
                    command=command)


def choose_torch_build(probe: GpuProbe, requested: str = AUTO, system: str | None = None) -> TorchBuild:
    """The build to install, and why."""
    system = system or sys.platform
    if requested != AUTO:
        if requested not in CHOICES:
            raise ValueError(f"Unknown torch build {requested!r}; choose one of {', '.join(CHOICES)}.")
        return TorchBuild(requested, CHOSEN)
    if system == "darwin":
        return TorchBuild(DEFAULT, MACOS)
    if probe.error:
        return TorchBuild(CPU, SMI_FAILED, {"error": probe.error})
    if not probe.gpus:
        return TorchBuild(CPU, NO_SMI if probe.command is None else NO_GPU)
    gpu = f"{probe.gpus[0]}, driver {probe.driver}"
    if probe.cuda is None:
        return TorchBuild(CPU, NO_CUDA_VERSION, {"gpu": gpu})
    supported = f"{probe.cuda[0]}.{probe.cuda[1]}"
    for name, needed in CUDA_BUILDS:
        if probe.cuda >= needed:
            return TorchBuild(name, SUPPORTED, {"gpu": gpu, "supported": supported})
    oldest = ".".join(map(str, CUDA_BUILDS[-1][1]))
    return TorchBuild(CPU, DRIVER_TOO_OLD, {"gpu": gpu, "supported": supported, "oldest": oldest})
