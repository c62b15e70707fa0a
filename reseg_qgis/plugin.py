"""The QGIS plugin object: wires the Processing provider, the dock, the dialogs, the worker and
translations."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon

try:  # Qt6 (QGIS 4)
    from qgis.PyQt.QtGui import QAction
except ImportError:  # Qt5
    from qgis.PyQt.QtWidgets import QAction

from . import worker_session
from .package_files import icon_path
from .processing_provider.provider import ResegProvider
from .translation import install_translator, remove_translator, tr

MENU = "&ReSeg"


class ResegPlugin:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider: ResegProvider | None = None
        self.translator = install_translator()
        self.dock = None
        self.actions: list[QAction] = []

    def initProcessing(self) -> None:  # noqa: N802 (QGIS's name)
        if self.provider is None:
            self.provider = ResegProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 (QGIS's name)
        from .gui.dock import ResegDock

        self.initProcessing()
        self.dock = ResegDock(self.iface, self.iface.mainWindow())
        self.dock.install_requested.connect(self.show_environment)
        self.dock.hide()
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        panel = QAction(QIcon(str(icon_path())), tr("ReSeg segmentation panel"), self.iface.mainWindow())
        panel.setCheckable(True)
        panel.toggled.connect(self.dock.setUserVisible)
        self.dock.visibilityChanged.connect(panel.setChecked)
        settings = QAction(tr("ReSeg settings and weights…"), self.iface.mainWindow())
        settings.triggered.connect(self.show_settings)
        environment = QAction(tr("Python environment…"), self.iface.mainWindow())
        environment.triggered.connect(self.show_environment)
        for action in (panel, settings, environment):
            self.iface.addPluginToRasterMenu(MENU, action)
            self.actions.append(action)
        self.iface.addRasterToolBarIcon(panel)

    def show_settings(self) -> None:
        from .gui.settings_dialog import SettingsDialog

        SettingsDialog(self.iface.mainWindow(), on_changed=self.settings_changed).exec()

    def show_environment(self) -> None:
        from .gui.environment_dialog import EnvironmentDialog

        EnvironmentDialog(self.iface.mainWindow(), on_changed=self.environment_changed).exec()

    def settings_changed(self) -> None:
        """New defaults or models: the algorithm's parameters and the dock's choices follow."""
        if self.provider is not None:
            self.provider.refreshAlgorithms()
        if self.dock is not None:
            self.dock.settings_changed()

    def environment_changed(self) -> None:
        """Another environment or worker Python: the next run starts a worker there."""
        worker_session.stop()
        if self.dock is not None:
            self.dock.refresh_environment()

    def unload(self) -> None:
        for action in self.actions:
            self.iface.removePluginRasterMenu(MENU, action)
            self.iface.removeRasterToolBarIcon(action)
        self.actions.clear()
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        worker_session.stop()  # its memory, models included, goes back to the system
        remove_translator(self.translator)
        self.translator = None
