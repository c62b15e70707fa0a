"""The classified GeoTIFF as GDAL and QGIS read it: the input's grid, and the legend of the prompts
(the category names and attribute table in the .aux.xml, the colour table, the .qml beside it)."""

from __future__ import annotations

from osgeo import gdal
from qgis.core import QgsRasterLayer, QgsSingleBandGrayRenderer, QgsVectorLayer

from reseg_qgis.processing_provider.legend_style import style_layer
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.gdal_rasters import written_palette
from tests.qgis.conftest import engine_python

WRITE = """
import sys
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from tests.helpers.fake_segmenter import PixelFunctionSegmenter
segment_raster(sys.argv[1], sys.argv[2], PixelFunctionSegmenter(), "water; tree, forest; cloud",
               RasterOptions(colours="water=#2255aa"))
"""


def test_gdal_and_qgis_read_the_inputs_grid_and_the_class_legend(tmp_path):
    output = tmp_path / "classes.tif"
    engine_python(WRITE, str(LANDSAT_RGB), str(output))
    given_gdal, made_gdal = gdal.Open(str(LANDSAT_RGB)), gdal.Open(str(output))
    assert made_gdal.GetGeoTransform() == given_gdal.GetGeoTransform()
    assert made_gdal.GetSpatialRef().IsSame(given_gdal.GetSpatialRef())
    made_gdal.GetMetadata()  # GDAL 3.6 reads the .aux.xml sidecar on first metadata access, as gdalinfo does
    band = made_gdal.GetRasterBand(1)
    assert band.GetCategoryNames() == ["unclassified", "water", "tree, forest", "cloud"]
    table = band.GetDefaultRAT()
    assert table.GetRowCount() == 4 and table.GetValueAsString(2, 1) == "tree, forest"
    assert band.GetColorTable().GetColorEntry(1)[:3] == (0x22, 0x55, 0xAA)
    assert band.GetNoDataValue() == 0

    given = QgsRasterLayer(str(LANDSAT_RGB), "input")
    made = QgsRasterLayer(str(output), "classes")
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


def test_qgis_styles_a_runs_layers_from_the_palette_in_its_file(tmp_path):
    """The raster's legend and its polygons' come from the style written with the file, as it is there
    (changed here after the run), not from colours of QGIS's own."""
    output = tmp_path / "classes.tif"
    engine_python(WRITE, str(LANDSAT_RGB), str(output))
    assert written_palette(output) == [(1, "water", "#2255aa"), (2, "tree, forest", "#1b7837"),
                                       (3, "cloud", "#c9d1d9")]
    style = output.with_suffix(".qml")
    style.write_text(style.read_text(encoding="utf-8").replace('"#2255aa"', '"#123456"'), encoding="utf-8")
    raster = QgsRasterLayer(str(output), "classes")
    raster.setRenderer(QgsSingleBandGrayRenderer(raster.dataProvider(), 1))
    polygons = QgsVectorLayer("Polygon?crs=EPSG:32618&field=class:integer", "polygons", "memory")
    for layer in (raster, polygons):
        style_layer(layer, str(output), "scene")
    expected = [(1, "water", "#123456"), (2, "tree, forest", "#1b7837"), (3, "cloud", "#c9d1d9")]
    assert [(int(c.value), c.label, c.color.name()) for c in raster.renderer().classes()] == expected
    assert [(int(c.value()), c.label(), c.symbol().color().name())
            for c in polygons.renderer().categories()] == expected
    for layer in (raster, polygons):
        assert layer.metadata().abstract().endswith("1: water\n2: tree, forest\n3: cloud")
