"""Installing from an offline bundle, with no network: the bundle is verified whole, its uv and
CPython unpacked, the environment built from its wheels alone (the installer's offline route, which
keeps any existing environment until the new one passes its check), and its model files imported
into the model cache by the new environment's engine, verified again there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..engine.weights.store import EXPORTED
from . import locations
from .installer import Installer, InstallError, InstallOptions
from .offline_bundle import FOLDERS, BundleError, Manifest, read_manifest, verify
from .uv_tool import UvUnavailable, unpack_uv
from .worker_client import NO_WINDOW, engine_command, engine_environment

COMPLETE = ".complete"
# Shares of the whole, in percent: verify, unpack, the installer's steps, the models.
VERIFY, UNPACK, INSTALL, MODELS = (0, 10), (10, 16), (16, 92), (92, 100)


def python_executable(folder: Path) -> Path:
    """The interpreter of an unpacked CPython archive of uv's downloads (``python/…``)."""
    windows = folder / "python" / "python.exe"
    return windows if windows.is_file() else folder / "python" / "bin" / "python3"


def _extract(archive: Path, folder: Path) -> None:
    """A CPython archive into ``folder``: with tarfile's data filter where this Python has it, else with
    no member that is absolute, climbs out with '..', or is a link or device."""
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(folder, filter="data")
            return
        for member in tar.getmembers():
            if not _stays_inside(member):
                raise BundleError(f"The CPython archive holds {member.name!r}, which would land outside its "
                                  "folder; make the bundle again.")
        tar.extractall(folder)  # every member checked above


def _stays_inside(member: tarfile.TarInfo) -> bool:
    """A plain file, folder, or relative link, at a relative path that never climbs with '..'."""
    def relative(name: str) -> bool:
        return not name.startswith(("/", "\\")) and ":" not in name and ".." not in Path(name).parts

    return relative(member.name) and (member.isfile() or member.isdir() or
                                      (member.issym() and relative(member.linkname)))


class BundleInstaller:
    def __init__(self, bundle: str | Path, root: Path | None = None, cache_dir: str | None = None,
                 log: Callable[[str], None] = print, progress: Callable[[float], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.bundle, self.root = Path(bundle), root or locations.data_dir()
        self.cache_dir = cache_dir
        self.log, self._progress = log, progress or (lambda percent: None)
        self.cancelled = cancelled or (lambda: False)

    def _share(self, span: tuple[float, float], fraction: float) -> None:
        self._progress(span[0] + (span[1] - span[0]) * max(0.0, min(1.0, fraction)))

    def run(self) -> dict:
        """Install; returns the new environment's check report. Raises BundleError (a bad bundle),
        InstallError, BundleCancelled or InstallCancelled; an existing environment stays as it was."""
        manifest = read_manifest(self.bundle)
        target = manifest.target
        self.log(f"The bundle of ReSeg {manifest.values['plugin_version']}: {target['platform']}, Python "
                 f"{target['python']}, PyTorch {target['torch']}, {manifest.size / 1e6:,.0f} MB")
        self.root.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(self.root).free
        if free < 3 * manifest.size:  # unpacked, then installed; uv's cache
            raise BundleError(f"Installing {self.bundle.name} needs about {3 * manifest.size / 1e9:,.1f} GB "
                              f"free in {self.root}; {free / 1e9:,.1f} GB are. Free some space, then try "
                              "again.")
        staging = Path(tempfile.mkdtemp(prefix="bundle-", dir=self.root))
        try:
            self.log(f"Verifying {self.bundle} while unpacking it into {staging}")
            verify(self.bundle, lambda fraction: self._share(VERIFY, fraction), self.cancelled, into=staging)
            uv = unpack_uv(self._one(manifest, staging, "uv"), self.root / "tools")
            python = self._python(manifest, staging)
            self._share(UNPACK, 1.0)
            options = InstallOptions(torch_build="cpu", offline=True, uv=str(uv), base_python=str(python),
                                     wheel_folder=str(staging / FOLDERS["wheel"]))
            report = Installer(options, self.root, self.log,
                               lambda percent: self._share(INSTALL, percent / 100), self.cancelled).run()
            self._prune_pythons(python)
            self._import_models(manifest, staging, Path(report["executable"]))
            self._share(MODELS, 1.0)
            return report
        except (UvUnavailable, tarfile.TarError) as error:
            raise BundleError(f"{self.bundle.name} cannot be unpacked: {error}. Make the bundle again.") \
                from None
        except OSError as error:
            raise BundleError(f"Unpacking {self.bundle.name} into {self.root} failed: "
                              f"{error.strerror or error}.") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _one(self, manifest: Manifest, staging: Path, kind: str) -> Path:
        entries = manifest.members(kind)
        if len(entries) != 1:
            raise BundleError(f"{self.bundle.name} holds {len(entries)} {kind} files, not one; make it "
                              "again.")
        return staging / entries[0]["path"]

    def _python(self, manifest: Manifest, staging: Path) -> Path:
        """The bundle's CPython, unpacked once per archive into the plugin's data folder."""
        archive = self._one(manifest, staging, "python")
        entry = manifest.members("python")[0]
        folder = self.root / "python" / f"bundled-{entry['version']}-{entry['sha256'][:8]}"
        if not (folder / COMPLETE).is_file():
            self.log(f"Unpacking CPython {entry['version']} into {folder}")
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            _extract(archive, folder)
            (folder / COMPLETE).write_text(entry["sha256"], encoding="utf-8")
        python = python_executable(folder)
        if not python.is_file():
            raise BundleError(f"The CPython archive of {self.bundle.name} holds no python/bin/python3 nor "
                              "python/python.exe; make the bundle again.")
        return python

    def _prune_pythons(self, kept: Path) -> None:
        """The CPythons of earlier bundles: the environments built on them were replaced."""
        for folder in (self.root / "python").glob("bundled-*"):
            if folder not in kept.parents:
                shutil.rmtree(folder, ignore_errors=True)

    def _import_models(self, manifest: Manifest, staging: Path, python: Path) -> None:
        models = manifest.members("model")
        if not models:
            return
        folder = staging / FOLDERS["model"]
        exported = [{"model": entry["model"], "file": Path(entry["path"]).name, "sha256": entry["sha256"],
                     "download_sha256": entry.get("download_sha256", entry["sha256"]),
                     "custom": entry.get("custom")} for entry in models]
        (folder / EXPORTED).write_text(json.dumps({"models": exported}, indent=2), encoding="utf-8")
        self.log(f"Importing {len(models)} model files into the model cache")
        arguments = ["models", *(["--cache-dir", self.cache_dir] if self.cache_dir else []), "import",
                     str(folder)]
        result = subprocess.run(engine_command(python, *arguments), capture_output=True, text=True,
                                env=engine_environment(), cwd=self.root, stdin=subprocess.DEVNULL,
                                creationflags=NO_WINDOW)
        for line in (result.stdout + result.stderr).splitlines():
            self.log(line)
        if result.returncode != 0:
            raise InstallError("The environment is installed, but the bundle's models could not be imported "
                               "(the log above says why). Install from the bundle again; the environment is "
                               "kept, and models already imported are passed by.")
