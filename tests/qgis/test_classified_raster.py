"""The classified GeoTIFF as QGIS sees it: same grid, and the legend from the .qml beside it."""

from __future__ import annotations

from qgis.core import QgsRasterLayer

from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from tests.helpers.fake_segmenter import PixelFunctionSegmenter
from tests.helpers.rasters import LANDSAT_RGB


def test_qgis_opens_the_result_with_the_inputs_grid_and_the_class_legend(tmp_path):
    result = segment_raster(str(LANDSAT_RGB), str(tmp_path / "classes.tif"), PixelFunctionSegmenter(),
                            "water; tree, forest; cloud", RasterOptions(colours="water=#2255aa"))
    given = QgsRasterLayer(str(LANDSAT_RGB), "input")
    made = QgsRasterLayer(str(result.output), "classes")
    assert made.isValid()
    assert made.crs() == given.crs() and made.crs().authid() == "EPSG:32618"
    assert made.extent() == given.extent()
    assert (made.width(), made.height()) == (given.width(), given.height())
    renderer = made.renderer()
    assert renderer.type() == "paletted"
    classes = renderer.classes()
    assert [(c.value, c.label) for c in classes] == [(1, "water"), (2, "tree, forest"), (3, "cloud")]
    assert classes[0].color.name() == "#2255aa"
    legend = [label for label, _ in renderer.legendSymbologyItems()]
    assert legend == ["water", "tree, forest", "cloud"]
    assert made.dataProvider().sourceNoDataValue(1) == 0
