"""The engine's sub-packages import one way: ``models`` and ``weights`` never import ``raster``,
``raster`` imports no model, and the shared helpers import no sub-package."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "reseg_qgis" / "engine"
PACKAGE = "reseg_qgis.engine"
ORCHESTRATORS = {"cli", "session", "__main__", "worker", "cluster"}  # may import every part
SHARED = {"cancellation", "class_prompts", "class_sets", "limits", "malloc_tuning", "run_files",
          "translatable"}
SUBPACKAGES = {"models", "raster", "weights", "evaluation", "benchmark", "hardware"}
FORBIDDEN = {
    "models": {"raster", "weights", "evaluation", "benchmark"} | ORCHESTRATORS,
    "weights": {"raster", "evaluation", "benchmark"} | ORCHESTRATORS,
    "raster": {"models", "weights", "evaluation", "benchmark"} | ORCHESTRATORS,
    "evaluation": {"models", "weights", "raster", "benchmark"} | ORCHESTRATORS,
    "benchmark": {"raster", "weights"} | ORCHESTRATORS,
    "hardware": SUBPACKAGES - {"hardware"} | ORCHESTRATORS,
    **{helper: SUBPACKAGES | ORCHESTRATORS for helper in SHARED},
}


def _imported_modules(path: Path, module: str) -> list[str]:
    """Absolute names of everything ``path`` (the module ``module``) imports, lazy imports included."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            names += [f"{origin}.{alias.name}" for alias in node.names] if origin == PACKAGE else [origin]
    return names


def direction_violations(engine: Path) -> list[str]:
    """'importer → imported' for every import of the engine at ``engine`` against the direction."""
    found = []
    for path in sorted(engine.rglob("*.py")):
        relative = path.relative_to(engine).with_suffix("")
        parts = [p for p in relative.parts if p != "__init__"]
        module = ".".join([PACKAGE, *parts])
        forbidden = FORBIDDEN.get(relative.parts[0].removesuffix(".py"), set())
        for name in _imported_modules(path, module):
            if name.startswith(PACKAGE + "."):
                part = name[len(PACKAGE) + 1:].split(".")[0]
                if part in forbidden:
                    found.append(f"{module} → {name}")
    return sorted(set(found))


def test_the_engine_imports_one_way():
    assert direction_violations(ENGINE) == []


@pytest.mark.parametrize(("module", "line"), [
    ("models/scoring.py", "from ..raster.pipeline import RasterOptions"),
    ("models/segmenter.py", "from ..weights import store  # a lazy import counts too"),
    ("weights/store.py", "import reseg_qgis.engine.raster.output"),
    ("raster/pipeline.py", "from ..models.segmenter import Segmenter"),
    ("raster/palette.py", "from ..session import EngineSession"),
    ("class_prompts.py", "from .models import presets"),
    ("hardware/devices.py", "from .. import raster"),
])
def test_an_import_against_the_direction_is_caught(tmp_path, module, line):
    copy = tmp_path / "engine"
    shutil.copytree(ENGINE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    target = copy / module
    source = target.read_text(encoding="utf-8")
    target.write_text(f"{source}\n\ndef added():\n    {line}\n", encoding="utf-8")
    assert direction_violations(ENGINE) == []
    violations = direction_violations(copy)
    assert len(violations) == 1 and violations[0].startswith(f"{PACKAGE}.{module[:-3].replace('/', '.')} → ")


def test_the_engine_folder_shows_its_parts():
    modules = sorted(p.name for p in ENGINE.glob("*.py"))
    packages = sorted(p.name for p in ENGINE.iterdir() if (p / "__init__.py").is_file())
    assert len(modules) <= 11, modules
    assert set(packages) >= SUBPACKAGES
    for package in packages:
        init = (ENGINE / package / "__init__.py").read_text(encoding="utf-8")
        docstring = ast.get_docstring(ast.parse(init))
        assert docstring and len(docstring.splitlines()) >= 2, package
