"""Where the environment goes, which Python runs the worker, and how the installer fails or stops:
with a stand-in uv on PATH (the real install runs in tests/qgis/test_environment_dialog.py)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import threading
import time
from pathlib import Path

import pytest

from reseg_qgis.runtime import install_advice, installer, locations
from reseg_qgis.runtime.installer import InstallCancelled, Installer, InstallError, InstallOptions
from reseg_qgis.runtime.torch_builds import GpuProbe, TorchBuild
from reseg_qgis.runtime.wheels import WheelPlatform
from tests.conftest import ENGINE_PYTHON

STAND_IN_UV = """#!/bin/sh
case "$1" in
  --version) echo "uv 0.13.9 (stand-in)";;
  python) [ "$2" = find ] && echo "$STAND_IN_PYTHON" && exit 0; echo "error: no network" >&2; exit 1;;
  venv) mkdir -p "$5/bin"; printf '#!/bin/sh\\nexec "%s" "$@"\\n' "$STAND_IN_PYTHON" > "$5/bin/python"
        chmod +x "$5/bin/python"; echo "Creating virtual environment at: $5"; exit 0;;
  pip) echo "Resolved 40 packages in 12ms"
       [ -n "$STAND_IN_SLEEP" ] && exec sleep 60
       [ "$STAND_IN_PIP" = ok ] && echo "Installed 40 packages in 1ms" && exit 0
       echo "error: No solution found: torch==2.13.0 has no wheel for this Python" >&2; exit 2;;
esac
"""


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv(locations.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(locations.WORKER_PYTHON_ENV, raising=False)
    return tmp_path / "data"


@pytest.fixture
def stand_in_uv(tmp_path, monkeypatch):
    folder = tmp_path / "bin"
    folder.mkdir()
    uv = folder / "uv"
    uv.write_text(STAND_IN_UV)
    uv.chmod(uv.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("STAND_IN_PYTHON", ENGINE_PYTHON)
    return uv


def no_gpu() -> GpuProbe:
    return GpuProbe()


def test_the_worker_python_comes_from_the_variable_then_the_setting_then_the_managed_environment(
        data, tmp_path, monkeypatch):
    assert locations.find_worker_python() is None
    environment = locations.environment_dir()
    python = locations.python_in(environment)
    python.parent.mkdir(parents=True)
    shutil.copy(sys.executable, python)
    assert locations.find_worker_python() is None  # not complete without the state file
    (environment / locations.STATE_FILE).write_text(json.dumps({"complete": True}))
    assert locations.find_worker_python() == locations.WorkerPython(python, "managed")
    assert locations.find_worker_python(sys.executable).origin == "setting"
    monkeypatch.setenv(locations.WORKER_PYTHON_ENV, sys.executable)
    assert locations.find_worker_python(str(python)).origin == locations.WORKER_PYTHON_ENV
    monkeypatch.setenv(locations.WORKER_PYTHON_ENV, str(tmp_path / "gone" / "python"))
    missing = "gone/python .from RESEG_WORKER_PYTHON. does not exist"
    with pytest.raises(locations.EnvironmentProblem, match=missing):
        locations.find_worker_python()


def test_the_environment_folder_is_keyed_by_the_requirements_and_the_platform(data, tmp_path, monkeypatch):
    first = locations.environment_dir()
    assert first.parent == data / "envs" and first.name.startswith(locations.platform_tag())
    changed = tmp_path / "requirements.txt"
    changed.write_text(locations.REQUIREMENTS.read_text().replace("torch==2.13.0", "torch==2.14.0"))
    monkeypatch.setattr(locations, "REQUIREMENTS", changed)
    assert locations.environment_dir() != first


def test_index_arguments_for_each_route(data, tmp_path):
    wheels = tmp_path / "wheels"
    cuda = TorchBuild("cu128", "test")
    plain = Installer(InstallOptions(), probe=no_gpu)
    assert plain._index_arguments(cuda, None, uv=True) == ["--torch-backend", "cu128"]
    assert plain._index_arguments(cuda, None, uv=False) == [
        "--extra-index-url", "https://download.pytorch.org/whl/cu128"]
    local = Installer(InstallOptions(wheel_folder=str(wheels), offline=True), probe=no_gpu)
    assert local._index_arguments(cuda, None, uv=True) == ["--no-index", "--find-links", str(wheels)]
    mirror = Installer(InstallOptions(index_url="https://mirror/simple", extra_index_url="https://extra/simple"),
                       probe=no_gpu)
    assert mirror._index_arguments(TorchBuild("default", "test"), None, uv=True) == [
        "--index-url", "https://mirror/simple", "--extra-index-url", "https://extra/simple",
        "--index-strategy", "unsafe-best-match"]
    assert plain._index_arguments(cuda, wheels / "torch.whl", uv=True) == []  # the wheel decides


def test_a_torch_wheel_in_the_folder_decides_the_build_and_the_python(tmp_path, monkeypatch):
    folder = tmp_path / "wheels"
    folder.mkdir()
    linux = folder / "torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"
    windows = folder / "torch-2.13.0+cpu-cp312-cp312-win_amd64.whl"
    for wheel in (linux, windows):
        wheel.write_bytes(b"")
    monkeypatch.setattr(WheelPlatform, "here", lambda: WheelPlatform("linux", "x86_64"))
    assert installer.local_torch_wheel(str(folder)) == (linux, "3.11")
    monkeypatch.setattr(WheelPlatform, "here", lambda: WheelPlatform("win32", "AMD64"))
    assert installer.local_torch_wheel(str(folder)) == (windows, "3.12")
    monkeypatch.setattr(WheelPlatform, "here", lambda: WheelPlatform("darwin", "arm64"))
    assert installer.local_torch_wheel(str(folder)) is None
    assert installer.local_torch_wheel(str(tmp_path / "none")) is None


def test_a_failed_install_leaves_no_environment_and_keeps_its_log(data, stand_in_uv):
    lines, progress = [], []
    failed = r"Installing packages failed \(exit code 2\)(.|\n)*No solution"
    with pytest.raises(InstallError, match=failed) as caught:
        Installer(InstallOptions(), log=lines.append, progress=progress.append, probe=no_gpu).run()
    error = caught.value  # what to do first; uv's words in the details, with the log's place
    assert (error.advice, error.values) == (install_advice.NOT_FOUND, {"package": "torch==2.13.0"})
    assert str(error).startswith("No torch==2.13.0 for this computer's platform and Python was found")
    assert "No solution found" in error.details and str(installer.last_log()) in error.details
    assert not locations.environment_dir().exists()
    assert locations.find_worker_python() is None
    log = installer.last_log()
    assert "No solution found" in log.read_text() and "torch build: cpu" in log.read_text()
    assert progress == sorted(progress) and progress[-1] > 26  # it reached the package step


def test_cancel_stops_the_install_and_leaves_nothing(data, stand_in_uv, monkeypatch):
    monkeypatch.setenv("STAND_IN_SLEEP", "1")
    cancel = threading.Event()
    timer = threading.Timer(1.0, cancel.set)
    timer.start()
    started = time.monotonic()
    with pytest.raises(InstallCancelled):
        Installer(InstallOptions(), log=lambda line: None, cancelled=cancel.is_set, probe=no_gpu).run()
    assert time.monotonic() - started < 20
    assert not locations.environment_dir().exists()
    assert "Cancelled." in installer.last_log().read_text()


def test_remove_deletes_the_managed_environment(data):
    environment = locations.environment_dir()
    (environment / "bin").mkdir(parents=True)
    assert installer.remove_environment() == environment and not environment.exists()
    assert installer.remove_environment() == environment  # nothing to remove is fine
    assert not Path(environment).exists()


def test_a_repair_replaces_the_environment_only_once_the_new_one_works(data, stand_in_uv, monkeypatch):
    """The stand-in uv makes an environment whose python is this one, so the real check runs in it."""
    monkeypatch.setenv("STAND_IN_PIP", "ok")
    report = Installer(InstallOptions(), log=lambda line: None, probe=no_gpu).run()
    environment = locations.environment_dir()
    first = locations.read_state(environment)
    assert report["ok"] and first["check"]["executable"] == str(locations.python_in(environment))
    assert locations.find_worker_python().path == locations.python_in(environment)
    older = environment.with_name(f"{locations.platform_tag()}-0123456789ab")
    older.mkdir()
    (older / locations.STATE_FILE).write_text(json.dumps({"complete": True}))
    assert locations.other_environments() == [older]

    monkeypatch.setenv("STAND_IN_PIP", "fail")
    with pytest.raises(InstallError, match="No solution found"):
        Installer(InstallOptions(), log=lambda line: None, probe=no_gpu).run()
    assert locations.read_state(environment) == first  # the failed repair left the working one
    assert not environment.with_name(environment.name + ".new").exists() and older.exists()

    monkeypatch.setenv("STAND_IN_PIP", "ok")
    Installer(InstallOptions(), log=lambda line: None, probe=no_gpu).run()
    assert locations.read_state(environment)["created"] >= first["created"]
    assert not older.exists() and locations.other_environments() == []  # an earlier version's went


def test_an_old_uv_on_path_is_not_used(tmp_path, monkeypatch):
    from reseg_qgis.runtime import uv_tool

    folder = tmp_path / "bin"
    folder.mkdir()
    old = folder / "uv"
    old.write_text('#!/bin/sh\necho "uv 0.4.30"\n')
    old.chmod(old.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    assert uv_tool.find_uv(tmp_path / "tools") is None
    fetched = tmp_path / "tools" / "uv-0.13.9" / "uv"
    fetched.parent.mkdir(parents=True)
    fetched.write_text("")
    assert uv_tool.find_uv(tmp_path / "tools") == fetched


def test_diagnostics_check_a_python_of_your_own(data, stand_in_uv):
    from reseg_qgis.runtime.diagnostics import diagnostics

    text = diagnostics("3.22.16-Białowieża", ENGINE_PYTHON)
    assert f"Worker Python: {ENGINE_PYTHON} (from setting)" in text and "QGIS: 3.22.16" in text
    assert "torch 2.13.0" in text and "Forward pass: CPU" in text
    assert "Managed environment:" in text and "(not installed)" in text
