"""Raster ▸ ReSeg ▸ Python environment…: install, repair or remove the engine's own Python
environment, with progress, a live log and Cancel; or name a Python environment of your own."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import Qgis, QgsApplication, QgsTask
from qgis.gui import QgsCollapsibleGroupBox, QgsFileWidget, QgsMessageBar
from qgis.PyQt.QtGui import QFontDatabase
from qgis.PyQt.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import worker_session
from ..engine_texts import device_notes, device_text, marked_text
from ..plugin_settings import PluginSettings, qgis_proxy
from ..runtime import locations
from ..runtime.bundle_install import BundleInstaller
from ..runtime.bundle_maker import make_in_engine
from ..runtime.diagnostics import diagnostics
from ..runtime.installer import InstallCancelled, Installer, InstallError, InstallOptions, remove_environment
from ..runtime.offline_bundle import BundleCancelled
from ..runtime.torch_builds import CHOICES, choose_torch_build, probe_nvidia
from ..translation import tr
from .background_task import BackgroundTask
from .bundle_dialog import BundleDialog


def torch_build_label(name: str) -> str:
    labels = {"auto": tr("Detect (recommended)"), "cpu": tr("CPU only"),
              "default": tr("The package index's default")}
    return labels.get(name, tr("CUDA {}").format(f"{name[2:-1]}.{name[-1]}") + f" ({name})")


class EnvironmentDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, on_changed: Callable[[], None] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("ReSeg Python environment"))
        self.resize(820, 640)
        self.on_changed = on_changed
        self.task: BackgroundTask | None = None
        self._probe_task = None
        self._diagnostics_task: BackgroundTask | None = None
        self.last_diagnostics = ""
        self.failure_details = ""  # the installer's own words on the last failure
        self.settings = PluginSettings.load()
        layout = QVBoxLayout(self)
        self.message_bar = QgsMessageBar(self)
        layout.addWidget(self.message_bar)
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.gpu_label = QLabel(tr("Looking for an NVIDIA GPU…"), self)
        self.gpu_label.setWordWrap(True)
        layout.addWidget(self.gpu_label)
        layout.addWidget(self._options_group())
        layout.addWidget(self._own_python_group())
        layout.addLayout(self._buttons())
        progress = QHBoxLayout()
        self.progress_bar = QProgressBar(self)
        self.cancel_button = QPushButton(tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        layout.addLayout(progress)
        self.log_view = QPlainTextEdit(self)
        self.log_view.setReadOnly(True)
        self.log_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.log_view.setMaximumBlockCount(5000)
        layout.addWidget(self.log_view, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._set_running(False)
        self.refresh()
        self._probe_gpu()

    def _options_group(self) -> QWidget:
        group = QgsCollapsibleGroupBox(tr("Install options"), self)
        group.setCollapsed(True)
        form = QFormLayout(group)
        self.torch_box = QComboBox(group)
        for name in CHOICES:
            self.torch_box.addItem(torch_build_label(name), name)
        self.torch_box.setCurrentIndex(max(0, self.torch_box.findData(self.settings.torch_build)))
        form.addRow(tr("PyTorch build"), self.torch_box)
        self.index_edit = QLineEdit(self.settings.index_url, group)
        self.index_edit.setPlaceholderText(tr("PyPI (https://pypi.org/simple)"))
        form.addRow(tr("Package index (mirror)"), self.index_edit)
        self.extra_index_edit = QLineEdit(self.settings.extra_index_url, group)
        form.addRow(tr("Extra package index"), self.extra_index_edit)
        self.wheel_widget = QgsFileWidget(group)
        self.wheel_widget.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.wheel_widget.setFilePath(self.settings.wheel_folder)
        form.addRow(tr("Folder of wheels"), self.wheel_widget)
        self.offline_box = QCheckBox(tr("Offline: install only from the folder of wheels"), group)
        self.offline_box.setChecked(self.settings.offline)
        form.addRow("", self.offline_box)
        proxy = qgis_proxy().get("HTTPS_PROXY", "")
        shown = proxy.split("@")[-1] if proxy else tr("none set in QGIS (the system's is used)")
        form.addRow(tr("Proxy"), QLabel(tr("{} (Settings ▸ Options ▸ Network)").format(shown), group))
        return group

    def _own_python_group(self) -> QWidget:
        group = QgsCollapsibleGroupBox(tr("Your own Python environment (advanced)"), self)
        group.setCollapsed(not self.settings.worker_python)
        form = QFormLayout(group)
        self.python_widget = QgsFileWidget(group)
        self.python_widget.setStorageMode(QgsFileWidget.StorageMode.GetFile)
        self.python_widget.setFilePath(self.settings.worker_python)
        form.addRow(tr("Python executable"), self.python_widget)
        note = QLabel(tr("A Python 3.11 or newer with the packages of the plugin's runtime/requirements.txt. "
                         "Empty: the environment installed here. The variable RESEG_WORKER_PYTHON, when set, "
                         "comes first."), group)
        note.setWordWrap(True)
        form.addRow(note)
        self.idle_box = QSpinBox(group)
        self.idle_box.setRange(0, 24 * 60)
        self.idle_box.setSuffix(tr(" min"))
        self.idle_box.setSpecialValueText(tr("never"))
        self.idle_box.setValue(self.settings.idle_minutes)
        form.addRow(tr("Stop the worker when idle for"), self.idle_box)
        return group

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.install_button = QPushButton(tr("Install"), self)
        self.install_button.clicked.connect(self.install)
        self.remove_button = QPushButton(tr("Remove"), self)
        self.remove_button.clicked.connect(self.remove)
        self.copy_button = QPushButton(tr("Copy diagnostics"), self)
        self.copy_button.clicked.connect(self.copy_diagnostics)
        self.bundle_button = QPushButton(tr("Offline bundle"), self)
        menu = QMenu(self.bundle_button)
        self.make_bundle_action = menu.addAction(tr("Make an offline bundle…"), self.make_bundle)
        self.install_bundle_action = menu.addAction(tr("Install from bundle…"), self.install_bundle)
        self.bundle_button.setMenu(menu)
        for button in (self.install_button, self.remove_button, self.copy_button, self.bundle_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    # State.

    def _save(self) -> PluginSettings:
        settings = PluginSettings.load()
        settings.torch_build = self.torch_box.currentData()
        settings.index_url = self.index_edit.text().strip()
        settings.extra_index_url = self.extra_index_edit.text().strip()
        settings.wheel_folder = self.wheel_widget.filePath().strip()
        settings.offline = self.offline_box.isChecked()
        settings.worker_python = self.python_widget.filePath().strip()
        settings.idle_minutes = self.idle_box.value()
        settings.save()
        self.settings = settings
        return settings

    def refresh(self) -> None:
        environment = locations.environment_dir()
        state = locations.read_state(environment)
        try:
            python = worker_session.worker_python()
            problem = ""
        except locations.EnvironmentProblem as error:
            python, problem = None, str(error)
        if state:
            check = state["check"]
            device = device_text(check.get("forward_pass", {}))
            text = tr("<b>Installed</b> in {folder} on {date}: Python {python}, PyTorch {torch}; {device}.")
            text = text.format(folder=environment, date=state.get("created", "?").replace("T", " "),
                               python=check.get("python"), torch=check["packages"].get("torch"),
                               device=device)
            text += "".join("<br>" + note for note in device_notes(check.get("forward_pass", {})))
        else:
            text = tr("<b>Not installed.</b> ReSeg runs its models in a Python environment of its own, so "
                      "nothing is installed into QGIS's Python. <b>Install</b> downloads PyTorch and the "
                      "models' libraries (about 1 GB with the CPU build, more with CUDA) into {folder}; it "
                      "takes a few minutes and needs no terminal. Without internet: <b>Offline bundle ▸ "
                      "Install from bundle…</b>, with a bundle made on a computer that has it.").format(
                          folder=environment)
        if python and not python.managed:
            text += "<br>" + tr("The worker runs in your own Python: {path} (from {origin}).").format(
                path=python.path, origin=python.origin)
        if problem:
            text += "<br>" + problem
        self.status_label.setText(text)
        self.install_button.setText(tr("Repair (install again)") if state else tr("Install"))
        self.remove_button.setEnabled(bool(state) and self.task is None)

    def _probe_gpu(self) -> None:
        def probe(task):
            found = probe_nvidia()
            return found, choose_torch_build(found)

        def shown(exception, result=None):
            if result is None:
                self.gpu_label.setText(tr("The GPU could not be checked: {}").format(exception))
                return
            found, build = result
            self.gpu_label.setText(tr("PyTorch build for this computer: {build}: {reason}.").format(
                build=build.name, reason=marked_text(build.why, build.values)))

        self._probe_task = QgsTask.fromFunction(tr("ReSeg: looking for a GPU"), probe, on_finished=shown)
        QgsApplication.taskManager().addTask(self._probe_task)

    def _set_running(self, running: bool) -> None:
        for widget in (self.install_button, self.copy_button, self.bundle_button, self.torch_box,
                       self.index_edit, self.extra_index_edit, self.wheel_widget, self.offline_box,
                       self.python_widget):
            widget.setEnabled(not running)
        installed = locations.read_state(locations.environment_dir()) is not None
        self.remove_button.setEnabled(not running and installed)
        self.cancel_button.setEnabled(running)

    # Actions.

    def install(self) -> None:
        if self.task is not None:
            return
        settings = self._save()
        options = InstallOptions(torch_build=settings.torch_build, index_url=settings.index_url,
                                 extra_index_url=settings.extra_index_url, wheel_folder=settings.wheel_folder,
                                 offline=settings.offline, proxy=qgis_proxy())
        self._start(tr("ReSeg: installing the Python environment"),
                    lambda task: Installer(options, log=task.line.emit, progress=task.setProgress,
                                           cancelled=task.isCanceled).run())

    def install_bundle(self, path: str = "") -> None:
        """Install the environment and models from an offline bundle, with no network."""
        if self.task is not None:
            return
        path = path or QFileDialog.getOpenFileName(self, tr("Install from an offline bundle"), "",
                                                   tr("ReSeg offline bundle (*.zip)"))[0]
        if not path:
            return
        cache = self._save().cache_dir or None
        self._start(tr("ReSeg: installing from an offline bundle"),
                    lambda task: BundleInstaller(path, cache_dir=cache, log=task.line.emit,
                                                 progress=task.setProgress, cancelled=task.isCanceled).run(),
                    made=tr("The Python environment and the bundle's models are installed, and they work."))

    def make_bundle(self, dialog: BundleDialog | None = None) -> None:
        """Make an offline bundle for another computer, with the engine installed here."""
        if self.task is not None:
            return
        try:
            python = worker_session.worker_python()
        except locations.EnvironmentProblem:
            python = None
        if python is None:
            advice = tr("Install the Python environment on this computer first: it makes the bundle and "
                        "downloads its models.")
            self.message_bar.pushMessage(tr("ReSeg"), advice, Qgis.MessageLevel.Warning, 0)
            return
        if not dialog:  # a dialog given is filled in already
            dialog = BundleDialog(self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        settings = self._save()  # the mirror and the folder of wheels of Install options serve here too
        request, output = dialog.request(), dialog.output()
        request.index_url, request.find_links = settings.index_url, settings.wheel_folder
        models, no_models = dialog.models_edit.text().strip(), dialog.no_models_box.isChecked()
        preset, cache = dialog.preset_box.currentData(), settings.cache_dir
        self._start(tr("ReSeg: making an offline bundle"),
                    lambda task: make_in_engine(python.path, request, output, preset, models, no_models,
                                                cache, task.line.emit, task.setProgress, task.isCanceled,
                                                qgis_proxy()),
                    made=tr("The offline bundle is ready: {}").format(output), stops_worker=False,
                    cancelled=tr("Cancelled; no bundle was written."))

    def _start(self, title: str, work, made: str = "", stops_worker: bool = True,
               cancelled: str = "") -> None:
        if stops_worker:
            worker_session.stop()  # the worker may run from the environment being replaced
        self.message_bar.clearWidgets()  # an earlier attempt's outcome
        self.failure_details = ""
        self.log_view.clear()
        self.progress_bar.setValue(0)
        self.task = BackgroundTask(title, work, cancels=(InstallCancelled, BundleCancelled))
        self.task.done_text = made or tr("The Python environment is installed and works.")
        self.task.cancelled_text = cancelled or tr("Cancelled; nothing was installed.")
        self.task.line.connect(self.append_log)
        self.task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.task.taskCompleted.connect(lambda: self._finished(True))
        self.task.taskTerminated.connect(lambda: self._finished(False))
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.task)

    def append_log(self, line: str) -> None:
        """A line at the log's end, which stays in view unless the user scrolled up to read."""
        bar = self.log_view.verticalScrollBar()
        following = bar.value() >= bar.maximum() - 2
        self.log_view.appendPlainText(line)
        if following:
            bar.setValue(bar.maximum())

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _finished(self, ok: bool) -> None:
        task, self.task = self.task, None
        self._set_running(False)
        if ok:
            self.progress_bar.setValue(100)
            self.message_bar.pushMessage(tr("ReSeg"), task.done_text, Qgis.MessageLevel.Success, 0)
        elif task.error:
            self.progress_bar.setValue(0)  # nothing is under way
            self._show_failure(task)
        else:
            self.progress_bar.setValue(0)
            self.message_bar.pushMessage(tr("ReSeg"), task.cancelled_text, Qgis.MessageLevel.Info, 0)
        self.refresh()
        if self.on_changed:
            self.on_changed()

    def _show_failure(self, task: BackgroundTask) -> None:
        """What to do first; the installer's own words under Details."""
        error = task.exception
        if isinstance(error, InstallError):
            first, self.failure_details = marked_text(error.advice, error.values), error.details
        else:
            first, self.failure_details = task.error, ""
        item = self.message_bar.createMessage(tr("ReSeg"), first)
        if self.failure_details:
            details = QPushButton(tr("Details"), item)
            details.clicked.connect(lambda: self.show_details(first))
            item.layout().addWidget(details)
        self.message_bar.pushWidget(item, Qgis.MessageLevel.Critical, 0)

    def show_details(self, first: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, tr("The install failed"), first,
                          QMessageBox.StandardButton.Close, self)
        box.setDetailedText(self.failure_details)
        box.exec()

    def remove(self) -> None:
        answer = QMessageBox.question(self, tr("Remove the environment"),
                                      tr("Remove ReSeg's Python environment? The model weights stay in the "
                                         "model cache."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        worker_session.stop()
        try:
            folder = remove_environment()
        except OSError as error:
            self.message_bar.pushMessage(tr("ReSeg"), str(error), Qgis.MessageLevel.Critical, 0)
            return
        self.message_bar.pushMessage(tr("ReSeg"), tr("Removed {}.").format(folder), Qgis.MessageLevel.Info, 5)
        self.refresh()
        if self.on_changed:
            self.on_changed()

    def copy_diagnostics(self) -> None:
        """Collect the diagnostics in the background (they run nvidia-smi and the engine's check), then
        put them on the clipboard."""
        if self._diagnostics_task is not None:
            return
        own_python = self.python_widget.filePath().strip()
        task = BackgroundTask(tr("ReSeg: collecting diagnostics"),
                              lambda task: diagnostics(Qgis.QGIS_VERSION, own_python))

        def copied(ok: bool) -> None:
            self._diagnostics_task = None
            self.copy_button.setEnabled(self.task is None)
            if ok:
                self.last_diagnostics = task.result
                QApplication.clipboard().setText(task.result)
                self.message_bar.pushMessage(tr("ReSeg"), tr("Diagnostics copied to the clipboard."),
                                             Qgis.MessageLevel.Info, 5)
            else:
                self.message_bar.pushMessage(tr("ReSeg"), task.error, Qgis.MessageLevel.Critical, 0)

        task.taskCompleted.connect(lambda: copied(True))
        task.taskTerminated.connect(lambda: copied(False))
        self._diagnostics_task = task
        self.copy_button.setEnabled(False)
        QgsApplication.taskManager().addTask(task)

    def reject(self) -> None:
        if self.task is not None:
            self.message_bar.pushMessage(tr("ReSeg"), tr("The install is still running; cancel it first."),
                                         Qgis.MessageLevel.Warning, 5)
            return
        before = (self.settings.worker_python, self.settings.idle_minutes)
        settings = self._save()
        if (settings.worker_python, settings.idle_minutes) != before and self.on_changed:
            self.on_changed()
        super().reject()
