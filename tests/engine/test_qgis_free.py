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
