"""``make screenshot``: the real QGIS desktop under Xvfb, the ReSeg dock open, a result layer shown.

Installs the built plugin zip into a throw-away profile, registers tiny random models (no
pretrained weights exist on the build machines, so the classes on the picture are meaningless),
runs the dock on the bundled Landsat sample and saves ``dist/screenshot.png``.
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

IN_QGIS = r'''
import json
import qgis.utils
from qgis.core import QgsApplication, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QDockWidget
from qgis.utils import iface

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
dock.clip_box.setCurrentIndex(dock.clip_box.findData("tiny-clip"))
dock.sam_box.setCurrentIndex(dock.sam_box.findData("tiny-sam"))
dock.window_box.setValue(64)
dock.overlap_box.setValue(32)

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
QTimer.singleShot(1500, dock.run_button.click)
'''


def tiny_cache(folder: Path) -> Path:
    from reseg_qgis.engine.weights.store import ModelStore
    from tests.helpers import models

    cache = folder / "cache"
    store = ModelStore(cache)
    store.add_custom("tiny-clip", "clip", models.TINY_CLIP_CONFIG,
                     models.save_state_dict(models.build_clip(), folder / "tiny-clip.pt"), title="Tiny CLIP")
    store.add_custom("tiny-sam", "sam", models.TINY_SAM.as_dict(),
                     models.save_state_dict(models.build_sam(), folder / "tiny-sam.pth"), title="Tiny SAM")
    return cache


def main() -> int:
    from reseg_qgis.package_files import version

    package = ROOT / "dist" / f"reseg_qgis-{version()}.zip"
    target = ROOT / "dist" / "screenshot.png"
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        profile = folder / "profiles" / "default"
        with zipfile.ZipFile(package) as archive:
            archive.extractall(profile / "python" / "plugins")
        (profile / "QGIS").mkdir(parents=True)
        cache = tiny_cache(folder)
        (profile / "QGIS" / "QGIS3.ini").write_text(
            "[PythonPlugins]\nreseg_qgis=true\n\n[reseg_qgis]\n"
            f"cache_dir={cache}\nallow_downloads=false\ndevice=cpu\n\n[qgis]\nshowTips=false\n")
        report = folder / "report.json"
        config = {"raster": str(ROOT / "tests" / "data" / "RGB.byte.tif"), "screenshot": str(target),
                  "report": str(report)}
        script = folder / "screenshot.py"
        script.write_text(f"CONFIG_JSON = {json.dumps(json.dumps(config))}\n" + IN_QGIS)
        site_packages = next(Path(sys.prefix).glob("lib/python3*/site-packages"))
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["PYTHONPATH"] = str(site_packages)
        target.unlink(missing_ok=True)
        command = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", "qgis", "--nologo", "--noversioncheck",
                   "--profiles-path", str(folder), "--code", str(script)]
        run = subprocess.run(command, env=env, timeout=600, capture_output=True, text=True)
        if not report.exists():
            print(f"QGIS ended with {run.returncode} before the run finished:\n{run.stderr[-4000:]}",
                  file=sys.stderr)
            return 1
        outcome = json.loads(report.read_text())
    if not outcome["ok"] or not target.exists():
        print(f"The run in QGIS failed: {outcome}", file=sys.stderr)
        return 1
    print(f"{target}: layers {outcome['layers']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
