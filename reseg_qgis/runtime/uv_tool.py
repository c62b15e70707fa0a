"""uv, the installer the environment is built with: found on PATH, or fetched from the package index.

uv is published on PyPI as a wheel that carries the ``uv`` binary, so it is fetched without any
Python but QGIS's: the index's simple API lists the wheels with their sha256, the wheel for this
platform is downloaded, verified, and the binary unpacked into the plugin's data folder.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..engine.weights.downloads import ChecksumMismatch, DownloadError, download
from .wheels import WheelName, WheelPlatform
from .worker_client import NO_WINDOW

UV_VERSION = "0.13.9"  # the version tested; the newest on the index is used when it lacks this one
OLDEST_UV = (0, 8, 0)  # older ones lack options the installer uses (--torch-backend)
PYPI_SIMPLE = "https://pypi.org/simple"
EXECUTABLE = "uv.exe" if sys.platform.startswith("win") else "uv"
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


class UvUnavailable(RuntimeError):
    """uv could neither be found nor fetched; the message says why."""


@dataclass(frozen=True)
class WheelFile:
    filename: str
    url: str
    sha256: str | None
    size: int | None = None

    @property
    def version(self) -> tuple[int, ...]:
        return version_in(self.filename)


def version_in(name: str) -> tuple[int, ...]:
    """The version in ``uv-0.13.9-py3-none-….whl``, ``uv-0.13.9`` or ``uv 0.13.9 (…)``."""
    match = re.match(r"uv[- ](\d+(?:\.\d+)*)", name)
    return tuple(int(part) for part in match[1].split(".")) if match else ()


class _Links(html.parser.HTMLParser):
    """The anchors of a PEP 503 simple page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append((dict(attrs).get("href", ""), dict(attrs)))


def parse_simple_page(body: bytes, content_type: str, base_url: str) -> list[WheelFile]:
    """The files of a project page, in the JSON (PEP 691) or HTML (PEP 503) form."""
    files = []
    if SIMPLE_JSON in content_type or content_type.startswith("application/json") \
            or body.lstrip().startswith(b"{"):
        for entry in json.loads(body.decode("utf-8")).get("files", []):
            if not entry.get("yanked"):
                url = urllib.parse.urljoin(base_url, entry["url"])
                files.append(WheelFile(entry["filename"], url, entry.get("hashes", {}).get("sha256"),
                                       entry.get("size")))
        return files
    parser = _Links()
    parser.feed(body.decode("utf-8", "replace"))
    for href, attrs in parser.links:
        if "data-yanked" in attrs:
            continue
        url, _, fragment = urllib.parse.urljoin(base_url, href).partition("#")
        digest = fragment[len("sha256="):] if fragment.startswith("sha256=") else None
        files.append(WheelFile(Path(urllib.parse.urlparse(url).path).name, url, digest))
    return files


def choose_wheel(files: list[WheelFile], target: WheelPlatform) -> WheelFile:
    wheels = [f for f in files if (name := WheelName.parse(f.filename)) and name.built_for(target)]
    if not wheels:
        raise UvUnavailable(f"The package index has no uv wheel for this platform ({target}).")
    pinned = [f for f in wheels if ".".join(map(str, f.version)) == UV_VERSION]
    return (pinned or sorted(wheels, key=lambda f: f.version))[-1]


def uv_version(uv: str | Path) -> tuple[int, ...]:
    """The version ``uv --version`` prints; () when it cannot say."""
    try:
        printed = subprocess.run([str(uv), "--version"], capture_output=True, text=True, timeout=30,
                                 creationflags=NO_WINDOW).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    return version_in(printed.strip())


def find_uv(tools_dir: Path) -> Path | None:
    """uv on PATH when it is recent enough, else one fetched earlier into ``tools_dir``."""
    found = shutil.which("uv")
    if found and uv_version(found) >= OLDEST_UV:
        return Path(found)
    fetched = sorted(tools_dir.glob(f"uv-*/{EXECUTABLE}"), key=lambda path: version_in(path.parent.name))
    return fetched[-1] if fetched else None


def uv_environment(environment: dict[str, str]) -> dict[str, str]:
    """``environment`` for running uv as the plugin does: no configuration files, no virtual
    environment or Python chosen from outside, the system's certificates."""
    chosen = {k: v for k, v in environment.items() if k not in ("VIRTUAL_ENV", "CONDA_PREFIX", "UV_PYTHON")}
    chosen.update(UV_NO_CONFIG="1", UV_SYSTEM_CERTS="1")
    return chosen


def uv_page(index_url: str = "") -> str:
    return (index_url or PYPI_SIMPLE).rstrip("/") + "/uv/"


def uv_wheel_on_index(opener: urllib.request.OpenerDirector, index_url: str = "",
                      target: WheelPlatform | None = None, timeout: float = 60.0) -> WheelFile:
    """The index's uv wheel for this platform (or ``target``); raises OSError or UvUnavailable."""
    page = uv_page(index_url)
    request = urllib.request.Request(page, headers={"Accept": f"{SIMPLE_JSON}, text/html;q=0.1"})
    with opener.open(request, timeout=timeout) as response:
        files = parse_simple_page(response.read(), response.headers.get("Content-Type", ""), page)
    return choose_wheel(files, target or WheelPlatform.here())


def fetch_uv(tools_dir: Path, opener: urllib.request.OpenerDirector, index_url: str = "",
             log: Callable[[str], None] = print, timeout: float = 60.0) -> Path:
    """Download uv's wheel for this platform from the index (resumable, verified), and unpack the binary."""
    page = uv_page(index_url)
    try:
        wheel = uv_wheel_on_index(opener, index_url, timeout=timeout)
        log(f"Fetching {wheel.filename} from {page}")
        fetched = tools_dir / wheel.filename
        download(wheel.url, fetched, expected_size=wheel.size, expected_sha256=wheel.sha256, timeout=timeout,
                 opener=opener)
    except ChecksumMismatch as error:
        raise UvUnavailable(f"{wheel.filename} does not match the sha256 (or size) the index gives; try "
                            "again.") from error
    except (OSError, DownloadError) as error:
        raise UvUnavailable(f"uv could not be fetched from {page}: {error}") from error
    try:
        return unpack_uv(fetched, tools_dir)
    finally:
        fetched.unlink(missing_ok=True)


def unpack_uv(wheel: Path, tools_dir: Path) -> Path:
    """The uv binary of a (verified) uv wheel, unpacked into ``tools_dir/uv-VERSION``."""
    target = tools_dir / f"uv-{'.'.join(map(str, version_in(wheel.name)))}" / EXECUTABLE
    try:
        with zipfile.ZipFile(wheel) as archive:
            member = next((n for n in archive.namelist() if n.endswith(f".data/scripts/{EXECUTABLE}")), None)
            if member is None:
                raise UvUnavailable(f"{wheel.name} holds no {EXECUTABLE}.")
            target.parent.mkdir(parents=True, exist_ok=True)
            staged = target.with_name(EXECUTABLE + ".part")
            with archive.open(member) as source, open(staged, "wb") as stream:
                shutil.copyfileobj(source, stream)
    except zipfile.BadZipFile as error:
        raise UvUnavailable(f"{wheel.name} is not a valid wheel ({error}).") from error
    staged.chmod(staged.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    os.replace(staged, target)
    return target
