"""The engine never imports QGIS or Qt, directly or through anything it imports."""

from __future__ import annotations

import json

from tests.conftest import run_python


def test_engine_modules_import_without_qgis_or_qt():
    script = """
import importlib, json, pkgutil, sys
import reseg_qgis.engine as engine
import reseg_qgis.package_files
names = [info.name for info in pkgutil.walk_packages(engine.__path__, engine.__name__ + ".")
         if not info.name.endswith(".__main__")]
for name in names:
    importlib.import_module(name)
banned = sorted(m for m in sys.modules if m.split(".")[0] in {"qgis", "PyQt5", "PyQt6", "sip"})
print(json.dumps({"modules": names, "banned": banned}))
"""
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "reseg_qgis.engine.models.torchvision_ops" in report["modules"]
    assert report["banned"] == []


def test_plugin_package_imports_without_qgis():
    """QGIS calls classFactory; merely importing the package must not need QGIS or torch."""
    result = run_python("import reseg_qgis, sys; "
                        "print(sorted(m for m in ('qgis', 'torch') if m in sys.modules))")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_what_qgis_imports_of_the_engine_needs_no_torch():
    """QGIS's Python never imports torch, rasterio or numpy: every engine module the QGIS side imports,
    and the runtime package, import without them."""
    script = """
import ast, importlib, importlib.util, json, pathlib, pkgutil, sys
import reseg_qgis, reseg_qgis.runtime
root = pathlib.Path(reseg_qgis.__file__).parent
def is_module(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False
qgis_side = [p for p in root.rglob("*.py") if "engine" not in p.relative_to(root).parts[:1]]
names = set()
for path in qgis_side:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and "engine" in node.module.split("."):
            module = ("reseg_qgis.engine." + node.module.split("engine", 1)[1].lstrip(".")).rstrip(".")
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names if is_module(f"{module}.{alias.name}")}
names |= {info.name for info in pkgutil.walk_packages(reseg_qgis.runtime.__path__, "reseg_qgis.runtime.")}
for name in sorted(names):
    importlib.import_module(name)
heavy = sorted(m for m in ("torch", "rasterio", "numpy", "open_clip") if m in sys.modules)
print(json.dumps({"modules": sorted(names), "heavy": heavy}))
"""
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert "reseg_qgis.engine.worker.protocol" in report["modules"]
    assert "reseg_qgis.runtime.installer" in report["modules"]
    assert report["heavy"] == []
