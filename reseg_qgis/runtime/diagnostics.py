"""The text behind "Copy diagnostics": what a bug report about the environment needs. It runs
programs (nvidia-smi, the engine's check in your own Python), so callers run it in the background."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

from ..engine.worker.self_check import summary
from ..package_files import version
from . import locations
from .installer import last_log
from .torch_builds import choose_torch_build, probe_nvidia
from .worker_client import PLUGIN_DIR, run_check

LOG_LINES = 80


def diagnostics(qgis_version: str, own_python: str = "", root: Path | None = None) -> str:
    lines = ["ReSeg diagnostics", f"Plugin: {version()} ({PLUGIN_DIR})", f"QGIS: {qgis_version}",
             f"System: {platform.platform()} ({platform.machine()})",
             f"QGIS's Python: {sys.version.split()[0]} ({sys.executable})"]
    try:
        python = locations.find_worker_python(own_python, root)
        lines.append(f"Worker Python: {python.path} (from {python.origin})" if python
                     else "Worker Python: none (the environment is not installed)")
    except locations.EnvironmentProblem as error:
        python = None
        lines.append(f"Worker Python: {error}")
    if python and not python.managed:
        lines.append(_check_of(python.path))
    environment = locations.environment_dir(root)
    state = locations.read_state(environment)
    lines.append(f"Managed environment: {environment} ({'complete' if state else 'not installed'})")
    if state:
        lines += [f"Installed {state.get('created')} with {state.get('installer')}, torch build "
                  f"{state.get('torch_build')} ({state.get('torch_reason')})", summary(state["check"])]
    probe = probe_nvidia(timeout=10)
    lines.append("nvidia-smi: " + (probe.error or "; ".join(probe.gpus) or "no NVIDIA GPU")
                 + (f", driver {probe.driver}, CUDA {probe.cuda}" if probe.gpus else ""))
    lines.append(f"Torch build for this machine: {choose_torch_build(probe).name}")
    log = last_log(root)
    if log:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-LOG_LINES:]
        lines += [f"Last install log ({log}), last {len(tail)} lines:", *tail]
    return "\n".join(lines)


def _check_of(python: Path) -> str:
    """The engine's check in a Python of the user's own."""
    try:
        report, messages = run_check(python, timeout=300)
    except (OSError, subprocess.SubprocessError) as error:
        return f"The engine's check could not run in {python}: {error}"
    if report is None:
        tail = "\n".join(messages.splitlines()[-10:])
        return f"The engine's check failed in {python}:\n{tail}"
    return summary(report)
