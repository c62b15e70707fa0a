"""`make package` builds a zip that QGIS installs and loads: qgis_process and the desktop."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from osgeo import gdal
from qgis.core import QgsRasterLayer
from qgis.PyQt.QtGui import QImage

from reseg_qgis.package_files import version
from tests.conftest import REPO_ROOT
from tests.helpers.data import LANDSAT_RGB

QGIS_PROCESS = "/usr/bin/qgis_process.bin"


@pytest.fixture(scope="module")
def plugin_zip(tmp_path_factory, compiled_translations) -> Path:
    output = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "build_package.py"),
                    "--output-dir", str(output)], check=True, capture_output=True)
    return output / f"reseg_qgis-{version()}.zip"


def install(plugin_zip: Path, plugins_dir: Path) -> Path:
    plugins_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(plugins_dir)
    return plugins_dir / "reseg_qgis"


def test_zip_holds_the_plugin_folder_and_nothing_else(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert {name.split("/")[0] for name in names} == {"reseg_qgis"}
    for required in ("metadata.txt", "LICENSE", "__init__.py", "plugin.py", "engine/__init__.py",
                     "runtime/requirements.txt", "runtime/constraints.txt", "resources/icons/reseg.svg",
                     "i18n/reseg_qgis_de.qm"):
        assert f"reseg_qgis/{required}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".ts"))]
    assert not [n for n in names if n.split("/")[1] in {"tests", ".venv", "dist", "scripts"}]


def english(**variables: str) -> dict[str, str]:
    """This process's environment, but in English whatever $LANG says (QGIS and the plugin follow it),
    and with ``variables``."""
    environment = {k: v for k, v in os.environ.items()
                   if not k.startswith("LC_") and k not in ("LANG", "LANGUAGE", "QT_QPA_PLATFORM")}
    return {**environment, "LANG": "C.UTF-8", **variables}


def qgis_process(*args: str, profile: Path, plugins_dir: Path) -> str:
    env = english(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins_dir),
                  QGIS_CUSTOM_CONFIG_PATH=str(profile))
    result = subprocess.run([QGIS_PROCESS, *args], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_qgis_process_lists_the_unzipped_plugin_as_loadable(plugin_zip, tmp_path):
    plugins_dir = tmp_path / "plugins"
    install(plugin_zip, plugins_dir)
    where = {"profile": tmp_path / "profile", "plugins_dir": plugins_dir}
    qgis_process("plugins", "enable", "reseg_qgis", **where)
    listed = qgis_process("plugins", **where).splitlines()
    assert "* reseg_qgis" in [line.strip() for line in listed]
    providers = [line.strip() for line in qgis_process("list", **where).splitlines()]
    assert "ReSeg" in providers
    # reseg:evaluate from a shell, through the worker: labels that differ in half of the 16 pixels,
    # as many of each class, so each class's IoU is 4 / 12.
    prediction = write_classes(tmp_path / "classes.tif", [[1, 1, 2, 2]] * 4, {"1": "water", "2": "land"})
    labels = write_classes(tmp_path / "labels.tif", [[1, 2, 2, 1]] * 4)
    report = tmp_path / "accuracy.html"
    printed = qgis_process("run", "reseg:evaluate", "--json", "--", f"PREDICTION={prediction}",
                           f"LABELS={labels}", f"REPORT={report}", **where)
    results = json.loads(printed[printed.index("{"):])["results"]
    assert results["OVERALL_ACCURACY"] == 0.5 and results["MIOU"] == pytest.approx(1 / 3)
    assert report.read_text().count("<tr>") > 4


def write_classes(path: Path, values, classes: dict | None = None) -> Path:
    import numpy as np

    rows = np.asarray(values, np.uint8)
    height, width = rows.shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform((500000.0, 10.0, 0.0, 5200000.0, 0.0, -10.0))
    dataset.SetProjection("EPSG:32633")
    dataset.GetRasterBand(1).WriteArray(rows)
    if classes:
        dataset.SetMetadataItem("RESEG_CLASS_VALUES", json.dumps(classes))
    dataset = None
    return path


DESKTOP_CHECK = """
import json
import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface

def check():
    iface.mainWindow().resize(1280, 800)  # a first start's window size differs between QGIS versions
    QgsApplication.processEvents()
    algorithm = QgsApplication.processingRegistry().algorithmById("reseg:segment")
    report = {"active": "reseg_qgis" in qgis.utils.active_plugins,
              "provider": QgsApplication.processingRegistry().providerById("reseg") is not None,
              "title": algorithm.displayName() if algorithm else None}
    iface.mainWindow().grab().save(SCREENSHOT)
    with open(REPORT, "w") as stream:
        json.dump(report, stream)
    QgsApplication.exit(0)

QTimer.singleShot(1000, check)
"""


def run_desktop(plugin_zip, tmp_path, *options) -> tuple[dict, Path]:
    """The desktop QGIS with the installed zip, under Xvfb: the check script's report and screenshot."""
    profile = tmp_path / "profiles" / "default"
    install(plugin_zip, profile / "python" / "plugins")
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nreseg_qgis=true\n")
    report, screenshot = tmp_path / "report.json", tmp_path / "desktop.png"
    script = tmp_path / "check.py"
    script.write_text(f"SCREENSHOT = {str(screenshot)!r}\nREPORT = {str(report)!r}\n" + DESKTOP_CHECK)
    env = english(TMPDIR="/tmp")  # Debian's xvfb-run fails on a TMPDIR with a space in it
    subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "qgis", "--nologo",
                    "--noversioncheck", "--profiles-path", str(tmp_path), *options, "--code", str(script)],
                   env=env, capture_output=True, timeout=180, check=True)
    return json.loads(report.read_text()), screenshot


def test_desktop_qgis_loads_the_installed_zip(plugin_zip, tmp_path):
    report, screenshot = run_desktop(plugin_zip, tmp_path)
    assert report == {"active": True, "provider": True, "title": "Segment raster by class prompts"}
    image = QImage(str(screenshot))
    assert image.width() >= 800 and image.height() >= 500
    # A real main window, not a blank frame: menus, toolbars and panels give many colours.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50


def test_desktop_qgis_follows_lang(plugin_zip, tmp_path):
    report, _ = run_desktop(plugin_zip, tmp_path, "--lang", "de")
    assert report["title"] == "Raster nach Klassenbegriffen segmentieren"


def test_qgis_process_runs_the_algorithm_from_a_shell(plugin_zip, tmp_path, tiny_cache, monkeypatch):
    """As a server runs it: the installed zip, the worker's Python named by RESEG_WORKER_PYTHON (QGIS's
    own Python gets nothing added), the models in the cache."""
    plugins_dir = tmp_path / "plugins"
    install(plugin_zip, plugins_dir)
    where = {"profile": tmp_path / "profile", "plugins_dir": plugins_dir}
    monkeypatch.setenv("RESEG_CACHE_DIR", str(tiny_cache))
    monkeypatch.delenv("PYTHONPATH", raising=False)
    qgis_process("plugins", "enable", "reseg_qgis", **where)
    output = tmp_path / "shell.tif"
    polygons = tmp_path / "shell.gpkg"
    printed = qgis_process("run", "reseg:segment", "--", f"INPUT={LANDSAT_RGB}",
                           "CLASSES=water; land, island; cloud", "CLIP_MODEL=tiny-clip", "USE_SAM=false",
                           "PRESET=fast", "BANDS=3,2,1", "WINDOW=64", "OVERLAP=32", "DEVICE=cpu",
                           "PRECISION=fp32", "SIEVE=8", f"VECTOR={polygons}", f"OUTPUT={output}", **where)
    assert f"OUTPUT:\t{output}" in printed and f"VECTOR:\t{polygons}" in printed
    assert f"STATISTICS:\t{tmp_path / 'shell_areas.csv'}" in printed
    made, given = QgsRasterLayer(str(output)), QgsRasterLayer(str(LANDSAT_RGB))
    assert made.crs() == given.crs() and made.extent() == given.extent()
    assert [c.label for c in made.renderer().classes()] == ["water", "land, island", "cloud"]
    settings = json.loads(gdal.Open(str(output)).GetMetadataItem("RESEG_SETTINGS"))
    assert settings["bands"] == [3, 2, 1] and settings["sieve"] == 8
    assert gdal.Open(str(output)).GetMetadataItem("RESEG_PRECISION") == "CLIP fp32, text fp32 (asked: fp32)"


def test_qgis_process_help_reads_as_plain_text(plugin_zip, tmp_path):
    plugins_dir = tmp_path / "plugins"
    install(plugin_zip, plugins_dir)
    where = {"profile": tmp_path / "profile", "plugins_dir": plugins_dir}
    qgis_process("plugins", "enable", "reseg_qgis", **where)
    printed = qgis_process("help", "reseg:segment", **where)
    description = printed.split("Description")[1].split("Arguments")[0]
    assert "<" not in description.replace("<name>", "")  # no HTML markup
    assert "fast (CLIP ViT-B/16 without SAM" in description and "e.g. 3,2,1" in description
    assert "by mode or nearest" in description
