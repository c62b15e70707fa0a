"""Where the engine's environment lives, and which Python runs the worker.

The plugin creates the environment in the user's data folder, never in the plugin folder (which QGIS
replaces on upgrade), in a folder keyed by the plugin's requirement set and the platform, so a
plugin update with new requirements gets a new environment. Advanced users (and CI, tests and
``qgis_process`` on servers) name a Python of their own: ``$RESEG_WORKER_PYTHON`` first, then the
plugin setting.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
from dataclasses import dataclass
from pathlib import Path

DATA_ENV = "RESEG_DATA_DIR"
WORKER_PYTHON_ENV = "RESEG_WORKER_PYTHON"
STATE_FILE = "reseg-environment.json"  # written last by the installer: the environment is complete
RUNTIME_DIR = Path(__file__).resolve().parent
REQUIREMENTS = RUNTIME_DIR / "requirements.txt"
CONSTRAINTS = RUNTIME_DIR / "constraints.txt"
MENU_ENTRY = "Raster ▸ ReSeg ▸ Python environment…"


class EnvironmentProblem(RuntimeError):
    """No usable worker Python; the message says what to do."""


def data_dir() -> Path:
    """The plugin's data folder: ``$RESEG_DATA_DIR``, else the platform's user data folder."""
    chosen = os.environ.get(DATA_ENV)
    if chosen:
        return Path(chosen).expanduser()
    home = Path.home()
    if sys.platform.startswith("win"):
        return Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local")) / "reseg_qgis"
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / "reseg_qgis"
    return Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share")) / "reseg_qgis"


def platform_tag() -> str:
    return f"{sys.platform}-{platform.machine().lower() or 'unknown'}"


def pinned_requirements() -> list[str]:
    """The pins of the requirements and constraints, without comments or blank lines."""
    lines = []
    for path in (REQUIREMENTS, CONSTRAINTS):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                lines.append(line)
    return lines


def requirements_digest() -> str:
    """Changes whenever a pin changes (not with comments or line endings)."""
    return hashlib.sha256("\n".join(pinned_requirements()).encode()).hexdigest()[:12]


def requirement_key() -> str:
    """Changes whenever the pinned requirements or the platform change."""
    return hashlib.sha256(f"{requirements_digest()} {platform_tag()}".encode()).hexdigest()[:12]


def environment_dir(root: Path | None = None) -> Path:
    return (root or data_dir()) / "envs" / f"{platform_tag()}-{requirement_key()}"


def python_in(environment: Path) -> Path:
    """The interpreter of a virtual environment."""
    if sys.platform.startswith("win"):
        return environment / "Scripts" / "python.exe"
    return environment / "bin" / "python"


def read_state(environment: Path) -> dict | None:
    """The installer's record of a complete environment, or None."""
    try:
        state = json.loads((environment / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and state.get("complete") else None


def other_environments(root: Path | None = None) -> list[Path]:
    """Complete environments of this platform made for other requirement sets (other plugin
    versions)."""
    current = environment_dir(root)
    return sorted(folder for folder in current.parent.glob(f"{platform_tag()}-*")
                  if folder != current and read_state(folder) is not None)


@dataclass(frozen=True)
class WorkerPython:
    path: Path
    origin: str  # "RESEG_WORKER_PYTHON", "setting" or "managed"

    @property
    def managed(self) -> bool:
        return self.origin == "managed"


def _given(path: str, origin: str) -> WorkerPython:
    python = Path(path).expanduser()
    if not python.is_file():
        raise EnvironmentProblem(f"The worker Python {python} (from {origin}) does not exist. Correct it, or "
                                 f"clear it to use the environment the plugin installs ({MENU_ENTRY}).")
    return WorkerPython(python, origin)


def find_worker_python(own_python: str = "", root: Path | None = None) -> WorkerPython | None:
    """``$RESEG_WORKER_PYTHON``, else the Python of the setting, else the managed environment's; None
    when there is none yet."""
    if os.environ.get(WORKER_PYTHON_ENV):
        return _given(os.environ[WORKER_PYTHON_ENV], WORKER_PYTHON_ENV)
    if own_python.strip():
        return _given(own_python.strip(), "setting")
    environment = environment_dir(root)
    if read_state(environment) is not None and python_in(environment).is_file():
        return WorkerPython(python_in(environment), "managed")
    return None
