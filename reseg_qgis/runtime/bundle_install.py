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
import zipfile
from collections.abc import Callable
from pathlib import Path

from ..engine.weights.store import EXPORTED
from . import locations
from .installer import InstallCancelled, Installer, InstallError, InstallOptions
from .offline_bundle import FOLDERS, BundleError, Manifest, verify
from .uv_tool import unpack_uv
from .worker_client import NO_WINDOW, engine_command, engine_environment

COMPLETE = ".complete"
# Shares of the whole, in percent: verify, unpack, the installer's steps, the models.
VERIFY, UNPACK, INSTALL, MODELS = (0, 10), (10, 16), (16, 92), (92, 100)


def python_executable(folder: Path) -> Path:
    """The interpreter of an unpacked CPython archive of uv's downloads (``python/…``)."""
    windows = folder / "python" / "python.exe"
    return windows if windows.is_file() else folder / "python" / "bin" / "python3"


class BundleInstaller:
    def __init__(self, bundle: str | Path, root: Path | None = None, cache_dir: str | None = None,
                 log: Callable[[str], None] = print, progress: Callable[[float], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> None:
        self.bundle, self.root = Path(bundle), root or locations.data_dir()
        self.cache_dir = cache_dir
        self.log, self._progress = log, progress or (lambda percent: None)
        self.cancelled = cancelled or (lambda: False)
        self.staging = self.root / "bundle-staging"

    def _share(self, span: tuple[float, float], fraction: float) -> None:
        self._progress(span[0] + (span[1] - span[0]) * max(0.0, min(1.0, fraction)))

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise InstallCancelled()

    def run(self) -> dict:
        """Install; returns the new environment's check report. Raises BundleError (a bad bundle),
        InstallError or InstallCancelled; an existing environment stays as it was."""
        self.log(f"Verifying {self.bundle}")
        try:
            manifest = verify(self.bundle, lambda fraction: self._share(VERIFY, fraction), self.cancelled)
        except BundleError:
            if self.cancelled():
                raise InstallCancelled() from None
            raise
        target = manifest.target
        self.log(f"The bundle of ReSeg {manifest.values['plugin_version']}: {target['platform']}, Python "
                 f"{target['python']}, PyTorch {target['torch']}, {manifest.size / 1e6:,.0f} MB")
        shutil.rmtree(self.staging, ignore_errors=True)
        try:
            self._unpack(manifest)
            uv = unpack_uv(self._one(manifest, "uv"), self.root / "tools")
            python = self._python(manifest)
            self._share(UNPACK, 1.0)
            options = InstallOptions(torch_build="cpu", offline=True, uv=str(uv), base_python=str(python),
                                     wheel_folder=str(self.staging / FOLDERS["wheel"]))
            report = Installer(options, self.root, self.log,
                               lambda percent: self._share(INSTALL, percent / 100), self.cancelled).run()
            self._import_models(manifest, Path(report["executable"]))
            self._share(MODELS, 1.0)
            return report
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _unpack(self, manifest: Manifest) -> None:
        self.log(f"Unpacking into {self.staging}")
        with zipfile.ZipFile(self.bundle) as archive:
            for index, entry in enumerate(manifest.files):
                self._check_cancel()
                destination = self.staging / entry["path"]
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(entry["path"]) as source, open(destination, "wb") as stream:
                    shutil.copyfileobj(source, stream, 1 << 20)
                self._share(UNPACK, 0.8 * (index + 1) / len(manifest.files))

    def _one(self, manifest: Manifest, kind: str) -> Path:
        entries = manifest.members(kind)
        if len(entries) != 1:
            raise BundleError(f"{self.bundle.name} holds {len(entries)} {kind} files, not one; make it "
                              "again.")
        return self.staging / entries[0]["path"]

    def _python(self, manifest: Manifest) -> Path:
        """The bundle's CPython, unpacked once per archive into the plugin's data folder."""
        archive = self._one(manifest, "python")
        entry = manifest.members("python")[0]
        folder = self.root / "python" / f"bundled-{entry.get('version', 'cpython')}-{entry['sha256'][:8]}"
        if not (folder / COMPLETE).is_file():
            self.log(f"Unpacking CPython {entry.get('version', '')} into {folder}")
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            with tarfile.open(archive) as tar:
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(folder, filter="data")
                else:  # an older Python; the archive's sha256 was verified
                    tar.extractall(folder)
            (folder / COMPLETE).write_text(entry["sha256"], encoding="utf-8")
        python = python_executable(folder)
        if not python.is_file():
            raise BundleError(f"The CPython archive of {self.bundle.name} holds no python/bin/python3 nor "
                              "python/python.exe; make the bundle again.")
        return python

    def _import_models(self, manifest: Manifest, python: Path) -> None:
        models = manifest.members("model")
        if not models:
            return
        folder = self.staging / FOLDERS["model"]
        exported = [{"model": entry["model"], "file": Path(entry["path"]).name, "sha256": entry["sha256"],
                     "download_sha256": entry.get("download_sha256", entry["sha256"]),
                     "custom": entry.get("custom")} for entry in models]
        (folder / EXPORTED).write_text(json.dumps({"models": exported}, indent=2), encoding="utf-8")
        self.log(f"Importing {len(models)} model files into the model cache")
        arguments = ["models", *(["--cache-dir", self.cache_dir] if self.cache_dir else []), "import",
                     str(folder)]
        command = engine_command(python, *arguments)
        result = subprocess.run(command, capture_output=True, text=True, env=engine_environment(),
                                cwd=self.root, stdin=subprocess.DEVNULL, creationflags=NO_WINDOW)
        for line in (result.stdout + result.stderr).splitlines():
            self.log(line)
        if result.returncode != 0:
            raise InstallError("The environment is installed, but its models could not be imported: see "
                               "the log above. Import them with 'Import model files…' from the bundle's "
                               "models folder.")
