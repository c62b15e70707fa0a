"""Settings and weights manager: settings saved; downloads and imports run as tasks with progress."""

from __future__ import annotations

import shutil

import pytest
from qgis.PyQt.QtCore import Qt

from reseg_qgis.engine.weights.store import ModelStore
from reseg_qgis.gui.settings_dialog import SettingsDialog
from reseg_qgis.plugin_settings import PluginSettings
from tests.qgis.test_dock import wait_until


@pytest.fixture
def dialog(registry_worker, tmp_path, qgis_app):
    registry_worker()
    PluginSettings(cache_dir=str(tmp_path / "cache")).save()
    changes = []
    widget = SettingsDialog(on_changed=lambda: changes.append(1))
    widget.changes = changes
    yield widget
    wait_until(lambda: widget.task is None)
    PluginSettings().save()


def row_of(dialog, name):
    return next(row for row in range(dialog.table.rowCount())
                if dialog.table.item(row, 0).data(Qt.UserRole) == name)


def test_download_selected_models_in_a_task(dialog, tmp_path):
    assert dialog.table.item(row_of(dialog, "clip-a"), 2).text() == "no"
    dialog.table.selectRow(row_of(dialog, "clip-a"))
    dialog.download_button.click()
    assert dialog.cancel_button.isEnabled()
    wait_until(lambda: dialog.task is None)
    assert ModelStore(tmp_path / "cache").is_installed("clip-a")
    assert dialog.table.item(row_of(dialog, "clip-a"), 2).text() == "yes"
    assert dialog.progress_bar.value() == 100 and dialog.changes


def test_import_a_folder_in_a_task(dialog, published, tmp_path):
    carried = tmp_path / "usb"
    shutil.copytree(published.folder, carried)
    dialog.import_folder(str(carried))
    wait_until(lambda: dialog.task is None)
    store = ModelStore(tmp_path / "cache")
    assert store.is_installed("clip-a") and store.is_installed("sam") and store.is_installed("clip-c")
    assert dialog.table.item(row_of(dialog, "sam"), 2).text() == "yes"


def test_settings_are_saved(dialog, tmp_path):
    dialog.cache_widget.setFilePath(str(tmp_path / "elsewhere"))
    dialog.download_box.setChecked(True)
    dialog.device_box.setCurrentText("cpu")
    dialog.accept()
    saved = PluginSettings.load()
    assert saved == PluginSettings(cache_dir=str(tmp_path / "elsewhere"), allow_downloads=True, device="cpu")
    assert dialog.changes


def test_a_cache_inside_the_plugin_is_refused(dialog):
    from reseg_qgis.package_files import PACKAGE_DIR

    dialog.cache_widget.setFilePath(str(PACKAGE_DIR / "weights"))
    dialog.accept()
    assert PluginSettings.load().cache_dir != str(PACKAGE_DIR / "weights")
    assert dialog.isVisible() is False and not dialog.changes


def test_a_damaged_manifest_is_reported_not_raised(qgis_app, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "manifest.json").write_text('{"tiny-clip": 5}')
    PluginSettings(cache_dir=str(cache)).save()
    widget = SettingsDialog()
    texts = [item.text() for item in widget.message_bar.items()]
    assert any("manifest.json is damaged" in text and "delete it" in text for text in texts), texts
    PluginSettings().save()
