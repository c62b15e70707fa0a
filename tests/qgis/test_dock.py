"""The dock: fill the textbox, press Run, wait for the task; the layer arrives with its legend."""

from __future__ import annotations

import time

import pytest
from qgis.core import Qgis, QgsApplication, QgsProject, QgsRasterLayer

from reseg_qgis.gui.dock import ResegDock
from reseg_qgis.runtime.locations import DATA_ENV, WORKER_PYTHON_ENV
from tests.helpers.data import LANDSAT_RGB
from tests.qgis.conftest import TINY_CLIP, TINY_SAM


def wait_until(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        QgsApplication.processEvents()
        time.sleep(0.01)


@pytest.fixture
def dock(reseg_provider, qgis_iface):
    project = QgsProject.instance()
    project.removeAllMapLayers()
    layer = QgsRasterLayer(str(LANDSAT_RGB), "landsat")
    project.addMapLayer(layer)
    qgis_iface.messageBar().clear_messages()
    widget = ResegDock(qgis_iface)
    widget.layer_box.setLayer(layer)
    widget.clip_box.setCurrentIndex(widget.clip_box.findData(TINY_CLIP))
    widget.use_sam_box.setChecked(False)
    widget.window_box.setValue(64)
    widget.overlap_box.setValue(32)
    outcomes = []
    widget.finished.connect(lambda ok, message: outcomes.append((ok, message)))
    widget.outcomes = outcomes
    yield widget
    wait_until(lambda: widget.task is None)
    project.removeAllMapLayers()
    widget.deleteLater()


def long_run(dock) -> None:
    """SAM on each window of the whole sample: long enough to be cancelled before it ends."""
    dock.sam_box.setCurrentIndex(dock.sam_box.findData(TINY_SAM))
    dock.use_sam_box.setChecked(True)
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("quality"))


def added_layers(source=None):
    return [layer for layer in QgsProject.instance().mapLayers().values()
            if layer.name() != "landsat" and (source is None or layer.source() == source)]


def test_run_adds_the_classified_layer_with_its_legend(dock, qgis_iface):
    dock.classes_edit.setPlainText("water\nland, island\ncloud")
    dock.run_button.click()
    assert not dock.run_button.isEnabled() and dock.cancel_button.isEnabled()
    wait_until(lambda: dock.outcomes)
    ok, output = dock.outcomes[0]
    assert ok, output
    (layer,) = added_layers(output)
    assert layer.name() == "Classes: water; land, island; cloud"
    assert [c.label for c in layer.renderer().classes()] == ["water", "land, island", "cloud"]
    assert layer.crs() == QgsProject.instance().mapLayersByName("landsat")[0].crs()
    assert dock.progress_bar.value() == 100 and dock.run_button.isEnabled()
    assert qgis_iface.messageBar().get_messages(Qgis.Success)


def test_cancel_leaves_no_file(dock, tmp_path):
    target = tmp_path / "cancelled.tif"
    dock.output_widget.setFilePath(str(target))
    long_run(dock)
    dock.classes_edit.setPlainText("water; land")
    dock.run_button.click()
    wait_until(lambda: dock.progress_bar.value() > 0)
    dock.cancel_button.click()
    wait_until(lambda: dock.outcomes)
    assert dock.outcomes[0] == (False, "Cancelled; nothing was written.")
    assert list(tmp_path.iterdir()) == [] and not added_layers()


def test_preview_classifies_the_visible_extent(dock, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsProject.instance().mapLayersByName("landsat")[0].crs())
    full = QgsProject.instance().mapLayersByName("landsat")[0].extent()
    visible = full.buffered(-full.width() * 0.35)
    canvas.setExtent(visible)
    dock.classes_edit.setPlainText("water; land")
    dock.preview_button.click()
    wait_until(lambda: dock.outcomes)
    ok, output = dock.outcomes[0]
    assert ok, output
    (layer,) = added_layers(output)
    assert layer.name().startswith("Preview: ")
    shown = canvas.extent().intersect(full)
    pixel = QgsProject.instance().mapLayersByName("landsat")[0].rasterUnitsPerPixelX()
    assert shown.buffered(pixel + 1).contains(layer.extent()) and layer.extent().buffered(1).contains(shown)
    assert layer.extent().width() < full.width() * 0.9


def test_errors_go_to_the_message_bar(dock, qgis_iface):
    dock.classes_edit.setPlainText("water; ;Water")
    dock.run_button.click()
    assert dock.outcomes and not dock.outcomes[0][0]
    assert "appears in classes 1 and 2" in qgis_iface.messageBar().get_messages(Qgis.Critical)[-1]
    dock.clip_box.setCurrentIndex(dock.clip_box.findData("openai-vit-b-16"))
    dock.classes_edit.setPlainText("water; land")
    dock.run_button.click()
    wait_until(lambda: len(dock.outcomes) == 2)
    assert not dock.outcomes[1][0] and "openai-vit-b-16" in dock.outcomes[1][1]
    assert "import" in qgis_iface.messageBar().get_messages(Qgis.Critical)[-1]


def test_class_sets_fill_the_textbox_and_the_device_is_shown(dock):
    dock.class_set_box.setCurrentIndex(dock.class_set_box.findText("LoveDA"))
    assert dock.classes_edit.toPlainText().splitlines()[1] == "building, roof"
    assert dock.environment_banner.isHidden()
    dock.show()  # the worker is asked once the panel shows
    wait_until(lambda: dock.device_label.text().startswith("CPU:"))
    dock.hide()


def test_without_an_environment_the_dock_offers_the_installer(dock, qgis_iface, tmp_path, monkeypatch):
    monkeypatch.delenv(WORKER_PYTHON_ENV)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "no-data"))
    asked = []
    dock.install_requested.connect(lambda: asked.append(True))
    dock.show()
    assert not dock.environment_banner.isHidden() and dock.device_label.text() == "Not installed yet"
    dock.install_button.click()
    assert asked == [True]
    dock.classes_edit.setPlainText("water; land")
    dock.run_button.click()
    assert dock.outcomes and not dock.outcomes[0][0] and dock.task is None
    assert "Raster ▸ ReSeg ▸ Python environment…" in qgis_iface.messageBar().get_messages(Qgis.Critical)[-1]
    dock.hide()


def test_shutdown_during_a_run_stops_it_quietly(dock, tmp_path):
    dock.output_widget.setFilePath(str(tmp_path / "never.tif"))
    long_run(dock)
    dock.classes_edit.setPlainText("water; land")
    dock.run_button.click()
    task = dock.task
    wait_until(lambda: dock.progress_bar.value() > 0)
    dock.shutdown()
    def finished() -> bool:
        try:
            return task.status() in (task.Complete, task.Terminated)
        except RuntimeError:  # the task manager already deleted the finished task
            return True

    wait_until(finished)
    QgsApplication.processEvents()
    assert dock.outcomes == [] and dock.task is None
    assert list(tmp_path.iterdir()) == []
