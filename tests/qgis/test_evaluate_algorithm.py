"""``reseg:evaluate`` through Processing on real QGIS: a tiny ReSeg run's output against label rasters and
label polygons, with the scores checked against a confusion matrix counted here with numpy."""

from __future__ import annotations

import json

import numpy as np
import processing
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.gui import QgsBrowserGuiModel

from tests.helpers.data import LANDSAT_RGB
from tests.qgis.conftest import TINY_CLIP

CLASSES = "water; land, island; cloud"


@pytest.fixture
def classified(reseg_provider, tmp_path):
    """A tiny fast run's classes (values 1..3) and the path of its GeoTIFF."""
    result = processing.run("reseg:segment", {
        "INPUT": str(LANDSAT_RGB), "CLASSES": CLASSES, "CLIP_MODEL": TINY_CLIP, "USE_SAM": False,
        "WINDOW": 64, "OVERLAP": 32, "OUTPUT": str(tmp_path / "classes.tif")})
    dataset = gdal.Open(result["OUTPUT"])
    values = dataset.GetRasterBand(1).ReadAsArray().astype(np.int64)
    return result["OUTPUT"], values, dataset.GetGeoTransform(), dataset.GetProjection()


def expected_scores(truth, predicted, classes=3):
    """mIoU (over classes present on either side), accuracy and kappa of labelled pixels (1..classes)."""
    kept = (truth >= 1) & (truth <= classes)
    matrix = np.zeros((classes + 1, classes + 1))
    np.add.at(matrix, (truth[kept], predicted[kept]), 1)
    true, rows, columns = np.diag(matrix), matrix.sum(1), matrix.sum(0)
    ious = [true[c] / (rows[c] + columns[c] - true[c]) for c in range(1, classes + 1) if rows[c] + columns[c]]
    total = matrix.sum()
    accuracy = true.sum() / total
    chance = (rows * columns).sum() / total ** 2
    return np.mean(ious), accuracy, (accuracy - chance) / (1 - chance), matrix


def write_labels(path, values, geotransform, projection, categories=None):
    height, width = values.shape
    dataset = gdal.GetDriverByName("GTiff").Create(str(path), width, height, 1, gdal.GDT_Byte)
    dataset.SetGeoTransform(geotransform)
    dataset.SetProjection(projection)
    band = dataset.GetRasterBand(1)
    band.WriteArray(values.astype(np.uint8))
    if categories:
        band.SetCategoryNames(categories)
    dataset = band = None
    return str(path)


def test_labels_raster_scores_and_report(classified, tmp_path):
    output, predicted, geotransform, projection = classified
    truth = predicted.copy()
    truth[:20, :30] = 2  # some pixels disagree
    truth[40:, 50:] = 255  # ignored
    truth[0, :] = 0  # no class
    labels = write_labels(tmp_path / "labels.tif", truth, geotransform, projection)
    result = processing.run("reseg:evaluate", {
        "PREDICTION": output, "LABELS": labels, "IGNORE": "255", "REPORT": str(tmp_path / "report.html"),
        "CSV": str(tmp_path / "scores.csv"), "JSON": str(tmp_path / "scores.json")})
    miou, accuracy, kappa, matrix = expected_scores(np.where(truth == 255, 0, truth), predicted)
    assert result["MIOU"] == pytest.approx(miou) and result["OVERALL_ACCURACY"] == pytest.approx(accuracy)
    assert result["KAPPA"] == pytest.approx(kappa)
    assert np.array_equal(np.array(result["MATRIX"]), matrix)
    assert [item["name"] for item in result["CLASS_SCORES"]] == ["water", "land, island", "cloud"]
    assert "mIoU" in result["SCORES"] and "water: IoU" in result["SCORES"]
    assert "<h1>Accuracy report</h1>" in (tmp_path / "report.html").read_text()
    assert json.loads((tmp_path / "scores.json").read_text())["matrix"] == matrix.astype(int).tolist()
    assert (tmp_path / "scores.csv").read_text().splitlines()[0].startswith("class,iou,")


def test_label_categories_are_matched_by_name(classified, tmp_path):
    output, predicted, geotransform, projection = classified
    # The labels number the classes differently, and name them: 5 island, 7 cloud, 9 water.
    recoded = np.select([predicted == 1, predicted == 2, predicted == 3], [9, 5, 7], 0)
    categories = [""] * 10
    categories[5], categories[7], categories[9] = "Island", "cloud", "water"
    labels = write_labels(tmp_path / "labels.tif", recoded, geotransform, projection, categories)
    result = processing.run("reseg:evaluate", {"PREDICTION": output, "LABELS": labels,
                                               "REPORT": str(tmp_path / "report.html")})
    assert result["OVERALL_ACCURACY"] == pytest.approx(1.0) and result["KAPPA"] == pytest.approx(1.0)
    assert "category names" in result["SCORES"] or "Kategorienamen" in result["SCORES"]


def test_label_polygons_with_a_text_field(classified, tmp_path):
    output, predicted, geotransform, projection = classified
    x0, size, _, y0, _, _ = geotransform
    boxes = [((0, 0, 32, 20), "water"), ((10, 30, 40, 60), "island"), ((40, 0, 64, 30), "cloud")]
    path = tmp_path / "labels.gpkg"
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    reference = osr.SpatialReference(wkt=projection)
    layer = source.CreateLayer("fields", reference, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("landcover", ogr.OFTString))
    truth = np.zeros_like(predicted)
    for (row0, col0, row1, col1), name in boxes:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("landcover", name)
        ring = (f"POLYGON(({x0 + col0 * size} {y0 - row0 * size},{x0 + col1 * size} {y0 - row0 * size},"
                f"{x0 + col1 * size} {y0 - row1 * size},{x0 + col0 * size} {y0 - row1 * size},"
                f"{x0 + col0 * size} {y0 - row0 * size}))")
        feature.SetGeometry(ogr.CreateGeometryFromWkt(ring))
        layer.CreateFeature(feature)
        truth[row0:row1, col0:col1] = {"water": 1, "island": 2, "cloud": 3}[name]
    source = layer = feature = None
    result = processing.run("reseg:evaluate", {"PREDICTION": output, "POLYGONS": f"{path}|layername=fields",
                                               "FIELD": "landcover", "REPORT": str(tmp_path / "r.html")})
    miou, accuracy, kappa, matrix = expected_scores(truth, predicted)
    assert np.array_equal(np.array(result["MATRIX"]), matrix)
    assert result["MIOU"] == pytest.approx(miou) and result["OVERALL_ACCURACY"] == pytest.approx(accuracy)
    with pytest.raises(QgsProcessingException, match="no field kind"):
        processing.run("reseg:evaluate", {"PREDICTION": output, "POLYGONS": str(path), "FIELD": "kind",
                                          "REPORT": str(tmp_path / "r2.html")})


def test_labels_elsewhere_say_so(classified, tmp_path):
    output, predicted, geotransform, projection = classified
    far = (geotransform[0] + 1e6, *geotransform[1:])
    labels = write_labels(tmp_path / "far.tif", predicted, far, projection)
    with pytest.raises(QgsProcessingException, match="do not overlap"):
        processing.run("reseg:evaluate", {"PREDICTION": output, "LABELS": labels,
                                          "REPORT": str(tmp_path / "report.html")})
    assert not (tmp_path / "report.html").exists()


def test_labels_come_as_a_raster_or_as_polygons(classified, tmp_path):
    output, predicted, geotransform, projection = classified
    labels = write_labels(tmp_path / "labels.tif", predicted, geotransform, projection)
    for given in ({}, {"LABELS": labels, "POLYGONS": str(polygons_file(tmp_path, projection))}):
        with pytest.raises(QgsProcessingException, match="one of the two"):
            processing.run("reseg:evaluate", {"PREDICTION": output, "REPORT": str(tmp_path / "r.html"),
                                              **given})
    assert not (tmp_path / "r.html").exists()


def polygons_file(folder, projection):
    """A GeoPackage with one empty polygon layer that has a text field ``landcover``."""
    path = folder / "survey.gpkg"
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("survey", osr.SpatialReference(wkt=projection), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("landcover", ogr.OFTString))
    source = layer = None
    return path


def test_the_dialog_opens_with_a_raster_first_in_the_project(classified, tmp_path, qgis_iface, monkeypatch):
    """The Toolbox dialog, built as QGIS builds it, with rasters and polygons in the project (a field
    parameter whose parent may hold a raster crashes QGIS while the dialog is built)."""
    output, _, _, projection = classified
    raster = QgsRasterLayer(output, "classes")
    polygons = QgsVectorLayer(str(polygons_file(tmp_path, projection)), "survey", "ogr")
    QgsProject.instance().addMapLayers([raster, polygons])
    browser = QgsBrowserGuiModel()
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)
    try:
        dialog = processing.createAlgorithmDialog("reseg:evaluate")
        wrappers = dialog.mainWidget().wrappers
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        wrappers["LABELS"].setParameterValue(raster.id(), context)
        wrappers["POLYGONS"].setParameterValue(polygons.id(), context)
        choices = wrappers["FIELD"].wrappedWidget()
        assert "landcover" in [choices.itemText(i) for i in range(choices.count())]
        wrappers["FIELD"].setParameterValue("landcover", context)
        assert wrappers["FIELD"].parameterValue() == "landcover"
        dialog.close()
    finally:
        QgsProject.instance().removeAllMapLayers()


def _text_polygons(folder, geotransform, projection, name):
    """A GeoPackage with one labelled box whose text class is ``name``."""
    x0, size, _, y0, _, _ = geotransform
    path = folder / "texts.gpkg"
    source = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = source.CreateLayer("texts", osr.SpatialReference(wkt=projection), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("landcover", ogr.OFTString))
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetField("landcover", name)
    x1, y1 = x0 + 20 * size, y0 - 20 * size
    ring = f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"
    feature.SetGeometry(ogr.CreateGeometryFromWkt(ring))
    layer.CreateFeature(feature)
    source = layer = feature = None
    return path


@pytest.mark.parametrize("case", ["text names of no class", "report onto the prediction",
                                  "contradictory mapping", "negative ignore", "map to no class"])
def test_wrong_numbers_and_overwrites_are_refused_with_nothing_written(classified, tmp_path, case):
    """The engine's refusals reach the algorithm with their words; no output is written and the
    prediction is untouched."""
    output, predicted, geotransform, projection = classified
    labels = write_labels(tmp_path / "labels.tif", predicted, geotransform, projection)
    report = str(tmp_path / "report.html")
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("1,water\n1,cloud\n")
    polygons = str(_text_polygons(tmp_path, geotransform, projection, "urban"))
    parameters, said = {
        "text names of no class": ({"POLYGONS": polygons, "FIELD": "landcover"},
                                   "match no class of the prediction"),
        "report onto the prediction": ({"LABELS": labels, "REPORT": output},
                                       "would overwrite the prediction"),
        "contradictory mapping": ({"LABELS": labels, "MAPPING": str(mapping)}, "keep one of the two"),
        "negative ignore": ({"LABELS": labels, "IGNORE": "-1"}, "-1 is no label value"),
        "map to no class": ({"LABELS": labels, "MAPPING": str(tmp_path / "m2.csv")}, "'9' is no class value"),
    }[case]
    (tmp_path / "m2.csv").write_text("2,9\n")
    before = open(output, "rb").read()
    with pytest.raises(QgsProcessingException, match=said):
        processing.run("reseg:evaluate", {"PREDICTION": output, "REPORT": report, **parameters})
    assert not (tmp_path / "report.html").exists() and open(output, "rb").read() == before
