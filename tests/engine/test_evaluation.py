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
