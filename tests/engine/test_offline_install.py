"""Offline bundles made for real, by the engine's bundle command (so in the engine's Python): resolved
and downloaded from PyPI for each platform, and for Linux made here, then installed and run in a
network namespace with no interfaces (``unshare -n``).

The CPU torch comes from this machine's wheel folder, and the CPython from a loopback stand-in for
uv's download source (tests/helpers/python_mirror.py), which cannot be reached here; the models are
the tiny ones, added to a cache as the user's own.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy
import pytest
import rasterio

from reseg_qgis.runtime import locations, offline_bundle
from reseg_qgis.runtime.offline_bundle import MANIFEST, TARGETS
from tests.conftest import REPO_ROOT
from tests.helpers.python_mirror import MIRROR, serve_stand_in
from tests.helpers.tiny_cache import TINY_CLIP, TINY_SAM, make_tiny_cache

TORCH_WHEELS = Path("/opt/wheels")  # this workplace's CPU torch for Python 3.11 (see the Makefile)
UV = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
# A Python without the engine's packages, as QGIS's is: the QGIS test venv's where make made it.
QGIS_PYTHON = str(REPO_ROOT / ".venv-qgis" / "bin" / "python") if (REPO_ROOT / ".venv-qgis").is_dir() \
    else os.path.realpath(sys._base_executable)
BASE_PYTHON = os.path.realpath(sys._base_executable)  # the stand-in CPython runs it; 3.11, as the torch wheel
WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<python>[^-]+)-(?P<abi>[^-]+)-"
                        r"(?P<platform>[^-]+)\.whl$")


def pins() -> dict[str, str]:
    """Package → version, of the engine's requirements and constraints."""
    found = {}
    for path in (locations.REQUIREMENTS, locations.CONSTRAINTS):
        for line in path.read_text().splitlines():
            if "==" in line and not line.startswith("#"):
                name, version = line.split("==")
                found[re.sub(r"[-_.]+", "_", name.strip().lower())] = version.strip()
    return found


def run(command: list[str], environment: dict | None = None, timeout: float = 900, **options):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "UV_", "RESEG_"))}
    env.update(environment or {})
    return subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          **options)


def make_bundle(tmp_path: Path, file_server, platform: str, *arguments: str) -> subprocess.CompletedProcess:
    mirror = serve_stand_in(file_server, UV, "3.11" if platform == "linux-x86_64" else "3.12", BASE_PYTHON,
                            TARGETS[platform].python_build)
    return run([sys.executable, "-m", "reseg_qgis.engine", "bundle", "--platform", platform, *arguments],
               {MIRROR: mirror, locations.DATA_ENV: str(tmp_path / "maker"),
                "PATH": f"{Path(UV).parent}{os.pathsep}{os.environ['PATH']}", "no_proxy": "127.0.0.1"})


def offline(command: list[str], environment: dict | None = None, **options):
    """``command`` in a network namespace of its own with no interface up: no connection can be made."""
    return run(["unshare", "--net", "--", *command], environment, **options)


def wheels_of(manifest: dict) -> dict[str, re.Match]:
    return {match["name"].lower(): match for match in
            (WHEEL_NAME.match(Path(e["path"]).name) for e in manifest["files"] if e["kind"] == "wheel")}


def test_the_network_namespace_has_no_way_out():
    cut = offline([BASE_PYTHON, "-c", "import socket; socket.create_connection(('pypi.org', 443), 5)"])
    assert cut.returncode != 0 and ("gaierror" in cut.stderr or "unreachable" in cut.stderr), cut.stderr


def test_a_linux_bundle_made_here_installs_and_segments_with_the_network_cut(tmp_path, file_server):
    assert TORCH_WHEELS.is_dir(), "the CPU torch wheel folder is missing (see the Makefile's FIND_LINKS)"
    cache = make_tiny_cache(tmp_path / "cache-here")
    made = make_bundle(tmp_path, file_server, "linux-x86_64", "--python", "3.11", "--find-links",
                       str(TORCH_WHEELS), "--no-models", "--models", f"{TINY_CLIP},{TINY_SAM}",
                       "--cache-dir", str(cache), "-o", str(tmp_path / "out") + "/")
    assert made.returncode == 0, made.stderr[-3000:]
    bundle = tmp_path / "out" / "reseg-offline-linux-x86_64.zip"
    manifest = json.loads(zipfile.ZipFile(bundle).read(MANIFEST))
    wheels = wheels_of(manifest)
    assert wheels["torch"]["version"] == "2.13.0+cpu" and "nvidia_cublas_cu12" not in wheels
    assert {name: wheels[name]["version"].split("+")[0] for name in pins() if name in wheels} == {
        name: version for name, version in pins().items() if name in wheels}
    assert [Path(e["path"]).name for e in manifest["files"] if e["kind"] == "model"] == [
        f"custom-{TINY_CLIP}.pt", f"custom-{TINY_SAM}.pt"]

    data, models = tmp_path / "data", tmp_path / "cache-there"
    stale = data / "python" / "bundled-3.11.0-0123abcd"  # an earlier bundle's CPython
    stale.mkdir(parents=True)
    installed = offline([QGIS_PYTHON, "-m", "reseg_qgis.runtime", "install-bundle", str(bundle), "--data-dir",
                         str(data), "--cache-dir", str(models)])
    assert installed.returncode == 0, installed.stderr[-3000:]
    python = Path(installed.stdout.strip().removeprefix("Installed: "))
    assert not stale.exists() and len(list((data / "python").glob("bundled-*"))) == 1  # the one in use
    assert python.is_file() and python.is_relative_to(data / "envs")
    assert "install: 100%" in installed.stderr and "Forward pass: CPU" in installed.stderr
    state = json.loads((python.parents[1] / locations.STATE_FILE).read_text())
    assert state["complete"] and state["torch_build"] == "default"
    listed = offline([str(python), "-m", "reseg_qgis.engine", "models", "--cache-dir", str(models), "list"])
    assert re.search(rf"{TINY_CLIP}\s+yes", listed.stdout) and re.search(rf"{TINY_SAM}\s+yes", listed.stdout)

    output = tmp_path / "classes.tif"
    raster = str(REPO_ROOT / "tests/data/RGB.byte.tif")
    segmented = offline([str(python), "-m", "reseg_qgis.engine", "segment", raster,
                         "--classes", "water; land", "--clip", TINY_CLIP, "--sam", TINY_SAM, "--cache-dir",
                         str(models), "--device", "cpu", "--window", "128", "-o", str(output)])
    assert segmented.returncode == 0, segmented.stderr[-3000:]
    with rasterio.open(REPO_ROOT / "tests/data/RGB.byte.tif") as source, rasterio.open(output) as result:
        assert (result.crs, result.transform, result.shape) == (source.crs, source.transform, source.shape)
        assert set(numpy.unique(result.read(1)).tolist()) <= {0, 1, 2}

    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            target.writestr(name, content[:-1] + b"!" if name.startswith("wheels/torch-") else content)
    refused = offline([QGIS_PYTHON, "-m", "reseg_qgis.runtime", "install-bundle", str(tampered), "--data-dir",
                       str(data), "--cache-dir", str(models)])
    assert refused.returncode == 1
    torch = "wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl"
    assert f"{torch} in tampered.zip does not match its sha256" in refused.stderr
    assert json.loads((python.parents[1] / locations.STATE_FILE).read_text()) == state
    assert offline([str(python), "-m", "reseg_qgis.engine", "check"]).returncode == 0  # it still works


@pytest.mark.parametrize("platform", ["windows-x86_64", "macos-arm64"])
def test_the_plan_for_another_platform_has_its_wheels_uv_and_python(tmp_path, file_server, platform):
    planned = make_bundle(tmp_path, file_server, platform, "--plan", "--json", "--no-models")
    assert planned.returncode == 0, planned.stderr[-3000:]
    plan = json.loads(planned.stdout)
    wheels = {m["name"].lower(): m for m in (WHEEL_NAME.match(f["name"]) for f in plan["files"]
                                            if f["kind"] == "wheel")}
    platform_tag = {"windows-x86_64": r"win_amd64",
                    "macos-arm64": r"macosx_\d+_\d+_(arm64|universal2)"}[platform]
    for name, match in wheels.items():
        assert match["python"] in ("py3", "py2.py3", "cp312") or match["abi"] == "abi3", match.string
        assert re.fullmatch(rf"any|({platform_tag}(\.{platform_tag})*)", match["platform"]), match.string
        assert match["version"] == pins()[name], match.string
    torch = {"windows-x86_64": "torch-2.13.0-cp312-cp312-win_amd64.whl",
             "macos-arm64": "torch-2.13.0-cp312-cp312-macosx_14_0_arm64.whl"}[platform]
    assert wheels["torch"].string == torch
    assert {"torch", "torchvision", "open_clip_torch", "segment_anything", "rasterio", "numpy"} <= set(wheels)
    assert not [name for name in wheels if name.startswith("nvidia")]
    uv = [f for f in plan["files"] if f["kind"] == "uv"]
    python = [f for f in plan["files"] if f["kind"] == "python"]
    triple = {"windows-x86_64": "x86_64-pc-windows-msvc", "macos-arm64": "aarch64-apple-darwin"}[platform]
    assert len(uv) == 1 and uv[0]["name"].startswith("uv-0.13.9-py3-none-") and uv[0]["sha256"]
    archive = rf"cpython-3\.12\.\d+\+\d+-{triple}-install_only_stripped\.tar\.gz"
    assert re.fullmatch(archive, python[0]["name"])
    assert all(f["sha256"] and f["size"] for f in plan["files"] if f["kind"] == "wheel")
    assert plan["size"] == sum(f["size"] or 0 for f in plan["files"])


def test_a_windows_bundle_is_downloaded_and_verified_here(tmp_path, file_server):
    made = make_bundle(tmp_path, file_server, "windows-x86_64", "--no-models", "-o",
                       str(tmp_path / "win.zip"))
    assert made.returncode == 0, made.stderr[-3000:]
    manifest = offline_bundle.read_manifest(tmp_path / "win.zip")
    assert manifest.target["platform"] == "windows-x86_64"
    with zipfile.ZipFile(tmp_path / "win.zip") as archive:
        uv = [n for n in archive.namelist() if n.startswith("uv/")]
        assert len(uv) == 1
        with zipfile.ZipFile(archive.open(uv[0])) as wheel:  # the target's own binary
            assert any(n.endswith(".data/scripts/uv.exe") for n in wheel.namelist())
    assert "torch-2.13.0-cp312-cp312-win_amd64.whl" in {Path(e["path"]).name for e in manifest.files}
