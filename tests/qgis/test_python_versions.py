"""The code that QGIS's Python runs (the plugin, and the plain-Python engine modules it reads) needs no
Python newer than 3.9, the oldest that a supported QGIS ships (OSGeo4W's of QGIS 3.22). vermin reads it;
the suite itself runs it on 3.11 (QGIS 3.22 here) and 3.13 (QGIS 3.40 in the trixie root)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

OLDEST = "3.9"
ENTRY_MODULES = ("reseg_qgis.plugin", "reseg_qgis.gui.dock", "reseg_qgis.gui.environment_dialog",
                 "reseg_qgis.gui.settings_dialog", "reseg_qgis.processing_provider.provider",
                 "reseg_qgis.runtime.__main__")


def vermin(*files: Path) -> subprocess.CompletedProcess:
    command = [str(Path(sys.prefix) / "bin" / "vermin"), f"--target={OLDEST}-", "--no-tips", "--violations"]
    return subprocess.run([*command, *map(str, files)], capture_output=True, text=True, timeout=300)


def qgis_side_files() -> list[Path]:
    for name in ENTRY_MODULES:
        importlib.import_module(name)
    return sorted({Path(module.__file__) for name, module in list(sys.modules.items())
                   if name.startswith("reseg_qgis") and getattr(module, "__file__", None)})


def test_what_qgis_runs_needs_no_python_newer_than_3_9(qgis_app):
    files = qgis_side_files()
    assert len(files) > 40  # the plugin, its runtime and the engine modules it reads
    checked = vermin(*files)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_vermin_finds_what_3_9_lacks(tmp_path):
    newer = tmp_path / "newer.py"
    newer.write_text("def pick(value):\n    match value:\n        case 1:\n            return 'one'\n"
                     "pairs = list(zip([1], [2], strict=True))\n")
    checked = vermin(newer)
    assert checked.returncode != 0
    assert "pattern matching" in checked.stdout and "strict" in checked.stdout
