"""The offline bundle: one zip file that holds everything an environment needs on a computer without
internet (the engine's wheels, uv, a standalone CPython and model weights), for one target platform.

``manifest.json`` lists every other member with its sha256 and size, the plugin's requirement set,
and the target. Reading a bundle verifies all of it before anything is installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import platform
import re
import sys
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from . import locations
from .wheels import WheelPlatform

FORMAT = 1
MANIFEST = "manifest.json"
PYTHON_VERSIONS = ("3.11", "3.12", "3.13")
TORCH_BUILDS = ("cpu", "cu126", "cu128", "cu130")
FOLDERS = {"wheel": "wheels", "uv": "uv", "python": "python", "model": "models"}  # by a member's kind
FILE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+%-]{0,200}")
VERSION = re.compile(r"\d+\.\d+\.\d+")


class BundleError(RuntimeError):
    """A bundle cannot be made or used; the message says why and what to do."""


class BundleCancelled(Exception):
    """The user cancelled making or installing a bundle; nothing was left behind."""


@dataclass(frozen=True)
class Target:
    name: str
    uv_platform: str  # uv's --python-platform
    sys_platform: str  # as sys.platform names its system
    machine: str
    python_build: tuple[str, str, str]  # os, arch, libc of uv's Python downloads
    cuda: bool  # PyTorch publishes CUDA builds for it
    pypi_torch_is_cpu: bool  # PyPI's own torch wheels are CPU builds
    environment: tuple[tuple[str, str], ...] = ()  # for the resolution

    @property
    def wheel_platform(self) -> WheelPlatform:
        return WheelPlatform(self.sys_platform, self.machine)


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


def platform_problem(target: str) -> str:
    """Why this computer cannot run what a bundle for ``target`` holds; "" when it can."""
    here = this_platform()
    if here not in TARGETS:
        return (f"This computer ({here}) is not one offline bundles are made for; they are made for "
                f"{', '.join(TARGETS)}.")
    if target != here:
        return (f"The bundle was made for {target}; this computer is {here}. Make a bundle with "
                f"--platform {here} (or 'Make an offline bundle…' with that platform).")
    if sys.platform == "darwin" and _version(platform.mac_ver()[0]) < (14,):
        return "The bundle's PyTorch needs macOS 14 or newer; this Mac runs " + platform.mac_ver()[0] + "."
    library, release = platform.libc_ver()
    if sys.platform.startswith("linux") and library == "glibc" and _version(release) < (2, 28):
        return (f"The bundle's packages need glibc 2.28 or newer (Debian 10, RHEL 8); this system has "
                f"{release}.")
    return ""


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:2]) or (0,)


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


def _check_entry(entry: dict) -> None:
    """A member's path is its kind's folder and a plain file name (never a way out of the folder)."""
    for key, kind in (("path", str), ("sha256", str), ("size", int), ("kind", str)):
        if not isinstance(entry.get(key), kind):
            raise ValueError(f"an entry of 'files' lacks {key}: {entry}")
    folder, _, name = entry["path"].partition("/")
    if entry["kind"] not in FOLDERS or folder != FOLDERS[entry["kind"]] or not FILE_NAME.fullmatch(name):
        raise ValueError(f"{entry['path']!r} is not a file name in the {entry['kind']!r} folder")
    if entry["kind"] == "model" and not isinstance(entry.get("model"), str):
        raise ValueError(f"the model file {entry['path']} names no model")
    if entry["kind"] == "python" and not VERSION.fullmatch(str(entry.get("version", ""))):
        raise ValueError(f"the CPython archive {entry['path']} has no version")


def _manifest_of(archive: zipfile.ZipFile, shown: str) -> Manifest:
    try:
        values = json.loads(archive.read(MANIFEST).decode("utf-8"))
        if values["format"] != FORMAT:
            raise BundleError(f"{shown} is a bundle of format {values['format']}; this plugin reads "
                              f"format {FORMAT}. Make the bundle again with this plugin's version.")
        for entry in values["files"]:
            _check_entry(entry)
        for key in ("platform", "python", "torch"):
            if not isinstance(values["target"][key], str):
                raise ValueError(f"its target's {key} is not a text")
        if not isinstance(values["plugin_version"], str):
            raise ValueError("its plugin_version is not a text")
        return Manifest(values)
    except KeyError as error:
        raise BundleError(f"{shown} is not a ReSeg offline bundle: its manifest lacks {error} "
                          f"(or it has no {MANIFEST}).") from None
    except (ValueError, AttributeError, TypeError) as error:
        raise BundleError(f"{shown} is not a ReSeg offline bundle: its manifest is damaged ({error}).") \
            from None


def _damaged(shown: str, error: BaseException) -> BundleError:
    return BundleError(f"{shown} is damaged or truncated ({error}); copy it again, or make it again.")


def read_manifest(path: Path) -> Manifest:
    """The manifest of the bundle at ``path``, unverified (for showing what a bundle holds)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return _manifest_of(archive, Path(path).name)
    except (zipfile.BadZipFile, EOFError) as error:
        raise _damaged(Path(path).name, error) from None
    except OSError as error:
        raise BundleError(f"{path} cannot be read: {error.strerror or error}.") from None


def verify(path: Path, progress=None, cancelled=None, into: Path | None = None) -> Manifest:
    """The manifest of a bundle whose every member matches it, made for this computer and this plugin;
    each member is written under ``into`` as it is checked, where given (one pass over the bundle).
    Raises BundleError naming the first problem, or BundleCancelled."""
    shown = Path(path).name
    manifest = read_manifest(path)
    problem = platform_problem(manifest.target["platform"])
    if problem:
        raise BundleError(f"{shown}: {problem}")
    if manifest.values.get("requirements") != locations.requirements_digest():
        raise BundleError(f"{shown} was made by ReSeg {manifest.values['plugin_version']} for other package "
                          "versions than this plugin pins; make the bundle again with this plugin's version.")
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
                    member = archive.open(entry["path"])
                except KeyError:
                    raise BundleError(f"{shown} lacks {entry['path']}, which its manifest lists; copy the "
                                      "bundle again, or make it again.") from None
                target = None
                if into is not None:
                    (into / entry["path"]).parent.mkdir(parents=True, exist_ok=True)
                    target = open(into / entry["path"], "wb")
                with member, target or contextlib.nullcontext():
                    for chunk in iter(lambda: member.read(1 << 20), b""):  # noqa: B023
                        digest.update(chunk)
                        size += len(chunk)
                        if target:
                            target.write(chunk)
                        if progress:
                            progress((done + size) / total)
                        if cancelled and cancelled():
                            raise BundleCancelled()
                if size != entry["size"] or digest.hexdigest() != entry["sha256"]:
                    raise BundleError(f"{entry['path']} in {shown} does not match its sha256 in the "
                                      "manifest: the bundle is damaged or was changed. Copy it again, or "
                                      "make it again.")
                done += size
    except (zipfile.BadZipFile, EOFError, NotImplementedError, zlib.error) as error:
        raise _damaged(shown, error) from None
    except OSError as error:
        raise BundleError(f"{path} cannot be read, or its files written: {error.strerror or error}.") \
            from None
    return manifest
