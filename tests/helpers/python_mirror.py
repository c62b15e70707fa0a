"""A stand-in for the CPython downloads uv installs from (python-build-standalone), which this
workplace cannot reach: an archive of the same layout (``python/bin/python3``) whose interpreter is a
script that runs this machine's Python, with the release's SHA256SUMS, served on loopback at the
path uv names once ``UV_PYTHON_INSTALL_MIRROR`` points there.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import tarfile
import urllib.parse

from tests.helpers.http_server import FileServer, ServedFile

MIRROR = "UV_PYTHON_INSTALL_MIRROR"


def stand_in_archive(interpreter: str) -> bytes:
    script = f'#!/bin/sh\nexec "{interpreter}" "$@"\n'.encode()
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for folder in ("python", "python/bin"):
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            archive.addfile(info)
        info = tarfile.TarInfo("python/bin/python3")
        info.size, info.mode = len(script), 0o755
        archive.addfile(info, io.BytesIO(script))
    return buffer.getvalue()


def download_path(uv: str, version: str, mirror: str, build: tuple[str, str, str]) -> str:
    """The path under ``mirror`` at which uv expects the CPython ``version`` of ``build`` (os, arch, libc)."""
    listed = subprocess.run([uv, "python", "list", "--all-platforms", "--all-arches", "--only-downloads",
                             "--output-format", "json", version], capture_output=True, text=True, check=True,
                            env={**os.environ, MIRROR: mirror, "UV_NO_CONFIG": "1"}).stdout
    for entry in json.loads(listed):
        if (entry["implementation"], entry["variant"], entry["os"], entry["arch"], entry["libc"]) == \
                ("cpython", "default", *build):
            return urllib.parse.urlparse(entry["url"]).path
    raise LookupError(f"uv lists no CPython {version} for {build}")


def serve_stand_in(server: FileServer, uv: str, version: str, interpreter: str,
                   build: tuple[str, str, str] = ("linux", "x86_64", "gnu")) -> str:
    """Serve the stand-in and its sums on ``server``; returns the mirror URL to give uv."""
    mirror = server.url("/pbs")
    path = download_path(uv, version, mirror, build)
    archive = stand_in_archive(interpreter)
    folder, name = path.rsplit("/", 1)
    server.files[path] = ServedFile(archive)
    sums = f"{hashlib.sha256(archive).hexdigest()}  {urllib.parse.unquote(name)}\n"
    server.files[f"{folder}/SHA256SUMS"] = ServedFile(sums.encode())
    return mirror

