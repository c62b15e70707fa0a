"""The offline bundle in QGIS: made in the environment dialog on this computer, then installed from
the dialog, and a raster classified through it, in a QGIS with the network cut (``unshare --net``,
offline_bundle_session.py).

The CPU torch comes from this machine's wheel folder and the CPython from a loopback stand-in for
uv's download source (tests/helpers/python_mirror.py); the models are the tiny ones, the user's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from reseg_qgis.gui.bundle_dialog import BundleDialog
from reseg_qgis.gui.environment_dialog import EnvironmentDialog
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.runtime import locations
from reseg_qgis.runtime.offline_bundle import MANIFEST, TARGETS
from tests.conftest import REPO_ROOT
from tests.helpers.python_mirror import MIRROR, serve_stand_in
from tests.qgis.conftest import TINY_CLIP, TINY_SAM, engine_python
from tests.qgis.test_dock import wait_until

TORCH_WHEELS = Path("/opt/wheels")
UV = str(REPO_ROOT / ".venv" / "bin" / "uv")


def test_a_bundle_made_in_the_dialog_installs_and_classifies_in_qgis_with_the_network_cut(
        reseg_provider, tmp_path, monkeypatch, file_server):
    assert TORCH_WHEELS.is_dir(), "the CPU torch wheel folder is missing (see the Makefile's FIND_LINKS)"
    base = engine_python("import os, sys; print(os.path.realpath(sys._base_executable))").strip()
    mirror = serve_stand_in(file_server, UV, "3.11", base, TARGETS["linux-x86_64"].python_build)
    monkeypatch.setenv(MIRROR, mirror)
    monkeypatch.setenv(locations.DATA_ENV, str(tmp_path / "maker"))
    settings = PluginSettings.load()
    settings.wheel_folder = str(TORCH_WHEELS)
    settings.save()
    dialog = EnvironmentDialog()
    form = BundleDialog(dialog, str(tmp_path))
    form.platform_box.setCurrentIndex(form.platform_box.findData("linux-x86_64"))
    form.python_box.setCurrentIndex(form.python_box.findData("3.11"))
    form.no_models_box.setChecked(True)
    form.models_edit.setText(f"{TINY_CLIP},{TINY_SAM}")
    bundle = tmp_path / "reseg-offline-linux-x86_64.zip"
    dialog.make_bundle(form)  # cancelled at once: nothing is written
    assert dialog.cancel_button.isEnabled()
    dialog.cancel()
    wait_until(lambda: dialog.task is None, timeout=120)
    assert [item.text() for item in dialog.message_bar.items()] == ["Cancelled; no bundle was written."]
    assert list(tmp_path.glob("reseg-offline-*")) == []
    dialog.make_bundle(form)
    wait_until(lambda: dialog.task is None, timeout=900)
    assert [item.text() for item in dialog.message_bar.items()] == [
        f"The offline bundle is ready: {bundle}"], dialog.log_view.toPlainText()[-3000:]
    assert dialog.progress_bar.value() == 100
    manifest = json.loads(zipfile.ZipFile(bundle).read(MANIFEST))
    assert manifest["target"] == {"platform": "linux-x86_64", "python": "3.11", "torch": "cpu"}
    models = [entry["model"] for entry in manifest["files"] if entry["kind"] == "model"]
    assert models == [TINY_CLIP, TINY_SAM]

    environment = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    environment.update(RESEG_TEST_BUNDLE=str(bundle), PYTHONPATH=str(REPO_ROOT))
    environment.pop(MIRROR)
    inner = subprocess.run(["unshare", "--net", "--", sys.executable, "-m", "pytest", "--qgis_disable_gui",
                            "-q", "-p", "no:cacheprovider", "tests/qgis/offline_bundle_session.py"],
                           cwd=REPO_ROOT, env=environment, capture_output=True, text=True, timeout=1500)
    assert inner.returncode == 0 and "1 passed" in inner.stdout, (inner.stdout + inner.stderr)[-5000:]
