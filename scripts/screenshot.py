"""``make screenshot``: a new user's path on the real QGIS desktop under Xvfb, without a terminal.

Installs the built plugin zip into a throw-away profile, with no Python packages added to QGIS and
no engine environment. In QGIS: the installer dialog (Raster ▸ ReSeg ▸ Python environment…) creates
the environment (``docs/installer.png``), and its form *Make an offline bundle…* is shown
(``docs/offline-bundle.png``); the dock shows what the default preset needs and lacks
(``docs/dock-needs-weights.png``), then, with tiny random models chosen, that nothing is missing
(``docs/dock-ready.png``); it classifies the bundled Landsat sample with polygons and a minimum
mapping unit (no pretrained weights exist on the build machines, so the classes on the picture are
meaningless), and the result is shown with its legend and polygons (``docs/screenshot.png``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOCAL_WHEELS = Path("/opt/wheels")  # this workplace's CPU torch wheel; elsewhere the installer downloads

IN_QGIS = r'''
import json
import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface

from reseg_qgis.gui.bundle_dialog import BundleDialog
from reseg_qgis.gui.environment_dialog import EnvironmentDialog

CONFIG = json.loads(CONFIG_JSON)
plugin = qgis.utils.plugins["reseg_qgis"]
layer = QgsRasterLayer(CONFIG["raster"], "Landsat (RGB.byte.tif)")
QgsProject.instance().addMapLayer(layer)
iface.mainWindow().resize(1400, 860)
for name in ("Browser", "Browser2"):
    browser = iface.mainWindow().findChild(QDockWidget, name)
    if browser is not None:
        browser.hide()
plugin.actions[0].setChecked(True)
dock = plugin.dock
dock.layer_box.setLayer(layer)
dock.classes_edit.setPlainText("deep water, ocean\nshallow water, reef\nland, island\ncloud")
dock.window_box.setValue(64)
dock.overlap_box.setValue(32)


def grab_dock(name):
    dock.scroll_area.verticalScrollBar().setValue(0)  # as the panel first shows
    QgsApplication.processEvents()
    dock.widget().grab().save(CONFIG[name])


def choose_tiny_models():
    """What a user with the weights installed sees; the tiny random models stand in for them."""
    dock.refresh_models()
    grab_dock("dock_needs")
    dock.clip_box.setCurrentIndex(dock.clip_box.findData("tiny-clip"))
    dock.sam_box.setCurrentIndex(dock.sam_box.findData("tiny-sam"))
    dock.polygons_box.setChecked(True)
    dock.sieve_box.setValue(12)
    dock.polygons_box.parent().setCollapsed(False)  # the "Polygons and cleaning" group
    grab_dock("dock_ready")

def save():
    iface.layerTreeView().expandAll()
    QgsApplication.processEvents()
    iface.mainWindow().grab().save(CONFIG["screenshot"])
    QgsApplication.exit(0)

def done(ok, message):
    with open(CONFIG["report"], "w") as stream:
        names = [layer.name() for layer in QgsProject.instance().mapLayers().values()]
        json.dump({"ok": ok, "message": message, "layers": names}, stream)
    for node in QgsProject.instance().layerTreeRoot().findLayers():
        node.setExpanded(node.layer() is not layer)
    iface.mapCanvas().setExtent(layer.extent())
    iface.mapCanvas().refreshAllLayers()
    QTimer.singleShot(4000, save)

dock.finished.connect(done)

installer = EnvironmentDialog(iface.mainWindow(), on_changed=plugin.environment_changed)
installer.wheel_widget.setFilePath(CONFIG["wheels"])
installer.show()

def installed():
    if installer.task is not None:
        QTimer.singleShot(500, installed)
        return
    installer.log_view.verticalScrollBar().setValue(installer.log_view.verticalScrollBar().maximum())
    QgsApplication.processEvents()
    installer.grab().save(CONFIG["installer"])
    bundle = BundleDialog(installer, CONFIG["bundle_folder"])  # Offline bundle ▸ Make an offline bundle…
    bundle.platform_box.setCurrentIndex(bundle.platform_box.findData("windows-x86_64"))
    bundle.torch_box.setCurrentIndex(bundle.torch_box.findData("cu128"))
    bundle.show()
    QgsApplication.processEvents()
    bundle.grab().save(CONFIG["bundle"])
    bundle.reject()
    with open(CONFIG["install_report"], "w") as stream:
        json.dump({"progress": installer.progress_bar.value(), "status": installer.status_label.text()},
                  stream)
    installer.reject()
    QTimer.singleShot(500, choose_tiny_models)
    QTimer.singleShot(2000, dock.run_button.click)

QTimer.singleShot(1500, installer.install_button.click)
QTimer.singleShot(3000, installed)
'''


def tiny_cache(folder: Path) -> Path:
    """Made by the engine's Python of the checkout (.venv): QGIS's has no torch."""
    cache = folder / "cache"
    subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-m", "tests.helpers.tiny_cache", str(cache)],
                   cwd=ROOT, check=True, capture_output=True)
    return cache


def main() -> int:
    from reseg_qgis.package_files import version

    package = ROOT / "dist" / f"reseg_qgis-{version()}.zip"
    target = ROOT / "docs" / "screenshot.png"
    installer = ROOT / "docs" / "installer.png"
    bundle = ROOT / "docs" / "offline-bundle.png"
    docks = {"dock_needs": ROOT / "docs" / "dock-needs-weights.png",
             "dock_ready": ROOT / "docs" / "dock-ready.png"}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        profile = folder / "profiles" / "default"
        with zipfile.ZipFile(package) as archive:
            archive.extractall(profile / "python" / "plugins")
        (profile / "QGIS").mkdir(parents=True)
        cache = tiny_cache(folder)
        (profile / "QGIS" / "QGIS3.ini").write_text(
            "[PythonPlugins]\nreseg_qgis=true\n\n[reseg_qgis]\n"
            f"cache_dir={cache}\nallow_downloads=false\ndevice=cpu\noutput_folder={folder / 'results'}\n\n"
            "[qgis]\nshowTips=false\n")
        report = folder / "report.json"
        config = {"raster": str(ROOT / "tests" / "data" / "RGB.byte.tif"), "screenshot": str(target),
                  "report": str(report), "installer": str(installer), "bundle": str(bundle),
                  "bundle_folder": str(Path.home()),
                  "install_report": str(folder / "install.json"),
                  **{name: str(path) for name, path in docks.items()},
                  "wheels": str(LOCAL_WHEELS) if LOCAL_WHEELS.is_dir() else ""}
        script = folder / "screenshot.py"
        script.write_text(f"CONFIG_JSON = {json.dumps(json.dumps(config))}\n" + IN_QGIS)
        env = {k: v for k, v in os.environ.items()
               if k not in ("QT_QPA_PLATFORM", "PYTHONPATH", "RESEG_WORKER_PYTHON", "VIRTUAL_ENV")}
        env["RESEG_DATA_DIR"] = str(folder / "data")  # no environment yet: the installer makes one
        for picture in (target, installer, bundle, *docks.values()):
            picture.unlink(missing_ok=True)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "qgis", "--nologo", "--noversioncheck",
                   "--profiles-path", str(folder), "--code", str(script)]
        run = subprocess.run(command, env=env, timeout=1800, capture_output=True, text=True)
        if not report.exists():
            print(f"QGIS ended with {run.returncode} before the run finished:\n{run.stderr[-4000:]}",
                  file=sys.stderr)
            return 1
        outcome = json.loads(report.read_text())
        installed = json.loads((folder / "install.json").read_text())
    if installed["progress"] != 100 or not installer.exists() or not bundle.exists():
        print(f"The install in QGIS failed: {installed}", file=sys.stderr)
        return 1
    if not outcome["ok"] or not target.exists() or not all(path.exists() for path in docks.values()):
        print(f"The run in QGIS failed: {outcome}", file=sys.stderr)
        return 1
    print(f"{installer}: {installed['status']}")
    print(bundle)
    print(f"{target}: layers {outcome['layers']}")
    for path in docks.values():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
