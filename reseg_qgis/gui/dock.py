"""The ReSeg dock: a raster, a class textbox, a preset, Run. It runs ``reseg:segment`` in a task."""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMapLayerProxyModel,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsReferencedRectangle,
    QgsTask,
)
from qgis.gui import QgsCollapsibleGroupBox, QgsDockWidget, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import worker_session
from ..engine.class_prompts import ClassListError, parse_class_list
from ..engine.class_sets import CLASS_SETS
from ..engine.limits import MAX_WINDOW
from ..engine.models.presets import DEFAULT_PRESET, PRESETS
from ..engine.worker import protocol
from ..plugin_settings import PluginSettings
from ..processing_provider.segment_algorithm import DEFAULT_MODEL, model_names
from ..translation import tr

ALGORITHM_ID = "reseg:segment"


class RunFeedback(QgsProcessingFeedback):
    """Keeps the error messages of a run, for the message bar, and signals its progress text."""

    progress_text = pyqtSignal(str)

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def setProgressText(self, text: str) -> None:
        super().setProgressText(text)
        self.progress_text.emit(text)

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N803 (QGIS's names)
        self.errors.append(error)
        super().reportError(error, fatalError)


class ResegDock(QgsDockWidget):
    """Run, Preview and Cancel drive one task at a time; ``finished`` tells tests and callers."""

    finished = pyqtSignal(bool, str)  # success, message
    install_requested = pyqtSignal()  # the user wants the environment installer

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(tr("ReSeg segmentation"), parent)
        self.setObjectName("ResegDock")
        self.iface = iface
        self.task = None
        self._device_task = None
        self._device_checked = False
        self._build()
        self.refresh_models()
        self.visibilityChanged.connect(self._shown)

    # Layout.

    def _build(self) -> None:
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self._environment_banner(body))
        form = QFormLayout()
        self.layer_box = QgsMapLayerComboBox(body)
        self.layer_box.setFilters(QgsMapLayerProxyModel.RasterLayer)
        form.addRow(tr("Raster layer"), self.layer_box)
        self.class_set_box = QComboBox(body)
        self.class_set_box.addItem(tr("Type your own…"), "")
        for name, classes in CLASS_SETS.items():
            self.class_set_box.addItem(name, classes)
        self.class_set_box.currentIndexChanged.connect(self._class_set_chosen)
        form.addRow(tr("Class set"), self.class_set_box)
        layout.addLayout(form)
        layout.addWidget(QLabel(tr("Classes: one per line or separated by “;”, commas between synonyms")))
        self.classes_edit = QPlainTextEdit(body)
        self.classes_edit.setPlaceholderText("water\ntree, forest\nbuilding, roof\nroad, street")
        self.classes_edit.setTabChangesFocus(True)
        layout.addWidget(self.classes_edit, 1)
        form = QFormLayout()
        self.preset_box = QComboBox(body)
        for name, preset in PRESETS.items():
            self.preset_box.addItem(name, name)
            self.preset_box.setItemData(self.preset_box.count() - 1, preset.summary, Qt.ToolTipRole)
        self.preset_box.setCurrentIndex(self.preset_box.findData(DEFAULT_PRESET))
        form.addRow(tr("Model preset"), self.preset_box)
        self.use_sam_box = QCheckBox(tr("Use SAM regions"), body)
        self.use_sam_box.setChecked(True)
        form.addRow("", self.use_sam_box)
        self.device_label = QLabel(tr("Checking the device…"), body)
        self.device_label.setWordWrap(True)
        form.addRow(tr("Device"), self.device_label)
        self.output_widget = QgsFileWidget(body)
        self.output_widget.setStorageMode(QgsFileWidget.SaveFile)
        self.output_widget.setFilter(tr("GeoTIFF (*.tif)"))
        self.output_widget.lineEdit().setPlaceholderText(tr("[temporary file]"))
        form.addRow(tr("Output"), self.output_widget)
        layout.addLayout(form)
        layout.addWidget(self._advanced(body))
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(tr("Preview visible extent"), body)
        self.preview_button.clicked.connect(self.preview)
        self.run_button = QPushButton(tr("Run"), body)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.run_button)
        layout.addLayout(buttons)
        progress = QHBoxLayout()
        self.progress_bar = QProgressBar(body)
        self.progress_bar.setRange(0, 100)
        self.cancel_button = QPushButton(tr("Cancel"), body)
        self.cancel_button.clicked.connect(self.cancel)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        layout.addLayout(progress)
        self.status_label = QLabel("", body)
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.setWidget(body)
        self._set_running(False)

    def _environment_banner(self, parent: QWidget) -> QWidget:
        """Shown while the engine's environment is missing, with the one button that installs it."""
        self.environment_banner = QFrame(parent)
        self.environment_banner.setFrameShape(QFrame.StyledPanel)
        row = QHBoxLayout(self.environment_banner)
        self.environment_label = QLabel(tr("ReSeg needs its Python environment (PyTorch and the models' "
                                           "libraries) before the first run."), self.environment_banner)
        self.environment_label.setWordWrap(True)
        self.install_button = QPushButton(tr("Install…"), self.environment_banner)
        self.install_button.clicked.connect(self.install_requested.emit)
        row.addWidget(self.environment_label, 1)
        row.addWidget(self.install_button)
        self.environment_banner.hide()
        return self.environment_banner

    def _advanced(self, parent: QWidget) -> QWidget:
        group = QgsCollapsibleGroupBox(tr("Advanced"), parent)
        group.setCollapsed(True)
        form = QFormLayout(group)
        self.clip_box, self.sam_box = QComboBox(group), QComboBox(group)
        form.addRow(tr("CLIP model"), self.clip_box)
        form.addRow(tr("SAM model"), self.sam_box)
        self.window_box = QSpinBox(group)
        self.window_box.setRange(0, MAX_WINDOW)
        self.window_box.setSpecialValueText(tr("the model's input size"))  # shown for 0
        self.window_box.setSuffix(" px")
        form.addRow(tr("Window size"), self.window_box)
        self.overlap_box = QSpinBox(group)
        self.overlap_box.setRange(-1, MAX_WINDOW - 1)
        self.overlap_box.setSpecialValueText(tr("half the window"))  # shown for -1
        self.overlap_box.setValue(-1)
        self.overlap_box.setSuffix(" px")
        self.window_box.valueChanged.connect(
            lambda window: self.overlap_box.setMaximum(window - 1 if window else MAX_WINDOW - 1))
        form.addRow(tr("Window overlap"), self.overlap_box)
        self.threshold_box = QDoubleSpinBox(group)
        self.threshold_box.setRange(0.0, 1.0)
        self.threshold_box.setSingleStep(0.05)
        form.addRow(tr("Unclassified threshold"), self.threshold_box)
        return group

    def refresh_models(self) -> None:
        """Fill the model choices from the registry and the user's own models."""
        cache = PluginSettings.load().cache_dir
        for box, kind in ((self.clip_box, "clip"), (self.sam_box, "sam")):
            current = box.currentData()
            box.clear()
            box.addItem(tr("the preset's"), DEFAULT_MODEL)
            for name in model_names(kind, cache):
                box.addItem(name, name)
            box.setCurrentIndex(max(0, box.findData(current)))

    def _class_set_chosen(self, index: int) -> None:
        classes = self.class_set_box.itemData(index)
        if classes:
            self.classes_edit.setPlainText(classes.replace("; ", "\n"))

    # The environment and the device.

    def _shown(self, visible: bool) -> None:
        if visible and not self._device_checked:
            self.refresh_environment()

    def refresh_environment(self) -> bool:
        """Show the installer banner while there is no environment; else say what runs the models."""
        try:
            ready = worker_session.worker_python() is not None
            problem = ""
        except worker_session.EnvironmentProblem as error:
            ready, problem = False, str(error)
        self.environment_banner.setVisible(not ready)
        if problem:
            self.environment_label.setText(problem)
        if ready and self.isVisible():
            self.detect_device()
        elif ready:
            self._device_checked = False  # checked when the panel is shown
        else:
            self.device_label.setText(tr("Not installed yet"))
        return ready

    def detect_device(self) -> None:
        """Ask the worker what will run the models (GPU name, or CPU), in the background; this also
        starts the worker, so the first run does not wait for it."""
        self._device_checked = True
        self.device_label.setText(tr("Checking the device…"))
        requested = PluginSettings.load().device

        def describe(task):
            result = worker_session.client().request(protocol.DEVICE, {"device": requested},
                                                     cancelled=task.isCanceled)
            return result["description"]

        def shown(exception, description=None):
            self.device_label.setText(description or tr("Unavailable: {}").format(exception))

        self._device_task = QgsTask.fromFunction(tr("ReSeg: checking the device"), describe,
                                                 on_finished=shown)
        QgsApplication.taskManager().addTask(self._device_task)

    # Running.

    def parameters(self, extent=None) -> dict:
        settings = PluginSettings.load()
        output = self.output_widget.filePath().strip()
        if output and Path(output).suffix.lower() not in (".tif", ".tiff"):
            output += ".tif"
        return {
            "INPUT": self.layer_box.currentLayer(),
            "CLASSES": self.classes_edit.toPlainText(),
            "EXTENT": extent,
            "PRESET": self.preset_box.currentData(),
            "CLIP_MODEL": self.clip_box.currentData() or DEFAULT_MODEL,
            "SAM_MODEL": self.sam_box.currentData() or DEFAULT_MODEL,
            "USE_SAM": self.use_sam_box.isChecked(),
            "WINDOW": self.window_box.value(),
            "OVERLAP": self.overlap_box.value(),
            "THRESHOLD": self.threshold_box.value(),
            "DEVICE": settings.device,
            "ALLOW_DOWNLOAD": settings.allow_downloads,
            "OUTPUT": output if output and extent is None else "TEMPORARY_OUTPUT",
        }

    def run(self) -> None:
        self._start(self.parameters(), tr("Classes"))

    def preview(self) -> None:
        canvas = self.iface.mapCanvas()
        extent = QgsReferencedRectangle(canvas.extent(), canvas.mapSettings().destinationCrs())
        self._start(self.parameters(extent), tr("Preview"))

    def _fail(self, message: str) -> None:
        self.status_label.setText(message)
        self.iface.messageBar().pushMessage(tr("ReSeg"), message, Qgis.Critical, 0)
        self.finished.emit(False, message)

    def _start(self, parameters: dict, layer_name: str) -> None:
        if self.task is not None:
            return
        if parameters["INPUT"] is None:
            self._fail(tr("Choose a raster layer first."))
            return
        try:
            classes = parse_class_list(parameters["CLASSES"])
            if worker_session.worker_python() is None:
                self.environment_banner.show()
                raise worker_session.NoEnvironment(worker_session.not_installed_message())
        except (ClassListError, worker_session.EnvironmentProblem) as error:
            self._fail(str(error))
            return
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHM_ID)
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = RunFeedback()
        self.feedback.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.feedback.progress_text.connect(self.status_label.setText)
        self.algorithm = algorithm
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(lambda ok, results: self._done(ok, results, layer_name, classes))
        self.status_label.setText(tr("Starting…"))
        self.progress_bar.setValue(0)
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        if self.task is not None:
            self.feedback.cancel()
            self.status_label.setText(tr("Cancelling after the current windows…"))

    def shutdown(self) -> None:
        """Before the dock goes (the plugin unloads): stop the run and stop listening to it."""
        if self.task is not None:
            self.feedback.cancel()
            self.task.executed.disconnect()
            self.task = None

    def _done(self, ok: bool, results: dict, layer_name: str, classes) -> None:
        cancelled = self.feedback.isCanceled()
        errors = list(self.feedback.errors)
        self.task = None
        self._set_running(False)
        output = (results or {}).get("OUTPUT")
        finished = bool(output) and Path(output).is_file()  # kept when it finished before a late cancel
        if not finished and (cancelled or ok):
            message = tr("Cancelled; nothing was written.")
            self.status_label.setText(message)
            self.finished.emit(False, message)
            return
        if not finished:
            self._fail(errors[-1] if errors else tr("The segmentation failed; see the log messages."))
            return
        names = "; ".join(c.label for c in classes)
        layer = QgsRasterLayer(output, f"{layer_name}: {names}"[:80])
        QgsProject.instance().addMapLayer(layer)
        message = tr("Added {} with {} classes.").format(layer.name(), len(classes))
        self.status_label.setText(message)
        self.progress_bar.setValue(100)
        self.iface.messageBar().pushMessage(tr("ReSeg"), message, Qgis.Success, 5)
        self.finished.emit(True, output)

    def _set_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.preview_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)
