"""Python environment… ▸ Make an offline bundle…: what the other computer is, and where the bundle goes."""

from __future__ import annotations

from pathlib import Path

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..engine.models.presets import DEFAULT_PRESET, PRESETS
from ..runtime.bundle_maker import BundleRequest
from ..runtime.offline_bundle import PYTHON_VERSIONS, TARGETS, TORCH_BUILDS, default_name, this_platform
from ..translation import tr


class BundleDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Make an offline bundle"))
        self.setMinimumWidth(560)  # the bundle's path in full
        form = QFormLayout(self)
        note = QLabel(tr("One file with the engine's packages, uv, a Python and the models, for a computer "
                         "without internet: copy it there, then use <i>Install from bundle…</i>."), self)
        note.setWordWrap(True)
        form.addRow(note)
        self.platform_box = QComboBox(self)
        for name in TARGETS:
            self.platform_box.addItem(name, name)
        self.platform_box.setCurrentIndex(max(0, self.platform_box.findData(this_platform())))
        form.addRow(tr("The other computer"), self.platform_box)
        self.python_box = QComboBox(self)
        for version in PYTHON_VERSIONS:
            self.python_box.addItem(version, version)
        self.python_box.setCurrentIndex(self.python_box.findData("3.12"))
        form.addRow(tr("Python"), self.python_box)
        self.torch_box = QComboBox(self)
        for build in TORCH_BUILDS:
            self.torch_box.addItem(tr("CPU only") if build == "cpu" else
                                   tr("CUDA {}").format(f"{build[2:-1]}.{build[-1]}") + f" ({build})", build)
        form.addRow(tr("PyTorch build"), self.torch_box)
        self.preset_box = QComboBox(self)
        for name in PRESETS:
            self.preset_box.addItem(name, name)
        self.preset_box.setCurrentIndex(max(0, self.preset_box.findData(DEFAULT_PRESET)))
        form.addRow(tr("Models of the preset"), self.preset_box)
        self.models_edit = QLineEdit(self)
        self.models_edit.setPlaceholderText(tr("more models by name, comma-separated (optional)"))
        form.addRow(tr("More models"), self.models_edit)
        self.no_models_box = QCheckBox(tr("No models (import them separately)"), self)
        form.addRow("", self.no_models_box)
        self.output_widget = QgsFileWidget(self)
        self.output_widget.setStorageMode(QgsFileWidget.StorageMode.SaveFile)
        self.output_widget.setFilter(tr("ReSeg offline bundle (*.zip)"))
        self.output_widget.setFilePath(str(Path(folder or Path.home()) / default_name(this_platform())))
        form.addRow(tr("Bundle file"), self.output_widget)
        self.platform_box.currentIndexChanged.connect(self._platform_changed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._platform_changed()

    def _platform_changed(self) -> None:
        """CUDA only where PyTorch publishes it; the file name follows the platform."""
        target = TARGETS[self.platform_box.currentData()]
        for index in range(1, self.torch_box.count()):
            self.torch_box.model().item(index).setEnabled(target.cuda)
        if not target.cuda:
            self.torch_box.setCurrentIndex(0)
        path = Path(self.output_widget.filePath())
        if path.name.startswith("reseg-offline-"):
            self.output_widget.setFilePath(str(path.with_name(default_name(target.name))))

    def request(self) -> BundleRequest:
        return BundleRequest(self.platform_box.currentData(), self.python_box.currentData(),
                             self.torch_box.currentData())

    def output(self) -> Path:
        return Path(self.output_widget.filePath())
