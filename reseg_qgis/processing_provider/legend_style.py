"""The styles of a run's layers in QGIS, read from the classified raster: the engine writes its palette
(raster/palette.py) with the file, in the QGIS style beside it, and the raster layer is drawn with that
style; its polygons get the same colours and names. The class list goes into each layer's metadata."""

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

CLASS_FIELD = "class"  # the polygons' class value (engine: raster/polygons.py)

# Post-processors must outlive the algorithm run, or QGIS calls a deleted object.
_alive: list[QgsProcessingLayerPostProcessorInterface] = []


def outline(colour: QColor) -> QColor:
    """A darker edge, so light classes stay visible on a light canvas."""
    return colour.darker(160)


def file_classes(layer: QgsRasterLayer) -> list[QgsPalettedRasterRenderer.Class]:
    """Draw a classified raster with the style written beside its file; its classes 1..N (value,
    colour, name)."""
    layer.loadDefaultStyle()
    renderer = layer.renderer()
    return list(renderer.classes()) if isinstance(renderer, QgsPalettedRasterRenderer) else []


def apply_polygon_legend(layer: QgsVectorLayer, classes: Sequence[QgsPalettedRasterRenderer.Class]) -> None:
    categories = []
    for entry in classes:
        fill = entry.color
        symbol = QgsFillSymbol.createSimple({"color": fill.name(), "outline_color": outline(fill).name(),
                                             "outline_width": "0.2"})
        categories.append(QgsRendererCategory(int(entry.value), symbol, entry.label))
    layer.setRenderer(QgsCategorizedSymbolRenderer(CLASS_FIELD, categories))


def describe_classes(layer: QgsMapLayer, raster_name: str, labels: Sequence[str]) -> None:
    """The class list in the layer's metadata (Layer Properties ▸ Metadata and Information)."""
    metadata = layer.metadata()
    lines = "\n".join(f"{value}: {label}" for value, label in enumerate(labels, start=1))
    metadata.setAbstract(tr("Classes that ReSeg segmented from {}, by pixel value (0: unclassified or "
                            "nodata):").format(raster_name) + "\n" + lines)
    metadata.setKeywords({tr("ReSeg classes"): list(labels)})
    layer.setMetadata(metadata)


def style_layer(layer: QgsMapLayer, classified: str, raster_name: str) -> None:
    """The legend and metadata of the classified raster ``classified`` or of its polygons."""
    raster = layer if isinstance(layer, QgsRasterLayer) else QgsRasterLayer(classified, "", "gdal")
    classes = file_classes(raster)
    if isinstance(layer, QgsVectorLayer):
        apply_polygon_legend(layer, classes)
    describe_classes(layer, raster_name, [entry.label for entry in classes])
    layer.triggerRepaint()


class LegendPostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, classified: str, raster_name: str) -> None:
        super().__init__()
        self.classified, self.raster_name = classified, raster_name

    def postProcessLayer(self, layer, context, feedback) -> None:
        style_layer(layer, self.classified, self.raster_name)
        if self in _alive:
            _alive.remove(self)

    @classmethod
    def create(cls, classified: str, raster_name: str) -> LegendPostProcessor:
        processor = cls(classified, raster_name)
        _alive.append(processor)
        return processor
