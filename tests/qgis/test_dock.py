"""The dock: fill the textbox, press Run, wait for the task; the layer arrives with its legend, named
after the raster. The bands the raster is drawn with, outputs that stay, cancel, what models need."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest
from osgeo import gdal
from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMultiBandColorRenderer,
    QgsProject,
    QgsRasterLayer,
    QgsSingleBandGrayRenderer,
    QgsTask,
)
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QLabel, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from reseg_qgis import worker_session
from reseg_qgis.engine.weights.store import ModelStore
from reseg_qgis.engine.worker import protocol
from reseg_qgis.engine_texts import device_notes
from reseg_qgis.gui import settings_dialog
from reseg_qgis.gui.band_choice import BANDS_PROPERTY
from reseg_qgis.gui.dock import ResegDock, VerticalScrollArea, WrappedLabel, narrow_form
from reseg_qgis.gui.result_files import automatic_output, result_source
from reseg_qgis.gui.settings_dialog import SettingsDialog, size_text
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.runtime.locations import DATA_ENV, WORKER_PYTHON_ENV
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.gdal_rasters import make_raster, written_palette
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
    wait_until(lambda: widget.task is None and widget.store_task is None)
    project.removeAllMapLayers()
    widget.deleteLater()


def long_run(dock) -> None:
    """SAM on each window of the whole sample: long enough to be cancelled before it ends."""
    dock.sam_box.setCurrentIndex(dock.sam_box.findData(TINY_SAM))
    dock.use_sam_box.setChecked(True)
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("quality"))


def added_layers(source=None):
    return [layer for layer in QgsProject.instance().mapLayers().values()
            if layer.name() not in ("landsat", "scene") and (source is None or layer.source() == source)]


def run_and_wait(dock, button=None) -> str:
    """Press Run (or ``button``), wait for the outcome; the output."""
    count = len(dock.outcomes)
    (button or dock.run_button).click()
    wait_until(lambda: len(dock.outcomes) > count)
    ok, output = dock.outcomes[-1]
    assert ok, output
    return output


def scene(tmp_path, name="scene", red=4, green=3, blue=2) -> QgsRasterLayer:
    """A 6-band raster (Landsat 7 style: blue, green, red, NIR, SWIR 1, SWIR 2) drawn as ``red``,
    ``green``, ``blue``."""
    layer = QgsRasterLayer(str(make_raster(tmp_path / f"{name}.tif", bands=6)), name)
    assert layer.isValid() and layer.bandCount() == 6
    layer.setRenderer(QgsMultiBandColorRenderer(layer.dataProvider(), red, green, blue))
    QgsProject.instance().addMapLayer(layer)
    return layer


def set_output_folder(folder) -> None:
    settings = PluginSettings.load()
    settings.output_folder = str(folder)
    settings.save()


def test_run_adds_the_classified_layer_with_its_legend(dock, qgis_iface):
    dock.classes_edit.setPlainText("water\nland, island\ncloud")
    dock.run_button.click()
    assert not dock.run_button.isEnabled() and dock.cancel_button.isEnabled()
    wait_until(lambda: dock.outcomes)
    ok, output = dock.outcomes[0]
    assert ok, output
    (layer,) = added_layers(output)
    assert layer.name() == "landsat — classes"
    assert [c.label for c in layer.renderer().classes()] == ["water", "land, island", "cloud"]
    metadata = layer.metadata()  # Layer Properties ▸ Metadata: the classes by value
    assert metadata.abstract().endswith("1: water\n2: land, island\n3: cloud")
    assert "landsat" in metadata.abstract()
    assert list(metadata.keywords().values()) == [["water", "land, island", "cloud"]]
    assert layer.crs() == QgsProject.instance().mapLayersByName("landsat")[0].crs()
    assert dock.progress_bar.value() == 100 and dock.run_button.isEnabled()
    assert qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)


def test_the_class_list_is_parsed_once_and_the_legend_is_the_files(dock, class_list_parses):
    """The algorithm's check parses the class list (the run's is the worker's); the count comes from
    the run's class names, the legend from the palette written with the file."""
    dock.classes_edit.setPlainText("water\nland, island\ncloud")
    output = run_and_wait(dock)
    assert class_list_parses == ["water\nland, island\ncloud"]
    (layer,) = added_layers(output)
    written = written_palette(output)
    assert [(int(c.value), c.label, c.color.name()) for c in layer.renderer().classes()] == written
    assert [name for _, name, _ in written] == ["water", "land, island", "cloud"]
    assert dock.status_label.text().startswith("Added landsat — classes with 3 classes.")


def test_cancel_leaves_no_file_and_is_no_failure(dock, tmp_path):
    target = tmp_path / "cancelled.tif"
    dock.output_widget.setFilePath(str(target))
    long_run(dock)
    dock.classes_edit.setPlainText("water; land")
    dock.run_button.click()
    task, statuses = dock.task, []
    task.statusChanged.connect(statuses.append)
    wait_until(lambda: dock.progress_bar.value() > 0)
    dock.cancel_button.click()
    assert task.isCanceled()  # the task itself is cancelled, and with it the algorithm's feedback
    wait_until(lambda: dock.outcomes)
    assert dock.outcomes[0] == (False, "Cancelled; nothing was written.")
    assert dock.status_label.text() == "Cancelled; nothing was written."
    # QGIS 3.22 has no "cancelled" state: a terminated task is announced as "Task failed".
    assert statuses[-1] == QgsTask.TaskStatus.Complete and QgsTask.TaskStatus.Terminated not in statuses
    assert list(tmp_path.iterdir()) == [] and not added_layers()
    assert dock.run_button.isEnabled() and not dock.cancel_button.isEnabled()


def cancel_a_long_run(dock) -> str:
    long_run(dock)
    dock.classes_edit.setPlainText("water; land")
    count = len(dock.outcomes)
    dock.run_button.click()
    wait_until(lambda: dock.progress_bar.value() > 0)
    dock.cancel_button.click()
    wait_until(lambda: len(dock.outcomes) > count)
    ok, message = dock.outcomes[-1]
    assert not ok
    return message


def test_a_cancel_keeps_the_worker_warm_unless_it_had_to_be_stopped(dock, monkeypatch):
    client = worker_session.client()
    assert cancel_a_long_run(dock) == "Cancelled; nothing was written."
    process, starts = client.process, client.starts
    assert cancel_a_long_run(dock) == "Cancelled; nothing was written."
    assert client.alive and client.process is process and client.starts == starts  # models kept
    monkeypatch.setattr(client, "cancel_grace", 0.0)  # a worker that does not stop in time
    assert cancel_a_long_run(dock) == ("Cancelled; nothing was written. The worker did not stop within 0 s "
                                       "and was stopped: the next run starts it again and loads the models "
                                       "anew.")
    assert not client.alive


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
    assert layer.name() == "landsat — preview"
    shown = canvas.extent().intersect(full)
    pixel = QgsProject.instance().mapLayersByName("landsat")[0].rasterUnitsPerPixelX()
    assert shown.buffered(pixel + 1).contains(layer.extent()) and layer.extent().buffered(1).contains(shown)
    assert layer.extent().width() < full.width() * 0.9


def test_errors_go_to_the_message_bar(dock, qgis_iface):
    dock.classes_edit.setPlainText("water; ;Water")
    dock.run_button.click()
    assert dock.outcomes and not dock.outcomes[0][0]
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert "appears in classes 1 and 2" in critical[-1]
    dock.clip_box.setCurrentIndex(dock.clip_box.findData("openai-vit-b-16"))
    dock.classes_edit.setPlainText("water; land")
    dock.run_button.click()
    wait_until(lambda: len(dock.outcomes) == 2)
    assert not dock.outcomes[1][0] and "openai-vit-b-16" in dock.outcomes[1][1]
    assert "import" in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)[-1]


def test_class_sets_fill_the_textbox_and_the_device_is_shown(dock):
    dock.class_set_box.setCurrentIndex(dock.class_set_box.findText("LoveDA"))
    assert dock.classes_edit.toPlainText().splitlines()[1] == "building, roof"
    assert dock.class_set_box.currentText() == "LoveDA"
    dock.classes_edit.setPlainText("")  # the text is no longer the set: nor is the name shown
    assert dock.class_set_box.currentIndex() == 0 and dock.classes_edit.toPlainText() == ""
    dock.class_set_box.setCurrentIndex(dock.class_set_box.findText("LoveDA"))
    assert dock.environment_banner.isHidden()
    dock.show()  # the worker is asked once the panel shows
    wait_until(lambda: dock.device_label.text().startswith("CPU:"))
    dock.hide()


def test_the_device_line_says_when_torchvisions_fallback_runs_and_how_to_end_it(dock):
    """The worker's Python here has a CPU torch beside a CUDA torchvision, whose compiled ops do not load;
    where they load, the worker notes nothing and neither does the panel."""
    settings = PluginSettings.load()
    reply = worker_session.client().request(protocol.DEVICE, {"device": settings.device,
                                                              "precision": settings.precision})
    dock.detect_device()
    wait_until(lambda: dock.device_label.text().startswith("CPU:"))
    line, *notes = dock.device_label.text().splitlines()
    assert notes == device_notes(reply)
    if reply["notes"]:
        assert notes[0].startswith("torchvision ") and "Python environment… ▸ Repair" in notes[0]


def test_the_settings_precision_runs_and_is_named_in_the_result(dock, tmp_path):
    from osgeo import gdal

    settings = PluginSettings.load()
    settings.precision = "fp32"
    settings.save()
    set_output_folder(tmp_path)
    dock.classes_edit.setPlainText("water; land")
    assert dock.parameters()["PRECISION"] == "fp32"
    output = run_and_wait(dock)
    assert gdal.Open(output).GetMetadataItem("RESEG_PRECISION") == "CLIP fp32, text fp32 (asked: fp32)"


def test_the_panel_scrolls_rather_than_grow_and_its_buttons_stay_put(dock):
    """On a 1,000 px screen QGIS's window grew to fit the panel, and Run and Cancel jumped when a run
    started: the settings scroll now, and the buttons sit below them at a fixed height."""
    from qgis.gui import QgsCollapsibleGroupBox
    from qgis.PyQt.QtCore import QPoint

    for group in dock.findChildren(QgsCollapsibleGroupBox):
        group.setCollapsed(False)
    dock.status_label.setText("\n".join(f"  {i}  class {i}: 1,234 pixels, 12.3 ha, 4.5 %" for i in range(12)))
    dock.resize(380, 560)
    dock.show()
    QgsApplication.processEvents()
    assert dock.minimumSizeHint().height() < 300  # what QGIS's window must make room for
    assert dock.scroll_area.verticalScrollBar().maximum() > 0  # the rest scrolls

    def places():
        return [widget.mapTo(dock, QPoint(0, 0)) for widget in (dock.run_button, dock.cancel_button)]

    before = places()
    dock.status_label.setText("")
    dock.stage_label.setText("SAM regions 3/12, a stage text longer than the panel is wide " * 4)
    QgsApplication.processEvents()
    assert places() == before
    dock.scroll_area.verticalScrollBar().setValue(0)
    dock.classes_edit.setPlainText("")
    dock.run_button.click()  # an error at the panel's end, scrolled into view
    assert dock.outcomes[-1][1].startswith("The class list is empty")
    bar = dock.scroll_area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    assert not dock.status_label.visibleRegion().isEmpty()
    dock.hide()


def test_no_text_of_the_panel_is_cut_at_any_width(dock):
    """At 1,000 px the "Needs: …" text was cut mid-word: every wrapped text gets the height its width
    needs, however narrow the panel, also when it changes once the panel is laid out (as the device
    line does when the worker answers)."""
    dock.show()
    for width in (420, 300, 360, 560):
        dock.resize(width, 450)  # the settings scroll
        for _ in range(3):
            QgsApplication.processEvents()
        dock.clip_box.setCurrentIndex(0)  # the preset's CLIP, not installed here: "Needs: …" is shown
        dock.use_sam_box.setChecked(True)
        for _ in range(3):
            QgsApplication.processEvents()
        dock.device_label.setText(f"CPU: {width} Threads (SAM-Encoder bf16, Maskendecoder fp32, CLIP fp32, "
                                  "Text fp32)")
        dock.status_label.setText(f"Output emptied: result_{width}.tif was named for another raster.")
        for _ in range(3):
            QgsApplication.processEvents()
        assert not dock.needs_widget.isHidden()
        assert dock.needs_label.width() == dock.needs_widget.width()  # across the panel, buttons below
        for label in dock.scroll_area.widget().findChildren(QLabel):
            if label.wordWrap() and label.isVisible() and label.text():
                assert label.height() >= label.heightForWidth(label.width()), (width, label.text())
                assert label.width() >= label.minimumSizeHint().width(), (width, label.text())
        dock.clip_box.setCurrentIndex(dock.clip_box.findData(TINY_CLIP))
    dock.hide()


@pytest.mark.parametrize("kind", [QLabel, WrappedLabel])
def test_a_form_that_scrolls_gives_a_changed_text_its_height_only_with_a_wrapped_label(kind, qgis_app):
    """Qt's form sizes a word-wrapped QLabel by its hint once the content scrolls: a longer text is cut.
    WrappedLabel, which the panel uses for texts that change (the device line), asks for its height."""
    area = VerticalScrollArea()
    body = QWidget()
    column = QVBoxLayout(body)
    form = narrow_form()
    label = kind("Checking the device…")
    label.setWordWrap(True)
    for name, field in (("Model preset", QLineEdit()), ("Device", label), ("Output", QLineEdit())):
        form.addRow(name, field)
    column.addLayout(form)
    column.addStretch(1)
    area.setWidget(body)
    area.resize(300, 60)  # shorter than the form: it scrolls
    area.show()
    QgsApplication.processEvents()
    label.setText("CPU: 2 Threads (SAM-Encoder bf16, Maskendecoder fp32, CLIP fp32, Text fp32)")
    for _ in range(3):
        QgsApplication.processEvents()
    cut = label.height() < label.heightForWidth(label.width())
    assert cut == (kind is QLabel)
    area.hide()


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
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    assert "Raster ▸ ReSeg ▸ Python environment…" in critical[-1]
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


# Bands.

def test_the_bands_the_raster_is_drawn_with_are_segmented(dock, tmp_path):
    layer = scene(tmp_path, red=4, green=3, blue=2)
    dock.layer_box.setLayer(layer)
    assert dock.bands() == [4, 3, 2] and dock.band_choice.mode_box.currentData() == 3
    assert [box.currentBand() for box in dock.band_choice.band_boxes] == [4, 3, 2]
    assert dock.parameters()["BANDS"] == [4, 3, 2]
    dock.classes_edit.setPlainText("water; land")
    output = run_and_wait(dock)
    settings = json.loads(gdal.Open(output).GetMetadataItem("RESEG_SETTINGS"))
    assert settings["bands"] == [4, 3, 2]  # what the worker read
    (result,) = added_layers(output)
    assert result.name() == "scene — classes"


def test_a_grey_layer_gives_its_band(dock, tmp_path):
    layer = scene(tmp_path)
    layer.setRenderer(QgsSingleBandGrayRenderer(layer.dataProvider(), 5))
    dock.layer_box.setLayer(layer)
    assert dock.bands() == [5] and dock.band_choice.mode_box.currentData() == 1
    assert dock.band_choice.band_boxes[1].isHidden() and dock.band_choice.band_boxes[2].isHidden()
    layer.setRenderer(QgsMultiBandColorRenderer(layer.dataProvider(), 3, 2, 1))  # restyled: followed
    assert dock.bands() == [3, 2, 1] and not dock.band_choice.band_boxes[1].isHidden()


def test_a_band_choice_is_kept_with_its_layer(dock, tmp_path):
    first, second = scene(tmp_path, "first", 3, 2, 1), scene(tmp_path, "second", 4, 3, 2)
    dock.layer_box.setLayer(first)
    dock.band_choice.mode_box.setCurrentIndex(dock.band_choice.mode_box.findData(1))
    dock.band_choice.band_boxes[0].setBand(6)
    assert dock.bands() == [6] and first.customProperty(BANDS_PROPERTY) == "6"
    dock.layer_box.setLayer(second)
    assert dock.bands() == [4, 3, 2] and second.customProperty(BANDS_PROPERTY) is None
    dock.band_choice.band_boxes[2].setBand(1)
    dock.layer_box.setLayer(first)
    assert dock.bands() == [6]
    first.setRenderer(QgsMultiBandColorRenderer(first.dataProvider(), 1, 2, 3))  # the choice stays
    assert dock.bands() == [6]
    dock.layer_box.setLayer(second)
    assert dock.bands() == [4, 3, 1] and second.customProperty(BANDS_PROPERTY) == "4,3,1"


# Outputs.

def test_the_output_folder_keeps_results_under_unique_names(dock, tmp_path):
    folder = tmp_path / "results"
    assert "temporary" in dock.output_widget.lineEdit().placeholderText()
    set_output_folder(folder)
    dock.refresh_models()  # as the plugin does after the settings dialog
    placeholder = dock.output_widget.lineEdit().placeholderText()
    assert str(folder / "landsat_classes.tif") in placeholder
    dock.classes_edit.setPlainText("water; land")
    first = run_and_wait(dock)
    assert first == str(folder / "landsat_classes.tif")
    assert str(folder / "landsat_classes_2.tif") in dock.output_widget.lineEdit().placeholderText()
    (folder / "landsat_classes_2.qml").write_text("")  # a style left behind also takes the name
    second = run_and_wait(dock)
    assert second == str(folder / "landsat_classes_3.tif")
    assert {layer.source() for layer in added_layers()} == {first, second}
    assert dock.parameters(extent=QgsProject.instance().mapLayersByName("landsat")[0].extent())[
        "OUTPUT"] == "TEMPORARY_OUTPUT"  # previews stay temporary


def test_temporary_results_are_numbered_or_replace_the_last_as_set(dock):
    dock.classes_edit.setPlainText("water; land")
    first = run_and_wait(dock)
    second = run_and_wait(dock)
    assert sorted(layer.name() for layer in added_layers()) == ["landsat — classes", "landsat — classes 2"]
    settings = PluginSettings.load()
    settings.replace_temporary = True
    settings.save()
    third = run_and_wait(dock)
    assert sorted((layer.name(), layer.source()) for layer in added_layers()) == [
        ("landsat — classes", first), ("landsat — classes 2", third)]  # the second run's layer went
    assert second != third


def test_automatic_names_avoid_every_file_of_a_result(tmp_path):
    assert automatic_output(tmp_path, "LC07 / 2021: B3?") == tmp_path / "LC07 _ 2021_ B3__classes.tif"
    (tmp_path / "scene_classes.tif.aux.xml").write_text("")
    assert automatic_output(tmp_path, "scene") == tmp_path / "scene_classes_2.tif"


def test_the_settings_dialog_keeps_the_output_folder(dock, tmp_path):
    dialog = SettingsDialog()
    dialog.output_widget.setFilePath(str(tmp_path / "kept"))
    dialog.accept()
    assert PluginSettings.load().output_folder == str(tmp_path / "kept")


def test_writing_over_a_loaded_output_updates_that_layer(dock, tmp_path, monkeypatch):
    monkeypatch.setattr(dock, "confirm_replace", lambda *args: pytest.fail("its own result: no question"))
    target = tmp_path / "over.tif"
    dock.output_widget.setFilePath(str(target))
    dock.classes_edit.setPlainText("water; land")
    output = run_and_wait(dock)
    (layer,) = added_layers(output)
    layer.setName("my result")
    dock.classes_edit.setPlainText("water; land; cloud")
    assert run_and_wait(dock) == output
    assert added_layers() == [layer]  # no second layer with a stale legend
    assert [c.label for c in layer.renderer().classes()] == ["water", "land", "cloud"]
    assert layer.isValid() and layer.name() == "my result"
    assert layer.metadata().abstract().endswith("3: cloud")
    statistics = layer.dataProvider().bandStatistics(1)
    assert statistics.maximumValue <= 3
    assert dock.status_label.text().startswith("Updated my result with 3 classes.\n")


def landsat_result(dock, path) -> bytes:
    """Landsat classified into ``path`` (a layer shows it); the file's bytes."""
    dock.output_widget.setFilePath(str(path))
    dock.classes_edit.setPlainText("water; land")
    assert run_and_wait(dock) == str(path)
    return path.read_bytes()


def test_another_raster_does_not_inherit_an_output_named_for_the_first(dock, tmp_path):
    named = tmp_path / "landsat_result.tif"
    before = landsat_result(dock, named)
    dock.layer_box.setLayer(scene(tmp_path))
    assert dock.output_widget.filePath() == ""
    assert dock.status_label.text().startswith("Output emptied: landsat_result.tif was named for another "
                                               "raster. This raster's result goes to a temporary file")
    second = run_and_wait(dock)
    assert second != str(named) and named.read_bytes() == before
    (first_layer,) = added_layers(str(named))
    assert first_layer.name() == "landsat — classes"
    (second_layer,) = added_layers(second)
    assert second_layer.name() == "scene — classes"
    dock.output_widget.setFilePath(str(tmp_path / "scene_result.tif"))  # named for the scene: kept
    dock.layer_box.setLayer(dock.layer_box.currentLayer())
    assert dock.output_widget.filePath() == str(tmp_path / "scene_result.tif")


def test_five_rasters_in_a_row_lose_no_result(dock, tmp_path, monkeypatch):
    """A new user's afternoon: named outputs, temporary ones, a name used again, then an output folder;
    every result stays, in its own file and layer, with the classes of its own raster."""
    monkeypatch.setattr(dock, "confirm_replace", lambda *args: pytest.fail("nothing here asks"))
    landsat = dock.layer_box.currentLayer()
    first = landsat_result(dock, tmp_path / "mine.tif")
    rasters = [scene(tmp_path, name) for name in ("alpha", "beta", "gamma")]
    dock.layer_box.setLayer(rasters[0])
    assert dock.output_widget.filePath() == ""  # mine.tif was named for landsat
    outputs = [str(tmp_path / "mine.tif"), run_and_wait(dock)]
    dock.layer_box.setLayer(rasters[1])
    dock.output_widget.setFilePath(str(tmp_path / "mine.tif"))  # the same name again, for beta
    dock.run_button.click()
    assert not dock.outcomes[-1][0] and "holds the classes of RGB.byte.tif" in dock.outcomes[-1][1]
    dock.output_widget.setFilePath(str(tmp_path / "beta_result.tif"))
    outputs.append(run_and_wait(dock))
    set_output_folder(tmp_path / "results")
    dock.refresh_models()
    for raster in (rasters[2], landsat, landsat):
        dock.layer_box.setLayer(raster)
        outputs.append(run_and_wait(dock))
    assert outputs[3:] == [str(tmp_path / "results" / name) for name in
                           ("gamma_classes.tif", "landsat_classes.tif", "landsat_classes_2.tif")]
    assert (tmp_path / "mine.tif").read_bytes() == first and len(set(outputs)) == 6
    sources = ["RGB.byte.tif", "alpha.tif", "beta.tif", "gamma.tif", "RGB.byte.tif", "RGB.byte.tif"]
    assert [result_source(Path(output)) for output in outputs] == sources
    layers = {layer.source(): layer.name() for layer in added_layers()}
    assert [layers[output] for output in outputs] == [
        "landsat — classes", "alpha — classes", "beta — classes", "gamma — classes", "landsat — classes 2",
        "landsat — classes 3"]


def test_a_file_shown_with_another_rasters_classes_is_never_replaced(dock, tmp_path, monkeypatch):
    named = tmp_path / "result.tif"
    before = landsat_result(dock, named)
    dock.layer_box.setLayer(scene(tmp_path))
    dock.output_widget.setFilePath(str(named))  # named again, now for the scene
    monkeypatch.setattr(dock, "confirm_replace", lambda *args: pytest.fail("refused without a question"))
    dock.run_button.click()
    ok, message = dock.outcomes[-1]
    assert not ok and message == ("result.tif holds the classes of RGB.byte.tif, shown in the layer "
                                  "“landsat — classes”, and is not replaced with those of scene. Choose "
                                  "another output file.")
    assert named.read_bytes() == before and dock.task is None and dock.run_button.isEnabled()


def test_writing_over_a_file_that_is_not_this_rasters_result_asks_first(dock, tmp_path, monkeypatch):
    from reseg_qgis.gui.result_files import result_source

    named = tmp_path / "result.tif"
    before = landsat_result(dock, named)
    QgsProject.instance().removeMapLayers([layer.id() for layer in added_layers()])
    dock.layer_box.setLayer(scene(tmp_path))
    dock.output_widget.setFilePath(str(named))
    asked = []
    monkeypatch.setattr(dock, "confirm_replace", lambda replaced, raster: asked.append(
        (replaced.path, replaced.source, raster)) and False)
    dock.run_button.click()
    assert asked == [(named, "RGB.byte.tif", "scene")]
    assert dock.outcomes[-1] == (False, "Not run: result.tif was kept.") and named.read_bytes() == before
    monkeypatch.setattr(dock, "confirm_replace",
                        lambda replaced, raster: asked.append(replaced.source) or True)
    assert run_and_wait(dock) == str(named) and result_source(named) == "scene.tif"
    foreign = tmp_path / "notes.tif"
    foreign.write_text("the user's own file")
    dock.output_widget.setFilePath(str(foreign))
    monkeypatch.setattr(dock, "confirm_replace", lambda replaced, raster: asked.append(replaced.source))
    dock.run_button.click()
    assert asked[-1] is None and foreign.read_text() == "the user's own file"


# Presets and models.

def test_the_fast_preset_greys_out_the_sam_settings(dock):
    dock.use_sam_box.setChecked(True)
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("fast"))
    assert not dock.use_sam_box.isEnabled() and not dock.sam_box.isEnabled()
    assert "without SAM" in dock.use_sam_box.toolTip() and "without SAM" in dock.sam_box.toolTip()
    assert dock.parameters()["USE_SAM"] is False
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("balanced"))
    assert dock.use_sam_box.isEnabled() and dock.sam_box.isEnabled() and dock.use_sam_box.toolTip() == ""
    assert dock.parameters()["USE_SAM"] is True
    dock.use_sam_box.setChecked(False)
    assert not dock.sam_box.isEnabled()


def test_the_model_choices_are_kept_for_the_next_session(dock, qgis_iface):
    assert dock.clip_box.currentData() == TINY_CLIP  # chosen by the fixture
    dock.sam_box.setCurrentIndex(dock.sam_box.findData(TINY_SAM))
    later = ResegDock(qgis_iface)  # as after a restart of QGIS
    assert (later.clip_box.currentData(), later.sam_box.currentData()) == (TINY_CLIP, TINY_SAM)
    later.clip_box.setCurrentIndex(0)  # back to the preset's
    assert PluginSettings.load().dock_clip == ""
    later.deleteLater()


def test_model_lists_mark_what_is_installed(dock):
    texts = {dock.clip_box.itemData(i): dock.clip_box.itemText(i) for i in range(dock.clip_box.count())}
    assert texts[TINY_CLIP] == "tiny-clip ✓"
    assert texts["openai-vit-b-16"] == "openai-vit-b-16 (not installed)"
    assert texts["composed-rs-vit-l-14"] == "composed-rs-vit-l-14 (not installed)"
    assert dock.sam_box.itemText(dock.sam_box.findData(TINY_SAM)) == "tiny-sam ✓"


@pytest.fixture
def as_published(published, registry_worker, tmp_path):
    """The balanced preset's models published as tiny ones, a worker that knows them, an empty cache."""
    entries = {"openai-vit-b-16": {**published.specs["clip-a"], "name": "openai-vit-b-16",
                                   "filename": "openai-vit-b-16.pt"},
               "sam-vit-b": {**published.specs["sam"], "name": "sam-vit-b", "filename": "sam-vit-b.pth"}}
    registry_worker(entries)
    PluginSettings(cache_dir=str(tmp_path / "cache"), device="cpu").save()
    return entries


def needs_balanced(dock) -> None:
    dock.refresh_models()
    dock.clip_box.setCurrentIndex(0)  # the preset's
    dock.use_sam_box.setChecked(True)
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("balanced"))


def test_missing_weights_are_named_and_downloaded_in_one_click(dock, as_published, tmp_path):
    needs_balanced(dock)
    clip, sam = as_published["openai-vit-b-16"], as_published["sam-vit-b"]
    assert not dock.needs_widget.isHidden()
    assert dock.needs_label.text() == (f"Needs: {clip['title']} ({size_text([clip['size']])}), "
                                       f"{sam['title']} ({size_text([sam['size']])}) — not installed")
    assert dock.download_button.text() == f"Download ({size_text([clip['size'], sam['size']])})"
    assert "Files to fetch" in dock.needs_label.toolTip()
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("fast"))  # no SAM: only the CLIP
    assert dock.needs_label.text().startswith(f"Needs: {clip['title']} (") and sam["title"] not in \
        dock.needs_label.text()
    dock.preset_box.setCurrentIndex(dock.preset_box.findData("balanced"))
    dock.download_button.click()
    assert dock.cancel_button.isEnabled() and not dock.run_button.isEnabled()
    wait_until(lambda: dock.store_task is None)
    store = ModelStore(tmp_path / "cache")
    assert store.is_installed("openai-vit-b-16") and store.is_installed("sam-vit-b")
    assert dock.status_label.text() == "Installed openai-vit-b-16, sam-vit-b."
    assert dock.needs_widget.isHidden() and dock.progress_bar.value() == 100
    assert dock.clip_box.itemText(dock.clip_box.findData("openai-vit-b-16")) == "openai-vit-b-16 ✓"
    assert dock.run_button.isEnabled()


def test_a_failed_download_names_every_missing_file_and_the_panels_import(dock, published, registry_worker,
                                                                          tmp_path):
    """The CLIP's server cannot be reached: the panel names the files of both missing models, and how a
    QGIS user imports them (no command line)."""
    unreachable = {"openai-vit-b-16": {**published.specs["clip-a"], "name": "openai-vit-b-16",
                                       "filename": "openai-vit-b-16.pt", "url": "http://127.0.0.1:9/ViT-B-16.pt"},
                   "sam-vit-b": {**published.specs["sam"], "name": "sam-vit-b", "filename": "sam-vit-b.pth"}}
    registry_worker(unreachable)
    PluginSettings(cache_dir=str(tmp_path / "cache"), device="cpu").save()
    needs_balanced(dock)
    dock.download_button.click()
    wait_until(lambda: dock.store_task is None)
    text = dock.status_label.text()
    assert text.startswith("Cannot connect to 127.0.0.1:9")
    assert (f"Files to fetch: openai-vit-b-16: http://127.0.0.1:9/ViT-B-16.pt; sam-vit-b: "
            f"{published.specs['sam']['url']}.") in text
    assert text.endswith("then import them with Import… in the ReSeg panel (or ReSeg settings and weights ▸ "
                         "Import from folder…).")
    assert "python -m" not in text and not ModelStore(tmp_path / "cache").is_installed("sam-vit-b")


def test_what_failed_for_want_of_an_environment_goes_once_it_works(dock, qgis_iface, as_published, tmp_path,
                                                                   monkeypatch):
    bar = QgsMessageBar()  # QGIS's own, whose messages can be withdrawn
    monkeypatch.setattr(qgis_iface, "messageBar", lambda: bar)
    worker = os.environ[WORKER_PYTHON_ENV]
    monkeypatch.delenv(WORKER_PYTHON_ENV)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "no-data"))
    needs_balanced(dock)
    dock.download_button.click()
    missing = dock.status_label.text()
    assert "Python environment" in missing and [item.text() for item in bar.items()] == [missing]
    monkeypatch.setenv(WORKER_PYTHON_ENV, worker)  # installed meanwhile
    dock.refresh_environment()
    assert dock.status_label.text() == "" and bar.items() == [] and dock.environment_banner.isHidden()
    dock.classes_edit.setPlainText("water; land")
    dock.status_label.setText("Added a result.")  # an outcome of its own stays
    dock.refresh_environment()
    assert dock.status_label.text() == "Added a result."


def test_import_opens_the_folder_import_of_the_weights_manager(dock, as_published, published, tmp_path,
                                                               monkeypatch):
    needs_balanced(dock)
    carried = tmp_path / "usb"
    shutil.copytree(published.folder, carried)
    monkeypatch.setattr(settings_dialog.QFileDialog, "getExistingDirectory", lambda *_: str(carried))
    dock.import_button.click()
    dialog = dock.weights_dialog
    assert dialog.isVisible() and dialog.findChild(QTabWidget).currentIndex() == 1
    wait_until(lambda: dialog.task is None)
    assert ModelStore(tmp_path / "cache").is_installed("sam-vit-b")
    assert dock.needs_widget.isHidden()  # the dock heard of the change
    dialog.close()


def test_labels_can_be_selected_to_copy_addresses(dock):
    for label in (dock.status_label, dock.needs_label):
        assert label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse


def test_polygons_and_areas_from_the_dock(dock, qgis_iface, tmp_path):
    dock.output_widget.setFilePath(str(tmp_path / "mapped.tif"))
    dock.classes_edit.setPlainText("water; land; cloud")
    dock.polygons_box.setChecked(True)
    dock.sieve_box.setValue(6)
    dock.cog_box.setChecked(True)
    output = run_and_wait(dock)
    (raster,) = added_layers(output)
    polygons = [layer for layer in added_layers() if layer is not raster]
    assert [layer.name() for layer in polygons] == ["landsat — polygons"]
    assert polygons[0].source().split("|")[0] == str(tmp_path / "mapped.gpkg")
    renderer = polygons[0].renderer()
    assert renderer.type() == "categorizedSymbol"
    assert [(c.label(), c.symbol().color().name()) for c in renderer.categories()] == [
        (c.label, c.color.name()) for c in raster.renderer().classes()]
    assert polygons[0].metadata().abstract().endswith("3: cloud")
    assert raster.isValid() and polygons[0].isValid()
    assert gdal.Open(output).GetMetadataItem("LAYOUT", "IMAGE_STRUCTURE") == "COG"
    status = dock.status_label.text()
    assert status.startswith("Added landsat — classes with 3 classes.\n")
    assert "  1  water: " in status and " ha, " in status
    shown = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Success)[-1]
    assert "land " in shown and " %" in shown
    # A second run over the same files updates both layers instead of adding others.
    dock.classes_edit.setPlainText("water; land")
    run_and_wait(dock)
    assert len(added_layers()) == 2
    assert [c.label() for c in polygons[0].renderer().categories()] == ["water", "land"]
    assert polygons[0].featureCount() > 0


def test_a_dissolve_box_left_ticked_under_unticked_polygons_asks_for_no_dissolve(dock):
    """The engine refuses dissolving without polygons: the greyed-out box sends nothing."""
    dock.polygons_box.setChecked(True)
    dock.dissolve_box.setChecked(True)
    assert dock.parameters()["DISSOLVE"] is True
    dock.polygons_box.setChecked(False)
    assert dock.dissolve_box.isChecked() and not dock.dissolve_box.isEnabled()
    parameters = dock.parameters()
    assert parameters["DISSOLVE"] is False and parameters["VECTOR"] is None
