"""The files a run writes beside its destination before it commits, the lock that says the run is
alive, and the clean-up of the files of runs that died.

- A run's temporaries: ``.<stem>.reseg-<run><suffix>`` (and GDAL's ``.aux.xml`` of each).
- An earlier output set aside while the new one is moved into place:
  ``.<stem>.reseg-backup-<run><suffix>``.
- The run's lock, created before any of them and released after the commit or the abort:
  ``.reseg-<run>.lock``, locked by the running process (the system drops the lock when the process
  dies, however it dies).
A later run into the same folder removes the files of runs whose lock nobody holds; where such a
run died while moving its new files into place, the earlier outputs it had set aside come back.
Plain Python: QGIS's side imports it too.
"""

from __future__ import annotations

import os
import re
import sys
import uuid
from pathlib import Path

NAME = re.compile(r"\.(?P<stem>.+)\.reseg-(?P<backup>backup-)?(?P<run>[0-9a-f]{8})(?P<suffix>\.[^.]+)?"
                  r"(?P<aux>\.aux\.xml)?")
LOCK = re.compile(r"\.reseg-(?P<run>[0-9a-f]{8})\.lock")

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
        self._stream = open(self.path, "a+b")
        if not _try_lock(self._stream):
            self._stream.close()
            raise OSError(f"{self.path} is locked by another run.")

    def release(self) -> None:
        if self._stream.closed:
            return
        _unlock(self._stream)
        self._stream.close()
        self.path.unlink(missing_ok=True)


def _alive(folder: Path, run: str) -> bool:
    """Whether a live process holds the run's lock."""
    lock = folder / f".reseg-{run}.lock"
    try:
        with open(lock, "a+b") as stream:
            if not _try_lock(stream):
                return True
            _unlock(stream)
    except OSError:
        return True  # cannot tell: leave its files alone
    return False


def remove_stale(folder: Path) -> list[Path]:
    """Clean up after runs that died in ``folder``: their temporaries go, an earlier output they set
    aside comes back where no new one replaced it. Returns what was removed or put back."""
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
        if _alive(folder, run):
            continue
        backups = [m for m in matches if "stem" in m.groupdict() and m["backup"]]
        # A run that died before its new files were all in place: its earlier outputs come back.
        unfinished = any("stem" in m.groupdict() and not m["backup"] and not m["aux"] for m in matches)
        for match in matches:
            path = folder / match.string
            original = folder / f"{match['stem']}{match['suffix'] or ''}" if match in backups else None
            if original is not None and unfinished and not original.exists():
                os.replace(path, original)
                done.append(original)
            else:
                path.unlink(missing_ok=True)
                done.append(path)
        (folder / f".reseg-{run}.lock").unlink(missing_ok=True)
    return done
