"""Settings and weights manager: settings saved; downloads, imports and checkpoints of one's own run as
tasks with progress; removal; what a preset needs in one click; a table readable as it opens."""

from __future__ import annotations

import shutil

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFontMetrics
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser

from reseg_qgis.engine.weights.registry import MODELS
from reseg_qgis.engine.weights.store import ModelStore
from reseg_qgis.gui.settings_dialog import AddCheckpointDialog, SettingsDialog, import_outcome, size_text
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
                if dialog.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == name)


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


def test_an_import_refusal_says_what_to_do_next(dialog, published, tmp_path):
    carried = tmp_path / "usb"
    shutil.copytree(published.folder, carried)
    (carried / "sam_tiny_0123ab.pth").write_bytes(b"fine-tuned elsewhere")  # the published name, not the file
    (carried / "my-finetune.pt").write_bytes(b"a model of my own")
    (carried / "README.txt").write_text("notes")
    dialog.import_folder(str(carried))
    wait_until(lambda: dialog.task is None)
    shown = messages(dialog)[-1]
    assert shown.startswith("Imported: clip-a, clip-b, clip-c. ")
    refusal = "sam_tiny_0123ab.pth is not the published sam (20 bytes, 513027 published for sam): "
    assert (refusal in shown
            and "for a fine-tuned or other model, use Add your own checkpoint…" in shown)
    unknown = "my-finetune.pt is named as no published model's file: for a model of your own, use Add "
    assert unknown + "your own checkpoint…" in shown
    assert "README" not in shown and not ModelStore(tmp_path / "cache").is_installed("sam")


def test_settings_are_saved(dialog, tmp_path):
    dialog.cache_widget.setFilePath(str(tmp_path / "elsewhere"))
    dialog.download_box.setChecked(True)
    dialog.device_box.setCurrentText("cpu")
    dialog.precision_box.setCurrentText("fp32")
    dialog.accept()
    saved = PluginSettings.load()
    assert saved == PluginSettings(cache_dir=str(tmp_path / "elsewhere"), allow_downloads=True, device="cpu",
                                   precision="fp32")
    assert dialog.changes


def test_the_cache_note_sits_under_the_cache_folder(dialog):
    from qgis.PyQt.QtWidgets import QFormLayout

    form = dialog.cache_widget.parentWidget().layout()
    row, _ = form.getWidgetPosition(dialog.cache_widget)
    assert form.itemAt(row + 1, QFormLayout.ItemRole.SpanningRole).widget().text().startswith(
        "Empty folder: $RESEG_CACHE_DIR")


def test_half_precision_on_the_cpu_is_refused(dialog):
    dialog.device_box.setCurrentText("cpu")
    dialog.precision_box.setCurrentText("fp16")
    dialog.accept()
    assert PluginSettings.load().precision == "auto" and not dialog.changes  # nothing saved
    shown = dialog.message_bar.currentItem().text()
    assert shown == "fp16 runs on GPUs only; use 'auto', 'fp32' or 'bf16' on the CPU."


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


def messages(dialog):
    return [item.text() for item in dialog.message_bar.items()]


def select(dialog, *names):
    dialog.table.clearSelection()
    for name in names:
        dialog.table.selectionModel().select(dialog.table.model().index(row_of(dialog, name), 0),
                                             dialog.table.selectionModel().Select
                                             | dialog.table.selectionModel().Rows)


def test_add_your_own_checkpoint_through_the_worker(dialog, published, tmp_path, monkeypatch):
    def fill_in(asking):
        asking.name_edit.setText("my-clip")
        asking.kind_box.setCurrentText("clip")
        asking.architecture_box.setEditText("tiny-vit")
        asking.file_widget.setFilePath(str(published.folder / "Tiny-A.pt"))
        asking.title_edit.setText("My CLIP")
        assert asking.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(AddCheckpointDialog, "exec", fill_in)
    dialog.add_button.click()
    assert dialog.cancel_button.isEnabled() and not dialog.remove_button.isEnabled()
    wait_until(lambda: dialog.task is None)
    store = ModelStore(tmp_path / "cache")
    assert store.is_installed("my-clip")
    assert store.path("my-clip").read_bytes() == (published.folder / "Tiny-A.pt").read_bytes()
    row = row_of(dialog, "my-clip")
    size = (published.folder / "Tiny-A.pt").stat().st_size
    assert [dialog.table.item(row, column).text() for column in range(5)] == [
        "my-clip", "My CLIP", "yes", size_text([size]), "the owner's"]
    assert "Added my-clip." in messages(dialog) and dialog.changes and dialog.progress_bar.value() == 100


def test_a_file_that_does_not_fit_the_architecture_is_refused_clearly(dialog, published, tmp_path):
    dialog.add_checkpoint({"name": "wrong", "kind": "clip", "architecture": "tiny-vit",
                           "file": str(published.folder / "sam_tiny_0123ab.pth")})
    wait_until(lambda: dialog.task is None)
    (text,) = [t for t in messages(dialog) if "was not added" in t]
    assert text.startswith("wrong was not added: sam_tiny_0123ab.pth does not fit the model architecture")
    assert "wrong" not in ModelStore(tmp_path / "cache").registry
    assert "wrong" not in [dialog.table.item(row, 0).text() for row in range(dialog.table.rowCount())]
    assert not list((tmp_path / "cache").glob("custom-*"))


def test_the_add_dialog_asks_for_a_valid_name_and_an_existing_file(qgis_app, tmp_path):
    asking = AddCheckpointDialog()
    ok = asking.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert [asking.architecture_box.itemText(i) for i in range(asking.architecture_box.count())][:2] == [
        "ViT-B-16", "ViT-B-16-quickgelu"]
    assert "open_clip" in asking.note.text() and not asking.initialisation_edit.isHidden()
    asking.kind_box.setCurrentText("sam")
    assert asking.architecture_box.currentText() == "vit_b" and not asking.architecture_box.isEditable()
    assert "segment-anything" in asking.note.text() and "open_clip" not in asking.note.text()
    assert asking.initialisation_edit.isHidden()  # CLIPs only: what they were fine-tuned from
    asking.name_edit.setText("My Model")  # the validator refuses the capitals and the space
    asking.file_widget.setFilePath(str(tmp_path / "absent.pt"))
    assert not asking.name_edit.hasAcceptableInput() and not ok.isEnabled()
    asking.name_edit.setText("my-sam")
    assert not ok.isEnabled()
    (tmp_path / "mine.pth").write_bytes(b"x")
    asking.file_widget.setFilePath(str(tmp_path / "mine.pth"))
    asking.initialisation_edit.setText("sa-1b")
    assert ok.isEnabled()
    assert asking.values() == {"name": "my-sam", "kind": "sam", "architecture": "vit_b",
                               "file": str(tmp_path / "mine.pth"), "title": "", "licence": "",
                               "initialisation": ""}


def test_remove_a_custom_and_a_published_model(dialog, published, tmp_path):
    dialog.import_folder(str(published.folder))
    wait_until(lambda: dialog.task is None)
    dialog.add_checkpoint({"name": "mine", "kind": "sam", "architecture": "tiny-sam",
                           "file": str(published.folder / "sam_tiny_0123ab.pth")})
    wait_until(lambda: dialog.task is None)
    store = ModelStore(tmp_path / "cache")
    files = {name: store.path(name) for name in ("mine", "clip-a", "sam")}
    assert all(path.is_file() for path in files.values())
    asked = []
    dialog.confirm = lambda title, text: asked.append(text) or False
    select(dialog, "mine", "clip-a", "openai-vit-b-16")  # the last is not installed: nothing to remove
    dialog.changes.clear()
    dialog.remove_button.click()
    assert len(asked) == 1 and "clip-a, mine" in asked[0] and "openai" not in asked[0]
    assert all(path.is_file() for path in files.values()) and not dialog.changes  # refused: nothing gone
    dialog.confirm = lambda title, text: asked.append(text) or True
    select(dialog, "mine", "clip-a", "openai-vit-b-16")
    dialog.remove_button.click()
    store = ModelStore(tmp_path / "cache")
    assert not files["mine"].exists() and "mine" not in store.registry and "mine" not in store.manifest()
    assert not files["clip-a"].exists() and not store.is_installed("clip-a") and "clip-a" in store.registry
    assert files["sam"].is_file() and store.is_installed("sam")
    assert dialog.table.item(row_of(dialog, "clip-a"), 2).text() == "no"
    assert dialog.table.item(row_of(dialog, "sam"), 2).text() == "yes"
    with pytest.raises(StopIteration):
        row_of(dialog, "mine")
    assert "Removed clip-a, mine." in messages(dialog) and dialog.changes
    select(dialog, "clip-a")
    dialog.remove_button.click()  # not installed: a hint, no question
    assert len(asked) == 2 and "Select installed models or models you added." in messages(dialog)


def test_a_presets_download_fetches_exactly_what_it_lacks(dialog, published, registry_worker, file_server,
                                                          tmp_path):
    as_published = {"openai-vit-b-16": {**published.specs["clip-a"], "name": "openai-vit-b-16",
                                        "filename": "openai-vit-b-16.pt"},
                    "sam-vit-b": {**published.specs["sam"], "name": "sam-vit-b", "filename": "sam-vit-b.pth"}}
    registry_worker(as_published)
    dialog.refresh()
    clip_size, sam_size = published.specs["clip-a"]["size"], published.specs["sam"]["size"]
    fast, balanced, quality = (dialog.preset_buttons[name] for name in ("fast", "balanced", "quality"))
    assert fast.text() == f"Download what fast needs ({size_text([clip_size])})" and fast.isEnabled()
    assert balanced.text() == f"Download what balanced needs ({size_text([clip_size, sam_size])})"
    assert dialog.preset_labels["balanced"].text() == "<b>balanced</b>: needs openai-vit-b-16, sam-vit-b"
    big = MODELS["openai-vit-l-14"].size + MODELS["sam-vit-h"].size
    assert quality.text() == f"Download what quality needs ({size_text([big])})" == \
        "Download what quality needs (4.3 GB)"
    file_server.requests.clear()
    fast.click()
    assert not balanced.isEnabled() and dialog.cancel_button.isEnabled()
    wait_until(lambda: dialog.task is None)
    assert [path for path, _ in file_server.requests] == ["/Tiny-A.pt"]
    assert fast.text() == "ready" and not fast.isEnabled()
    assert dialog.preset_labels["fast"].text() == "<b>fast</b>: ready"
    assert balanced.text() == f"Download what balanced needs ({size_text([sam_size])})"
    assert balanced.isEnabled()
    balanced.click()
    wait_until(lambda: dialog.task is None)
    assert [path for path, _ in file_server.requests] == ["/Tiny-A.pt", "/sam_tiny_0123ab.pth"]
    store = ModelStore(tmp_path / "cache")
    assert store.is_installed("openai-vit-b-16") and store.is_installed("sam-vit-b")
    assert not balanced.isEnabled() and quality.isEnabled() and dialog.changes


def test_columns_and_messages_are_readable_as_the_dialog_opens(dialog, tmp_path):
    dialog.show()
    dialog.tabs.setCurrentIndex(1)  # the weights
    QgsApplication.processEvents()
    table, header = dialog.table, dialog.table.horizontalHeader()
    for column in range(table.columnCount()):
        title = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= header.fontMetrics().horizontalAdvance(title) + 8, title
        for row in range(table.rowCount()):
            item = table.item(row, column)
            needed = QFontMetrics(item.font()).horizontalAdvance(item.text()) + 6
            assert header.sectionSize(column) >= needed, item.text()
    assert sum(header.sectionSize(c) for c in range(table.columnCount())) <= table.viewport().width() + 1
    assert dialog.minimumWidth() >= 700 and dialog.width() >= dialog.minimumWidth()
    selectable = Qt.TextInteractionFlag.TextSelectableByMouse
    assert all(label.wordWrap() and label.textInteractionFlags() & selectable
               for label in dialog.preset_labels.values())
    assert dialog.cache_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog.remove_selected()  # nothing selected: a hint in the message bar, whose text can be selected
    (browser,) = dialog.message_bar.items()[-1].findChildren(QTextBrowser)
    assert browser.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog.hide()


def test_an_import_that_imported_nothing_says_so():
    """A folder of other files only (a README, notes): no silent "Imported: nothing"."""
    results = [{"source": "/usb/README.txt", "model": None, "status": "unknown", "detail": ""},
               {"source": "/usb/notes.md", "model": None, "status": "unknown", "detail": ""}]
    summary, refusals = import_outcome(results)
    assert summary == "Imported: nothing."
    assert refusals == ["Nothing was imported: no file there is a published model's file (found: README.txt, "
                        "notes.md). Choose the folder that holds the files you fetched."]
    imported = [{"source": "/usb/a.pt", "model": "clip-a", "status": "imported", "detail": ""}, *results]
    assert import_outcome(imported) == ("Imported: clip-a.", [])  # other files beside models pass
