"""An evaluation under bad or unusual input: wrong numbers are refused with a message that says what to
do, dropped data is counted and said, outputs are committed together or not at all, and unusual but
legal input (large class values, points, many classes) is counted without a blow-up."""

from __future__ import annotations

import base64
import errno
import json
import re
import struct

import numpy as np
import pytest
import rasterio

from reseg_qgis.engine import cli, run_files
from reseg_qgis.engine.evaluation import request as evaluation_request
from reseg_qgis.engine.evaluation.confusion import EvaluationError, confusion_matrix
from reseg_qgis.engine.evaluation.request import EvaluationRequest, evaluate
from tests.engine.test_evaluation import GRID, PREDICTED, TRUTH, _pixel_square, _write_polygons, prediction
from tests.helpers.rasters import write_geotiff

EXPECTED = np.array([[0, 0, 0, 0], [0, 3, 0, 1], [0, 1, 4, 0], [1, 0, 0, 4]])  # PREDICTED × TRUTH


def _labels(tmp_path, values=TRUTH, dtype=np.uint8, name="labels.tif", **kwargs):
    return write_geotiff(tmp_path / name, np.asarray(values, dtype), transform=GRID, **kwargs)


def _run(capsys, *args) -> tuple[int, str, str]:
    try:
        code = cli.main(["evaluate", *map(str, args)])
    except SystemExit as stop:  # argparse's refusal
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _cells(values=TRUTH, skip=(0, 255)):
    return [(r, c, v) for r, row in enumerate(values) for c, v in enumerate(row) if v not in skip]


def _features(path, geometries, values, geometry_type="Polygon"):
    """A GeoPackage of ``geometries`` with a class field of ``values`` as given (any dtype)."""
    import shapely
    from pyogrio.raw import write

    write(path, np.array(shapely.to_wkb(geometries), dtype=object), [np.asarray(values)], ["class"],
          geometry_type=geometry_type, crs="EPSG:32633", driver="GPKG")
    return path


# Class: wrong numbers with exit 0.

@pytest.mark.parametrize("names", [{1: "urban", 2: "forest", 3: "farmland"}, {1: "1", 2: "2", 3: "3"}])
def test_text_class_names_that_match_no_class_are_refused_not_scored_as_values(tmp_path, capsys, names):
    cells = _cells()
    polygons = _write_polygons(tmp_path / "named.gpkg", [_pixel_square(r, c) for r, c, _ in cells],
                               [names[v] for *_, v in cells], field="landcover")
    code, _, err = _run(capsys, prediction(tmp_path, PREDICTED), polygons, "--field", "landcover")
    assert code == 2 and "match no class of the prediction (water; tree; building)" in err
    assert "mapping file" in err
    # Another tool's raster, whose classes are only values: texts are never its values either.
    other = write_geotiff(tmp_path / "other.tif", np.asarray(PREDICTED, np.uint8), transform=GRID)
    with pytest.raises(EvaluationError, match="match no class"):
        confusion_matrix(other, polygons, field="landcover")


def test_text_names_partly_matched_leave_the_rest_out_and_say_so(tmp_path, capsys):
    names = {1: "Water", 2: "urban", 3: "building"}
    cells = _cells()
    polygons = _write_polygons(tmp_path / "named.gpkg", [_pixel_square(r, c) for r, c, _ in cells],
                               [names[v] for *_, v in cells], field="landcover")
    confusion = confusion_matrix(prediction(tmp_path, PREDICTED), polygons, field="landcover")
    assert confusion.left_out == 5 and confusion.matrix[2].sum() == 0  # no tree row: "urban" is no class
    np.testing.assert_array_equal(confusion.matrix[[1, 3]], EXPECTED[[1, 3]])
    code, out, _ = _run(capsys, prediction(tmp_path, PREDICTED, name="p2.tif"), polygons,
                        "--field", "landcover")
    assert code == 0 and "5 labelled pixels of no class left out" in out


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_fractional_labels_are_refused_and_whole_floats_counted(tmp_path, dtype):
    whole = confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path, dtype=dtype), ignore=[255])
    np.testing.assert_array_equal(whole.matrix, EXPECTED)
    for bad, shown in ((1.5, "1.5"), (2.25, "2.25"), (np.inf, "inf")):
        values = np.asarray(TRUTH, dtype)
        values[1, 1] = bad
        with pytest.raises(EvaluationError, match=f"whole numbers from 0 to 65535; .* holds {shown}"):
            confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path, values, dtype, "f.tif"))


def test_fractional_polygon_classes_are_refused(tmp_path):
    cells = _cells()
    squares = [_pixel_square(r, c) for r, c, _ in cells]
    whole = _features(tmp_path / "whole.gpkg", squares, np.array([v for *_, v in cells], np.float64))
    np.testing.assert_array_equal(confusion_matrix(prediction(tmp_path, PREDICTED), whole).matrix, EXPECTED)
    fractions = np.array([v + 0.5 * (i == 2) for i, (*_, v) in enumerate(cells)], np.float64)
    broken = _features(tmp_path / "fractions.gpkg", squares, fractions)
    with pytest.raises(EvaluationError, match="whole numbers from 0 to 65535; .* holds 2.5"):
        confusion_matrix(prediction(tmp_path, PREDICTED), broken)


@pytest.mark.parametrize(("rows", "line"), [
    ("1,water\n1,tree\n", 2),
    ("label,class\n2,tree\n3,building\n2,ignore\n", 4),
    ("1,water\n1,2\n", 2),  # by value: 2 is tree
])
def test_a_mapping_file_that_contradicts_itself_is_refused(tmp_path, rows, line):
    mapping = tmp_path / "mapping.csv"
    mapping.write_text(rows)
    with pytest.raises(EvaluationError, match=f"Line {line} of .* but line .* maps it to .*keep one"):
        confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path), mapping=mapping)
    mapping.write_text("1,water\n1,water\n1,1\n")  # said again, the same: fine
    assert confusion_matrix(prediction(tmp_path, PREDICTED, name="p2.tif"), _labels(tmp_path),
                            mapping=mapping, ignore=[255]).matrix.sum() == 14


@pytest.mark.parametrize(("values", "said"), [
    ([-1], "-1 is no label value"),
    ([70000], "70000 is no label value"),
    ([10 ** 20], "100000000000000000000 is no label value"),
    (["abc"], "must be whole numbers; 'abc' was given"),
    ([True], "must be whole numbers; True was given"),
    ([1.5], "must be whole numbers; 1.5 was given"),
])
def test_ignored_values_out_of_range_or_not_whole_are_refused(tmp_path, values, said):
    with pytest.raises(EvaluationError, match=re.escape(said)):
        EvaluationRequest.from_mapping({"prediction": "p.tif", "labels": "l.tif", "ignore": values})


@pytest.mark.parametrize(("pair", "said"), [
    ("1=-1", "--map 1=-1: -1 is no class value of the prediction (its classes: 1 water; 2 tree; 3 building)"),
    ("1=0", "--map 1=0: 0 is no class value"),
    ("1=9", "--map 1=9: 9 is no class value"),
    ("70000=1", "--map 70000=1: 70000 is no label value"),
    ("-1=2", "--map -1=2: -1 is no label value"),
    ("1=99999999999999999999", "99999999999999999999 is no class value"),
])
def test_a_map_to_no_class_or_from_no_label_is_refused(tmp_path, capsys, pair, said):
    code, out, err = _run(capsys, prediction(tmp_path, PREDICTED), _labels(tmp_path), f"--map={pair}")
    assert code == 2 and said in err and "Traceback" not in err and out == ""


@pytest.mark.filterwarnings("ignore:invalid value encountered")
def test_polygons_with_nan_coordinates_are_refused_and_blank_ones_counted(tmp_path, capsys):
    import shapely

    cells = _cells()
    squares = [_pixel_square(r, c) for r, c, _ in cells]
    values = [v for *_, v in cells]
    broken = _features(tmp_path / "nan.gpkg", [*squares, shapely.Polygon([(0, 0), (np.nan, 1), (1, 1)])],
                       np.array([*values, 2], np.int64))
    with pytest.raises(EvaluationError, match="1 features of .* have coordinates that are not numbers"):
        confusion_matrix(prediction(tmp_path, PREDICTED), broken)
    # An empty geometry, and a polygon whose class is blank: left out, counted, and said.
    from pyogrio.raw import write

    geometries = [*shapely.to_wkb(squares), shapely.to_wkb(shapely.Polygon()), shapely.to_wkb(squares[0])]
    write(tmp_path / "blank.gpkg", np.array(geometries, dtype=object),
          [np.array([str(v) for v in values] + ["water", ""], dtype=object)], ["class"],
          geometry_type="Polygon", crs="EPSG:32633", driver="GPKG")
    reseg = prediction(tmp_path, PREDICTED, name="named.tif")
    with rasterio.open(reseg, "r+") as dataset:
        dataset.update_tags(RESEG_CLASS_VALUES=json.dumps({"1": "1", "2": "2", "3": "3"}))
    code, out, _ = _run(capsys, reseg, tmp_path / "blank.gpkg", "--json", tmp_path / "s.json")
    assert code == 0 and "2 label features without a geometry or a class value left out" in out
    saved = json.loads((tmp_path / "s.json").read_text())
    assert saved["features_left_out"] == 2 and saved["matrix"] == EXPECTED.tolist()


# Class: partial output after a failure.

def _fail_on(monkeypatch, writer: str, error: OSError):
    def failing(path, *args, **kwargs):
        raise error

    monkeypatch.setattr(evaluation_request, writer, failing)


@pytest.mark.parametrize("writer", ["write_html", "write_csv", "write_json"])
def test_a_failed_output_leaves_none_and_keeps_what_was_there(tmp_path, monkeypatch, writer):
    outputs = {"report": tmp_path / "r.html", "csv": tmp_path / "s.csv", "json": tmp_path / "s.json"}
    outputs["csv"].write_text("an earlier table")
    _fail_on(monkeypatch, writer, OSError(errno.ENOSPC, "No space left on device"))
    request = EvaluationRequest(str(prediction(tmp_path, PREDICTED)), str(_labels(tmp_path)), ignore=(255,),
                                **{key: str(path) for key, path in outputs.items()})
    with pytest.raises(EvaluationError) as caught:
        evaluate(request)
    failed = {"write_html": "HTML report r.html", "write_csv": "CSV file s.csv",
              "write_json": "JSON file s.json"}
    output, name = failed[writer].rsplit(" ", 1)
    said = f"Cannot write the {output} {tmp_path / name}: No space left on device. Nothing was written"
    assert said in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labels.tif", "prediction.tif", "s.csv"]
    assert outputs["csv"].read_text() == "an earlier table"


def test_a_cancel_while_writing_leaves_nothing(tmp_path):
    from reseg_qgis.engine.cancellation import RunCancelled

    calls = []
    request = EvaluationRequest(str(prediction(tmp_path, PREDICTED)), str(_labels(tmp_path)),
                                report=str(tmp_path / "r.html"), json=str(tmp_path / "s.json"))

    def cancelled():
        calls.append(1)
        return len(calls) > 2  # after the matrix, during the outputs

    with pytest.raises(RunCancelled):
        evaluate(request, cancelled=cancelled)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["labels.tif", "prediction.tif"]


@pytest.mark.parametrize(("option", "target", "said"), [
    ("--report", "missing/r.html", "The folder of the HTML report, {tmp}/missing, does not exist"),
    ("--csv", "folder", "The CSV file {tmp}/folder is a folder or another non-file"),
    ("--mapping", "none.csv", "The mapping file {tmp}/none.csv does not exist or is not a file"),
])
def test_outputs_and_the_mapping_file_are_checked_before_anything_is_read(tmp_path, capsys, monkeypatch,
                                                                           option, target, said):
    (tmp_path / "folder").mkdir()
    monkeypatch.setattr(evaluation_request, "confusion_matrix", lambda *a, **k: pytest.fail("read"))
    code, _, err = _run(capsys, prediction(tmp_path, PREDICTED), _labels(tmp_path), option, tmp_path / target)
    assert code == 2 and said.format(tmp=tmp_path) in err


# Class: unusual but legal input.

def test_large_class_values_count_only_the_values_present(tmp_path):
    predicted = np.asarray(PREDICTED, np.uint16) * 20000  # 20000, 40000, 60000
    other = write_geotiff(tmp_path / "other.tif", predicted, transform=GRID, nodata=0)
    labels = _labels(tmp_path, np.asarray(TRUTH, np.uint16) * 20000, np.uint16)
    confusion = confusion_matrix(other, labels, ignore=[255 * 20000 % 65536])
    assert confusion.values == [20000, 40000, 60000]
    assert confusion.names == ["unclassified", "20000", "40000", "60000"]
    assert confusion.matrix.shape == (4, 4) and confusion.matrix[1:, 1:].trace() == 11


def test_labels_of_a_class_never_predicted_count_in_another_tools_raster(tmp_path):
    other = write_geotiff(tmp_path / "other.tif", np.asarray(PREDICTED, np.uint8), transform=GRID, nodata=0)
    truth = np.asarray(TRUTH, np.uint8)
    truth[3, 0] = 7  # a class the other tool never predicted
    confusion = confusion_matrix(other, _labels(tmp_path, truth), ignore=[255])
    assert confusion.values == [1, 2, 3, 7] and confusion.left_out == 1  # the label 0
    assert confusion.matrix[4].tolist() == [0, 0, 0, 1, 0]  # 7 predicted as 3: wrong, and counted


@pytest.mark.parametrize("kind", ["csv", "gpkg"])
def test_a_table_without_geometry_is_refused(tmp_path, kind):
    from pyogrio.raw import write

    path = tmp_path / f"table.{kind}"
    if kind == "csv":
        path.write_text("class\n1\n2\n")
    else:
        write(path, None, [np.array([1, 2], np.int64)], ["class"], driver="GPKG")
    with pytest.raises(EvaluationError, match="holds a table without geometries; give polygons"):
        confusion_matrix(prediction(tmp_path, PREDICTED), path)


def test_point_labels_count_the_pixel_under_each_point(tmp_path):
    cells = _cells()
    points = [_pixel_square(r, c).centroid for r, c, _ in cells]
    path = _features(tmp_path / "points.gpkg", points, np.array([v for *_, v in cells], np.int64), "Point")
    np.testing.assert_array_equal(confusion_matrix(prediction(tmp_path, PREDICTED), path).matrix, EXPECTED)
    # One point: a footprint of no width, inside the prediction.
    one = _features(tmp_path / "one.gpkg", points[:1], np.array([1], np.int64), "Point")
    assert confusion_matrix(prediction(tmp_path, PREDICTED, name="p2.tif"), one).matrix[1, 1] == 1


def test_a_report_of_many_classes_embeds_one_pixel_per_cell(tmp_path):
    from reseg_qgis.engine.evaluation.confusion import Confusion
    from reseg_qgis.engine.evaluation.metrics import scores
    from reseg_qgis.engine.evaluation.report import write_html

    classes = 255
    matrix = np.ones((classes + 1, classes + 1), np.int64)
    matrix[0] = 0
    names = ["unclassified", *(f"class {i}" for i in range(1, classes + 1))]
    text = write_html(tmp_path / "r.html", Confusion(matrix, names, 0), scores(matrix, names)).read_text()
    svg = base64.b64decode(text.split("data:image/svg+xml;base64,")[1].split('"')[0]).decode()
    png = base64.b64decode(svg.split("data:image/png;base64,")[1].split('"')[0])
    width, height = struct.unpack(">II", png[16:24])  # the PNG header's size of the matrix image
    assert (width, height) == (classes + 1, classes)
    assert re.search(r'<svg[^>]* width="(\d+(\.\d+)?)pt"', svg) and float(
        re.search(r'<svg[^>]* width="([\d.]+)pt"', svg)[1]) <= 60 * 72  # the figure's size is bounded


# Class: messages that say something false or nothing useful.

def test_a_raster_given_with_a_class_field_says_the_field_is_for_polygons(tmp_path, capsys):
    code, _, err = _run(capsys, prediction(tmp_path, PREDICTED), _labels(tmp_path), "--field", "class")
    assert code == 2 and "is a raster: a class field (or a layer) is chosen for polygon labels only" in err
    assert "cannot be opened" not in err.lower()


@pytest.mark.parametrize(("value", "nodata", "said"), [
    (np.nan, None, "holds NaN (not a number) and declares no nodata value"),
    (1.5, None, "values must be whole numbers, one per class; {path} holds 1.5"),
    (np.nan, np.nan, None),  # declared: unclassified, counted as wrong
])
def test_nan_or_fractions_in_a_prediction_are_named(tmp_path, value, nodata, said):
    values = np.asarray(PREDICTED, np.float32)
    values[0, 0] = value
    path = write_geotiff(tmp_path / "float.tif", values, transform=GRID, nodata=nodata)
    if said is None:
        confusion = confusion_matrix(path, _labels(tmp_path), ignore=[255])
        assert confusion.matrix[1, 0] == 1 and confusion.matrix[1, 1] == 2
    else:
        with pytest.raises(EvaluationError, match=re.escape(said.format(path=path))):
            confusion_matrix(path, _labels(tmp_path))


def test_nan_labels_without_nodata_say_so(tmp_path):
    values = np.asarray(TRUTH, np.float32)
    values[2, 2] = np.nan
    with pytest.raises(EvaluationError, match="holds NaN .* as a label and declares no nodata value"):
        confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path, values, np.float32))
    declared = _labels(tmp_path, values, np.float32, name="declared.tif", nodata=np.nan)
    assert confusion_matrix(prediction(tmp_path, PREDICTED), declared, ignore=[255]).matrix.sum() == 13


def test_a_mapping_file_that_is_not_utf8_is_named(tmp_path):
    mapping = tmp_path / "mapping.csv"
    mapping.write_bytes("1,b\u00e2timent\n".encode("cp1252"))
    with pytest.raises(EvaluationError, match=f"The mapping file {mapping} is not UTF-8 text"):
        confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path), mapping=mapping)


@pytest.mark.parametrize(("values", "said"), [
    ({"prediction": 5}, "The prediction must be given as text (a path or a name); 5 was given."),
    ({"labels": ["a.tif"]}, "The labels must be given as text"),
    ({"report": {"path": "r.html"}}, "The report must be given as text"),
    ({"ignore": 255}, "The ignore list must be whole numbers; 255 was given."),
    ({"ignore": "255"}, "The ignore list must be whole numbers; '255' was given."),
    ({"pairs": [[1, 2, 3]]}, "LABEL=CLASS pairs) must be whole numbers; (1, 2, 3) was given."),
    ({"pairs": [[1, "x"]]}, "--map 1=x must be whole numbers; 'x' was given."),
    ({"pairs": 7}, "The pairs list must be whole numbers; 7 was given."),
])
def test_a_request_of_the_wrong_shape_names_the_field(values, said):
    """What the worker passes on from a request: each wrong type is named, never a TypeError."""
    with pytest.raises(EvaluationError) as caught:
        EvaluationRequest.from_mapping({"prediction": "p.tif", "labels": "l.tif", **values})
    assert said in str(caught.value)


# The wider sweep.

@pytest.mark.parametrize(("output", "target", "input"), [
    ("--csv", "v.dbf", "labels"), ("--json", "v.shx", "labels"), ("--report", "v.prj", "labels"),
    ("--json", "prediction.tif.aux.xml", "prediction"),
])
def test_no_output_replaces_a_file_that_belongs_to_an_input(tmp_path, capsys, output, target, input):
    import shapely
    from pyogrio.raw import write

    cells = _cells()
    shapefile = tmp_path / "v.shp"
    write(shapefile, np.array(shapely.to_wkb([_pixel_square(r, c) for r, c, _ in cells]), dtype=object),
          [np.array([v for *_, v in cells], np.int64)], ["class"], geometry_type="Polygon",
          crs="EPSG:32633", driver="ESRI Shapefile")
    predicted = prediction(tmp_path, PREDICTED)
    (tmp_path / "prediction.tif.aux.xml").write_text("<PAMDataset/>")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    code, _, err = _run(capsys, predicted, shapefile, output, tmp_path / target)
    assert code == 2 and f"would overwrite the {input}" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize(("args", "said"), [
    (["--map", "1=2", "1=3"], "--map gives label 1 two classes (2 and 3); keep one."),
    (["--ignore", "1", "--map", "1=2"], "Label 1 is both ignored and mapped to class 2; keep one of "
                                        "the two."),
    (["--ignore", ",,,"], "give numbers separated by commas"),
    (["--report", ""], "The HTML report was given an empty name"),
    (["--mapping", ""], "The mapping file was given an empty name"),
])
def test_contradictory_or_empty_options_are_refused(tmp_path, capsys, args, said):
    code, _, err = _run(capsys, prediction(tmp_path, PREDICTED), _labels(tmp_path), *args)
    assert code == 2 and said in err


def test_text_labels_cannot_be_named_by_number(tmp_path):
    names = {1: "water", 2: "tree", 3: "building"}
    cells = _cells()
    polygons = _write_polygons(tmp_path / "named.gpkg", [_pixel_square(r, c) for r, c, _ in cells],
                               [names[v] for *_, v in cells], field="landcover")
    predicted = prediction(tmp_path, PREDICTED)
    assert confusion_matrix(predicted, polygons, field="landcover").matrix.sum() == 14  # by name: fine
    mapping = tmp_path / "m.csv"
    mapping.write_text("1,building\n")
    for kwargs, said in (({"label_map": {1: 3}}, "--map cannot name them by number (1=3)"),
                         ({"ignore": [1]}, "--ignore cannot name them by number (1)"),
                         ({"mapping": mapping}, f"Line 1 of {mapping} cannot name them by number (1)")):
        with pytest.raises(EvaluationError, match=re.escape(said)):
            confusion_matrix(predicted, polygons, field="landcover", **kwargs)


@pytest.mark.parametrize(("rows", "said"), [
    ("1,tree\n--5,water\n", "Line 2 of {path}: write a label value"),  # not a number (line 1: a header)
    ("1,tree\n\u00b2,water\n", "Line 2 of {path}: write a label value"),
    ("1,tree\n2,\u00b3\n", "Line 2 of {path}: '\u00b3' is no class of the prediction"),
    ("1,tree\n-1,water\n", "Line 2 of {path}: '-1' is no label value"),
    ("70000,water\n", "Line 1 of {path}: '70000' is no label value"),
    ("# only a comment\n\n", "The mapping file {path} holds no mapping rows"),
    ("", "The mapping file {path} holds no mapping rows"),
    ("1," + "x" * 200_000 + "\n", "Line 1 of {path} cannot be read as CSV (field larger than field limit"),
])
def test_mapping_rows_that_are_no_numbers_or_no_rows_name_file_and_line(tmp_path, rows, said):
    mapping = tmp_path / "m.csv"
    mapping.write_text(rows)
    with pytest.raises(EvaluationError, match=re.escape(said.format(path=mapping))):
        confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path), mapping=mapping)


def test_a_signed_label_on_the_first_line_is_a_row_not_a_header(tmp_path):
    mapping = tmp_path / "m.csv"
    mapping.write_text("+1,tree\n")  # water labels count as tree
    confusion = confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path), mapping=mapping,
                                 ignore=[255])
    assert confusion.matrix[1].sum() == 0 and confusion.matrix[2, 1] == 4  # 3 water, 1 tree predicted water


def test_boolean_classes_are_texts_and_lists_are_refused(tmp_path):
    import shapely

    cells = _cells()
    squares = [_pixel_square(r, c) for r, c, _ in cells]
    booleans = _features(tmp_path / "b.gpkg", squares, np.array([v == 1 for *_, v in cells]))
    with pytest.raises(EvaluationError, match=r"names in field class .* \(False, True\) match no class"):
        confusion_matrix(prediction(tmp_path, PREDICTED), booleans)
    geojson = tmp_path / "lists.geojson"
    features = [{"type": "Feature", "properties": {"class": [1, 2] if i == 1 else 1},
                 "geometry": json.loads(shapely.to_geojson(square))} for i, square in enumerate(squares)]
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(EvaluationError, match="holds lists or objects .* not class values"):
        confusion_matrix(prediction(tmp_path, PREDICTED), geojson)


def test_empty_layers_a_missing_layer_and_several_bands_say_so(tmp_path):
    cells = _cells()
    squares = [_pixel_square(r, c) for r, c, _ in cells]
    from pyogrio.raw import write

    write(tmp_path / "null.gpkg", np.array([sq.wkb for sq in squares], dtype=object),
          [np.array([None] * len(squares), dtype=object)], ["class"], geometry_type="Polygon",
          crs="EPSG:32633", driver="GPKG")
    with pytest.raises(EvaluationError, match=r"holds no feature with a geometry and a class value \(14 "):
        confusion_matrix(prediction(tmp_path, PREDICTED), tmp_path / "null.gpkg")
    with pytest.raises(EvaluationError, match=r"has no layer nope; its layers are null"):
        confusion_matrix(prediction(tmp_path, PREDICTED), tmp_path / "null.gpkg", layer="nope")
    three = write_geotiff(tmp_path / "three.tif", np.stack([np.asarray(TRUTH, np.uint8)] * 3), transform=GRID)
    with pytest.raises(EvaluationError, match="has 3 bands; a label raster has one band"):
        confusion_matrix(prediction(tmp_path, PREDICTED), three)
    with pytest.raises(EvaluationError, match="has 3 bands; a classified raster has one band"):
        confusion_matrix(three, _labels(tmp_path))


def test_pixels_outside_labels_without_nodata_are_not_counted_as_labelled(tmp_path):
    from affine import Affine

    half = write_geotiff(tmp_path / "half.tif", np.asarray(TRUTH, np.uint8)[:2, :2],
                         transform=Affine(10.0, 0, 500000.0, 0, -10.0, 5200000.0))  # the top-left 2 x 2
    confusion = confusion_matrix(prediction(tmp_path, PREDICTED), half)
    assert confusion.matrix.sum() == 4 and confusion.left_out == 0


@pytest.mark.parametrize("tag", ["{}", "not json", '{"x": "a"}'])
def test_a_damaged_class_tag_counts_the_raster_as_another_tools(tmp_path, tag):
    path = write_geotiff(tmp_path / "p.tif", np.asarray(PREDICTED, np.uint8), transform=GRID, nodata=0)
    with rasterio.open(path, "r+") as dataset:
        dataset.update_tags(RESEG_CLASS_VALUES=tag)
    confusion = confusion_matrix(path, _labels(tmp_path), ignore=[255])
    assert confusion.names == ["unclassified", "1", "2", "3"]
    assert confusion.matrix.tolist() == EXPECTED.tolist()


def test_an_unwritable_output_folder_is_named_before_anything_is_read(tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(run_files.tempfile, "TemporaryFile", refused)
    with pytest.raises(EvaluationError, match=f"The folder of the CSV file, {tmp_path}, is not writable "
                                              r"\(Permission denied\)"):
        EvaluationRequest("p.tif", "l.tif", csv=str(tmp_path / "s.csv"))


# The second sweep.

@pytest.mark.parametrize(("option", "name", "said"), [
    ("--csv", "out.json", "The CSV file is written as a CSV table; give it a name ending in .csv"),
    ("--json", "out.html", "The JSON file is written as JSON; give it a name ending in .json"),
    ("--report", "out.txt", "The HTML report is written as an HTML page; give it a name ending in .html "
                            "or .htm"),
])
def test_evaluation_outputs_are_named_for_what_they_hold(tmp_path, capsys, option, name, said):
    code, _, err = _run(capsys, prediction(tmp_path, PREDICTED), _labels(tmp_path), option, tmp_path / name)
    assert code == 2 and said in err and not (tmp_path / name).exists()


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")  # the GCPs come after
def test_complex_labels_and_ground_control_points_are_named(tmp_path):
    complex_labels = _labels(tmp_path, np.asarray(TRUTH, np.complex64) + 1j, np.complex64)
    with pytest.raises(EvaluationError, match=r"holds complex numbers \(complex64\)"):
        confusion_matrix(prediction(tmp_path, PREDICTED), complex_labels)
    from rasterio.control import GroundControlPoint

    gcps = [GroundControlPoint(row, col, x, y) for row, col, x, y in
            ((0, 0, 500000, 5200000), (0, 4, 500040, 5200000), (4, 0, 500000, 5199960))]
    by_gcps = tmp_path / "gcps.tif"
    with rasterio.open(by_gcps, "w", driver="GTiff", width=4, height=4, count=1, dtype="uint8") as dataset:
        dataset.write(np.asarray(TRUTH, np.uint8), 1)
        dataset.gcps = (gcps, rasterio.crs.CRS.from_epsg(32633))
    with pytest.raises(EvaluationError, match="georeferenced by ground control points"):
        confusion_matrix(prediction(tmp_path, PREDICTED), by_gcps)


def test_polygons_smaller_than_a_pixel_label_the_pixel_under_them(tmp_path):
    import shapely

    cells = _cells()
    centres = [_pixel_square(r, c).centroid for r, c, _ in cells]
    # 0.5 m squares beside each 10 m pixel's centre: none holds a centre.
    small = [shapely.box(p.x - 1, p.y - 1, p.x - 0.5, p.y - 0.5) for p in centres]
    path = _features(tmp_path / "small.gpkg", small, np.array([v for *_, v in cells], np.int64))
    np.testing.assert_array_equal(confusion_matrix(prediction(tmp_path, PREDICTED), path).matrix, EXPECTED)


def test_a_mapping_row_of_three_cells_is_refused(tmp_path):
    mapping = tmp_path / "m.csv"
    mapping.write_text("1,tree,extra\n")
    with pytest.raises(EvaluationError, match=f"Line 1 of {mapping}: write a label value"):
        confusion_matrix(prediction(tmp_path, PREDICTED), _labels(tmp_path), mapping=mapping)
