"""The user's model cache: where weights live, what is installed, download and offline import.

The cache is a folder outside the plugin (which QGIS wipes on upgrade): an explicit choice (the
plugin setting, or ``--cache-dir``), else ``$RESEG_CACHE_DIR``, else the platform's cache directory.
``manifest.json`` records each verified file's size and sha256, and pins the sha256 of models
whose publishers give none.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import shutil
import stat
import sys
import threading
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from ...package_files import PACKAGE_DIR, plugin_root
from ..translatable import ResegError, followed
from . import messages
from .downloads import (
    CancelCheck,
    ChecksumMismatch,
    DownloadCancelled,
    DownloadError,
    ProgressCallback,
    download,
    sha256_of,
)
from .registry import (
    COMPOSED,
    CUSTOM_FORMAT,
    MODELS,
    NAME_PATTERN,
    ModelSpec,
    by_name,
    read_custom_models,
    write_custom_models,
    writing,
)

CACHE_ENV = "RESEG_CACHE_DIR"
MANIFEST = "manifest.json"
EXPORTED = "exported-models.json"  # a folder of files exported from a cache (an offline bundle's)

# One download or manifest update at a time per file, within this process (QGIS runs tasks in threads).
_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()
# Files whose sha256 this process has checked: path → (size, modification time) when it was.
_verified: dict[str, tuple[int, int]] = {}


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def file_matches(path: Path, sha256: str | None) -> tuple[bool, str]:
    """(whether ``path`` still has ``sha256``, its digest when computed). The digest is computed at a
    file's first check in this process and whenever its size or modification time changed since."""
    with _lock_for(path):
        stamp = _stamp(path)
        if _verified.get(str(path)) == stamp:
            return True, ""
        digest = sha256_of(path)
        if sha256 and digest != sha256:
            return False, digest
        _verified[str(path)] = stamp
        return True, digest


def _lock_for(path: Path) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(str(path), threading.Lock())


def _mode(path: Path) -> int:
    """The file mode of ``path``, else an error saying it does not exist or cannot be read."""
    try:
        return path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise ResegError(messages.NO_SOURCE, path=str(path)) from None
    except OSError as error:
        raise ResegError(messages.FILE_UNREADABLE, path=str(path),
                         reason=error.strerror or str(error)) from error
    except ValueError as error:  # a NUL in the path
        raise ResegError(messages.FILE_UNREADABLE, path=str(path), reason=str(error)) from error


def _given_path(value, template: str) -> Path:
    """``value`` as a path, else a ``template`` error showing what was given instead."""
    try:
        if isinstance(value, (str, os.PathLike)) and str(value).strip():
            return Path(value)
    except TypeError:  # a path-like of bytes
        pass
    raise ResegError(template, value=messages.shown(value))


def _checkpoint_file(source) -> Path:
    """``source`` as the path of a readable, non-empty regular file, else an error saying what it is."""
    path = _given_path(source, messages.FILE_NOT_A_PATH)
    mode = _mode(path)
    if stat.S_ISDIR(mode):
        raise ResegError(messages.FILE_IS_FOLDER, path=str(path))
    if not stat.S_ISREG(mode):  # never opened: a pipe would block
        raise ResegError(messages.FILE_NOT_REGULAR, path=str(path))
    if path.stat().st_size == 0:
        raise ResegError(messages.FILE_EMPTY, name=str(path))
    try:
        with open(path, "rb"):
            pass
    except OSError as error:
        raise ResegError(messages.FILE_UNREADABLE, path=str(path),
                         reason=error.strerror or str(error)) from error
    return path


def _architecture(kind: str, architecture) -> str | dict:
    """The architecture of a model to add: a name ReSeg can use, or a config (given, or in a .json file)."""
    if isinstance(architecture, os.PathLike) or (
            isinstance(architecture, str) and architecture.strip().lower().endswith(".json")):
        architecture = _architecture_file(Path(architecture))
    if isinstance(architecture, dict):
        if kind == "clip":
            _check_clip_config(architecture)
        return architecture
    if not isinstance(architecture, str) or not architecture.strip():
        raise ResegError(messages.ARCHITECTURE_NOT_GIVEN, value=messages.shown(architecture))
    known = _architecture_names(kind)
    if architecture not in known:
        raise ResegError(messages.UNKNOWN_ARCHITECTURE, kind=kind.upper(), architecture=architecture,
                             known=", ".join(known))
    return architecture


def _check_clip_config(config: dict) -> None:
    """Refuse a CLIP config whose towers are not objects, or whose image tower is not a ViT."""
    towers = [tower for tower in ("vision_cfg", "text_cfg") if not isinstance(config.get(tower), dict)]
    if towers:
        cause = f"its {towers[0]} must be an object of open_clip's tower settings"
    elif isinstance(config["vision_cfg"].get("layers"), (list, tuple)):
        cause = "its image tower is a ResNet, and ReSeg needs a ViT"
    else:
        return
    raise ResegError(messages.ARCHITECTURE_UNBUILDABLE, kind="CLIP", architecture=messages.shown(config),
                         cause=cause)


def _architecture_file(path: Path) -> dict:
    """The model config a .json file holds, else an error naming the file and what is wrong with it."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            cause = "it is a folder" if path.is_dir() else "it is not a regular file"
        else:
            config = json.loads(path.read_text(encoding="utf-8"))
            cause = "" if isinstance(config, dict) else f"it holds a {_json_kind(config)}, not an object"
    except (FileNotFoundError, NotADirectoryError):
        cause = "it does not exist"
    except OSError as error:
        cause = f"it cannot be read ({error.strerror or error})"
    except UnicodeDecodeError:
        cause = "it is not UTF-8 text"
    except ValueError as error:
        cause = f"it is not valid JSON ({error})"
    except RecursionError:
        cause = "it is nested too deeply"
    if cause:
        raise ResegError(messages.ARCHITECTURE_FILE, path=str(path), cause=cause)
    return config


def _json_kind(value) -> str:
    return {list: "list", str: "text", bool: "true or false", type(None): "null"}.get(type(value), "number")


def _architecture_names(kind: str) -> list[str]:
    """The architecture names a model of ``kind`` may be added with: open_clip's ViTs with its own
    towers (what build_clip takes) and the engine's own; SAM's."""
    if kind == "sam":
        from ..models.sam_models import SAM_ARCHITECTURES

        return list(SAM_ARCHITECTURES)
    from ..models.clip_models import EXTRA_ARCHITECTURES
    from ..models.ml_libraries import open_clip

    def own_towers(config: dict) -> bool:
        return ("custom_text" not in config and "hf_model_name" not in config.get("text_cfg", {})
                and not config.get("vision_cfg", {}).get("timm_model_name"))

    names = [name for name in open_clip.list_models()
             if name.startswith("ViT") and own_towers(open_clip.get_model_config(name) or {})]
    return names + [name for name in EXTRA_ARCHITECTURES if name not in names]


def _check_loadable(spec: ModelSpec, path: Path, shown: str) -> None:
    """Refuse a file that does not load strictly into the model's architecture (``shown`` names it)."""
    from .checkpoints import load_model

    load_model(spec.kind, spec.architecture, path, f"{shown} ({spec.name})")


MANIFEST_FIELDS = {"file_size": int, "sha256": str, "download_sha256": str, "pinned": bool, "source": str,
                   "recorded": str}


def _check_manifest(manifest) -> None:
    """Raise ValueError, saying what is wrong, unless ``manifest`` has the shape the store writes."""
    if not isinstance(manifest, dict):
        raise ValueError(f"it holds a {type(manifest).__name__}, not an object of models")
    for name, entry in manifest.items():
        if not isinstance(entry, dict):
            raise ValueError(f"the entry of {name!r} is a {type(entry).__name__}, not an object")
        for field, kind in MANIFEST_FIELDS.items():
            value = entry.get(field)
            if field in entry and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
                raise ValueError(f"{name!r} has a {field} of the wrong kind ({value!r})")
        if "file_size" not in entry or "sha256" not in entry:
            raise ValueError(f"the entry of {name!r} lacks its file_size or sha256")


class MissingWeights(ResegError):
    """Weights are not installed and may not be downloaded; the message says how to get them."""

    def __init__(self, specs: list[ModelSpec], cache: Path) -> None:
        names = ", ".join(f"{s.title} ({s.name}, {_size(s.size)})" for s in specs)
        files = fetch_list(specs)
        super().__init__(messages.MISSING_FILES if files else messages.MISSING, names=names, cache=str(cache),
                         **({"files": files} if files else {}))
        self.specs, self.cache = specs, cache


def fetch_list(specs: list[ModelSpec]) -> str:
    """``name: address`` of each model with a published file, joined by "; "."""
    return "; ".join(f"{spec.name}: {spec.url}" for spec in specs if spec.url)


def files_to_fetch(specs: list[ModelSpec]) -> str:
    """Where each missing model's published file is, for people who fetch it by hand."""
    files = fetch_list(specs)
    return messages.FILES_TO_FETCH.format(files=files) if files else ""


def naming_every_file(error: DownloadError, missing: list[ModelSpec]) -> DownloadError:
    """``error``, followed by where each still missing model's file is, for fetching them by hand (caused
    by ``error``); ``error`` itself where none has a published file."""
    files = fetch_list(missing)
    if not files:
        return error
    named = followed(error, messages.FILES_TO_FETCH, files=files)
    named.__cause__ = error
    return named


def _size(size: int | None) -> str:
    return "size unknown" if size is None else f"{size / 1e6:,.0f} MB"


def platform_cache_dir() -> Path:
    home = Path.home()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return base / "reseg_qgis" / "cache"
    if sys.platform == "darwin":
        return home / "Library" / "Caches" / "reseg_qgis"
    return Path(os.environ.get("XDG_CACHE_HOME", home / ".cache")) / "reseg_qgis"


def cache_dir(chosen: str | os.PathLike | None = None) -> Path:
    """The cache folder: ``chosen``, else ``$RESEG_CACHE_DIR``, else the platform's cache."""
    folder = Path(chosen or os.environ.get(CACHE_ENV) or platform_cache_dir()).expanduser().resolve()
    for plugin_folder in {PACKAGE_DIR, plugin_root()}:
        if folder == plugin_folder or plugin_folder in folder.parents:
            raise ResegError(messages.IN_PLUGIN, folder=str(folder))
    return folder


@dataclass(frozen=True)
class ModelStatus:
    spec: ModelSpec
    installed: bool
    path: Path
    size: int | None  # bytes on disk, or the published size when not installed
    sha256: str | None
    pinned: bool  # the sha256 was pinned on first download, not published


@dataclass(frozen=True)
class ImportResult:
    source: Path
    model: str | None
    status: str  # "imported", "already installed", "unknown", "mismatch", "failed"
    detail: str = ""


class ModelStore:
    def __init__(self, root: str | os.PathLike | None = None,
                 registry: Mapping[str, ModelSpec] | None = None) -> None:
        self.root = cache_dir(root)
        self.registry = {**MODELS, **read_custom_models(self.root)} if registry is None else registry

    # The manifest.

    def _manifest_path(self) -> Path:
        return self.root / MANIFEST

    def manifest(self) -> dict[str, dict]:
        try:
            manifest = json.loads(self._manifest_path().read_text(encoding="utf-8"))
            _check_manifest(manifest)
            return manifest
        except FileNotFoundError:
            return {}
        except ValueError as error:
            raise ResegError(messages.MANIFEST_DAMAGED, path=str(self._manifest_path()),
                             cause=str(error)) from error

    def _write_manifest(self, manifest: dict) -> None:
        with writing(self._manifest_path()):
            self.root.mkdir(parents=True, exist_ok=True)
            temporary = self._manifest_path().with_suffix(f".json.{os.getpid()}.tmp")  # one per process
            temporary.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
            os.replace(temporary, self._manifest_path())

    def _record(self, name: str, **entry) -> None:
        with _lock_for(self._manifest_path()):
            manifest = self.manifest()
            manifest[name] = {**entry, "recorded": datetime.datetime.now(datetime.timezone.utc).isoformat()}
            self._write_manifest(manifest)

    # What is installed.

    def path(self, name: str) -> Path:
        return self.root / by_name(name, self.registry).filename

    def is_installed(self, name: str) -> bool:
        entry = self.manifest().get(name)
        path = self.path(name)
        return bool(entry) and path.is_file() and path.stat().st_size == entry.get("file_size")

    def status(self) -> list[ModelStatus]:
        manifest = self.manifest()
        statuses = []
        for name, spec in self.registry.items():
            entry = manifest.get(name, {})
            installed = self.is_installed(name)
            statuses.append(ModelStatus(
                spec, installed, self.path(name),
                entry.get("file_size") if installed else spec.size,
                entry.get("sha256") if installed else spec.sha256,
                bool(entry.get("pinned")) if installed else False))
        return statuses

    def missing(self, names: list[str]) -> list[ModelSpec]:
        return [by_name(name, self.registry) for name in names if not self.is_installed(name)]

    def _expected_sha256(self, spec: ModelSpec) -> str | None:
        return spec.sha256 or self.manifest().get(spec.name, {}).get("download_sha256")

    def _install(self, spec: ModelSpec, verified: Path, digest: str, source: str,
                 loadable: bool = False, shown: str = "") -> Path:
        """Move a verified published file into place (unzipping a member) and record it.

        A file without a published or pinned sha256 is pinned only once it loads as a checkpoint of
        its architecture, so a wrong first download (an error page, say) is not trusted for good.
        """
        target = self.path(spec.name)
        staged = verified
        try:
            if spec.zip_member:
                staged = target.with_name(target.name + ".part")
                try:
                    with zipfile.ZipFile(verified) as archive, archive.open(spec.zip_member) as member, \
                            open(staged, "wb") as stream:
                        shutil.copyfileobj(member, stream, 1 << 20)
                except (zipfile.BadZipFile, KeyError) as error:
                    name = shown or Path(spec.url).name
                    raise ResegError(messages.NOT_THE_ARCHIVE, name=name, cause=str(error)) from error
            if self._expected_sha256(spec) is None and not loadable:
                _check_loadable(spec, staged, shown or Path(spec.url).name or spec.filename)
            os.replace(staged, target)
        except BaseException:
            for leftover in {staged, verified}:
                if leftover != target:
                    Path(leftover).unlink(missing_ok=True)
            raise
        if spec.zip_member:
            verified.unlink(missing_ok=True)
        self._record(spec.name, download_sha256=digest, pinned=spec.sha256 is None, source=source,
                     file_size=target.stat().st_size,
                     sha256=digest if not spec.zip_member else sha256_of(target))
        _verified[str(target)] = _stamp(target)
        return target

    def verified_path(self, name: str) -> Path:
        """The installed file of ``name``, its sha256 checked against the manifest at its first use in
        this process and whenever its size or modification time changed since."""
        path = self.path(name)
        expected = self.manifest().get(name, {}).get("sha256")
        matches, digest = file_matches(path, expected)
        if not matches:
            spec = by_name(name, self.registry)
            raise ChecksumMismatch(messages.CHANGED if spec.url else messages.CHANGED_ADDED, path=str(path),
                                   title=spec.title, name=name, digest=digest, expected=expected)
        return path

    # Getting models.

    def download(self, name: str, progress: ProgressCallback | None = None,
                 cancelled: CancelCheck | None = None) -> Path:
        spec = by_name(name, self.registry)
        if not spec.url:
            raise ResegError(messages.NOTHING_TO_DOWNLOAD, name=name)
        landing = self.root / "downloads" / Path(spec.url).name if spec.zip_member else \
            self.root / "downloads" / spec.filename
        with _lock_for(landing):
            if self.is_installed(name):  # another task fetched it meanwhile
                return self.path(name)
            digest = download(spec.url, landing, expected_size=spec.size,
                              expected_sha256=self._expected_sha256(spec), progress=progress,
                              cancelled=cancelled)
            return self._install(spec, landing, digest, spec.url)

    def download_all(self, names: list[str], progress: Callable[[int, int, int | None], None] | None = None,
                     cancelled: CancelCheck | None = None) -> list[Path]:
        """Download ``names`` in turn (``progress`` gets the model's index first); a failure names
        the file of every model still missing, not only the one that failed."""
        paths = []
        for index, name in enumerate(names):
            step = None if progress is None else functools.partial(progress, index)
            try:
                paths.append(self.download(name, step, cancelled))
            except DownloadCancelled:
                raise
            except DownloadError as error:
                raise naming_every_file(error, self.missing(names[index:]))  # noqa: B904 (caused by error)
        return paths

    def ensure(self, name: str, allow_download: bool, progress: ProgressCallback | None = None,
               cancelled: CancelCheck | None = None) -> Path:
        """The verified file of ``name``, downloaded first where it is missing and allowed."""
        if not self.is_installed(name):
            if not allow_download:
                raise MissingWeights(self.missing([name]), self.root)
            self.download(name, progress, cancelled)
        return self.verified_path(name)

    def _candidates(self, path: Path) -> list[ModelSpec]:
        """Models a file name can belong to (OpenAI's two files share one published name)."""
        return [spec for spec in self.registry.values() if spec.url and path.name in
                {Path(spec.url).name, spec.filename, Path(spec.zip_member or "").name}]

    def _verify_import(self, source: Path, spec: ModelSpec, size: int,
                       digest: str | None) -> tuple[str | None, str]:
        """(sha256, "") when ``source`` is ``spec``'s published file, else (None, why not)."""
        if spec.zip_member and source.name != Path(spec.url).name:
            return None, (f"{spec.title} is published as the zip {Path(spec.url).name}; import the zip so "
                          "it can be verified")
        if spec.size is not None and size != spec.size:
            return None, f"{size} bytes, {spec.size} published for {spec.name}"
        digest = digest or sha256_of(source)
        expected = self._expected_sha256(spec)
        if expected and digest != expected:
            return None, f"sha256 {digest}, expected {expected} for {spec.name}"
        return digest, ""

    def import_file(self, source: Path, link: bool = False) -> ImportResult:
        """Verify a published file carried in by hand, then copy (or hard-link) it into the cache."""
        source = Path(source)
        if not stat.S_ISREG(_mode(source)):  # never opened: a pipe would block
            return ImportResult(source, None, "failed",
                                messages.IMPORT_NOT_REGULAR.format(path=str(source)))
        candidates = self._candidates(source)
        if not candidates:
            return ImportResult(source, None, "unknown", "not a published model file name")
        size, digest, reasons = source.stat().st_size, None, []
        for spec in candidates:
            verified, why = self._verify_import(source, spec, size, digest)
            if verified:
                digest = verified
                break
            reasons.append(why)
        else:
            names = ", ".join(spec.name for spec in candidates)
            return ImportResult(source, names, "mismatch", "; ".join(reasons))
        if self.is_installed(spec.name):
            return ImportResult(source, spec.name, "already installed")
        self.root.mkdir(parents=True, exist_ok=True)
        staged = self.root / "downloads" / (source.name + ".import")
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.unlink(missing_ok=True)
        try:
            if link:
                os.link(source, staged)
            else:
                shutil.copyfile(source, staged)
        except OSError:
            shutil.copyfile(source, staged)  # another file system: a hard link is impossible
        self._install(spec, staged, digest, f"import:{source}", shown=source.name)
        return ImportResult(source, spec.name, "imported")

    def add_custom(self, name: str, kind: str, architecture: str | dict, source: str | os.PathLike,
                   title: str | None = None, licence: str = "the owner's",
                   initialisation: str = "", cancelled: CancelCheck | None = None) -> ModelSpec:
        """Register a checkpoint of your own (e.g. a fine-tuned CLIP) under ``name``.

        The file must load strictly into the architecture; it is copied into the cache and its
        sha256 pinned, like any other model. ``cancelled`` is polled once the file has loaded.
        """
        from ..cancellation import stop_if_cancelled
        from .checkpoints import load_model

        texts = {"name": name, "title": title, "licence": licence, "initialisation": initialisation}
        for argument, value in texts.items():
            if not isinstance(value, str) and not (argument == "title" and value is None):
                raise ResegError(messages.ARGUMENT_NOT_TEXT, argument=argument,
                                     value=messages.shown(value))
        if not NAME_PATTERN.fullmatch(name):
            raise ResegError(messages.BAD_NAME, name=name)
        if name in MODELS or name in COMPOSED:
            raise ResegError(messages.PUBLISHED_NAME, name=name)
        if kind not in ("clip", "sam"):
            raise ResegError(messages.KIND)
        source = _checkpoint_file(source)
        architecture = _architecture(kind, architecture)
        load_model(kind, architecture, source, source.name)
        stop_if_cancelled(cancelled)
        suffix = ".safetensors" if source.suffix == ".safetensors" else ".pt"
        spec = ModelSpec(name=name, kind=kind, title=title or name, architecture=architecture, url="",
                         filename=f"custom-{name}{suffix}", size=source.stat().st_size, sha256=None,
                         licence=licence, format=CUSTOM_FORMAT, homepage=str(source.absolute()),
                         initialisation=initialisation)
        staged = self.root / "downloads" / (spec.filename + ".import")
        staged.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, staged)
        self.registry = {**self.registry, name: spec}
        self._install(spec, staged, sha256_of(staged), f"custom:{source.absolute()}", loadable=True)
        custom = {n: s for n, s in read_custom_models(self.root).items() if n != name}
        custom[name] = spec
        write_custom_models(self.root, custom)
        return spec

    def remove_custom(self, name: str) -> None:
        custom = read_custom_models(self.root)
        if name not in custom:
            raise ResegError(messages.NOT_ADDED, name=name)
        self.path(name).unlink(missing_ok=True)
        del custom[name]
        write_custom_models(self.root, custom)
        with _lock_for(self._manifest_path()):
            manifest = self.manifest()
            manifest.pop(name, None)
            self._write_manifest(manifest)
        self.registry = {n: s for n, s in self.registry.items() if n != name}

    def uninstall(self, name: str) -> None:
        """Delete the installed file of a published model and its manifest entry (with a pinned
        sha256: the next download is checked and pinned afresh). It can be downloaded again."""
        spec = by_name(name, self.registry)
        if not spec.url:
            raise ResegError(messages.REMOVE_INSTEAD, name=name)
        path = self.path(name)
        with _lock_for(self._manifest_path()):
            path.unlink(missing_ok=True)
            _verified.pop(str(path), None)
            manifest = self.manifest()
            if manifest.pop(name, None) is not None:
                self._write_manifest(manifest)

    def exported(self, name: str) -> dict:
        """What another cache needs to take ``name``'s verified file as it is here (an offline bundle's
        entry): its file name and checksums, and the spec of a model the user added."""
        spec, path = by_name(name, self.registry), self.verified_path(name)
        recorded = self.manifest()[name]
        return {"model": name, "file": path.name, "sha256": recorded["sha256"],
                "download_sha256": recorded.get("download_sha256", recorded["sha256"]),
                "custom": None if spec.url else {**asdict(spec), "homepage": ""}}

    def import_exported(self, folder: Path) -> list[ImportResult]:
        """Take the files of a folder that :meth:`exported` describes (its ``EXPORTED`` list): each
        file must match its sha256 there, and a published model's its published sha256 too."""
        try:
            entries = json.loads((folder / EXPORTED).read_text(encoding="utf-8"))["models"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            return [ImportResult(folder / EXPORTED, None, "failed", f"unreadable: {error}")]
        results = []
        for entry in entries:
            source = folder / entry["file"]
            try:
                digest = sha256_of(source)
                if digest != entry["sha256"]:
                    results.append(ImportResult(source, entry["model"], "mismatch",
                                                f"sha256 {digest}, expected {entry['sha256']}"))
                elif entry.get("custom"):
                    spec = ModelSpec(**entry["custom"])
                    self.add_custom(spec.name, spec.kind, spec.architecture, source, title=spec.title,
                                    licence=spec.licence, initialisation=spec.initialisation)
                    results.append(ImportResult(source, spec.name, "added as your own"))
                else:
                    results.append(self._import_verified(source, entry))
            except (ResegError, OSError, TypeError, KeyError) as error:  # a file's fault, or the list's
                results.append(ImportResult(source, entry.get("model"), "failed", str(error)))
        return results

    def _import_verified(self, source: Path, entry: dict) -> ImportResult:
        spec = by_name(entry["model"], self.registry)
        published = entry["download_sha256"] if spec.zip_member else entry["sha256"]
        if spec.sha256 and published != spec.sha256:
            return ImportResult(source, spec.name, "mismatch", f"not the published file of {spec.name}")
        if self.is_installed(spec.name):
            return ImportResult(source, spec.name, "already installed")
        target = self.path(spec.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(target.name + ".import")
        try:
            shutil.copyfile(source, staged)
            os.replace(staged, target)
        finally:
            staged.unlink(missing_ok=True)
        self._record(spec.name, download_sha256=entry["download_sha256"], pinned=spec.sha256 is None,
                     source=f"import:{source}", file_size=target.stat().st_size, sha256=entry["sha256"])
        return ImportResult(source, spec.name, "imported")

    def import_path(self, source: str | os.PathLike, link: bool = False) -> list[ImportResult]:
        """Import a file, or every file of a folder (recursively); an error where there is none."""
        source = _given_path(source, messages.IMPORT_NOT_A_PATH)
        mode = _mode(source)
        if stat.S_ISDIR(mode) and (source / EXPORTED).is_file():
            return self.import_exported(source)
        if stat.S_ISDIR(mode):
            files = sorted(p for p in source.rglob("*") if p.is_file())  # pipes and devices are passed by
            if not files:
                raise ResegError(messages.IMPORT_NO_FILES, folder=str(source))
        elif stat.S_ISREG(mode):
            files = [source]
        else:  # never opened: a pipe would block
            raise ResegError(messages.IMPORT_NOT_REGULAR, path=str(source))
        results = []
        for path in files:  # each file on its own: one that fails does not stop the others
            try:
                results.append(self.import_file(path, link))
            except (ResegError, OSError) as error:
                results.append(ImportResult(path, None, "failed", str(error)))
        return results

