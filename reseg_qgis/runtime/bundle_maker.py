"""Making an offline bundle on a computer with internet, for another computer's platform.

1. The plan: uv resolves the plugin's pinned requirements for the target platform and Python, binary
   wheels only, and writes a pylock file (PEP 751) with each wheel's URL, size and sha256; the CPython
   comes from the list of downloads uv itself installs from, verified against that release's
   SHA256SUMS; uv is the target's wheel of uv on the package index.
2. The files: downloaded (resumable, verified, kept in a download folder, so making the bundle again
   fetches only what changed), and the model files the caller gives.
3. The zip: written beside the output as ``.part`` and renamed when complete, the manifest last.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..engine.weights.downloads import DownloadError, download, sha256_of
from ..package_files import version
from . import locations
from .installer import local_torch_wheel, stream_command
from .offline_bundle import (
    FOLDERS,
    FORMAT,
    MANIFEST,
    PYTHON_VERSIONS,
    TARGETS,
    TORCH_BUILDS,
    BundleCancelled,
    BundleError,
    Target,
    default_name,
)
from .proxies import proxy_environment
from .uv_tool import UvUnavailable, uv_environment, uv_page, uv_wheel_on_index
from .wheels import WheelName
from .worker_client import NO_WINDOW, engine_command, engine_environment

UNMET = re.compile(r"Because (?P<package>[\w.-]+)==(?P<version>\S+) has no wheels with a matching "
                   r"(?P<what>Python ABI tag|Python implementation tag|Python version|platform tag)")
PYTHON_SUMS = "SHA256SUMS"
PROGRESS_LINE = re.compile(r"^bundle: (\d+)%")  # the command's progress with --progress-lines


@dataclass
class BundleRequest:
    platform: str
    python: str = "3.12"
    torch: str = "cpu"
    index_url: str = ""  # a mirror instead of PyPI
    find_links: str = ""  # a folder of wheels that take precedence (e.g. a torch build)

    def check(self) -> Target:
        if self.platform not in TARGETS:
            raise BundleError(f"No bundle can be made for {self.platform!r}; choose one of "
                              f"{', '.join(TARGETS)}.")
        if self.python not in PYTHON_VERSIONS:
            raise BundleError(f"ReSeg runs on Python {', '.join(PYTHON_VERSIONS)}, not {self.python}.")
        if self.torch not in TORCH_BUILDS:
            raise BundleError(f"No PyTorch build {self.torch!r}; choose one of {', '.join(TORCH_BUILDS)}.")
        target = TARGETS[self.platform]
        if self.torch != "cpu" and not target.cuda:
            raise BundleError(f"PyTorch publishes no CUDA builds for {self.platform}; use --torch cpu.")
        return target


@dataclass(frozen=True)
class PlannedFile:
    kind: str  # wheel, python, uv or model
    name: str  # the file's name in the bundle, under its kind's folder
    source: str  # a URL or a local path
    sha256: str | None
    size: int | None
    extra: dict = field(default_factory=dict)  # a model's name and, for one of the user's own, its spec

    @property
    def path(self) -> str:
        return f"{FOLDERS[self.kind]}/{self.name}"


@dataclass
class Plan:
    request: BundleRequest
    files: list[PlannedFile]

    @property
    def size(self) -> int:
        return sum(file.size or 0 for file in self.files)


def _no_wheel_message(request: BundleRequest, output: str) -> str:
    found = UNMET.search(output)
    unreachable = re.search(r"Failed to fetch:? `?(\S+?)`?\s", output)
    if unreachable and not found:
        return (f"The package index could not be reached ({unreachable[1]}); check the connection or the "
                "proxy, or give --index-url (a mirror) or --find-links (a folder of wheels).")
    if found:
        return (f"{found['package']} {found['version']} publishes no wheel for {request.platform} with "
                f"Python {request.python} (no matching {found['what']}); choose another Python version or "
                "platform.")
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return (f"The plugin's pinned packages cannot be installed on {request.platform} with Python "
            f"{request.python}: " + " ".join(lines[-6:]))


class BundleMaker:
    def __init__(self, request: BundleRequest, uv: Path, downloads: Path,
                 opener: urllib.request.OpenerDirector | None = None, log: Callable[[str], None] = print,
                 progress: Callable[[float], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.request, self.target = request, request.check()
        self.uv, self.downloads = uv, downloads
        self.opener = opener or urllib.request.build_opener()
        self.log, self._progress = log, progress or (lambda fraction: None)
        self.cancelled = cancelled or (lambda: False)

    def _uv(self, *arguments: str, timeout: float = 600) -> subprocess.CompletedProcess:
        environment = {**uv_environment(dict(os.environ)), **dict(self.target.environment)}
        return subprocess.run([str(self.uv), *arguments], capture_output=True, text=True, timeout=timeout,
                              env=environment, stdin=subprocess.DEVNULL, creationflags=NO_WINDOW)

    # The plan.

    def wheels(self) -> list[PlannedFile]:
        """The target's wheels of the pinned requirements, as uv resolves them."""
        request, arguments = self.request, []
        with tempfile.TemporaryDirectory(prefix="reseg-bundle-") as folder:
            torch = local_torch_wheel(request.find_links, self.target.wheel_platform, request.python)
            if torch:  # its version (with a local label, +cpu) is pinned
                pinned = Path(folder) / "torch.txt"
                pinned.write_text(f"torch=={WheelName.parse(torch[0].name).version}\n", encoding="utf-8")
                arguments += ["-c", str(pinned)]
            elif request.torch != "cpu" or not self.target.pypi_torch_is_cpu:
                arguments += ["--torch-backend", request.torch]
            if request.index_url:
                arguments += ["--index-url", request.index_url]
            if request.find_links:
                arguments += ["--find-links", request.find_links]
            lock = Path(folder) / "pylock.bundle.toml"
            result = self._uv("pip", "compile", "--quiet", "--python-platform", self.target.uv_platform,
                              "--python-version", request.python, "--only-binary", ":all:",
                              str(locations.REQUIREMENTS), "-c", str(locations.CONSTRAINTS), *arguments,
                              "-o", str(lock))
            if result.returncode != 0:
                raise BundleError(_no_wheel_message(request, result.stderr + result.stdout))
            import tomllib  # novermin (bundles are made in the engine's Python, 3.11 or newer)

            packages = tomllib.loads(lock.read_text(encoding="utf-8"))["packages"]
        files = []
        for package in packages:
            if not package.get("wheels"):
                raise BundleError(f"{package['name']} {package.get('version', '')} has no wheel for "
                                  f"{request.platform} with Python {request.python}.")
            wheel = package["wheels"][0]
            source = wheel.get("url") or wheel["path"]
            if source.startswith("file:"):
                source = urllib.request.url2pathname(urllib.parse.urlparse(source).path)
            name = urllib.parse.unquote(Path(urllib.parse.urlparse(source).path).name)
            size = wheel.get("size") or (Path(source).stat().st_size if Path(source).is_file() else None)
            files.append(PlannedFile("wheel", name, source, wheel.get("hashes", {}).get("sha256"), size))
        return files

    def python(self) -> PlannedFile:
        """The standalone CPython uv would install for the target, verified by its release's sums."""
        result = self._uv("python", "list", "--all-platforms", "--all-arches", "--only-downloads",
                          "--output-format", "json", self.request.python, timeout=120)
        try:
            downloads = json.loads(result.stdout) if result.returncode == 0 else []
        except ValueError:
            downloads = []
        system, arch, libc = self.target.python_build
        matching = [d for d in downloads if d.get("implementation") == "cpython"
                    and d.get("variant") == "default" and d.get("os") == system and d.get("arch") == arch
                    and d.get("libc") == libc and d.get("url")]
        if not matching:
            raise BundleError(f"uv lists no CPython {self.request.python} download for "
                              f"{self.request.platform} ({result.stderr.strip()[-300:]}).")
        chosen = max(matching, key=lambda d: tuple(d["version_parts"].values()))
        name = urllib.parse.unquote(chosen["url"].rsplit("/", 1)[1])
        return PlannedFile("python", name, chosen["url"], None, None, {"version": chosen["version"]})

    def python_sha256(self, planned: PlannedFile) -> str:
        """The sha256 of a CPython archive, from its release's SHA256SUMS."""
        sums = planned.source.rsplit("/", 1)[0] + "/" + PYTHON_SUMS
        try:
            with self.opener.open(sums, timeout=60) as response:
                lines = response.read().decode("utf-8").splitlines()
        except OSError as error:
            raise BundleError(f"The checksums of the CPython downloads could not be read from {sums}: "
                              f"{error}") from error
        digest = next((line.split()[0] for line in lines if line.split()[1:] == [planned.name]), None)
        if not digest:
            raise BundleError(f"{sums} lists no checksum for {planned.name}.")
        return digest

    def uv_wheel(self) -> PlannedFile:
        try:
            wheel = uv_wheel_on_index(self.opener, self.request.index_url, self.target.wheel_platform)
        except (OSError, UvUnavailable) as error:
            raise BundleError(f"uv for {self.request.platform} could not be found on "
                              f"{uv_page(self.request.index_url)}: {error}") from error
        return PlannedFile("uv", wheel.filename, wheel.url, wheel.sha256, wheel.size)

    def plan(self, models: list[PlannedFile] = ()) -> Plan:
        request = self.request
        self.log(f"Resolving the engine's packages for {request.platform}, Python {request.python}, "
                 f"PyTorch {request.torch}")
        files = self.wheels()
        self._progress(0.04)
        files += [self.uv_wheel(), self.python()]
        self._progress(0.06)
        return Plan(self.request, files + list(models))

    # The files.

    def _fetch(self, planned: PlannedFile, done: int, total: int) -> Path:
        if not planned.source.startswith(("http://", "https://")):
            return Path(planned.source)
        if planned.kind == "python" and not planned.sha256:
            planned = replace(planned, sha256=self.python_sha256(planned))
        folder = self.downloads / planned.kind
        destination = folder / planned.name
        if destination.is_file() and planned.sha256 and sha256_of(destination) == planned.sha256:
            return destination
        self.log(f"Downloading {planned.name}")
        share = 0.84 / max(1, total)
        try:
            download(planned.source, destination, expected_size=planned.size, expected_sha256=planned.sha256,
                     progress=lambda got, size: self._progress(0.06 + share * (done + got)),
                     cancelled=self.cancelled, opener=self.opener)
        except DownloadError as error:
            raise BundleError(str(error)) from error
        return destination

    def make(self, plan: Plan, output: Path) -> Path:
        """The bundle at ``output``: complete, or nothing (a failure or cancel leaves no file)."""
        output = Path(output)
        partial = output.with_name(output.name + ".part")
        total, done = max(1, plan.size), 0
        try:
            sources = []
            for planned in plan.files:
                self._check_cancel()
                sources.append((planned, self._fetch(planned, done, total)))
                done += planned.size or 0
            output.parent.mkdir(parents=True, exist_ok=True)
            entries = []
            self.log(f"Writing {output}")
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
                for index, (planned, source) in enumerate(sources):
                    self._check_cancel()
                    digest = hashlib.sha256()
                    with open(source, "rb") as stream, \
                            archive.open(planned.path, "w", force_zip64=True) as member:
                        for chunk in iter(lambda: stream.read(1 << 20), b""):
                            digest.update(chunk)
                            member.write(chunk)
                    if planned.sha256 and digest.hexdigest() != planned.sha256:
                        raise BundleError(f"{source} changed while the bundle was written; make it again.")
                    entries.append({"path": planned.path, "kind": planned.kind, "sha256": digest.hexdigest(),
                                    "size": source.stat().st_size, **planned.extra})
                    self._progress(0.9 + 0.1 * (index + 1) / len(sources))
                archive.writestr(MANIFEST, json.dumps(self.manifest(entries), indent=2))
            try:
                os.replace(partial, output)
            except OSError as error:
                raise BundleError(f"{output} cannot be replaced ({error.strerror or error}); close what has "
                                  "it open, or choose another file name.") from None
            self.log(f"Done: {output} ({output.stat().st_size / 1e6:,.0f} MB)")
            return output
        except BaseException:
            partial.unlink(missing_ok=True)
            raise

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise BundleCancelled()

    def manifest(self, entries: list[dict]) -> dict:
        return {"format": FORMAT, "plugin_version": version(),
                "requirements": locations.requirements_digest(),
                "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                "made_on": sys.platform, "files": entries,
                "target": {"platform": self.request.platform, "python": self.request.python,
                           "torch": self.request.torch}}


def bundle_path(output: str | os.PathLike | None, platform: str) -> Path:
    path = Path(output) if output else Path.cwd() / default_name(platform)
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        path = path / default_name(platform)
    return path


def downloads_folder(root: Path | None = None) -> Path:
    return (root or locations.data_dir()) / "downloads" / "bundle"


def remove_partial(output: Path) -> None:
    """What a killed maker leaves of ``output``."""
    Path(str(output) + ".part").unlink(missing_ok=True)


def make_in_engine(python: str | os.PathLike, request: BundleRequest, output: Path, preset: str,
                   models: str = "", no_models: bool = False, cache_dir: str = "",
                   log: Callable[[str], None] = print, progress: Callable[[float], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, proxy: dict[str, str] | None = None) -> Path:
    """The engine's ``bundle`` command in ``python`` (the engine's environment, which takes the models
    from its cache), its lines to ``log`` and its progress, in percent, to ``progress``. A cancel or
    a failure leaves no file."""
    request.check()
    cancelled = cancelled or (lambda: False)
    arguments = ["bundle", "--progress-lines", "--platform", request.platform, "--python", request.python,
                 "--torch", request.torch, "--preset", preset, "-o", str(output)]
    arguments += ["--models", models] if models else []
    arguments += ["--no-models"] if no_models else []
    arguments += ["--cache-dir", cache_dir] if cache_dir else []
    arguments += ["--index-url", request.index_url] if request.index_url else []
    arguments += ["--find-links", request.find_links] if request.find_links else []

    def line(text: str) -> None:
        shown = PROGRESS_LINE.match(text)
        if shown and progress:
            progress(float(shown[1]))
        elif not shown:
            log(text)

    output.parent.mkdir(parents=True, exist_ok=True)
    code, lines = stream_command(engine_command(python, *arguments), line, cancelled,
                                 engine_environment(proxy_environment(proxy)), output.parent)
    if code != 0 or cancelled():
        remove_partial(output)
        if cancelled():
            raise BundleCancelled()
        errors = [text.removeprefix("error: ") for text in lines if text.startswith("error: ")]
        raise BundleError(errors[-1] if errors else "\n".join(lines[-8:]))
    return output
