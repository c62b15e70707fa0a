"""The QGIS plugin object: wires the Processing provider and the translations into QGIS."""

from __future__ import annotations

from qgis.core import QgsApplication

from .processing_provider.provider import ResegProvider
from .translation import install_translator, remove_translator


class ResegPlugin:
    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider: ResegProvider | None = None
        self.translator = install_translator()

    def initProcessing(self) -> None:  # noqa: N802 (QGIS's name)
        if self.provider is None:
            self.provider = ResegProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802 (QGIS's name)
        self.initProcessing()

    def unload(self) -> None:
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        remove_translator(self.translator)
        self.translator = None
