"""Shared fixtures. pytest-qgis starts one offscreen QgsApplication for the whole session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter of this venv, from the repository root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """The i18n folder, with every .ts compiled to .qm as the build does it."""
    subprocess.run(["make", "-s", "translations"], cwd=REPO_ROOT, check=True)
    return REPO_ROOT / "i18n"
