"""The offline bundle: one zip file that holds everything an environment needs on a computer without
internet (the engine's wheels, uv, a standalone CPython and model weights), for one target platform.

``manifest.json`` lists every other member with its sha256 and size, the plugin's requirement set,
and the target. Reading a bundle verifies all of it before anything is installed.
"""

from __future__ import annotations

import hashlib
import json
import platform
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from . import locations

FORMAT = 1
MANIFEST = "manifest.json"
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
TORCH_BUILDS = ("cpu", "cu126", "cu128", "cu130")
FOLDERS = {"wheel": "wheels", "uv": "uv", "python": "python", "model": "models"}  # by a member's kind


class BundleError(RuntimeError):
    """A bundle cannot be made or used; the message says why and what to do."""


@dataclass(frozen=True)
class Target:
    name: str
    uv_platform: str  # uv's --python-platform
    sys_platform: str  # uv_tool.platform_markers' system
    machine: str
    python_build: tuple[str, str, str]  # os, arch, libc of uv's Python downloads
    cuda: bool  # PyTorch publishes CUDA builds for it
    pypi_torch_is_cpu: bool  # PyPI's own torch wheels are CPU builds
    environment: tuple[tuple[str, str], ...] = ()  # for the resolution


TARGETS = {target.name: target for target in (
    Target("linux-x86_64", "x86_64-manylinux_2_28", "linux", "x86_64", ("linux", "x86_64", "gnu"),
           cuda=True, pypi_torch_is_cpu=False),
    Target("windows-x86_64", "x86_64-pc-windows-msvc", "win32", "amd64", ("windows", "x86_64", "none"),
           cuda=True, pypi_torch_is_cpu=True),
    # torch 2.13's macOS wheels need macOS 14.
    Target("macos-arm64", "aarch64-apple-darwin", "darwin", "arm64", ("macos", "aarch64", "none"),
           cuda=False, pypi_torch_is_cpu=True, environment=(("MACOSX_DEPLOYMENT_TARGET", "14.0"),)),
)}


def this_platform() -> str:
    """This computer's platform in the names of TARGETS (it may be one no bundle is made for)."""
    machine = platform.machine().lower()
    machine = {"amd64": "x86_64", "aarch64": "arm64"}.get(machine, machine)
    system = "windows" if sys.platform.startswith("win") else "macos" if sys.platform == "darwin" else \
        sys.platform
    return f"{system}-{machine}"


def requirements_digest() -> str:
    """The plugin's pinned requirement set: a bundle installs only into the plugin it was made for."""
    digest = hashlib.sha256()
    for path in (locations.REQUIREMENTS, locations.CONSTRAINTS):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def default_name(target: str) -> str:
    return f"reseg-offline-{target}.zip"


@dataclass(frozen=True)
class Manifest:
    values: dict

    @property
    def target(self) -> dict:
        return self.values["target"]

    @property
    def files(self) -> list[dict]:
        return self.values["files"]

    def members(self, kind: str) -> list[dict]:
        return [entry for entry in self.files if entry["kind"] == kind]

    @property
    def size(self) -> int:
        return sum(entry["size"] for entry in self.files)


def _manifest_of(archive: zipfile.ZipFile, shown: str) -> Manifest:
    try:
        values = json.loads(archive.read(MANIFEST).decode("utf-8"))
        if values["format"] != FORMAT:
            raise BundleError(f"{shown} is a bundle of format {values['format']}; this plugin reads "
                              f"format {FORMAT}. Make the bundle again with this plugin's version.")
        for entry in values["files"]:
            if not all(isinstance(entry.get(key), kind) for key, kind in
                       (("path", str), ("sha256", str), ("size", int), ("kind", str))):
                raise ValueError(f"an entry of 'files' lacks path, sha256, size or kind: {entry}")
        values["target"]["platform"], values["target"]["python"]
        return Manifest(values)
    except KeyError as error:
        raise BundleError(f"{shown} is not a ReSeg offline bundle: its manifest lacks {error} "
                          f"(or it has no {MANIFEST}).") from None
    except (ValueError, AttributeError, TypeError) as error:
        raise BundleError(f"{shown} is not a ReSeg offline bundle: its manifest is damaged ({error}).") \
            from None


def read_manifest(path: Path) -> Manifest:
    """The manifest of the bundle at ``path``, unverified (for showing what a bundle holds)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _manifest_of(archive, Path(path).name)
    except (zipfile.BadZipFile, EOFError) as error:
        raise BundleError(f"{Path(path).name} is damaged or truncated ({error}); copy it again, or make "
                          "it again.") from None
    except OSError as error:
        raise BundleError(f"{path} cannot be read: {error.strerror or error}.") from None


def verify(path: Path, progress=None, cancelled=None) -> Manifest:
    """The manifest of a bundle whose every member matches it, made for this computer and this plugin.
    Raises BundleError naming the first problem."""
    shown = Path(path).name
    manifest = read_manifest(path)
    target = manifest.target
    here = this_platform()
    if target["platform"] != here:
        raise BundleError(f"{shown} was made for {target['platform']}; this computer is {here}. Make a "
                          f"bundle with --platform {here} (or 'Make an offline bundle…' with that "
                          "platform).")
    if manifest.values.get("requirements") != requirements_digest():
        raise BundleError(f"{shown} was made by ReSeg {manifest.values.get('plugin_version', '?')} for other "
                          "package versions than this plugin pins; make the bundle again with this "
                          "plugin's version.")
    total, done = max(1, manifest.size), 0
    try:
        with zipfile.ZipFile(path) as archive:
            listed = {entry["path"] for entry in manifest.files} | {MANIFEST}
            extra = sorted(set(archive.namelist()) - listed)
            if extra:
                raise BundleError(f"{shown} holds files its manifest does not list ({', '.join(extra[:3])}); "
                                  "it was changed after it was made. Make it again.")
            for entry in manifest.files:
                digest, size = hashlib.sha256(), 0
                try:
                    with archive.open(entry["path"]) as member:
                        for chunk in iter(lambda: member.read(1 << 20), b""):
                            digest.update(chunk)
                            size += len(chunk)
                            if progress:
                                progress((done + size) / total)
                            if cancelled and cancelled():
                                raise BundleError("Cancelled.")
                except KeyError:
                    raise BundleError(f"{shown} lacks {entry['path']}, which its manifest lists; copy the "
                                      "bundle again, or make it again.") from None
                if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                    raise BundleError(f"{entry['path']} in {shown} does not match its sha256 in the "
                                      "manifest: the bundle is damaged or was changed. Copy it again, or "
                                      "make it again.")
                done += size
    except (zipfile.BadZipFile, EOFError) as error:
        raise BundleError(f"{shown} is damaged or truncated ({error}); copy it again, or make it "
                          "again.") from None
    except OSError as error:
        raise BundleError(f"{path} cannot be read: {error.strerror or error}.") from None
    return manifest
