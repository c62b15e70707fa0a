"""The ``reseg`` Processing provider."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ..package_files import icon_path
from ..translation import tr
from .evaluate_algorithm import EvaluateAlgorithm
from .segment_algorithm import SegmentAlgorithm

PROVIDER_ID = "reseg"

ALGORITHMS: list[type] = [SegmentAlgorithm, EvaluateAlgorithm]


class ResegProvider(QgsProcessingProvider):
    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return "ReSeg"

    def longName(self) -> str:
        return tr("ReSeg open-vocabulary segmentation")

    def icon(self) -> QIcon:
        return QIcon(self.svgIconPath())

    def svgIconPath(self) -> str:
        return str(icon_path())

    def supportedOutputRasterLayerExtensions(self) -> list[str]:
        return ["tif"]

    def supportedOutputVectorLayerExtensions(self) -> list[str]:
        return ["gpkg"]

    def loadAlgorithms(self) -> None:
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
