"""The files a run writes beside its destination before it commits, the lock that says the run is
alive, and the clean-up of the files of runs that died.

- A run's temporaries: ``.<stem>.reseg-<run><suffix>`` (and GDAL's ``.aux.xml`` of each); a folder
  of tiles is staged as ``.<name>.reseg-<run>``.
- An earlier output set aside while the new one is moved into place:
  ``.<stem>.reseg-backup-<run><suffix>``.
- The run's lock, created before any of them and released after the commit or the abort:
  ``.reseg-<run>.lock``, locked by the running process (the system drops the lock when the process
  dies, however it dies).
A later run into the same folder removes the files of runs whose lock nobody holds; where such a
run died while moving its new files into place, the earlier outputs it had set aside come back.
Segment runs and evaluations commit through :func:`place`. Plain Python: QGIS's side imports it too.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from .translatable import QT_TRANSLATE_NOOP, ResegError

NAME = re.compile(r"\.(?P<stem>.+)\.reseg-(?P<backup>backup-)?(?P<run>[0-9a-f]{8})(?P<suffix>\.[^.]+)?"
                  r"(?P<aux>\.aux\.xml)?")
LOCK = re.compile(r"\.reseg-(?P<run>[0-9a-f]{8})\.lock")
NOT_LOCKED = QT_TRANSLATE_NOOP("engine", "{path} could not be locked.")

if sys.platform.startswith("win"):
    import msvcrt

    def _try_lock(stream) -> bool:
        try:
            stream.seek(0)
            msvcrt.locking(stream.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(stream) -> None:
        stream.seek(0)
        msvcrt.locking(stream.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(stream) -> bool:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(stream) -> None:
        fcntl.flock(stream.fileno(), fcntl.LOCK_UN)


def new_run() -> str:
    return uuid.uuid4().hex[:8]


def temporary_name(destination: Path, run: str) -> Path:
    return destination.with_name(f".{destination.stem}.reseg-{run}{destination.suffix}")


def backup_name(existing: Path, run: str) -> Path:
    return existing.with_name(f".{existing.stem}.reseg-backup-{run}{existing.suffix}")


def sidecars(raster: Path) -> list[Path]:
    """The files committed with a classified raster: its style and GDAL's auxiliary file."""
    return [raster.with_suffix(".qml"), Path(f"{raster}.aux.xml")]


class RunLock:
    """Held by a running run in each folder it writes to; create it before any temporary."""

    def __init__(self, folder: Path, run: str) -> None:
        self.path = Path(folder) / f".reseg-{run}.lock"
        for attempt in range(20):
            stream = open(self.path, "a+b")
            if _try_lock(stream) and _same_file(stream, self.path):
                self._stream = stream
                return
            # The run is new, so only another run's clean-up can hold or unlink its lock: one that
            # found the file between our open and our lock, and is removing it. Make a new one.
            stream.close()
            time.sleep(0.005 * attempt)
        raise ResegError(NOT_LOCKED, path=str(self.path))

    def release(self) -> None:
        if self._stream.closed:
            return
        _unlock(self._stream)
        self._stream.close()
        try:
            self.path.unlink(missing_ok=True)
        except OSError:
            pass  # another process has it open (Windows): a later clean-up removes it


def _same_file(stream, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(stream.fileno()), os.stat(path))
    except OSError:
        return False


def _claim_dead(folder: Path, run: str):
    """The run's lock, taken, when no live process holds it (its files may then go); else None.

    A run whose lock file is gone is dead too: runs create their lock before any file.
    """
    lock = folder / f".reseg-{run}.lock"
    try:
        stream = open(lock, "r+b")
    except FileNotFoundError:
        return False
    except OSError:
        return None  # cannot tell: leave its files alone
    if not _try_lock(stream):
        stream.close()
        return None
    return stream


def _drop(lock_stream, lock: Path) -> None:
    """Remove a dead run's lock while holding it (on Windows after closing it), so a run starting
    at that moment finds its own lock file gone and makes a new one."""
    try:
        if not sys.platform.startswith("win"):
            lock.unlink(missing_ok=True)
        _unlock(lock_stream)
        lock_stream.close()
        if sys.platform.startswith("win"):
            lock.unlink(missing_ok=True)
    except OSError:
        pass


def remove_stale(folder: Path) -> list[Path]:
    """Clean up after runs that died in ``folder``: their temporaries go, and an earlier output they
    had set aside comes back where nothing replaced it. Returns what was removed or put back."""
    folder = Path(folder)
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    runs: dict[str, list[re.Match]] = {}
    for name in names:
        match = NAME.fullmatch(name) or LOCK.fullmatch(name)
        if match:
            runs.setdefault(match["run"], []).append(match)
    done = []
    for run, matches in runs.items():
        lock = _claim_dead(folder, run)
        if lock is None:
            continue
        files = [m for m in matches if "stem" in m.groupdict()]
        # Died while moving its new files into place: its earlier outputs come back.
        unfinished = any(not m["backup"] and not m["aux"] for m in files)
        for match in files:
            path = folder / match.string
            original = folder / f"{match['stem']}{match['suffix'] or ''}"
            stale_sidecar = (match["suffix"] or "") in (".ovr", ".msk")
            try:
                if match["backup"] and not original.exists() and (unfinished or not stale_sidecar):
                    os.replace(path, original)
                    done.append(original)
                elif path.is_dir() and not path.is_symlink():  # a mosaic's staged folder of tiles
                    shutil.rmtree(path)
                    done.append(path)
                else:
                    path.unlink(missing_ok=True)
                    done.append(path)
            except OSError:
                pass  # in use, or taken by another clean-up: left for a later one
        if lock:
            _drop(lock, folder / f".reseg-{run}.lock")
    return done


def remove_path(path: Path) -> None:
    """A file, or a folder with all it holds. The folder is renamed first: what other processes still
    write to it by its name (a cancelled cluster run's workers) then fails instead of landing in it
    while it is deleted, or after."""
    if path.is_dir() and not path.is_symlink():
        doomed = path.with_name(f"{path.name}.removed-{new_run()}")
        try:
            path.rename(doomed)
        except OSError:
            doomed = path  # in use (Windows): deleted where it is
        shutil.rmtree(doomed, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def place(moves: Sequence[tuple[Path, Path]], stale: Sequence[Path], run: str) -> None:
    """Move each (temporary, final) into place, all or nothing (files or folders).

    What they replace, and each ``stale`` sidecar, is first moved aside; if anything cannot be moved
    (a file open in another program, say), what was placed goes, what was moved aside comes back, and
    the error is raised.
    """
    finals = [final for _, final in moves]
    set_aside: list[tuple[Path, Path]] = []  # (backup, original place)
    placed: list[Path] = []
    try:
        for old in finals + [path for path in stale if path not in finals]:
            if old.exists():
                backup = backup_name(old, run)
                os.replace(old, backup)
                set_aside.append((backup, old))
        for temporary, final in moves:
            os.replace(temporary, final)
            placed.append(final)
    except BaseException:
        for final in placed:
            remove_path(final)
        for backup, old in reversed(set_aside):
            os.replace(backup, old)
        raise
    for backup, _ in set_aside:
        remove_path(backup)


def same_file_key(path: Path) -> str:
    return os.path.normcase(str(Path(path).expanduser().resolve()))


def same_file(first: str | os.PathLike, second: str | os.PathLike) -> bool:
    """The same file, through links and letter case too, whether or not it exists yet."""
    first, second = Path(first).expanduser(), Path(second).expanduser()
    try:
        if first.exists() and second.exists():
            return os.path.samefile(first, second)
    except OSError:
        pass
    return same_file_key(first) == same_file_key(second)


def unwritable(folder: Path) -> str | None:
    """Why no file can be made in ``folder`` (the system's words), or None where one can."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as error:
        return error.strerror or str(error)
