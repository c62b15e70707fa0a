"""The styles of a run's layers in QGIS: a paletted renderer for the classes and a categorised one for
their polygons, in the same colours and names; the class list goes into each layer's metadata."""

from __future__ import annotations

from collections.abc import Sequence

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsMapLayer,
    QgsPalettedRasterRenderer,
    QgsProcessingLayerPostProcessorInterface,
    QgsRasterLayer,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

from ..translation import tr

RGB = tuple[int, int, int]
CLASS_FIELD = "class"  # the polygons' class value (engine: raster/polygons.py)

# Post-processors must outlive the algorithm run, or QGIS calls a deleted object.
_alive: list[QgsProcessingLayerPostProcessorInterface] = []


def outline(colour: QColor) -> QColor:
    """A darker edge, so light classes stay visible on a light canvas."""
    return colour.darker(160)


def apply_legend(layer: QgsRasterLayer, labels: Sequence[str], colours: Sequence[RGB]) -> None:
    classes = [QgsPalettedRasterRenderer.Class(value, QColor(*colour), label)
               for value, (label, colour) in enumerate(zip(labels, colours), start=1)]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.triggerRepaint()


def apply_polygon_legend(layer: QgsVectorLayer, labels: Sequence[str], colours: Sequence[RGB]) -> None:
    categories = []
    for value, (label, colour) in enumerate(zip(labels, colours), start=1):
        fill = QColor(*colour)
        symbol = QgsFillSymbol.createSimple({"color": fill.name(), "outline_color": outline(fill).name(),
                                             "outline_width": "0.2"})
        categories.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer(CLASS_FIELD, categories))
    layer.triggerRepaint()


def describe_classes(layer: QgsMapLayer, raster_name: str, labels: Sequence[str]) -> None:
    """The class list in the layer's metadata (Layer Properties ▸ Metadata and Information)."""
    metadata = layer.metadata()
    lines = "\n".join(f"{value}: {label}" for value, label in enumerate(labels, start=1))
    metadata.setAbstract(tr("Classes that ReSeg segmented from {}, by pixel value (0: unclassified or "
                            "nodata):").format(raster_name) + "\n" + lines)
    metadata.setKeywords({tr("ReSeg classes"): list(labels)})
    layer.setMetadata(metadata)


def style_layer(layer: QgsMapLayer, labels: Sequence[str], colours: Sequence[RGB], raster_name: str) -> None:
    """The legend and metadata of a classified raster or of its polygons."""
    if isinstance(layer, QgsRasterLayer):
        apply_legend(layer, labels, colours)
    elif isinstance(layer, QgsVectorLayer):
        apply_polygon_legend(layer, labels, colours)
    describe_classes(layer, raster_name, labels)


class LegendPostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, labels: Sequence[str], colours: Sequence[RGB], raster_name: str) -> None:
        super().__init__()
        self.labels, self.colours, self.raster_name = list(labels), list(colours), raster_name

    def postProcessLayer(self, layer, context, feedback) -> None:
        style_layer(layer, self.labels, self.colours, self.raster_name)
        if self in _alive:
            _alive.remove(self)

    @classmethod
    def create(cls, labels, colours, raster_name: str) -> LegendPostProcessor:
        processor = cls(labels, colours, raster_name)
        _alive.append(processor)
        return processor
