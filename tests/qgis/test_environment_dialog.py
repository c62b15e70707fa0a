"""The environment installer, for real: from no environment to a classified raster, without a terminal.

The install runs uv from scratch (fetched from the package index), with the pinned requirements and,
where this machine has one, the local CPU torch wheel; then a segmentation runs through it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import processing
import pytest
from qgis.core import QgsRasterLayer
from qgis.PyQt.QtWidgets import QApplication, QMessageBox, QPushButton

from reseg_qgis import worker_session
from reseg_qgis.engine_texts import device_notes
from reseg_qgis.gui.environment_dialog import EnvironmentDialog
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.runtime import locations
from reseg_qgis.runtime.worker_client import engine_command, engine_environment
from tests.helpers.data import LANDSAT_RGB
from tests.qgis.conftest import TINY_CLIP
from tests.qgis.test_dock import wait_until
from tests.runtime.test_installer import STAND_IN_UV

LOCAL_WHEELS = Path("/opt/wheels")


@pytest.fixture
def fresh_data(tmp_path, monkeypatch, qgis_app):
    """No environment yet: an empty data folder, and no worker Python named."""
    monkeypatch.setenv(locations.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(locations.WORKER_PYTHON_ENV)
    worker_session.stop()
    yield tmp_path / "data"
    worker_session.stop()


def test_a_missing_environment_is_said_and_diagnostics_can_be_copied(fresh_data):
    dialog = EnvironmentDialog()
    assert dialog.status_label.text().startswith("<b>Not installed.</b>")
    assert dialog.install_button.text() == "Install" and not dialog.remove_button.isEnabled()
    dialog.copy_button.click()
    wait_until(lambda: dialog.last_diagnostics)
    text = dialog.last_diagnostics
    assert "Worker Python: none (the environment is not installed)" in text and "nvidia-smi:" in text
    assert QApplication.clipboard().text() == text
    dialog.python_widget.setFilePath(str(fresh_data / "nowhere" / "python"))
    dialog.reject()
    assert PluginSettings.load().worker_python.endswith("nowhere/python")
    with pytest.raises(locations.EnvironmentProblem, match="does not exist"):
        worker_session.worker_python()
    PluginSettings().save()


def test_install_from_the_dialog_then_classify_through_it(fresh_data, reseg_provider, tiny_cache, tmp_path,
                                                          monkeypatch):
    settings = PluginSettings.load()
    settings.wheel_folder = str(LOCAL_WHEELS) if LOCAL_WHEELS.is_dir() else ""
    settings.save()
    dialog = EnvironmentDialog()
    dialog.install_button.click()
    assert dialog.cancel_button.isEnabled() and not dialog.install_button.isEnabled()
    wait_until(lambda: dialog.task is None, timeout=1500)
    log = dialog.log_view.toPlainText()
    assert dialog.progress_bar.value() == 100, log[-3000:]
    environment = locations.environment_dir()
    state = locations.read_state(environment)
    assert state["check"]["ok"] and state["check"]["packages"]["torch"].startswith("2.13.0")
    assert "Done in" in log and "Forward pass: CPU" in log
    site = next(environment.glob("lib/python3*/site-packages"))
    assert not [p.name for p in site.iterdir() if p.name.lower().startswith("nvidia")]  # no CUDA packages
    assert dialog.status_label.text().startswith("<b>Installed</b>")
    assert dialog.install_button.text() == "Repair (install again)" and dialog.remove_button.isEnabled()

    result = processing.run("reseg:segment", {"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                              "CLIP_MODEL": TINY_CLIP, "USE_SAM": False,
                                              "OUTPUT": str(tmp_path / "through-the-environment.tif")})
    assert QgsRasterLayer(result["OUTPUT"]).isValid()
    assert worker_session.client().command[0] == str(locations.python_in(environment))
    dialog.copy_button.click()
    wait_until(lambda: dialog.last_diagnostics)
    diagnosed = dialog.last_diagnostics
    assert f"Worker Python: {locations.python_in(environment)} (from managed)" in diagnosed
    assert "torch 2.13.0" in diagnosed and "Forward pass: CPU" in diagnosed

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    dialog.remove_button.click()
    assert not environment.exists() and worker_session.worker_python() is None
    assert dialog.status_label.text().startswith("<b>Not installed.</b>")


@pytest.fixture
def failing_uv(fresh_data, tmp_path, monkeypatch):
    """A stand-in uv whose package install fails as uv does without the package for this platform."""
    uv = tmp_path / "bin" / "uv"
    uv.parent.mkdir()
    uv.write_text(STAND_IN_UV)
    uv.chmod(0o755)
    monkeypatch.setenv("PATH", f"{uv.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("STAND_IN_PYTHON", sys.executable)
    PluginSettings(torch_build="cpu").save()
    yield uv
    PluginSettings().save()


def test_a_failed_install_says_what_to_do_first_and_keeps_uvs_words_under_details(failing_uv, monkeypatch):
    dialog = EnvironmentDialog()
    dialog.install_button.click()
    wait_until(lambda: dialog.task is None)
    items = dialog.message_bar.items()
    assert [item.text() for item in items] == [
        "No torch==2.13.0 for this computer's platform and Python was found: where a mirror or a folder of "
        "wheels is set in Install options, it must hold it; else choose another PyTorch build there."]
    details = [button for button in items[0].findChildren(QPushButton) if button.text() == "Details"]
    assert len(details) == 1 and "No solution found" in dialog.failure_details
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()))
    details[0].click()
    assert shown == [dialog.failure_details] and "Installing packages failed (exit code 2)" in shown[0]
    monkeypatch.setenv("STAND_IN_SLEEP", "1")  # the retry runs until cancelled
    dialog.install_button.click()
    assert dialog.message_bar.items() == []  # the last attempt's failure is not shown beside the retry
    dialog.cancel()
    wait_until(lambda: dialog.task is None)
    assert [item.text() for item in dialog.message_bar.items()] == ["Cancelled; nothing was installed."]


def test_the_install_log_follows_new_lines_unless_scrolled_up(fresh_data):
    dialog = EnvironmentDialog()
    dialog.show()
    bar = dialog.log_view.verticalScrollBar()
    for number in range(300):
        dialog.append_log(f"line {number}")
    QApplication.processEvents()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    half = bar.maximum() // 2
    bar.setValue(half)  # the user reads an earlier line
    dialog.append_log("line 300")
    assert bar.value() == half
    bar.setValue(bar.maximum())
    dialog.append_log("line 301")
    assert bar.value() == bar.maximum()
    dialog.hide()


def test_an_environment_whose_torchvision_falls_back_says_so_with_the_fix(tmp_path, monkeypatch, qgis_app):
    """The install's check, of the worker's Python here (a CPU torch beside a CUDA torchvision), as the
    installer records it; where torchvision's compiled ops load, the check notes nothing."""
    command = engine_command(os.environ[locations.WORKER_PYTHON_ENV], "check", "--json", "--device", "cpu")
    check = json.loads(subprocess.run(command, capture_output=True, text=True, env=engine_environment(),
                                      check=True).stdout)
    monkeypatch.setenv(locations.DATA_ENV, str(tmp_path / "data"))
    environment = locations.environment_dir()
    environment.mkdir(parents=True)
    (environment / locations.STATE_FILE).write_text(json.dumps({"complete": True, "check": check}))
    text = EnvironmentDialog().status_label.text()
    notes = device_notes(check["forward_pass"])
    assert text.startswith("<b>Installed</b>") and all(f"<br>{note}" in text for note in notes)
    if check["forward_pass"]["notes"]:
        assert "Python environment… ▸ Repair" in notes[0]
