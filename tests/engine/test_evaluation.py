"""Accuracy against reference labels: exact confusion matrices and metrics on small rasters, across
grids and CRSs, with ignored values and absent classes; and the command line."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import rasterio
import rasterio.warp
from affine import Affine

from reseg_qgis.engine import cli
from reseg_qgis.engine.evaluation.confusion import EvaluationError, confusion_matrix
from reseg_qgis.engine.evaluation.metrics import scores
from tests.helpers.rasters import write_geotiff

GRID = Affine(10.0, 0, 500000.0, 0, -10.0, 5200000.0)  # UTM 33N, 10 m
CLASSES = json.dumps({"1": "water", "2": "tree", "3": "building"})


def prediction(tmp_path, values, name="prediction.tif", **kwargs):
    path = write_geotiff(tmp_path / name, np.asarray(values, np.uint8), transform=GRID, nodata=0, **kwargs)
    with rasterio.open(path, "r+") as dataset:
        dataset.update_tags(RESEG_CLASS_VALUES=CLASSES)
    return path


PREDICTED = [[1, 1, 2, 2],
             [1, 1, 2, 2],
             [3, 3, 0, 2],
             [3, 3, 3, 3]]
TRUTH = [[1, 1, 2, 2],
         [1, 2, 2, 2],
         [3, 3, 3, 255],
         [1, 3, 3, 0]]


def test_confusion_matrix_counts_every_labelled_pixel(tmp_path):
    labels = write_geotiff(tmp_path / "labels.tif", np.asarray(TRUTH, np.uint8), transform=GRID)
    confusion = confusion_matrix(prediction(tmp_path, PREDICTED), labels, ignore=[255])
    assert confusion.names == ["unclassified", "water", "tree", "building"]
    # Rows: reference 0..3; columns: predicted 0..3. The 255 is ignored, label 0 is no class.
    expected = np.array([[0, 0, 0, 0],
                         [0, 3, 0, 1],
                         [0, 1, 4, 0],
                         [1, 0, 0, 4]])
    np.testing.assert_array_equal(confusion.matrix, expected)
    assert confusion.left_out == 1  # the label 0
    result = scores(confusion.matrix, confusion.names)
    water, tree, building = result.classes
    assert water.iou == pytest.approx(3 / 5) and water.precision == pytest.approx(3 / 4)
    assert water.recall == pytest.approx(3 / 4) and water.f1 == pytest.approx(6 / 8)
    assert tree.iou == pytest.approx(4 / 5) and building.iou == pytest.approx(4 / 6)
    assert building.recall == pytest.approx(4 / 5)  # the unclassified pixel counts against it
    assert result.miou == pytest.approx((3 / 5 + 4 / 5 + 4 / 6) / 3)
    assert result.overall_accuracy == pytest.approx(11 / 14) and result.pixels == 14
    chance = (4 * 4 + 5 * 4 + 5 * 5) / 14 ** 2  # reference × predicted marginals, per class
    assert result.kappa == pytest.approx((11 / 14 - chance) / (1 - chance))


def test_a_class_absent_from_both_sides_is_not_in_the_miou(tmp_path):
    matrix = np.array([[0, 0, 0, 0], [0, 5, 1, 0], [0, 0, 4, 0], [0, 0, 0, 0]])
    result = scores(matrix, ["unclassified", "water", "tree", "building"])
    assert result.classes[2].iou is None and result.classes[2].precision is None
    assert result.miou == pytest.approx((5 / 6 + 4 / 5) / 2)
    # "a" only in the labels (never predicted): IoU and recall 0, no precision; it counts in the mIoU.
    only_labelled = scores(np.array([[0, 0, 0], [0, 0, 2], [0, 0, 3]]), ["unclassified", "a", "b"])
    assert only_labelled.classes[0].iou == 0.0 and only_labelled.classes[0].recall == 0.0
    assert only_labelled.classes[0].precision is None and only_labelled.miou == pytest.approx(3 / 10)


def test_labels_on_another_grid_and_crs_are_brought_by_nearest_neighbour(tmp_path):
    """Labels at 5 m in geographic coordinates: each prediction pixel takes the label at its centre."""
    from rasterio.warp import transform_bounds

    pred = prediction(tmp_path, np.repeat(np.repeat(np.array(PREDICTED), 4, 0), 4, 1))  # 40 m blocks
    with rasterio.open(pred) as dataset:
        west, south, east, north = transform_bounds(dataset.crs, "EPSG:4326", *dataset.bounds)
    height, width = 200, 200  # much finer than the prediction
    grid = Affine((east - west) / width, 0, west, 0, -(north - south) / height, north)
    # Labels equal to the prediction's own classes, sampled at each label pixel's location.
    rows, cols = np.mgrid[0:height, 0:width]
    lon, lat = grid.c + grid.a * (cols + 0.5), grid.f + grid.e * (rows + 0.5)
    x, y = rasterio.warp.transform("EPSG:4326", dataset.crs, lon.ravel(), lat.ravel())
    column = ((np.asarray(x) - 500000.0) / 10.0).astype(int).reshape(height, width)
    row = ((5200000.0 - np.asarray(y)) / 10.0).astype(int).reshape(height, width)
    inside = (column >= 0) & (column < 16) & (row >= 0) & (row < 16)
    big = np.repeat(np.repeat(np.array(PREDICTED), 4, 0), 4, 1)
    truth = np.where(inside, big[np.clip(row, 0, 15), np.clip(column, 0, 15)], 255).astype(np.uint8)
    labels = write_geotiff(tmp_path / "labels.tif", truth, crs="EPSG:4326", transform=grid, nodata=255)
    confusion = confusion_matrix(pred, labels)
    matrix = confusion.matrix
    # Agreement except along block edges, where nearest neighbour may pick the neighbour's label.
    assert np.trace(matrix[1:, 1:]) / matrix[1:, :].sum() > 0.9
    assert matrix[1:, :].sum() == (big > 0).sum() and matrix[0].sum() == 0


def test_label_mapping_many_values_onto_one_class(tmp_path):
    truth = np.asarray(TRUTH, np.uint16)
    truth[truth == 2] = 7  # the labels call trees 7 and 8
    truth[0, 3] = 8
    labels = write_geotiff(tmp_path / "labels.tif", truth, transform=GRID)
    mapped = confusion_matrix(prediction(tmp_path, PREDICTED), labels, ignore=[255], label_map={7: 2, 8: 2})
    plain = confusion_matrix(prediction(tmp_path, PREDICTED, name="p2.tif"),
                             write_geotiff(tmp_path / "l2.tif", np.asarray(TRUTH, np.uint8), transform=GRID),
                             ignore=[255])
    np.testing.assert_array_equal(mapped.matrix, plain.matrix)


def test_rasters_that_do_not_overlap_or_share_no_label_say_so(tmp_path):
    far = write_geotiff(tmp_path / "far.tif", np.asarray(TRUTH, np.uint8),
                        transform=Affine(10.0, 0, 900000.0, 0, -10.0, 5200000.0))
    with pytest.raises(EvaluationError, match="do not overlap"):
        confusion_matrix(prediction(tmp_path, PREDICTED), far)
    ignored = write_geotiff(tmp_path / "ignored.tif", np.full((4, 4), 255, np.uint8), transform=GRID)
    with pytest.raises(EvaluationError, match="share no labelled pixel"):
        confusion_matrix(prediction(tmp_path, PREDICTED, name="p2.tif"), ignored, ignore=[255])


def test_command_line_prints_the_metrics_and_writes_json(tmp_path, capsys):
    labels = write_geotiff(tmp_path / "labels.tif", np.asarray(TRUTH, np.uint8), transform=GRID)
    report = tmp_path / "report.json"
    code = cli.main(["evaluate", str(prediction(tmp_path, PREDICTED)), str(labels), "--ignore", "255",
                     "--json", str(report)])
    out = capsys.readouterr().out
    assert code == 0
    assert "water" in out and " 60.0 " in out  # water's IoU, 3/5
    assert f"mIoU {100 * (3 / 5 + 4 / 5 + 4 / 6) / 3:5.1f} %" in out
    saved = json.loads(report.read_text())
    assert saved["matrix"][3] == [1, 0, 0, 4] and math.isclose(saved["overall_accuracy"], 11 / 14)
    assert cli.main(["evaluate", str(prediction(tmp_path, PREDICTED, name="p2.tif")), str(labels),
                     "--ignore", "0,1,2,3,255"]) == 2
    assert "share no labelled pixel" in capsys.readouterr().err


def _pixel_square(row, column, transform=GRID):
    """The polygon of one pixel of the grid, as WKB."""
    import shapely

    x0, y0 = transform @ (column, row)
    x1, y1 = transform @ (column + 1, row + 1)
    return shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _write_polygons(path, polygons, values, field="class", crs="EPSG:32633"):
    import shapely
    from pyogrio.raw import write

    write(path, np.array(shapely.to_wkb(polygons), dtype=object),
                  [np.asarray(values, dtype=object if isinstance(values[0], str) else np.int64)], [field],
                  geometry_type="Polygon", crs=crs, driver="GPKG")
    return path


def test_polygon_labels_are_rasterised_onto_the_prediction_grid(tmp_path):
    import shapely

    # One square per labelled pixel of TRUTH, except 0 and 255 (no polygon: not labelled).
    cells = [(r, c, v) for r, row in enumerate(TRUTH) for c, v in enumerate(row) if v not in (0, 255)]
    squares = [_pixel_square(r, c) for r, c, _ in cells]
    by_value = _write_polygons(tmp_path / "labels.gpkg", squares, [v for *_, v in cells])
    confusion = confusion_matrix(prediction(tmp_path, PREDICTED), by_value)
    expected = np.array([[0, 0, 0, 0], [0, 3, 0, 1], [0, 1, 4, 0], [1, 0, 0, 4]])
    np.testing.assert_array_equal(confusion.matrix, expected)
    assert confusion.matched_by == "values" and confusion.left_out == 0
    # Text classes in another CRS (WGS 84), matched by name and synonym; big polygons, not pixels.
    names = {1: "Water", 2: "forest", 3: "BUILDING"}
    wgs84 = [shapely.transform(s, lambda p: np.column_stack(
        rasterio.warp.transform("EPSG:32633", "EPSG:4326", p[:, 0], p[:, 1]))) for s in squares]
    by_name = _write_polygons(tmp_path / "named.gpkg", wgs84, [names[v] for *_, v in cells],
                              field="landcover", crs="EPSG:4326")
    path = tmp_path / "p3.tif"
    write_geotiff(path, np.asarray(PREDICTED, np.uint8), transform=GRID, nodata=0)
    with rasterio.open(path, "r+") as dataset:
        named_classes = {"1": "water", "2": "tree, forest", "3": "building"}
        dataset.update_tags(RESEG_CLASS_VALUES=json.dumps(named_classes))
    named = confusion_matrix(path, by_name, field="landcover")
    np.testing.assert_array_equal(named.matrix, expected)
    assert named.matched_by == "category names"
    with pytest.raises(EvaluationError, match="no field kind; its fields are landcover"):
        confusion_matrix(path, by_name, field="kind")
    with pytest.raises(EvaluationError, match="Choose the class field of .*: one of landcover"):
        confusion_matrix(path, by_name)


def _categories(path, names):
    items = "".join(f"<Category>{name}</Category>" for name in names)
    path.with_name(path.name + ".aux.xml").write_text(
        f'<PAMDataset><PAMRasterBand band="1"><CategoryNames>{items}</CategoryNames></PAMRasterBand>'
        '</PAMDataset>')


def test_label_category_names_and_a_mapping_file(tmp_path):
    # LoveDA-like labels: 1 background, 2 building, 6 forest; category names in the .aux.xml.
    truth = np.array([[1, 2, 6, 6], [1, 2, 6, 6], [0, 2, 2, 1], [1, 1, 6, 2]], np.uint8)
    labels = write_geotiff(tmp_path / "labels.tif", truth, transform=GRID)
    _categories(labels, ["no-data", "background", "building", "road", "water", "barren", "forest",
                         "agriculture"])
    predicted = write_geotiff(tmp_path / "p.tif", np.array([[1, 2, 3, 3]] * 4, np.uint8), transform=GRID,
                              nodata=0)
    with rasterio.open(predicted, "r+") as dataset:
        dataset.update_tags(RESEG_CLASS_VALUES=json.dumps({"1": "background", "2": "building",
                                                           "3": "tree, forest"}))
    confusion = confusion_matrix(predicted, labels)
    assert confusion.matched_by == "category names" and confusion.left_out == 1  # "no-data" is no class
    # Rows: background (1 → 1), building (2 → 2), forest (6 → 3).
    np.testing.assert_array_equal(confusion.matrix[1:, 1:], [[3, 1, 1], [0, 3, 2], [0, 0, 5]])
    mapping = tmp_path / "mapping.csv"
    mapping.write_text("label,class\n# many values onto one class\n1,tree\nforest,building\n2,ignore\n")
    mapped = confusion_matrix(predicted, labels, mapping=mapping)
    np.testing.assert_array_equal(mapped.matrix[1:, 1:], [[0, 0, 0], [0, 0, 5], [3, 1, 1]])
    mapping.write_text("1,grassland\n")
    with pytest.raises(EvaluationError, match="Line 1 of .*'grassland' is no class of the prediction; its "
                                              "classes are background; building; tree, forest"):
        confusion_matrix(predicted, labels, mapping=mapping)
    mapping.write_text("1,tree\nx\n")
    with pytest.raises(EvaluationError, match="Line 2 of .*write a label value, a comma and the class"):
        confusion_matrix(predicted, labels, mapping=mapping)


def test_labels_that_share_no_class_say_what_to_do(tmp_path):
    labels = write_geotiff(tmp_path / "labels.tif", np.full((4, 4), 9, np.uint8), transform=GRID)
    with pytest.raises(EvaluationError, match=r"no class with the prediction \(water; tree; building\)"):
        confusion_matrix(prediction(tmp_path, PREDICTED), labels)


def test_report_csv_and_json_from_the_command_line(tmp_path, capsys):
    import base64
    import csv as csv_module

    labels = write_geotiff(tmp_path / "labels.tif", np.asarray(TRUTH, np.uint8), transform=GRID)
    report, table, saved = tmp_path / "report.html", tmp_path / "scores.csv", tmp_path / "scores.json"
    code = cli.main(["evaluate", str(prediction(tmp_path, PREDICTED)), str(labels), "--ignore", "255",
                     "--report", str(report), "--csv", str(table), "--json", str(saved)])
    out = capsys.readouterr().out
    assert code == 0 and f"Wrote {report}" in out and "matched to classes by values" in out
    text = report.read_text()
    assert f"<td>{100 * (3 / 5 + 4 / 5 + 4 / 6) / 3:.1f} %</td>" in text  # mIoU
    assert "<th>building</th>" in text and ">4</td>" in text
    svg = base64.b64decode(text.split("data:image/svg+xml;base64,")[1].split('"')[0]).decode()
    assert "<svg" in svg and "viewBox" in svg and "IoU per class" in svg  # scales with the page, sharp
    assert "img.plot{display:block;width:100%;max-width:1600px;height:auto}" in text
    rows = list(csv_module.DictReader(table.open()))
    assert [row["class"] for row in rows] == ["water", "tree", "building"]
    assert float(rows[0]["iou"]) == pytest.approx(3 / 5) and rows[2]["reference_pixels"] == "5"
    assert rows[2]["predicted_pixels"] == "5"
    assert json.loads(saved.read_text())["inputs"]["ignored label values"] == "255"


def test_another_tools_classification_is_named_by_its_categories(tmp_path):
    # Not ours: no class list tag, but GDAL category names; the labels number the classes the other way.
    predicted = write_geotiff(tmp_path / "other.tif", np.array([[1, 1, 2, 2]] * 2, np.uint8), transform=GRID)
    _categories(predicted, ["", "Water", "Built-up"])
    labels = write_geotiff(tmp_path / "labels.tif", np.array([[2, 2, 1, 1]] * 2, np.uint8), transform=GRID)
    _categories(labels, ["", "built-up", "water"])
    confusion = confusion_matrix(predicted, labels)
    assert confusion.names == ["unclassified", "Water", "Built-up"]
    assert confusion.matched_by == "category names"
    assert np.trace(confusion.matrix) == 8 and confusion.matrix.sum() == 8


@pytest.mark.parametrize(("outputs", "said"), [
    (["--report", "{prediction}"], "HTML report would overwrite the prediction"),
    (["--csv", "{labels}"], "CSV file would overwrite the labels"),
    (["--json", "{link}"], "JSON file would overwrite the prediction"),  # another name for the same file
    (["--csv", "{out}", "--json", "{out}"], "CSV file and the JSON file are both"),
])
def test_no_output_replaces_an_input_or_another_output(tmp_path, capsys, outputs, said):
    predicted = prediction(tmp_path, PREDICTED)
    labels = write_geotiff(tmp_path / "labels.tif", np.asarray(TRUTH, np.uint8), transform=GRID)
    (tmp_path / "link.tif").symlink_to(predicted)
    before = {path: path.read_bytes() for path in (predicted, labels)}
    names = {"prediction": predicted, "labels": labels, "link": tmp_path / "link.tif",
             "out": tmp_path / "out.csv"}
    code = cli.main(["evaluate", str(predicted), str(labels), "--ignore", "255",
                     *[part.format(**names) for part in outputs]])
    assert code == 2 and said in capsys.readouterr().err
    assert {path: path.read_bytes() for path in before} == before
    assert not (tmp_path / "out.csv").exists()
