"""The code that QGIS's Python runs (the plugin, and the plain-Python engine modules it reads) needs no
Python newer than 3.9, the oldest that a supported QGIS ships (OSGeo4W's of QGIS 3.22). vermin reads it;
the suite itself runs it on 3.11 (QGIS 3.22 here) and 3.13 (QGIS 3.40 in the trixie root)."""

from __future__ import annotations

import ast
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


def evaluated_unions(path: Path) -> list[int]:
    """The lines of ``path`` whose annotations write ``X | Y``, which Python 3.9 evaluates and refuses
    unless the module defers its annotations (``from __future__ import annotations``); vermin lets them
    pass."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
           and any(alias.name == "annotations" for alias in node.names) for node in tree.body):
        return []
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    annotations = [node.returns for node in ast.walk(tree) if isinstance(node, functions)]
    annotations += [node.annotation for node in ast.walk(tree) if isinstance(node, (ast.arg, ast.AnnAssign))]
    return sorted({part.lineno for annotation in annotations if annotation is not None
                   for part in ast.walk(annotation)
                   if isinstance(part, ast.BinOp) and isinstance(part.op, ast.BitOr)})


def test_what_qgis_runs_defers_its_union_annotations(qgis_app, tmp_path):
    assert {str(path): lines for path in qgis_side_files() if (lines := evaluated_unions(path))} == {}
    eager = tmp_path / "eager.py"
    eager.write_text("def tuned() -> dict[str, str] | None:\n    return None\n")
    assert evaluated_unions(eager) == [1]


def test_vermin_finds_what_3_9_lacks(tmp_path):
    newer = tmp_path / "newer.py"
    newer.write_text("def pick(value):\n    match value:\n        case 1:\n            return 'one'\n"
                     "pairs = list(zip([1], [2], strict=True))\n")
    checked = vermin(newer)
    assert checked.returncode != 0
    assert "pattern matching" in checked.stdout and "strict" in checked.stdout
