"""uv fetched from a package index (a loopback one here), verified, and unpacked."""

from __future__ import annotations

import hashlib
import json
import subprocess
import urllib.request
import zipfile

import pytest

from reseg_qgis.runtime import uv_tool
from reseg_qgis.runtime.wheels import WheelPlatform

FAKE_UV = "#!/bin/sh\necho 'uv 0.13.9 (stand-in)'\n"


def uv_wheel(path, version="0.13.9") -> bytes:
    name = f"uv-{version}-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    with zipfile.ZipFile(path / name, "w") as wheel:
        wheel.writestr(f"uv-{version}.data/scripts/uv", FAKE_UV)
        wheel.writestr(f"uv-{version}.dist-info/METADATA", "Name: uv\n")
    return name, (path / name).read_bytes()


@pytest.fixture
def linux_x86(monkeypatch):
    monkeypatch.setattr(WheelPlatform, "here", lambda: WheelPlatform("linux", "x86_64"))
    monkeypatch.setattr(uv_tool, "EXECUTABLE", "uv")


@pytest.mark.parametrize("form", ["json", "html"])
def test_uv_is_fetched_verified_and_runs(tmp_path, file_server, linux_x86, form, monkeypatch):
    name, data = uv_wheel(tmp_path)
    older, older_data = uv_wheel(tmp_path, "0.1.0")
    url, old_url = file_server.add(f"/files/{name}", data), file_server.add(f"/files/{older}", older_data)
    digest, old_digest = hashlib.sha256(data).hexdigest(), hashlib.sha256(older_data).hexdigest()
    if form == "json":
        page = json.dumps({"files": [{"filename": older, "url": old_url, "hashes": {"sha256": old_digest}},
                                     {"filename": name, "url": url, "hashes": {"sha256": digest}}]})
    else:
        page = (f'<a href="{old_url}#sha256={old_digest}">{older}</a>'
                f'<a href="{url}#sha256={digest}">{name}</a>')
    index = file_server.add("/simple/uv/", page.encode()).rsplit("/uv/", 1)[0]
    uv = uv_tool.fetch_uv(tmp_path / "tools", urllib.request.build_opener(), index, log=lambda line: None)
    assert uv == tmp_path / "tools" / "uv-0.13.9" / "uv"
    assert subprocess.run([str(uv)], capture_output=True, text=True).stdout.strip() == "uv 0.13.9 (stand-in)"
    monkeypatch.setattr(uv_tool.shutil, "which", lambda name: None)  # none on PATH: the fetched one
    assert uv_tool.find_uv(tmp_path / "tools") == uv
    assert not list((tmp_path / "tools").glob("*.part"))


def test_a_wheel_that_does_not_match_its_sha256_is_refused(tmp_path, file_server, linux_x86):
    name, data = uv_wheel(tmp_path)
    url = file_server.add(f"/files/{name}", data)
    page = json.dumps({"files": [{"filename": name, "url": url, "hashes": {"sha256": "0" * 64}}]})
    index = file_server.add("/simple/uv/", page.encode()).rsplit("/uv/", 1)[0]
    with pytest.raises(uv_tool.UvUnavailable, match="does not match the sha256"):
        uv_tool.fetch_uv(tmp_path / "tools", urllib.request.build_opener(), index, log=lambda line: None)
    assert not list((tmp_path / "tools").rglob("uv"))


def test_an_unreachable_index_says_where_it_looked(tmp_path):
    with pytest.raises(uv_tool.UvUnavailable, match="could not be fetched from http://127.0.0.1:9/simple/uv/"):
        uv_tool.fetch_uv(tmp_path, urllib.request.build_opener(), "http://127.0.0.1:9/simple",
                         log=lambda line: None, timeout=5)


def test_a_partial_download_of_uv_is_resumed(tmp_path, file_server, linux_x86):
    """uv comes through the engine's downloader: a .part left by an earlier try is resumed, then verified."""
    name, data = uv_wheel(tmp_path)
    url = file_server.add(f"/files/{name}", data)
    page = json.dumps({"files": [{"filename": name, "url": url, "size": len(data),
                                  "hashes": {"sha256": hashlib.sha256(data).hexdigest()}}]})
    index = file_server.add("/simple/uv/", page.encode()).rsplit("/uv/", 1)[0]
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / f"{name}.part").write_bytes(data[:100])
    uv = uv_tool.fetch_uv(tmp_path / "tools", urllib.request.build_opener(), index, log=lambda line: None)
    assert uv == tmp_path / "tools" / "uv-0.13.9" / "uv"
    assert file_server.requests[-1] == (f"/files/{name}", "bytes=100-")
    assert not list((tmp_path / "tools").glob("*.whl*"))


WHEELS_OF_UV = ["uv-0.13.9-py3-none-macosx_10_12_x86_64.whl", "uv-0.13.9-py3-none-macosx_11_0_arm64.whl",
                "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl",
                "uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
                "uv-0.13.9-py3-none-musllinux_1_1_x86_64.whl", "uv-0.13.9-py3-none-win_amd64.whl",
                "uv-0.13.9-py3-none-win_arm64.whl", "uv-0.13.9.tar.gz"]


@pytest.mark.parametrize(("system", "machine", "chosen"), [
    ("win32", "AMD64", "uv-0.13.9-py3-none-win_amd64.whl"),
    ("win32", "ARM64", "uv-0.13.9-py3-none-win_arm64.whl"),
    ("darwin", "arm64", "uv-0.13.9-py3-none-macosx_11_0_arm64.whl"),
    ("darwin", "x86_64", "uv-0.13.9-py3-none-macosx_10_12_x86_64.whl"),
    ("linux", "aarch64", "uv-0.13.9-py3-none-manylinux_2_17_aarch64.manylinux2014_aarch64.whl"),
    ("linux", "x86_64", "uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"),
])
def test_the_wheel_for_each_platform(system, machine, chosen):
    files = [uv_tool.WheelFile(name, f"https://files/{name}", None) for name in WHEELS_OF_UV]
    assert uv_tool.choose_wheel(files, WheelPlatform(system, machine)).filename == chosen


def test_a_platform_without_a_wheel_is_named():
    files = [uv_tool.WheelFile(name, f"https://files/{name}", None) for name in WHEELS_OF_UV[:2]]
    with pytest.raises(uv_tool.UvUnavailable, match=r"no uv wheel for this platform \(win32 AMD64\)"):
        uv_tool.choose_wheel(files, WheelPlatform("win32", "AMD64"))
