"""The ReSeg dock: a raster and its bands, a class textbox, a preset, Run. It runs ``reseg:segment`` in a
task, names the result after the raster, and says what the chosen models need before a run."""

from __future__ import annotations

import json
import time
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsReferencedRectangle,
    QgsTask,
    QgsVectorLayer,
)
from qgis.gui import (
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsFileWidget,
    QgsMapLayerComboBox,
)
from qgis.PyQt.QtCore import QLocale, QSize, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import worker_session
from ..engine.class_sets import CLASS_SETS
from ..engine.limits import MAX_SIEVE, MAX_WINDOW
from ..engine.models.presets import DEFAULT_PRESET, PRESETS
from ..engine.translatable import ResegError
from ..engine.weights.messages import FILES_TO_FETCH
from ..engine.weights.registry import ModelSpec
from ..engine.weights.store import ModelStore, fetch_list, files_to_fetch
from ..engine.worker import protocol
from ..engine_texts import device_notes, device_text, engine_text
from ..plugin_settings import PluginSettings
from ..processing_provider.legend_style import style_layer
from ..processing_provider.run_support import DEFAULT_MODEL, model_names
from ..qgis_enums import RASTER_LAYERS
from ..translation import tr
from .band_choice import BandChoice
from .model_needs import is_available, missing_models, needed_models
from .result_files import (
    Replaced,
    automatic_output,
    loaded_layers,
    polygons_beside,
    reload_layer,
    replaced_by,
    unique_layer_name,
)
from .settings_dialog import SettingsDialog, StoreTask, size_text

ALGORITHM_ID = "reseg:segment"
INSTALLED_MARK = " ✓"


def share_summary(results: dict) -> str:
    """The classes' shares of the classified area, largest first, in the user's locale."""
    locale = QLocale()
    areas = sorted((area for area in results.get("CLASS_AREAS", []) if area["percent"] is not None),
                   key=lambda area: -area["percent"])
    return ", ".join(f"{area['class']} {locale.toString(area['percent'], 'f', 1)} %" for area in areas)


def narrow_form(parent: QWidget | None = None) -> QFormLayout:
    """A form whose labels go above their fields where the panel is too narrow for both."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return form


class WrappedLabel(QLabel):
    """A word-wrapped label that asks for the height its text needs at its width. A form (QFormLayout)
    sizes a wrapped label in a field by its one-line hint, and cut the text once it changed."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.text() else 0
        if needed >= 0 and needed != self.minimumHeight():
            self.setMinimumHeight(needed)


class VerticalScrollArea(QScrollArea):
    """Scrolls its widget up and down only: as wide as the widget needs, as high as there is room."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        widget = self.widget()
        width = widget.minimumSizeHint().width() if widget is not None else 0
        return QSize(width + self.verticalScrollBar().sizeHint().width(), super().minimumSizeHint().height())


class RunFeedback(QgsProcessingFeedback):
    """Keeps the error messages of a run, and the warnings after a cancel (the worker had to be
    stopped), for the panel; signals its progress text."""

    progress_text = pyqtSignal(str)

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.after_cancel: list[str] = []

    def show_counts(self, text: str) -> None:
        """Each count of the stage under way (WorkerProgress), on the panel's stage line."""
        self.progress_text.emit(text)

    def pushWarning(self, warning: str) -> None:
        if self.isCanceled():
            self.after_cancel.append(warning)
        super().pushWarning(warning)

    def setProgressText(self, text: str) -> None:
        super().setProgressText(text)
        self.progress_text.emit(text)

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N803 (QGIS's names)
        self.errors.append(error)
        super().reportError(error, fatalError)


class RunTask(QgsProcessingAlgRunnerTask):
    """The algorithm's task, whose clean cancel is no failure: QGIS 3.22 has no "cancelled" state, and
    reports every task that returns False as "Task failed"."""

    def __init__(self, algorithm, parameters: dict, context, feedback: RunFeedback) -> None:
        super().__init__(algorithm, parameters, context, feedback)
        self.run_feedback = feedback

    def run(self) -> bool:
        ok = super().run()
        return ok or (self.run_feedback.isCanceled() and not self.run_feedback.errors)


class ResegDock(QgsDockWidget):
    """Run, Preview and Cancel drive one task at a time; ``finished`` tells tests and callers (False and
    "Cancelled; …" after a cancel)."""

    finished = pyqtSignal(bool, str)  # success, message (the output on success)
    install_requested = pyqtSignal()  # the user wants the environment installer

    def __init__(self, iface, parent: QWidget | None = None) -> None:
        super().__init__(tr("ReSeg segmentation"), parent)
        self.setObjectName("ResegDock")
        self.iface = iface
        self.task = None
        self.store_task: StoreTask | None = None
        self.weights_dialog: SettingsDialog | None = None
        self._device_task = None
        self._device_checked = False
        self._output_layer: str | None = None  # the layer the Output field was named for
        self._temporary_results: dict[str, list[str]] = {}  # raster layer id: its last temporary result's
        self._until_installed: list[str] = []  # messages that go once the environment works
        self._build()
        self.refresh_models()
        self.visibilityChanged.connect(self._shown)

    # Layout.

    def _build(self) -> None:
        """The settings scroll (the panel never makes QGIS's window grow); the progress and the buttons
        stay at the bottom, where a run's messages cannot move them."""
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self._environment_banner(body))
        form = narrow_form()
        self.layer_box = QgsMapLayerComboBox(body)
        self.layer_box.setFilters(RASTER_LAYERS)
        form.addRow(tr("Raster layer"), self.layer_box)
        self.band_choice = BandChoice(body)
        form.addRow(tr("Bands"), self.band_choice)
        self.class_set_box = QComboBox(body)
        self.class_set_box.addItem(tr("Type your own…"), "")
        shown_names = {"Land cover (general)": tr("Land cover (general)")}  # the others are datasets' names
        for name, classes in CLASS_SETS.items():  # the class names stay English: CLIP reads English
            self.class_set_box.addItem(shown_names.get(name, name), classes)
        self.class_set_box.currentIndexChanged.connect(self._class_set_chosen)
        form.addRow(tr("Class set"), self.class_set_box)
        layout.addLayout(form)
        hint = QLabel(tr("Classes: one per line or separated by “;”, commas between synonyms"), body)
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.classes_edit = QPlainTextEdit(body)
        self.classes_edit.setPlaceholderText("water\ntree, forest\nbuilding, roof\nroad, street")
        self.classes_edit.setTabChangesFocus(True)
        self.classes_edit.textChanged.connect(self._classes_edited)
        self.classes_edit.setMinimumHeight(5 * self.classes_edit.fontMetrics().lineSpacing())
        layout.addWidget(self.classes_edit, 1)
        form = narrow_form()
        self.preset_box = QComboBox(body)
        for name, preset in PRESETS.items():
            self.preset_box.addItem(name, name)
            self.preset_box.setItemData(self.preset_box.count() - 1, preset.summary,
                                        Qt.ItemDataRole.ToolTipRole)
        self.preset_box.setCurrentIndex(self.preset_box.findData(DEFAULT_PRESET))
        form.addRow(tr("Model preset"), self.preset_box)
        form.addRow(self._needs_row(body))
        self.use_sam_box = QCheckBox(tr("Use SAM regions"), body)
        self.use_sam_box.setChecked(True)
        form.addRow("", self.use_sam_box)
        self.device_label = WrappedLabel(tr("Checking the device…"), body)
        form.addRow(tr("Device"), self.device_label)
        self.output_widget = QgsFileWidget(body)
        self.output_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.output_widget.setFilter(tr("GeoTIFF (*.tif)"))
        self.output_widget.fileChanged.connect(self._output_named)
        form.addRow(tr("Output"), self.output_widget)
        layout.addLayout(form)
        layout.addWidget(self._products(body))
        layout.addWidget(self._advanced(body))
        self.status_label = QLabel("", body)  # a run's outcome, its areas, or what went wrong
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.status_label)
        self.scroll_area = VerticalScrollArea(self)
        self.scroll_area.setWidget(body)
        self._follow_end_until = 0.0  # until then, the panel's end stays in view (show_status)
        self.scroll_area.verticalScrollBar().rangeChanged.connect(self._scroll_range_changed)
        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.scroll_area, 1)
        column.addWidget(self._actions(panel))
        self.setWidget(panel)
        self.preset_box.currentIndexChanged.connect(self._models_chosen)
        self.use_sam_box.toggled.connect(self._models_chosen)
        self.clip_box.currentIndexChanged.connect(self._models_chosen)
        self.sam_box.currentIndexChanged.connect(self._models_chosen)
        self.layer_box.layerChanged.connect(self._layer_chosen)
        self._layer_chosen(self.layer_box.currentLayer())
        self._set_running(False)

    def _actions(self, parent: QWidget) -> QWidget:
        """The stage of a run on one line, the progress bar with Cancel, Preview and Run: always the
        same height."""
        actions = QWidget(parent)
        column = QVBoxLayout(actions)
        self.stage_label = QLabel(tr("Starting…"), actions)
        # One line, cut if long.
        self.stage_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.stage_label.setFixedHeight(self.stage_label.sizeHint().height())  # empty or not
        self.stage_label.setText("")
        column.addWidget(self.stage_label)
        progress = QHBoxLayout()
        self.progress_bar = QProgressBar(actions)
        self.progress_bar.setRange(0, 100)
        self.cancel_button = QPushButton(tr("Cancel"), actions)
        self.cancel_button.clicked.connect(self.cancel)
        progress.addWidget(self.progress_bar, 1)
        progress.addWidget(self.cancel_button)
        column.addLayout(progress)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(tr("Preview visible extent"), actions)
        self.preview_button.clicked.connect(self.preview)
        self.run_button = QPushButton(tr("Run"), actions)
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.run_button)
        column.addLayout(buttons)
        return actions

    def _products(self, parent: QWidget) -> QWidget:
        """What else a run makes: polygons, a minimum mapping unit, a cloud-optimised GeoTIFF."""
        group = QgsCollapsibleGroupBox(tr("Polygons and cleaning"), parent)
        group.setCollapsed(True)
        form = narrow_form(group)
        self.polygons_box = QCheckBox(tr("Polygons (a GeoPackage beside the raster)"), group)
        form.addRow("", self.polygons_box)
        self.dissolve_box = QCheckBox(tr("One feature per class (dissolved)"), group)
        self.dissolve_box.setEnabled(False)
        self.polygons_box.toggled.connect(self.dissolve_box.setEnabled)
        form.addRow("", self.dissolve_box)
        self.sieve_box = QSpinBox(group)
        self.sieve_box.setRange(0, MAX_SIEVE)
        self.sieve_box.setSpecialValueText(tr("keep every region"))  # shown for 0
        self.sieve_box.setSuffix(tr(" px"))
        self.sieve_box.setToolTip(tr("Regions smaller than this merge into their largest neighbour, in the "
                                     "raster and the polygons (GDAL's sieve)."))
        form.addRow(tr("Minimum mapping unit"), self.sieve_box)
        self.cog_box = QCheckBox(tr("Cloud-optimised GeoTIFF (with overviews)"), group)
        form.addRow("", self.cog_box)
        return group

    def _needs_row(self, parent: QWidget) -> QWidget:
        """What the chosen models need and lack, across the panel, with one click below to download or
        import them."""
        self.needs_widget = QWidget(parent)
        column = QVBoxLayout(self.needs_widget)
        column.setContentsMargins(0, 0, 0, 0)
        self.needs_label = WrappedLabel("", self.needs_widget)
        self.needs_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.download_button = QPushButton(self.needs_widget)
        self.download_button.clicked.connect(self.download_missing)
        self.import_button = QPushButton(tr("Import…"), self.needs_widget)
        self.import_button.setToolTip(tr("Import model files you fetched yourself, from a folder"))
        self.import_button.clicked.connect(self.import_weights)
        column.addWidget(self.needs_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.import_button)
        column.addLayout(buttons)
        return self.needs_widget

    def _environment_banner(self, parent: QWidget) -> QWidget:
        """Shown while the engine's environment is missing, with the one button that installs it."""
        self.environment_banner = QFrame(parent)
        self.environment_banner.setFrameShape(QFrame.Shape.StyledPanel)
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
        form = narrow_form(group)
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

    def _class_set_chosen(self, index: int) -> None:
        classes = self.class_set_box.itemData(index)
        if classes:
            self.classes_edit.setPlainText(classes.replace("; ", "\n"))

    def _classes_edited(self) -> None:
        """A class set's name stays only while the text is that set."""
        chosen = self.class_set_box.currentData()
        if chosen and self.classes_edit.toPlainText() != chosen.replace("; ", "\n"):
            self.class_set_box.setCurrentIndex(0)  # "Type your own…" (it fills nothing in)

    def _layer_chosen(self, layer) -> None:
        self.band_choice.set_layer(layer)
        self._output_follows(layer)
        self._update_output_hint()

    def bands(self) -> list[int] | None:
        return self.band_choice.bands()

    # Models and what they need.

    def refresh_models(self) -> None:
        """Fill the model choices from the registry and the user's own models, marked when installed;
        then what the chosen ones need, and the output folder's hint (settings may have changed)."""
        settings = PluginSettings.load()
        store = self._store(settings)
        for box, kind in ((self.clip_box, "clip"), (self.sam_box, "sam")):
            current = box.currentData() if box.count() else getattr(settings, f"dock_{kind}")
            box.blockSignals(True)
            box.clear()
            box.addItem(tr("the preset's"), DEFAULT_MODEL)
            for name in model_names(kind, settings.cache_dir):
                if store is None:
                    shown = name
                elif is_available(store, name):
                    shown = name + INSTALLED_MARK
                else:
                    shown = tr("{} (not installed)").format(name)
                box.addItem(shown, name)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)
        self._models_chosen()
        self._update_output_hint()

    @staticmethod
    def _store(settings: PluginSettings | None = None) -> ModelStore | None:
        try:
            store = ModelStore((settings or PluginSettings.load()).cache_dir or None)
            store.manifest()
            return store
        except (ResegError, OSError):
            return None

    def _preset(self):
        return PRESETS.get(self.preset_box.currentData()) or PRESETS[DEFAULT_PRESET]

    def uses_sam(self) -> bool:
        return self._preset().config.sam is not None and self.use_sam_box.isChecked()

    def _models_chosen(self, *_) -> None:
        """SAM settings only where the preset has SAM regions; then what the run needs."""
        preset = self._preset()
        with_sam = preset.config.sam is not None
        self.use_sam_box.setEnabled(with_sam)
        self.sam_box.setEnabled(with_sam and self.use_sam_box.isChecked())
        why = "" if with_sam else tr("The {} preset runs without SAM regions.").format(preset.name)
        self.use_sam_box.setToolTip(why)
        self.sam_box.setToolTip(why)
        self._remember_models()
        self.refresh_needs()

    def _remember_models(self) -> None:
        settings = PluginSettings.load()
        boxes = {"dock_clip": self.clip_box, "dock_sam": self.sam_box}
        chosen = {key: box.currentData() for key, box in boxes.items()}
        chosen = {key: "" if value in (None, DEFAULT_MODEL) else value for key, value in chosen.items()}
        if chosen != {key: getattr(settings, key) for key in chosen}:
            for key, value in chosen.items():
                setattr(settings, key, value)
            settings.save()

    def needs(self) -> tuple[list[str], list[ModelSpec]]:
        """The models the chosen preset and models need, and those of them that are not installed."""
        store = self._store()
        if store is None:
            return [], []
        clip = self.clip_box.currentData()
        sam = self.sam_box.currentData()
        names = needed_models(store, self._preset().name, None if clip in (None, DEFAULT_MODEL) else clip,
                              None if sam in (None, DEFAULT_MODEL) else sam, self.uses_sam())
        try:
            return names, missing_models(store, names)
        except ResegError:  # a model the registry no longer knows
            return names, []

    def refresh_needs(self) -> None:
        """Under the preset: what it needs and lacks (hidden when everything is installed)."""
        names, missing = self.needs()
        self.needs_widget.setVisible(bool(missing))
        if not missing:
            return
        listed = ", ".join(f"{spec.title} ({size_text([spec.size])})" for spec in missing)
        self.needs_label.setText(tr("Needs: {} — not installed").format(listed))
        self.needs_label.setToolTip(engine_text(files_to_fetch(missing), FILES_TO_FETCH,
                                                {"files": fetch_list(missing)}))
        downloadable = [spec for spec in missing if spec.url]
        self.download_button.setVisible(bool(downloadable))
        self.download_button.setText(tr("Download ({})").format(size_text([s.size for s in downloadable])))

    def download_missing(self) -> None:
        """Download what the chosen models lack, through the worker, with progress in the panel."""
        store = self._store()
        names = [spec.name for spec in self.needs()[1] if spec.url]
        if store is None or not names or self.busy() or not self._environment_ready(for_run=False):
            return

        def work(task: StoreTask) -> str:
            task.request(protocol.DOWNLOAD, {"names": names, "cache_dir": str(store.root)})
            return tr("Installed {}.").format(", ".join(names))

        self.store_task = StoreTask(tr("ReSeg: downloading {}").format(", ".join(names)), work)
        self.store_task.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.store_task.taskCompleted.connect(lambda: self._stored(True))
        self.store_task.taskTerminated.connect(lambda: self._stored(False))
        self.status_label.setText(self.store_task.description())
        self.progress_bar.setValue(0)
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.store_task)

    def _stored(self, ok: bool) -> None:
        task, self.store_task = self.store_task, None
        self._set_running(False)
        if ok:
            self.status_label.setText(str(task.result))
            self.progress_bar.setValue(100)
        else:
            message = task.error or tr("Cancelled.")
            self.status_label.setText(message)
            if task.error:
                self._until_installed.append(message)  # a new environment may fetch it
                self.iface.messageBar().pushMessage(tr("ReSeg"), message, Qgis.MessageLevel.Critical, 0)
        self.refresh_models()

    def import_weights(self) -> None:
        """The weights manager, on its Weights tab, asking for the folder to import."""
        try:
            if self.weights_dialog is not None and self.weights_dialog.isVisible():
                self.weights_dialog.raise_()
                self.weights_dialog.activateWindow()
                return
        except RuntimeError:  # closed and deleted
            pass
        self.weights_dialog = SettingsDialog(self, on_changed=self.settings_changed)
        self.weights_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.weights_dialog.destroyed.connect(lambda: setattr(self, "weights_dialog", None))
        tabs = self.weights_dialog.findChild(QTabWidget)
        if tabs is not None:
            tabs.setCurrentIndex(tabs.count() - 1)
        self.weights_dialog.show()
        self.weights_dialog.import_folder()

    def settings_changed(self) -> None:
        """Models, device or precision changed in the settings: the choices and the device line follow."""
        self.refresh_models()
        self.refresh_environment()

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
        if ready:
            self._withdraw_environment_messages()
        if ready and self.isVisible():
            self.detect_device()
        elif ready:
            self._device_checked = False  # checked when the panel is shown
        else:
            self.device_label.setText(tr("Not installed yet"))
        return ready

    def _environment_ready(self, for_run: bool = True) -> bool:
        """Whether the worker can start; else the installer banner and the reason (a run's failure)."""
        try:
            if worker_session.worker_python() is None:
                self.environment_banner.show()
                raise worker_session.NoEnvironment(worker_session.not_installed_message())
        except worker_session.EnvironmentProblem as error:
            self._until_installed.append(str(error))
            if for_run:
                self._fail(str(error))
            else:
                self.status_label.setText(str(error))
                self.iface.messageBar().pushMessage(tr("ReSeg"), str(error), Qgis.MessageLevel.Critical, 0)
            return False
        return True

    def _withdraw_environment_messages(self) -> None:
        """The environment works now: what said it did not, or what failed for want of it, goes from the
        panel and from QGIS's message bar."""
        if not self._until_installed:
            return
        if self.status_label.text() in self._until_installed:
            self.status_label.setText("")
            self.progress_bar.setValue(0)
        bar = self.iface.messageBar()
        for item in list(bar.items()):
            if item.text() in self._until_installed:
                bar.popWidget(item)
        self._until_installed.clear()

    def detect_device(self) -> None:
        """Ask the worker what will run the models (GPU name, or CPU), in the background; this also
        starts the worker, so the first run does not wait for it."""
        self._device_checked = True
        self.device_label.setText(tr("Checking the device…"))
        settings = PluginSettings.load()
        requested = {"device": settings.device, "precision": settings.precision}
        if settings.cache_dir:  # where this CPU's measured format speeds are kept
            requested["cache_dir"] = settings.cache_dir

        def describe(task):
            result = worker_session.client().request(protocol.DEVICE, requested, cancelled=task.isCanceled)
            return "\n".join([device_text(result), *device_notes(result)])

        def shown(exception, description=None):
            self.device_label.setText(description or tr("Unavailable: {}").format(exception))

        self._device_task = QgsTask.fromFunction(tr("ReSeg: checking the device"), describe,
                                                 on_finished=shown)
        QgsApplication.taskManager().addTask(self._device_task)

    # Outputs.

    def _output_named(self, path: str) -> None:
        layer = self.layer_box.currentLayer()
        self._output_layer = layer.id() if path.strip() and layer is not None else None

    def _output_follows(self, layer) -> None:
        """A file named for one raster is never used for another: the Output field is emptied, so the
        result goes where an unnamed one goes, and the panel says so."""
        named = self.output_widget.filePath().strip()
        same = layer is not None and layer.id() == self._output_layer
        if not named or self._output_layer is None or same:
            return
        self.output_widget.setFilePath("")
        folder = PluginSettings.load().output_folder
        where = (str(automatic_output(folder, layer.name())) if folder and layer is not None
                 else tr("a temporary file"))
        self.status_label.setText(tr("Output emptied: {file} was named for another raster. This raster's "
                                     "result goes to {where} unless you name a file.").format(
                                         file=Path(named).name, where=where))

    def _update_output_hint(self) -> None:
        """The output field's placeholder says where an unnamed result goes."""
        folder = PluginSettings.load().output_folder
        layer = self.layer_box.currentLayer()
        edit = self.output_widget.lineEdit()
        if folder:
            edit.setPlaceholderText(tr("[automatic: {}]").format(
                automatic_output(folder, layer.name() if layer else "raster")))
            edit.setToolTip("")
        else:
            edit.setPlaceholderText(tr("[temporary file, deleted when QGIS closes]"))
            edit.setToolTip(tr("Name a file here, or set an output folder in ReSeg settings and weights, "
                               "to keep the results."))

    def output_path(self, layer, preview: bool) -> str:
        """The file named in the panel, else (not for previews) one in the output folder, else a
        temporary file."""
        output = self.output_widget.filePath().strip()
        if preview:
            return "TEMPORARY_OUTPUT"
        if output:
            return output if Path(output).suffix.lower() in (".tif", ".tiff") else output + ".tif"
        folder = PluginSettings.load().output_folder
        if folder and layer is not None:
            return str(automatic_output(folder, layer.name()))
        return "TEMPORARY_OUTPUT"

    # Running.

    def parameters(self, extent=None) -> dict:
        settings = PluginSettings.load()
        layer = self.layer_box.currentLayer()
        output = self.output_path(layer, preview=extent is not None)
        return {
            "INPUT": layer,
            "CLASSES": self.classes_edit.toPlainText(),
            "BANDS": self.bands() if layer is not None else None,
            "EXTENT": extent,
            "PRESET": self.preset_box.currentData(),
            "CLIP_MODEL": self.clip_box.currentData() or DEFAULT_MODEL,
            # A greyed-out SAM choice is not sent: the run would refuse a SAM model it does not use.
            "SAM_MODEL": (self.sam_box.currentData() if self.uses_sam() else None) or DEFAULT_MODEL,
            "USE_SAM": self.uses_sam(),
            "WINDOW": self.window_box.value(),
            "OVERLAP": self.overlap_box.value(),
            "THRESHOLD": self.threshold_box.value(),
            "DEVICE": settings.device,
            "PRECISION": settings.precision,
            "ALLOW_DOWNLOAD": settings.allow_downloads,
            "OUTPUT": output,
            "VECTOR": polygons_beside(output) if self.polygons_box.isChecked() else None,
            "DISSOLVE": self.polygons_box.isChecked() and self.dissolve_box.isChecked(),  # greyed out: off
            "SIEVE": self.sieve_box.value(),
            "COG": self.cog_box.isChecked(),
        }

    def run(self) -> None:
        self._start(self.parameters(), preview=False)

    def preview(self) -> None:
        canvas = self.iface.mapCanvas()
        extent = QgsReferencedRectangle(canvas.extent(), canvas.mapSettings().destinationCrs())
        self._start(self.parameters(extent), preview=True)

    def busy(self) -> bool:
        return self.task is not None or self.store_task is not None

    def show_status(self) -> None:
        """Scroll to the outcome at the panel's end, also as its new text is laid out."""
        self._follow_end_until = time.monotonic() + 2.0
        bar = self.scroll_area.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _scroll_range_changed(self, minimum: int, maximum: int) -> None:
        if time.monotonic() < self._follow_end_until:
            self.scroll_area.verticalScrollBar().setValue(maximum)

    def _fail(self, message: str) -> None:
        self.status_label.setText(message)
        self.show_status()
        self.stage_label.setText("")
        self.progress_bar.setValue(0)  # no 100 % of an earlier run beside a new error
        self.iface.messageBar().pushMessage(tr("ReSeg"), message, Qgis.MessageLevel.Critical, 0)
        self.finished.emit(False, message)

    def _start(self, parameters: dict, preview: bool) -> None:
        if self.busy():
            return
        raster = parameters["INPUT"]
        if raster is None:
            self._fail(tr("Choose a raster layer first."))
            return
        algorithm = QgsApplication.processingRegistry().createAlgorithmById(ALGORITHM_ID)
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        ok, message = algorithm.checkParameterValues(parameters, context)  # as Processing checks them
        if not ok:
            self._fail(message)
            return
        if not self._environment_ready():
            return
        output = parameters["OUTPUT"]
        if not self._replacing_allowed(output, parameters.get("VECTOR"), raster):
            return
        if output != "TEMPORARY_OUTPUT":
            try:
                Path(output).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self._fail(tr("Cannot create the output folder: {}").format(error))
                return
        name = (tr("{} — preview") if preview else tr("{} — classes")).format(raster.name())
        self.context = context
        self.feedback = RunFeedback()
        self.feedback.progressChanged.connect(lambda value: self.progress_bar.setValue(int(value)))
        self.feedback.progress_text.connect(self.stage_label.setText)
        self.algorithm = algorithm
        self.task = RunTask(algorithm, parameters, self.context, self.feedback)
        self.task.setDescription(tr("ReSeg: {}").format(name))
        temporary = parameters["OUTPUT"] == "TEMPORARY_OUTPUT"
        self.task.executed.connect(
            lambda ok, results: self._done(ok, results, name, raster, temporary))
        self.status_label.setText("")
        self.stage_label.setText(tr("Starting…"))
        self.progress_bar.setValue(0)
        self._set_running(True)
        QgsApplication.taskManager().addTask(self.task)

    def _replacing_allowed(self, output: str, polygons: str | None, raster) -> bool:
        """Whether the run may write where it would: a file that is not this raster's earlier result is
        replaced only when the user says so, and never while a layer of the project shows it."""
        replaced = replaced_by(output, raster, polygons if polygons != "TEMPORARY_OUTPUT" else None)
        if replaced is None:
            return True
        if replaced.layers:
            layer = replaced.layers[0]
            if replaced.source:
                message = tr("{file} holds the classes of {source}, shown in the layer “{layer}”, and is not "
                             "replaced with those of {raster}. Choose another output file.")
            else:
                message = tr("{file} is shown in the layer “{layer}” and is not a result of {raster}; it is "
                             "not replaced. Choose another output file.")
            self._fail(message.format(file=replaced.path.name, source=replaced.source, layer=layer,
                                      raster=raster.name()))
            return False
        if self.confirm_replace(replaced, raster.name()):
            return True
        message = tr("Not run: {file} was kept.").format(file=replaced.path.name)
        self.status_label.setText(message)
        self.finished.emit(False, message)
        return False

    def confirm_replace(self, replaced: Replaced, raster: str) -> bool:
        """Ask before writing over a file that is not this raster's earlier result."""
        if replaced.source:
            text = tr("{file} holds the classes of {source}. Replace it with those of {raster}?")
        else:
            text = tr("{file} is there and is not a ReSeg result of {raster}. Replace it?")
        text = text.format(file=replaced.path, source=replaced.source, raster=raster)
        answer = QMessageBox.question(self, tr("Replace a file"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def cancel(self) -> None:
        """Cancel the task (which cancels the algorithm's feedback), or a download."""
        if self.task is not None:
            self.task.cancel()
            self.task.setDescription(tr("{} (cancelled)").format(self.task.description()))
            self.stage_label.setText(tr("Cancelling…"))
        elif self.store_task is not None:
            self.store_task.cancel()

    def shutdown(self) -> None:
        """Before the dock goes (the plugin unloads): stop the run and stop listening to it."""
        if self.task is not None:
            self.task.cancel()
            self.task.executed.disconnect()
            self.task = None
        if self.store_task is not None:
            self.store_task.cancel()
            for signal in (self.store_task.progressChanged, self.store_task.taskCompleted,
                           self.store_task.taskTerminated):
                signal.disconnect()
            self.store_task = None

    def _done(self, ok: bool, results: dict, name: str, raster, temporary: bool) -> None:
        raster_name = raster.name()
        cancelled = self.feedback.isCanceled()
        errors = list(self.feedback.errors)
        self.task = None
        self.stage_label.setText("")
        self._set_running(False)
        self.refresh_needs()  # a run may have downloaded models
        output = (results or {}).get("OUTPUT")
        finished = bool(output) and Path(output).is_file()  # kept when it finished before a late cancel
        if not finished and (cancelled or ok):
            message = " ".join([tr("Cancelled; nothing was written."), *self.feedback.after_cancel])
            self.status_label.setText(message)
            self.progress_bar.setValue(0)
            self.finished.emit(False, message)
            return
        if not finished:
            self._fail(errors[-1] if errors else tr("The segmentation failed; see the log messages."))
            return
        count = len(json.loads(results["CLASS_NAMES"]))
        earlier = self._temporary_results.pop(raster.id(), []) if temporary else []
        if earlier and PluginSettings.load().replace_temporary:
            QgsProject.instance().removeMapLayers([i for i in earlier if QgsProject.instance().mapLayer(i)])
        shown = []
        message = self._show_result(output, QgsRasterLayer, name, raster_name, output, count, shown)
        if results.get("VECTOR"):
            polygons_name = tr("{} — polygons").format(raster_name)
            self._show_result(results["VECTOR"], QgsVectorLayer, polygons_name, raster_name, output, count,
                              shown)
        if temporary:
            self._temporary_results[raster.id()] = [layer.id() for layer in shown]
        self.status_label.setText(message + "\n" + results.get("AREA_TABLE", ""))
        self.progress_bar.setValue(100)
        self._update_output_hint()
        self.iface.messageBar().pushMessage(tr("ReSeg"), f"{message} {share_summary(results)}",
                                            Qgis.MessageLevel.Success, 8)
        self.show_status()
        self.finished.emit(True, output)

    @staticmethod
    def _show_result(path: str, kind, name: str, raster_name: str, classified: str, count: int,
                     added: list) -> str:
        """Add the file as a layer (numbered where the name is taken; into ``added``), or, where the
        project shows it already (a run wrote over it), show the new file in those layers; either way
        with the legend and metadata of the classified raster ``classified``."""
        shown = loaded_layers(path)
        updated = bool(shown)
        for layer in shown:
            reload_layer(layer)
        if not updated:
            name = unique_layer_name(name)
            shown = [kind(path, name) if kind is QgsRasterLayer else kind(path, name, "ogr")]
            added.extend(shown)
        for layer in shown:
            style_layer(layer, classified, raster_name)
        if not updated:
            QgsProject.instance().addMapLayer(shown[0])
        verb = tr("Updated {} with {} classes.") if updated else tr("Added {} with {} classes.")
        return verb.format(shown[0].name(), count)

    def _set_running(self, running: bool) -> None:
        for widget in (self.run_button, self.preview_button, self.download_button, self.import_button):
            widget.setEnabled(not running)
        self.cancel_button.setEnabled(running)
