"""Settings and weights manager: the model cache, downloads, the default device; what is installed,
downloads with progress in a background task, and import from a folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qgis.core import Qgis, QgsApplication
from qgis.gui import QgsFileWidget, QgsMessageBar
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import worker_session
from ..engine.models.presets import PRESETS
from ..engine.weights.store import ModelStore, cache_dir
from ..engine.worker import protocol
from ..plugin_settings import DEVICES, PluginSettings
from ..runtime.worker_client import WorkerCancelled
from ..translation import tr
from .background_task import BackgroundTask


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


class SettingsDialog(QDialog):
    COLUMNS = ("name", "model", "installed", "size", "licence")

    def __init__(self, parent: QWidget | None = None, on_changed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ReSeg settings and weights"))
        self.resize(760, 520)
        self.on_changed = on_changed
        self.task: StoreTask | None = None
        self.settings = PluginSettings.load()
        layout = QVBoxLayout(self)
        self.message_bar = QgsMessageBar(self)
        layout.addWidget(self.message_bar)
        tabs = QTabWidget(self)
        tabs.addTab(self._settings_tab(), tr("Settings"))
        tabs.addTab(self._weights_tab(), tr("Weights"))
        layout.addWidget(tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def _settings_tab(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.cache_widget = QgsFileWidget(page)
        self.cache_widget.setStorageMode(QgsFileWidget.GetDirectory)
        self.cache_widget.setFilePath(self.settings.cache_dir)
        self.cache_widget.lineEdit().setPlaceholderText(str(cache_dir(None)))
        self.cache_widget.fileChanged.connect(lambda _: self.refresh())
        form.addRow(tr("Model cache folder"), self.cache_widget)
        self.download_box = QCheckBox(tr("Allow downloading missing model weights"), page)
        self.download_box.setChecked(self.settings.allow_downloads)
        form.addRow("", self.download_box)
        self.device_box = QComboBox(page)
        self.device_box.addItems(list(DEVICES))
        self.device_box.setCurrentText(self.settings.device)
        form.addRow(tr("Default device"), self.device_box)
        note = QLabel(tr("Empty folder: $RESEG_CACHE_DIR, else your user cache folder. Weights never go "
                         "into the plugin folder, which QGIS replaces on upgrades."), page)
        note.setWordWrap(True)
        form.addRow(note)
        return page

    def _weights_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        self.cache_label = QLabel(page)
        layout.addWidget(self.cache_label)
        self.table = QTableWidget(0, len(self.COLUMNS), page)
        self.table.setHorizontalHeaderLabels([tr("Name"), tr("Model"), tr("Installed"), tr("Size"),
                                              tr("Licence")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        self.presets_label = QLabel(page)
        self.presets_label.setWordWrap(True)
        layout.addWidget(self.presets_label)
        buttons = QHBoxLayout()
        self.download_button = QPushButton(tr("Download selected"), page)
        self.download_button.clicked.connect(self.download_selected)
        self.import_button = QPushButton(tr("Import from folder…"), page)
        self.import_button.clicked.connect(self.import_folder)
        self.cancel_button = QPushButton(tr("Cancel"), page)
        self.cancel_button.clicked.connect(lambda: self.task and self.task.cancel())
        self.cancel_button.setEnabled(False)
        for button in (self.download_button, self.import_button, self.cancel_button):
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
        except (ValueError, RuntimeError, OSError) as error:
            self.message_bar.pushMessage(tr("Model cache"), str(error), Qgis.Warning, 0)
            return None

    def refresh(self) -> None:
        store = self._store_or_warn()
        if store is None:
            return
        self.cache_label.setText(tr("Model cache: {}").format(store.root))
        statuses = store.status()
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            size = "?" if status.size is None else f"{status.size / 1e6:,.0f} MB"
            installed = tr("yes") if status.installed else tr("no")
            for column, text in enumerate((status.spec.name, status.spec.title, installed, size,
                                           status.spec.licence)):
                item = QTableWidgetItem(text)
                item.setData(Qt.UserRole, status.spec.name)
                self.table.setItem(row, column, item)
        lines = []
        for preset in PRESETS.values():
            missing = [spec.name for spec in store.missing(preset.required_models)]
            state = tr("ready") if not missing else tr("needs {}").format(", ".join(missing))
            lines.append(f"<b>{preset.name}</b>: {state}")
        self.presets_label.setText(tr("Presets: ") + "; ".join(lines))

    def selected_names(self) -> list[str]:
        return sorted({item.data(Qt.UserRole) for item in self.table.selectedItems()})

    def _start(self, description: str, work: Callable) -> None:
        if self.task is not None:
            return
        self.task = StoreTask(description, work)
        self.task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.task.taskCompleted.connect(lambda: self._finished(True))
        self.task.taskTerminated.connect(lambda: self._finished(False))
        for button in (self.download_button, self.import_button):
            button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        QgsApplication.taskManager().addTask(self.task)

    def _finished(self, ok: bool) -> None:
        task, self.task = self.task, None
        for button in (self.download_button, self.import_button):
            button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if ok:
            self.message_bar.pushMessage(task.description(), str(task.result or tr("done")), Qgis.Success, 8)
        else:
            self.message_bar.pushMessage(task.description(), task.error or tr("Cancelled."), Qgis.Critical, 0)
        self.refresh()
        if self.on_changed:
            self.on_changed()

    def download_selected(self) -> None:
        store = self._store_or_warn()
        if store is None:
            return
        names = [name for name in self.selected_names() if not store.is_installed(name)]
        if not names:
            self.message_bar.pushMessage(tr("Download"), tr("Select models that are not installed yet."),
                                         Qgis.Info, 5)
            return

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
            done = [r["model"] for r in results if r["status"] == "imported"]
            problems = [f"{Path(r['source']).name}: {r['detail']}" for r in results
                        if r["status"] in ("mismatch", "failed")]
            summary = tr("Imported: {}.").format(", ".join(done) or tr("nothing"))
            if problems:
                raise RuntimeError(summary + " " + tr("Refused: {}").format("; ".join(problems)))
            return summary

        self._start(tr("ReSeg: importing weights"), work)

    def accept(self) -> None:
        settings = PluginSettings.load()
        settings.cache_dir = self.cache_widget.filePath().strip()
        settings.allow_downloads = self.download_box.isChecked()
        settings.device = self.device_box.currentText()
        try:
            cache_dir(settings.cache_dir or None)
        except ValueError as error:
            self.message_bar.pushMessage(tr("Model cache"), str(error), Qgis.Critical, 0)
            return
        settings.save()
        if self.on_changed:
            self.on_changed()
        super().accept()
