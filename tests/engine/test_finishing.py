"""What a run makes of the finished classes: the minimum mapping unit, area statistics, polygons and
Cloud-Optimised GeoTIFFs, all committed with the raster or not at all."""

from __future__ import annotations

import csv
import math
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import rasterio
import rasterio.warp
import shapely
from affine import Affine
from pyogrio import read_info
from pyogrio.errors import FeatureError
from pyogrio.raw import read
from scipy import ndimage

from reseg_qgis.engine import limits
from reseg_qgis.engine.cancellation import RunCancelled
from reseg_qgis.engine.raster import class_areas as areas_module
from reseg_qgis.engine.raster import messages, output, polygons
from reseg_qgis.engine.raster.class_areas import AreaScale, class_areas, combined_areas
from reseg_qgis.engine.raster.output import OutputError
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from reseg_qgis.engine.raster.source import RasterInputError
from tests.helpers.fake_segmenter import PixelFunctionSegmenter, position_image
from tests.helpers.rasters import write_geotiff

CLASSES = "water; tree, forest; building; road"
UTM_CENTRE_SCALE = 0.9996  # the test rasters lie on zone 33N's central meridian: ground = map / 0.9996
NAMES = ["water", "tree, forest", "building", "road"]
COG_VALIDATOR = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_cloud_optimized_geotiff.py")


def run(tmp_path, image=None, name="out", **options):
    image = position_image(260, 300) if image is None else image
    source = tmp_path / "in.tif"
    if not source.exists():
        write_geotiff(source, image, nodata=0)
    return segment_raster(str(source), str(tmp_path / f"{name}.tif"), PixelFunctionSegmenter(32), CLASSES,
                          RasterOptions(**options))


def labels_of(path):
    with rasterio.open(path) as dataset:
        return dataset.read(1)


def polygons_of(path):
    _, _, geometries, fields = read(path)
    return shapely.from_wkb(geometries), dict(zip(read_info(path)["fields"], fields))


def test_polygons_carry_classes_and_add_up_to_the_raster(tmp_path):
    image = position_image(260, 300)
    image[:, :40, :50] = 0  # nodata: no polygon there
    result = run(tmp_path, image, vector=str(tmp_path / "classes.gpkg"))
    assert result.vector == tmp_path / "classes.gpkg"
    info = read_info(result.vector)
    assert list(info["fields"]) == ["class", "class_name", "area", "area_m2", "source", "classes"]
    assert info["geometry_type"] == "Polygon" and info["crs"] == "EPSG:32633"
    assert info["layer_metadata"]["RESEG_CLASSES"] == "water; tree, forest; building; road"
    geometries, fields = polygons_of(result.vector)
    labels = labels_of(result.output)
    assert set(fields["class"]) == set(np.unique(labels)) - {0}
    for value, name in enumerate(NAMES, start=1):
        chosen = fields["class"] == value
        assert set(fields["class_name"][chosen]) <= {name}
        # 10 m pixels: each class's polygons cover exactly its pixels; on the ground, 1/0.9996² more.
        assert fields["area"][chosen].sum() == pytest.approx((labels == value).sum() * 100.0)
        np.testing.assert_allclose(fields["area_m2"][chosen], fields["area"][chosen] / UTM_CENTRE_SCALE ** 2,
                                   rtol=1e-6)
    np.testing.assert_allclose(fields["area"], shapely.area(geometries))
    assert set(fields["source"]) == {"in.tif"} and set(fields["classes"]) == {CLASSES}
    nodata_corner = shapely.box(500000.0, 5200000.0 - 400.0, 500000.0 + 500.0, 5200000.0)
    assert shapely.area(shapely.intersection(geometries, nodata_corner)).sum() == pytest.approx(0.0)


def test_sieve_removes_small_regions_from_raster_and_polygons(tmp_path):
    plain = run(tmp_path, name="plain")
    sieved = run(tmp_path, name="sieved", sieve=40, vector=str(tmp_path / "sieved.gpkg"))
    before, after = labels_of(plain.output), labels_of(sieved.output)
    assert (before == 0).sum() == (after == 0).sum() and np.all((before == 0) == (after == 0))
    small = 0
    for value in range(1, len(NAMES) + 1):
        regions, count = ndimage.label(before == value)  # 4-connected, as the sieve
        small += int((np.bincount(regions.ravel())[1:] < 40).sum())
        regions, count = ndimage.label(after == value)
        assert count == 0 or np.bincount(regions.ravel())[1:].min() >= 40
    assert small > 0, "the test image must have regions to sieve"
    assert sieved.class_pixels == [int((after == v).sum()) for v in range(len(NAMES) + 1)]
    _, fields = polygons_of(sieved.vector)
    assert fields["area"].min() >= 40 * 100.0


def test_statistics_csv_and_result(tmp_path):
    result = run(tmp_path, statistics=str(tmp_path / "areas.csv"))
    labels = labels_of(result.output)
    with open(result.statistics, newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["class"] for row in rows] == ["unclassified / nodata", *NAMES]
    for value, (row, area) in enumerate(zip(rows, result.areas)):
        pixels = int((labels == value).sum())
        assert int(row["pixels"]) == area.pixels == pixels
        assert float(row["area_map_units"]) == pytest.approx(pixels * 100.0)
        assert float(row["area_m2"]) == pytest.approx(pixels * 100.0 / UTM_CENTRE_SCALE ** 2, rel=1e-6)
    assert rows[0]["percent"] == "" and result.areas[0].percent is None
    assert sum(float(row["percent"]) for row in rows[1:]) == pytest.approx(100.0, abs=1e-3)
    classified = (labels > 0).sum()
    assert result.areas[2].percent == pytest.approx(100.0 * (labels == 2).sum() / classified)


def _numeric_cell_m2(lat1, lat2, dlon, a=6378137.0, inverse_f=298.257223563):
    """The ellipsoid's area element M·N·cos φ integrated numerically, as an independent check."""
    f = 1 / inverse_f
    e2 = f * (2 - f)
    phi = np.radians(np.linspace(lat1, lat2, 20001))
    sine2 = np.sin(phi) ** 2
    element = a * (1 - e2) / (1 - e2 * sine2) ** 1.5 * a / np.sqrt(1 - e2 * sine2) * np.cos(phi)
    return abs(np.trapezoid(element, phi)) * math.radians(dlon)


def test_web_mercator_areas_are_ground_areas(tmp_path):
    """Web Mercator's map area is 3.6 times the ground's at 58° N; m² must be the ground's."""
    labels = np.ones((6, 4), np.uint8)
    labels[:, 2:] = 2
    grid = Affine(1000.0, 0, 0.0, 0, -1000.0, 8e6)
    mercator = write_geotiff(tmp_path / "mercator.tif", labels, crs="EPSG:3857", transform=grid, nodata=0)
    (west, east), (north, south) = rasterio.warp.transform("EPSG:3857", "EPSG:4326", [0.0, 4000.0],
                                                           [8e6, 8e6 - 6000.0])
    stats = class_areas(mercator, ["west", "east"])
    ground = _numeric_cell_m2(north, south, east - west)
    assert stats[1].area == stats[2].area == 12e6
    assert stats[1].area_m2 + stats[2].area_m2 == pytest.approx(ground, rel=1e-4)
    assert ground < 12e6 * 2 / 3.5


@pytest.mark.parametrize(("crs", "grid"), [("EPSG:4326", Affine(0.01, 0, 10.0, 0, -0.01, 60.0)),
                                          ("EPSG:3857", Affine(30.0, 0, 0.0, 0, -30.0, 8e6)),
                                          (None, Affine(2.0, 0, 0.0, 0, -2.0, 0.0))])
def test_the_statistics_of_a_mosaic_are_those_of_the_whole(tmp_path, crs, grid):
    """A mosaic's statistics are summed from its tiles': the same as the whole raster's."""
    labels = position_image(300, 200)[0] % 4
    whole_raster = write_geotiff(tmp_path / "whole.tif", labels, crs=crs, transform=grid, nodata=0)
    whole = class_areas(whole_raster, NAMES[:3])
    parts = []
    for row, column in ((0, 0), (0, 130), (170, 0), (170, 130)):
        piece = labels[row:row + 170, column:column + 130]
        path = write_geotiff(tmp_path / f"{row}-{column}.tif", piece, crs=crs, nodata=0,
                             transform=grid @ Affine.translation(column, row))
        parts.append(class_areas(path, NAMES[:3]))
    combined = combined_areas(parts)
    assert [a.pixels for a in combined] == [a.pixels for a in whole]
    assert sum(a.pixels for a in whole) == 60_000 and whole[0].pixels > 0
    for mine, theirs in zip(combined, whole):
        assert (mine.value, mine.name) == (theirs.value, theirs.name)
        assert mine.area == pytest.approx(theirs.area, rel=1e-12)
        assert mine.area_m2 == (None if crs is None else pytest.approx(theirs.area_m2, rel=1e-6))
        assert mine.percent == (None if mine.value == 0 else pytest.approx(theirs.percent, rel=1e-6))


def test_areas_in_square_metres_for_geographic_and_foot_crs(tmp_path):
    labels = np.ones((6, 4), np.uint8)
    labels[3:] = 2
    geographic = tmp_path / "wgs84.tif"
    grid = Affine(0.5, 0, 10.0, 0, -0.5, 60.0)
    write_geotiff(geographic, labels, crs="EPSG:4326", transform=grid, nodata=0)
    stats = class_areas(geographic, ["north", "south"])
    north = _numeric_cell_m2(60.0, 58.5, 2.0)
    south = _numeric_cell_m2(58.5, 57.0, 2.0)
    assert stats[1].area_m2 == pytest.approx(north, rel=1e-6)
    assert stats[2].area_m2 == pytest.approx(south, rel=1e-6)
    assert stats[1].area == pytest.approx(12 * 0.25)
    assert stats[1].percent == pytest.approx(100 * north / (north + south))
    scale = AreaScale(rasterio.crs.CRS.from_epsg(4326), grid)
    polygon = scale.polygon_m2(np.array([3.0]), np.array([11.0]), np.array([59.25]))[0]
    assert polygon == pytest.approx(north, rel=2e-3)  # the centroid's latitude: first order
    feet = tmp_path / "feet.tif"
    write_geotiff(feet, labels, crs="EPSG:2263", transform=Affine(3.0, 0, 1e6, 0, -3.0, 2e5), nodata=0)
    stats = class_areas(feet, ["north", "south"])
    assert stats[1].area == 12 * 9.0
    assert stats[1].area_m2 == pytest.approx(12 * 9.0 * 0.30480060960121924 ** 2, rel=2e-4)
    bare = tmp_path / "bare.tif"
    write_geotiff(bare, labels, crs=None, nodata=0)
    stats = class_areas(bare, ["north", "south"])
    assert stats[1].area_m2 is None and stats[1].area == 12 * 100.0 and stats[1].percent == 50.0


def _validate_cog(path: Path) -> None:
    python = shutil.which("python3", path="/usr/bin")
    if not COG_VALIDATOR.exists() or python is None:
        pytest.skip("GDAL's COG validator (Debian python3-gdal) is not installed")
    checked = subprocess.run([python, str(COG_VALIDATOR), str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "is a valid cloud optimized GeoTIFF" in checked.stdout


@pytest.mark.parametrize("overviews", ["mode", "nearest"])
def test_cloud_optimised_geotiff_with_class_preserving_overviews(tmp_path, overviews):
    image = np.repeat(np.repeat(position_image(130, 150), 8, axis=1), 8, axis=2)  # 1040 x 1200 px
    plain = run(tmp_path, image, name="plain")
    cog = run(tmp_path, image, name="cog", cog=True, overviews=overviews,
              confidence=str(tmp_path / "conf.tif"))
    _validate_cog(cog.output)
    _validate_cog(cog.confidence)
    labels = labels_of(plain.output)
    with rasterio.open(cog.output) as dataset, rasterio.open(plain.output) as reference:
        np.testing.assert_array_equal(dataset.read(1), labels)
        assert (dataset.transform, dataset.crs, dataset.nodata) == (reference.transform, reference.crs, 0)
        assert dataset.colormap(1) == reference.colormap(1)
        assert dataset.tags()["RESEG_CLASSES"] == reference.tags()["RESEG_CLASSES"]
        assert dataset.overviews(1) == [2, 4]
        overview = dataset.read(1, out_shape=(dataset.height // 2, dataset.width // 2))
    assert set(np.unique(overview)) <= set(np.unique(labels))  # classes, never averaged values
    blocks = labels.reshape(labels.shape[0] // 2, 2, labels.shape[1] // 2, 2)
    uniform = (blocks == blocks[:, :1, :, :1]).all(axis=(1, 3))
    np.testing.assert_array_equal(overview[uniform], blocks[:, 0, :, 0][uniform])
    if overviews == "nearest":
        np.testing.assert_array_equal(overview, labels[1::2, 1::2])


def test_cancel_while_finishing_leaves_nothing(tmp_path, monkeypatch):
    stages = []
    source = tmp_path / "in.tif"
    write_geotiff(source, position_image(260, 300), nodata=0)

    def stage(name, done, total, percent):
        stages.append(name)

    with pytest.raises(RunCancelled):
        segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(32), CLASSES,
                       RasterOptions(sieve=10, vector=str(tmp_path / "out.gpkg"), cog=True,
                                     statistics=str(tmp_path / "out.csv")),
                       stage=stage, cancelled=lambda: "polygons" in stages)
    assert "sieve" in stages and "polygons" in stages and "cog" not in stages
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]


def free_space(monkeypatch, megabytes: int) -> None:
    """The disk of every output folder has this much room left (as ``writing`` asks it)."""
    monkeypatch.setattr(output.shutil, "disk_usage", lambda folder: SimpleNamespace(free=megabytes * 10**6))


ROOM = [(1, messages.DISK_FULL), (10_000, messages.WRITE_FAILED)]  # MB free, and what a failed write says


@pytest.mark.parametrize(("megabytes", "template"), ROOM)
def test_a_failing_statistics_table_is_named_and_leaves_nothing(tmp_path, monkeypatch, megabytes, template):
    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(areas_module.csv, "writer", broken)
    free_space(monkeypatch, megabytes)
    with pytest.raises(OutputError) as raised:
        run(tmp_path, statistics=str(tmp_path / "out.csv"), vector=str(tmp_path / "out.gpkg"))
    assert raised.value.template == template
    assert str(raised.value).startswith(f"Cannot write {tmp_path / 'out.csv'}: [Errno 28] No space left")
    assert ("is full (1 MB free)" in str(raised.value)) == (megabytes == 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]


# What sqlite says when the disk fills up while GDAL creates a GeoPackage (seen with a file size limit).
GPKG_CONTENTS = ("sqlite3_exec(INSERT INTO gpkg_contents (table_name,data_type,identifier,description,"
                 "last_change,srs_id) VALUES ('classes','features','classes','',"
                 "strftime('%Y-%m-%dT%H:%M:%fZ','now'),32633)) failed: no such table: gpkg_contents")


@pytest.mark.parametrize(("megabytes", "template"), ROOM)
def test_a_failing_geopackage_write_names_the_file_and_leaves_nothing(tmp_path, monkeypatch, megabytes,
                                                                      template):
    def disk_full(path, *args, **kwargs):
        Path(path).write_bytes(b"SQLite format 3\0")  # what got onto the disk, and sqlite's journal
        Path(f"{path}-journal").write_bytes(b"\0")
        try:
            raise RuntimeError(GPKG_CONTENTS)  # GDAL's error, under pyogrio's
        except RuntimeError as gdal:
            raise FeatureError(f"Could not add feature to layer at index 0: {GPKG_CONTENTS}") from gdal

    monkeypatch.setattr(polygons, "write_layer", disk_full)
    free_space(monkeypatch, megabytes)
    target = tmp_path / "classes.gpkg"
    with pytest.raises(OutputError) as raised:
        run(tmp_path, vector=str(target), statistics=str(tmp_path / "areas.csv"), sieve=10)
    assert raised.value.template == template
    assert raised.value.values["path"] == str(target) and raised.value.values["folder"] == str(tmp_path)
    assert raised.value.values["cause"] == f"Could not add feature to layer at index 0: {GPKG_CONTENTS}"
    if template == messages.DISK_FULL:
        assert f"The disk holding {tmp_path} is full (1 MB free): free some space" in str(raised.value)
    else:
        assert f"Check that {tmp_path} is writable and its disk has room." in str(raised.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]


@pytest.mark.parametrize(("vector", "statistics", "message"), [
    ("out.shp", None, "out.shp: polygons are written as a GeoPackage, whose name ends in .gpkg; give a "
                      "name such as out.gpkg."),
    ("out.csv", None, "out.csv: polygons are written as a GeoPackage"),
    ("OUT.CSV", None, "OUT.CSV: polygons are written as a GeoPackage, whose name ends in .gpkg; give a "
                      "name such as OUT.gpkg."),
    ("out", None, "out: polygons are written as a GeoPackage"),
    (None, "out.txt", "out.txt: area statistics are written as a CSV table, whose name ends in .csv; "
                      "give a name such as out.csv."),
    (None, "out.gpkg", "out.gpkg: area statistics are written as a CSV table"),
    (None, "OUT.GPKG", "OUT.GPKG: area statistics are written as a CSV table"),
    (None, "out", "out: area statistics are written as a CSV table"),
    ("out.tif", None, "out.tif: polygons are written as a GeoPackage"),
    ("same.gpkg", "same.gpkg", "same.gpkg: area statistics are written as a CSV table"),
    ("P.GPKG", "A.CSV", None),  # the right suffixes, in capitals: written
])
def test_product_names_are_checked_before_any_work(tmp_path, vector, statistics, message):
    segmenter = PixelFunctionSegmenter(32)
    source = write_geotiff(tmp_path / "in.tif", position_image(64, 64))
    options = RasterOptions(vector=str(tmp_path / vector) if vector else None,
                            statistics=str(tmp_path / statistics) if statistics else None)
    if message is None:
        segment_raster(str(source), str(tmp_path / "out.tif"), segmenter, CLASSES, options)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["A.CSV", "P.GPKG", "in.tif", "out.qml",
                                                              "out.tif", "out.tif.aux.xml"]
        return
    with pytest.raises(OutputError) as raised:
        segment_raster(str(source), str(tmp_path / "out.tif"), segmenter, CLASSES, options)
    assert str(raised.value).startswith(f"{tmp_path}/{message}")
    assert not segmenter.calls  # nothing was asked of the models, not even the class names
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]


@pytest.mark.parametrize("scale", [None, 0.5])
def test_a_sieve_larger_than_the_processed_grid_is_refused_before_classification(tmp_path, scale):
    """GDAL's sieve refuses more pixels than the grid holds; the run refuses it first, not after the
    classification, naming the grid it processes (the scaled one, not the raster's own)."""
    source = write_geotiff(tmp_path / "in.tif", position_image(60, 70), nodata=0)
    width, height = (35, 30) if scale else (70, 60)
    pixels = width * height
    for sieve in (pixels + 1, 4200 if scale else 10 * pixels):  # 4,200: the raster's own pixels
        segmenter = PixelFunctionSegmenter(32)
        with pytest.raises(RasterInputError) as raised:
            segment_raster(str(source), str(tmp_path / "out.tif"), segmenter, CLASSES,
                           RasterOptions(sieve=sieve, scale=scale, vector=str(tmp_path / "out.gpkg")))
        assert raised.value.template == limits.SIEVE_OVER_GRID
        assert raised.value.values == {"value": sieve, "width": width, "height": height, "pixels": pixels}
        assert f"more than the whole processed raster holds ({width} x {height} = {pixels:,} pixels)" in \
            str(raised.value) and "or 0 to keep every region" in str(raised.value)
        assert not segmenter.calls
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]


def test_a_sieve_up_to_the_grids_pixels_runs(tmp_path):
    for sieve in (60 * 70 - 1, 60 * 70):
        result = run(tmp_path, position_image(60, 70), name=f"sieve{sieve}", sieve=sieve)
        assert sum(result.class_pixels) == 60 * 70


def test_replacing_a_geopackage_drops_its_stale_journal(tmp_path):
    first = run(tmp_path, vector=str(tmp_path / "out.gpkg"))
    Path(f"{first.vector}-wal").write_bytes(b"stale journal of the earlier file")
    second = run(tmp_path, vector=str(tmp_path / "out.gpkg"), sieve=50)
    assert not Path(f"{second.vector}-wal").exists()
    _, fields = polygons_of(second.vector)
    assert fields["area"].min() >= 50 * 100.0


def test_dissolved_polygons_are_one_multipolygon_per_class(tmp_path):
    regions = run(tmp_path, name="regions", vector=str(tmp_path / "regions.gpkg"))
    dissolved = run(tmp_path, name="dissolved", vector=str(tmp_path / "dissolved.gpkg"), dissolve=True)
    assert read_info(dissolved.vector)["geometry_type"] == "MultiPolygon"
    geometries, fields = polygons_of(dissolved.vector)
    labels = labels_of(dissolved.output)
    present = [value for value in range(1, len(NAMES) + 1) if (labels == value).any()]
    assert list(fields["class"]) == present and list(fields["class_name"]) == [NAMES[v - 1] for v in present]
    assert shapely.is_valid(geometries).all()
    parts, part_fields = polygons_of(regions.vector)
    for geometry, value, area, area_m2 in zip(geometries, fields["class"], fields["area"], fields["area_m2"]):
        assert area == pytest.approx((labels == value).sum() * 100.0)
        assert area_m2 == pytest.approx(area / UTM_CENTRE_SCALE ** 2)
        # Regions that touch at a corner merge into one part: never more parts than regions.
        assert len(shapely.get_parts(geometry)) <= (part_fields["class"] == value).sum()
        union = shapely.union_all(parts[part_fields["class"] == value])
        assert shapely.symmetric_difference(geometry, union).area == pytest.approx(0.0, abs=1e-6)
