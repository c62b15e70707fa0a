"""Settings and weights manager: the model cache, downloads, the default device; what is installed,
downloads with progress in a background task, import from a folder, checkpoints of the user's own
(checked in the worker), removal, and one-click downloads of what a preset needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsFileWidget, QgsMessageBar
from qgis.PyQt.QtCore import QRegularExpression, Qt
from qgis.PyQt.QtGui import QRegularExpressionValidator
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import worker_session
from ..engine import limits
from ..engine.models.presets import PRESETS
from ..engine.translatable import ResegError
from ..engine.weights.registry import NAME_PATTERN
from ..engine.weights.store import ModelStore, cache_dir
from ..engine.worker import protocol
from ..engine_texts import data_size, engine_text, error_text
from ..plugin_settings import DEVICES, PRECISIONS, PluginSettings
from ..runtime.worker_client import WorkerCancelled, WorkerRequestError
from ..translation import tr
from .background_task import BackgroundTask

# Architectures offered for checkpoints of one's own (any other open_clip name, or a .json config, may
# be typed in).
ARCHITECTURES = {"clip": ("ViT-B-16", "ViT-B-16-quickgelu", "ViT-B-32", "ViT-B-32-quickgelu", "ViT-L-14",
                          "ViT-L-14-quickgelu"),
                 "sam": ("vit_b", "vit_l", "vit_h")}
CHECKPOINT_FILES = "*.pt *.pth *.bin *.ckpt *.safetensors"


def size_text(sizes: list[int | None]) -> str:
    """Megabytes of files whose sizes are given; "+" when some are unknown, "?" when all are."""
    known = [size for size in sizes if size is not None]
    if not known:
        return "?"
    return data_size(sum(known)) + ("+" if len(known) < len(sizes) else "")


def import_outcome(results: list[dict]) -> tuple[str, list[str]]:
    """What an import did, and each refusal with what to do next. Files of other kinds in the folder (a
    README) pass unmentioned; a checkpoint whose name no published model has is a refusal too, and so is
    an import that found nothing to import."""
    done = [r["model"] for r in results if r["status"] == "imported"]
    summary = tr("Imported: {}.").format(", ".join(done) or tr("nothing"))
    refusals = []
    for result in results:
        file = Path(result["source"]).name
        if result["status"] == "mismatch":
            refusals.append(tr("{file} is not the published {model} ({why}): for a fine-tuned or other "
                               "model, use Add your own checkpoint…; for the published one, fetch its file "
                               "again.").format(file=file, model=result["model"], why=result["detail"]))
        elif result["status"] == "unknown" and "*" + Path(file).suffix.lower() in CHECKPOINT_FILES.split():
            refusals.append(tr("{file} is named as no published model's file: for a model of your own, use "
                               "Add your own checkpoint…; a published file keeps its published name.").format(
                                   file=file))
        elif result["status"] == "failed":
            refusals.append(tr("{file} was refused: {why}").format(file=file, why=result["detail"]))
    if not done and not refusals:
        found = ", ".join(Path(r["source"]).name for r in results[:5]) + (" …" if len(results) > 5 else "")
        refusals.append(tr("Nothing was imported: no file there is a published model's file (found: "
                           "{files}). Choose the folder that holds the files you fetched.").format(
                               files=found or tr("no files")))
    return summary, refusals


class StoreTask(BackgroundTask):
    """Downloads or imports model weights through the worker, with progress and cancel."""

    def __init__(self, description: str, work: Callable) -> None:
        super().__init__(description, work, cancels=(WorkerCancelled,))

    def request(self, command: str, params: dict):
        """A worker request for this task: its progress on the task's, its cancel from the task's."""
        def progress(message: dict) -> None:
            if message.get("type") == protocol.PROGRESS:
                self.setProgress(message.get("percent", 0.0))

        return worker_session.client().request(command, params, on_message=progress,
                                               cancelled=self.isCanceled)


class AddCheckpointDialog(QDialog):
    """Asks for a checkpoint of the user's own: its name, kind, architecture and file (``models add``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Add your own checkpoint"))
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        self.name_edit = QLineEdit(self)
        pattern = QRegularExpression(NAME_PATTERN.pattern)
        self.name_edit.setValidator(QRegularExpressionValidator(pattern, self))
        self.name_edit.setPlaceholderText("my-clip")
        form.addRow(tr("Name"), self.name_edit)
        self.kind_box = QComboBox(self)
        self.kind_box.addItems(list(ARCHITECTURES))
        form.addRow(tr("Kind"), self.kind_box)
        self.architecture_box = QComboBox(self)
        self.architecture_box.setEditable(True)
        form.addRow(tr("Architecture"), self.architecture_box)
        self.file_widget = QgsFileWidget(self)
        self.file_widget.setFilter(tr("Checkpoints") + f" ({CHECKPOINT_FILES});;" + tr("All files") + " (*)")
        form.addRow(tr("File"), self.file_widget)
        self.title_edit, self.licence_edit, self.initialisation_edit = (QLineEdit(self) for _ in range(3))
        self.title_edit.setPlaceholderText(tr("optional"))
        self.licence_edit.setPlaceholderText("the owner's")
        self.initialisation_edit.setPlaceholderText("openai")
        form.addRow(tr("Title"), self.title_edit)
        form.addRow(tr("Licence"), self.licence_edit)
        form.addRow(tr("Initialisation"), self.initialisation_edit)
        self.form = form
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        form.addRow(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.kind_box.currentTextChanged.connect(self._offer_architectures)
        self.name_edit.textChanged.connect(self._update_ok)
        self.file_widget.fileChanged.connect(self._update_ok)
        self.architecture_box.editTextChanged.connect(self._update_ok)
        self._offer_architectures(self.kind_box.currentText())

    def _offer_architectures(self, kind: str) -> None:
        """The architectures, the help and the fields of the kind chosen: a SAM has no initialisation."""
        self.architecture_box.clear()
        self.architecture_box.addItems(list(ARCHITECTURES.get(kind, ())))
        clip = kind == "clip"
        self.architecture_box.setEditable(clip)  # any open_clip name, or a .json config
        self.name_edit.setPlaceholderText("my-clip" if clip else "my-sam")
        for widget in (self.initialisation_edit, self.form.labelForField(self.initialisation_edit)):
            widget.setVisible(clip)
        if clip:
            self.note.setText(tr("The file (a state_dict, an open_clip training checkpoint or safetensors) "
                                 "must load into the architecture; any open_clip name, or a .json file with "
                                 "an open_clip config, may be typed in. Initialisation: the weights it was "
                                 "fine-tuned from; CLIPs of one architecture and initialisation can be "
                                 "composed."))
        else:
            self.note.setText(tr("The file (a segment-anything checkpoint such as sam_vit_b_01ec64.pth: a "
                                 "state_dict, or safetensors) must load into the architecture: vit_b, vit_l "
                                 "or vit_h, the image encoder's size."))
        self._update_ok()

    def _update_ok(self, *_) -> None:
        ready = (self.name_edit.hasAcceptableInput() and bool(self.architecture_box.currentText().strip())
                 and Path(self.file_widget.filePath().strip() or ".").is_file())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def values(self) -> dict:
        """The parameters of the worker's add_model command (without the cache)."""
        clip = self.kind_box.currentText() == "clip"
        return {"name": self.name_edit.text().strip(), "kind": self.kind_box.currentText(),
                "architecture": self.architecture_box.currentText().strip(),
                "file": self.file_widget.filePath().strip(), "title": self.title_edit.text().strip(),
                "licence": self.licence_edit.text().strip(),
                "initialisation": self.initialisation_edit.text().strip() if clip else ""}


class SettingsDialog(QDialog):
    COLUMNS = ("name", "model", "installed", "size", "licence")

    def __init__(self, parent: QWidget | None = None, on_changed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ReSeg settings and weights"))
        self.setMinimumSize(720, 540)
        self.resize(900, 640)
        self.on_changed = on_changed
        self.task: StoreTask | None = None
        self.settings = PluginSettings.load()
        layout = QVBoxLayout(self)
        self.message_bar = QgsMessageBar(self)
        layout.addWidget(self.message_bar)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._settings_tab(), tr("Settings"))
        self.tabs.addTab(self._weights_tab(), tr("Weights"))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def _settings_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.cache_widget = QgsFileWidget(page)
        self.cache_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.cache_widget.setFilePath(self.settings.cache_dir)
        self.cache_widget.lineEdit().setPlaceholderText(str(cache_dir(None)))
        self.cache_widget.fileChanged.connect(lambda _: self.refresh())
        form.addRow(tr("Model cache folder"), self.cache_widget)
        note = QLabel(tr("Empty folder: $RESEG_CACHE_DIR, else your user cache folder. Weights never go "
                         "into the plugin folder, which QGIS replaces on upgrades."), page)
        note.setWordWrap(True)
        form.addRow(note)
        self.download_box = QCheckBox(tr("Allow downloading missing model weights"), page)
        self.download_box.setChecked(self.settings.allow_downloads)
        form.addRow("", self.download_box)
        self.device_box = QComboBox(page)
        self.device_box.addItems(list(DEVICES))
        self.device_box.setCurrentText(self.settings.device)
        form.addRow(tr("Default device"), self.device_box)
        self.precision_box = QComboBox(page)
        self.precision_box.addItems(list(PRECISIONS))
        self.precision_box.setCurrentText(self.settings.precision)
        self.precision_box.setToolTip(tr("auto: bf16 or fp16 on a GPU; on a CPU, each stage in bf16 where "
                                         "this CPU measured it faster than fp32. fp32: every stage in fp32, "
                                         "the same labels on any CPU. bf16: every stage in bf16."))
        form.addRow(tr("Default precision"), self.precision_box)
        self.output_widget = QgsFileWidget(page)
        self.output_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.output_widget.setFilePath(self.settings.output_folder)
        self.output_widget.lineEdit().setPlaceholderText(tr("[temporary files, deleted when QGIS closes]"))
        form.addRow(tr("Output folder"), self.output_widget)
        output_note = QLabel(tr("Where the panel writes its results when you name no file: "
                                "<raster>_classes.tif, numbered when the name is taken."), page)
        output_note.setTextFormat(Qt.TextFormat.PlainText)
        output_note.setWordWrap(True)
        form.addRow(output_note)
        self.replace_box = QCheckBox(tr("A raster's new temporary result replaces its last one (else it is "
                                        "added as “— classes 2”)"), page)
        self.replace_box.setChecked(self.settings.replace_temporary)
        form.addRow("", self.replace_box)
        return page

    def _weights_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.cache_label = QLabel(page)
        self.cache_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.cache_label)
        self.table = QTableWidget(0, len(self.COLUMNS), page)
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Model"), tr("Installed"), tr("Size"),
                                              tr("Licence")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column in range(len(self.COLUMNS)):  # the title takes what the others leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch if column == 1 else
                                        QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        presets = QGroupBox(tr("Presets"), page)
        grid = QGridLayout(presets)
        grid.setColumnStretch(0, 1)
        self.preset_labels: dict[str, QLabel] = {}
        self.preset_buttons: dict[str, QPushButton] = {}
        for row, preset in enumerate(PRESETS.values()):
            label = QLabel(presets)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setToolTip(preset.summary)
            button = QPushButton(presets)
            button.clicked.connect(lambda _=False, name=preset.name: self.download_preset(name))
            grid.addWidget(label, row, 0)
            grid.addWidget(button, row, 1)
            self.preset_labels[preset.name], self.preset_buttons[preset.name] = label, button
        layout.addWidget(presets)
        buttons = QHBoxLayout()
        self.download_button = QPushButton(tr("Download selected"), page)
        self.download_button.clicked.connect(self.download_selected)
        self.import_button = QPushButton(tr("Import from folder…"), page)
        self.import_button.clicked.connect(lambda: self.import_folder())
        self.add_button = QPushButton(tr("Add your own checkpoint…"), page)
        self.add_button.clicked.connect(lambda: self.add_checkpoint())
        self.remove_button = QPushButton(tr("Remove"), page)
        self.remove_button.clicked.connect(self.remove_selected)
        self.cancel_button = QPushButton(tr("Cancel"), page)
        self.cancel_button.clicked.connect(lambda: self.task and self.task.cancel())
        self.cancel_button.setEnabled(False)
        for button in (self.download_button, self.import_button, self.add_button, self.remove_button,
                       self.cancel_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.progress_bar = QProgressBar(page)
        layout.addWidget(self.progress_bar)
        return page

    def store(self) -> ModelStore:
        return ModelStore(self.cache_widget.filePath().strip() or None)

    def _store_or_warn(self) -> ModelStore | None:
        try:
            store = self.store()
            store.manifest()
            return store
        except (ResegError, OSError) as error:
            self.message_bar.pushMessage(tr("Model cache"), error_text(error), Qgis.MessageLevel.Warning, 0)
            return None

    def refresh(self) -> None:
        store = self._store_or_warn()
        if store is None:
            return
        self.cache_label.setText(tr("Model cache: {}").format(store.root))
        statuses = store.status()
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            installed = tr("yes") if status.installed else tr("no")
            for column, text in enumerate((status.spec.name, status.spec.title, installed,
                                           size_text([status.size]), status.spec.licence)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, status.spec.name)
                if column == 2 and status.installed:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        for preset in PRESETS.values():
            missing = store.missing(preset.required_models)
            names = ", ".join(spec.name for spec in missing)
            state = tr("needs {}").format(names) if missing else tr("ready")
            self.preset_labels[preset.name].setText(f"<b>{preset.name}</b>: {state}")
            button = self.preset_buttons[preset.name]
            button.setText(tr("Download what {} needs ({})").format(
                preset.name, size_text([spec.size for spec in missing])) if missing else tr("ready"))
            button.setEnabled(bool(missing) and self.task is None)

    def selected_names(self) -> list[str]:
        return sorted({item.data(Qt.ItemDataRole.UserRole) for item in self.table.selectedItems()})

    def _changed(self) -> None:
        """After any change to the cache: the table, and the dock's lists of models."""
        self.refresh()
        if self.on_changed:
            self.on_changed()

    def _start(self, description: str, work: Callable) -> None:
        if self.task is not None:
            return
        self.task = StoreTask(description, work)
        self.task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.task.taskCompleted.connect(lambda: self._finished(True))
        self.task.taskTerminated.connect(lambda: self._finished(False))
        for button in (self.download_button, self.import_button, self.add_button, self.remove_button,
                       *self.preset_buttons.values()):
            button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        QgsApplication.taskManager().addTask(self.task)

    def _finished(self, ok: bool) -> None:
        task, self.task = self.task, None
        for button in (self.download_button, self.import_button, self.add_button, self.remove_button):
            button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if ok:
            self.message_bar.pushMessage(task.description(), str(task.result or tr("done")),
                                         Qgis.MessageLevel.Success, 8)
        else:
            self.message_bar.pushMessage(task.description(), task.error or tr("Cancelled."),
                                         Qgis.MessageLevel.Critical, 0)
        self._changed()

    def download_selected(self) -> None:
        store = self._store_or_warn()
        if store is None:
            return
        names = [name for name in self.selected_names() if not store.is_installed(name)]
        if not names:
            self.message_bar.pushMessage(tr("Download"), tr("Select models that are not installed yet."),
                                         Qgis.MessageLevel.Info, 5)
            return
        self._download(store, names)

    def download_preset(self, preset: str) -> None:
        """Download exactly the models ``preset`` needs and the cache lacks."""
        store = self._store_or_warn()
        if store is None:
            return
        names = [spec.name for spec in store.missing(PRESETS[preset].required_models)]
        if names:
            self._download(store, names)

    def _download(self, store: ModelStore, names: list[str]) -> None:
        def work(task: StoreTask) -> str:
            task.request(protocol.DOWNLOAD, {"names": names, "cache_dir": str(store.root)})
            return tr("Installed {}.").format(", ".join(names))

        self._start(tr("ReSeg: downloading {}").format(", ".join(names)), work)

    def import_folder(self, folder: str | None = None) -> None:
        folder = folder or QFileDialog.getExistingDirectory(self, tr("Folder with model weights"))
        store = self._store_or_warn() if folder else None
        if store is None:
            return

        def work(task: StoreTask) -> str:
            results = task.request(protocol.IMPORT, {"path": folder, "cache_dir": str(store.root)})["results"]
            summary, refusals = import_outcome(results)
            if refusals:
                raise RuntimeError(" ".join([summary, *refusals]))
            return summary

        self._start(tr("ReSeg: importing weights"), work)

    def add_checkpoint(self, values: dict | None = None) -> None:
        """Add a checkpoint of the user's own: ``values`` as AddCheckpointDialog.values() gives them,
        else asked for. The worker checks that it loads into its architecture, then caches it."""
        if values is None:
            asking = AddCheckpointDialog(self)
            if asking.exec() != QDialog.DialogCode.Accepted:
                return
            values = asking.values()
        store = self._store_or_warn()
        if store is None:
            return

        def work(task: StoreTask) -> str:
            try:
                added = task.request(protocol.ADD_MODEL, {**values, "cache_dir": str(store.root)})
            except WorkerRequestError as error:
                reason = error_text(error)
                raise RuntimeError(tr("{} was not added: {}").format(values["name"], reason)) from error
            return tr("Added {}.").format(added["name"])

        self._start(tr("ReSeg: adding {}").format(values["name"]), work)

    def confirm(self, title: str, text: str) -> bool:
        """Whether the user agrees (tests replace this)."""
        answer = QMessageBox.question(self, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def remove_selected(self) -> None:
        """Remove the selected models: the user's own are forgotten with their copy in the cache; the
        files of published ones are deleted (they can be downloaded again)."""
        store = self._store_or_warn()
        if store is None or self.task is not None:
            return
        names = [name for name in self.selected_names()
                 if name in store.registry and (not store.registry[name].url or store.is_installed(name))]
        if not names:
            self.message_bar.pushMessage(tr("Remove"), tr("Select installed models or models you added."),
                                         Qgis.MessageLevel.Info, 5)
            return
        if not self.confirm(tr("Remove models"),
                            tr("Remove {} from the model cache? Published models can be downloaded again; "
                               "models you added must be added again from their file.").format(
                                ", ".join(names))):
            return
        removed, problems = [], []
        for name in names:
            try:
                if store.registry[name].url:
                    store.uninstall(name)
                else:
                    store.remove_custom(name)
                removed.append(name)
            except (ResegError, OSError) as error:
                problems.append(error_text(error))
        if removed:
            self.message_bar.pushMessage(tr("Remove"), tr("Removed {}.").format(", ".join(removed)),
                                         Qgis.MessageLevel.Success, 8)
        if problems:
            self.message_bar.pushMessage(tr("Remove"), " ".join(problems), Qgis.MessageLevel.Critical, 0)
        self._changed()

    def accept(self) -> None:
        settings = PluginSettings.load()
        settings.cache_dir = self.cache_widget.filePath().strip()
        settings.allow_downloads = self.download_box.isChecked()
        settings.device = self.device_box.currentText()
        settings.precision = self.precision_box.currentText()
        settings.output_folder = self.output_widget.filePath().strip()
        settings.replace_temporary = self.replace_box.isChecked()
        try:
            cache_dir(settings.cache_dir or None)
        except ResegError as error:
            self.message_bar.pushMessage(tr("Model cache"), error_text(error), Qgis.MessageLevel.Critical, 0)
            return
        if settings.device == "cpu" and settings.precision == "fp16":  # every run would fail
            values = {"value": settings.precision}
            self.message_bar.pushMessage(tr("Default precision"), engine_text(
                limits.GPU_ONLY.format(**values), limits.GPU_ONLY, values), Qgis.MessageLevel.Critical, 0)
            return
        settings.save()
        if self.on_changed:
            self.on_changed()
        super().accept()
