"""Fixtures every part of the suite can use; nothing here imports torch or QGIS.

The suite runs in two Pythons: the engine's (``.venv``: tests/engine, tests/runtime and the
top-level tests) and QGIS's (``.venv-qgis``, which sees no torch: tests/qgis). Each skips the
folders of the other.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reseg_qgis.engine.hardware.cpu_features import CPUINFO_VARIABLE, SPEEDS_VARIABLE
from tests.helpers.cpus import write_cpuinfo, write_speeds
from tests.helpers.http_server import FileServer

REPO_ROOT = Path(__file__).resolve().parent.parent
# The engine's Python: this one in .venv; inside another QGIS's root (scripts/qgis_root.sh), whose Python
# has no engine, the launcher of this machine's that RESEG_WORKER_PYTHON names.
ENGINE_PYTHON = os.environ.get("RESEG_WORKER_PYTHON") or sys.executable

collect_ignore = []
if importlib.util.find_spec("qgis") is None:
    collect_ignore.append("qgis")
if importlib.util.find_spec("torch") is None:
    collect_ignore += ["engine", "runtime", "test_metadata.py", "test_translations.py"]


def run_python(code: str, *arguments: str, timeout: float = 300, python: str | None = None,
               environment: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``code`` (with ``arguments``) in a fresh interpreter, this one's by default, from the
    repository root, which it sees on its path; with ``environment``'s variables added."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(environment or {}, PYTHONPATH=str(REPO_ROOT))
    return subprocess.run([python or sys.executable, "-c", code, *arguments], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session", autouse=True)
def cpu_whose_bf16_is_slow(tmp_path_factory):
    """Every test, and every process it starts, sees a CPU without native bf16 and that CPU's measured
    rates (bf16 500x slower than fp32) whatever this machine has, so nothing is measured and 'auto' runs
    fp32 throughout; a test of the bf16 path names its CPU kind (``cpu_kind``)."""
    folder = tmp_path_factory.mktemp("cpu")
    given = {CPUINFO_VARIABLE: str(write_cpuinfo(folder, "epyc-avx2")),
             SPEEDS_VARIABLE: str(write_speeds(folder, "epyc-avx2"))}
    earlier = {name: os.environ.get(name) for name in given}
    os.environ.update(given)
    yield
    for name, value in earlier.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def cpu_kind(tmp_path, monkeypatch):
    """``cpu_kind("xeon-amx")``: this test, and the processes it starts, see that CPU and its measured rates
    (tests/helpers/cpus)."""

    def use(kind: str, rates: tuple[tuple[float, float], ...] | None = None) -> None:
        """``rates``: a (fp32, bf16) pair per stage instead of the kind's measured ones."""
        monkeypatch.setenv(CPUINFO_VARIABLE, str(write_cpuinfo(tmp_path, kind)))
        monkeypatch.setenv(SPEEDS_VARIABLE, str(write_speeds(tmp_path, kind, rates)))

    return use


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """The i18n folder, with every .ts compiled to .qm as the build does it (where a .qm is older than its
    .ts; inside another QGIS's root, which has no Qt tools, the build machine compiled them)."""
    folder = REPO_ROOT / "i18n"
    pairs = [(ts, ts.with_suffix(".qm")) for ts in folder.glob("*.ts")]
    if not all(qm.is_file() and qm.stat().st_mtime >= ts.stat().st_mtime for ts, qm in pairs):
        subprocess.run(["make", "-s", "translations"], cwd=REPO_ROOT, check=True)
    return folder


@pytest.fixture
def file_server(monkeypatch):
    for variable in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = FileServer()
    yield server
    server.close()
