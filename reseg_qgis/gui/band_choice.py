"""The dock's band choice: grey (1 band) or red, green, blue (3 bands) of the chosen raster layer.

It starts from the bands the layer is drawn with, follows a restyle, and keeps a choice the user makes
with the layer (a custom property, saved in the project).
"""

from __future__ import annotations

from qgis.core import QgsMultiBandColorRenderer, QgsRasterLayer
from qgis.gui import QgsRasterBandComboBox
from qgis.PyQt.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from ..translation import tr

BANDS_PROPERTY = "reseg/bands"  # a layer's band choice, "3,2,1" or "4", kept in the project


def renderer_bands(layer: QgsRasterLayer) -> list[int]:
    """The bands the layer is drawn with: the red, green and blue bands of a multiband colour renderer,
    else the one band of a grey, paletted or pseudocolour renderer; bands 1–3 (or 1) when neither says."""
    count = layer.bandCount()
    renderer = layer.renderer()
    if isinstance(renderer, QgsMultiBandColorRenderer):
        shown = [renderer.redBand(), renderer.greenBand(), renderer.blueBand()]
        if all(1 <= band <= count for band in shown):
            return shown
        shown = [band for band in shown if 1 <= band <= count]
        if len(shown) == 1:
            return shown
    elif renderer is not None:
        shown = [band for band in renderer.usesBands() if 1 <= band <= count]
        if shown:
            return shown[:1]
    return [1, 2, 3] if count >= 3 else [1]


def remembered_bands(layer: QgsRasterLayer) -> list[int] | None:
    """The band choice kept with the layer, if it still fits the layer."""
    text = str(layer.customProperty(BANDS_PROPERTY, "") or "")
    try:
        bands = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        return None
    if len(bands) in (1, 3) and all(1 <= band <= layer.bandCount() for band in bands):
        return bands
    return None


class BandChoice(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layer: QgsRasterLayer | None = None
        self._showing = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.mode_box = QComboBox(self)
        self.mode_box.addItem(tr("red, green, blue (3 bands)"), 3)
        self.mode_box.addItem(tr("grey (1 band)"), 1)
        column.addWidget(self.mode_box)
        row = QHBoxLayout()
        self.band_boxes = [QgsRasterBandComboBox(self) for _ in range(3)]
        for box, tip in zip(self.band_boxes, (tr("Red band"), tr("Green band"), tr("Blue band"))):
            box.setToolTip(tip)
            box.bandChanged.connect(self._chosen)
            row.addWidget(box, 1)
        column.addLayout(row)
        self.mode_box.currentIndexChanged.connect(self._chosen)

    def set_layer(self, layer) -> None:
        """Show the band choice kept with the layer, else the bands it is drawn with."""
        if self.layer is not None:
            try:
                self.layer.rendererChanged.disconnect(self._restyled)
            except (RuntimeError, TypeError):  # the layer is gone
                pass
        self.layer = layer if isinstance(layer, QgsRasterLayer) else None
        if self.layer is not None:
            self.layer.rendererChanged.connect(self._restyled)
        for box in self.band_boxes:
            box.setLayer(self.layer)
        if self.layer is not None:
            self.show_bands(remembered_bands(self.layer) or renderer_bands(self.layer))

    def _restyled(self) -> None:
        """A restyled layer: its new bands, unless the user chose bands for it."""
        if self.layer is not None and remembered_bands(self.layer) is None:
            self.show_bands(renderer_bands(self.layer))

    def show_bands(self, bands: list[int]) -> None:
        self._showing = True
        try:
            self.mode_box.setCurrentIndex(self.mode_box.findData(len(bands)))
            for box, band in zip(self.band_boxes, bands):
                box.setBand(band)
            self._show_boxes()
        finally:
            self._showing = False

    def _show_boxes(self) -> None:
        grey = self.mode_box.currentData() == 1
        self.band_boxes[0].setToolTip(tr("Grey band") if grey else tr("Red band"))
        for box in self.band_boxes[1:]:
            box.setVisible(not grey)

    def bands(self) -> list[int] | None:
        """The chosen bands, 1-based: one (grey) or three (red, green, blue); None without a layer."""
        count = self.mode_box.currentData() or 3
        bands = [box.currentBand() for box in self.band_boxes[:count]]
        return bands if self.layer is not None and all(band >= 1 for band in bands) else None

    def _chosen(self, *_) -> None:
        """The user chose bands: keep them with the layer (and its project)."""
        self._show_boxes()
        if self._showing or self.layer is None:
            return
        bands = self.bands()
        if bands:
            self.layer.setCustomProperty(BANDS_PROPERTY, ",".join(map(str, bands)))
