"""The classified layer's style in QGIS: a paletted renderer labelled with the class names."""

from __future__ import annotations

from collections.abc import Sequence

from qgis.core import (
    QgsPalettedRasterRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
)
from qgis.PyQt.QtGui import QColor

# Post-processors must outlive the algorithm run, or QGIS calls a deleted object.
_alive: list[QgsProcessingLayerPostProcessorInterface] = []


def apply_legend(layer: QgsRasterLayer, labels: Sequence[str],
                 colours: Sequence[tuple[int, int, int]]) -> None:
    classes = [QgsPalettedRasterRenderer.Class(value, QColor(*colour), label)
               for value, (label, colour) in enumerate(zip(labels, colours), start=1)]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.triggerRepaint()


class LegendPostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, labels: Sequence[str], colours: Sequence[tuple[int, int, int]]) -> None:
        super().__init__()
        self.labels, self.colours = list(labels), list(colours)

    def postProcessLayer(self, layer, context, feedback) -> None:
        if isinstance(layer, QgsRasterLayer):
            apply_legend(layer, self.labels, self.colours)
        if self in _alive:
            _alive.remove(self)

    @classmethod
    def create(cls, labels, colours) -> LegendPostProcessor:
        processor = cls(labels, colours)
        _alive.append(processor)
        return processor
