"""Runs on a Dask LocalCluster of 2 worker processes: the same labels as one process, bit for bit;
a lost worker's panels run again; a cancel or a failure leaves nothing; the CLI's --dask and
several rasters."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.transform import from_origin

from reseg_qgis.engine import cli
from reseg_qgis.engine.cancellation import RunCancelled
from reseg_qgis.engine.cluster.connection import ClusterError, connected, local_workers
from reseg_qgis.engine.cluster.runs import segment_on_cluster
from reseg_qgis.engine.cluster.worker_tasks import WorkerSegmenter
from reseg_qgis.engine.raster.mosaic_output import MosaicWriter
from reseg_qgis.engine.raster.output import OutputError
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from reseg_qgis.engine.session import EngineSession, RunEvents, SegmentRequest
from reseg_qgis.engine.translatable import ResegError
from reseg_qgis.engine.weights.store import MissingWeights, ModelStore
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.fake_segmenter import MixedWorkersFactory, PixelFunctionFactory, position_image
from tests.helpers.tiny_cache import TINY_CLIP, make_tiny_cache

CLASSES = "water; land, island; cloud"
TINY = dict(classes=CLASSES, clip=TINY_CLIP, use_sam=False, window=64, device="cpu", precision="fp32")


@pytest.fixture(scope="module")
def client():
    with connected("local:2") as client:
        yield client


@pytest.fixture(scope="module")
def tiny_cache(tmp_path_factory):
    return str(make_tiny_cache(tmp_path_factory.mktemp("cache")))


def landsat_strip(path, width=4400, height=96):
    """Landsat pixels repeated into a strip wide enough for several panels (2,048 px without SAM)."""
    with rasterio.open(LANDSAT_RGB) as source:
        piece = source.read(window=((50, 50 + height), (0, 700)))
        crs = source.crs
    values = np.concatenate([piece] * (width // 700 + 1), axis=2)[:, :, :width]
    with rasterio.open(path, "w", driver="GTiff", height=height, width=width, count=3, dtype="uint8", crs=crs,
                       transform=from_origin(100_000, 2_000_000, 30, 30)) as target:
        target.write(values)
    return str(path)


def position_strip(path, width=6500, height=64):
    """Values that encode the position: a panel copied to the wrong place changes the labels."""
    with rasterio.open(path, "w", driver="GTiff", height=height, width=width, count=3, dtype="uint8",
                       crs="EPSG:32633", transform=from_origin(500_000, 5_000_000, 1, 1)) as target:
        target.write(position_image(height, width))
    return str(path)


def read(path):
    with rasterio.open(path) as dataset:
        return dataset.read(), dataset.profile, dataset.tags()


def test_panels_on_two_workers_match_one_process(client, tiny_cache, tmp_path):
    """Two panels cut into three bands of rows: six tasks, whose edges the windows overlap."""
    source = landsat_strip(tmp_path / "strip.tif", width=2300, height=600)
    products = dict(sieve=4, cog=True, overlap=16)
    here = EngineSession(ModelStore(tiny_cache)).segment(SegmentRequest(
        input=source, output=str(tmp_path / "one.tif"), confidence=str(tmp_path / "one-conf.tif"),
        statistics=str(tmp_path / "one.csv"), **products, **TINY), keep_features=False)
    there = segment_on_cluster(SegmentRequest(
        input=source, output=str(tmp_path / "two.tif"), confidence=str(tmp_path / "two-conf.tif"),
        statistics=str(tmp_path / "two.csv"), **products, **TINY), client, cache_dir=tiny_cache,
        band_rows=256)
    (labels, profile, tags), (labels2, profile2, tags2) = read(here.output), read(there.output)
    assert np.array_equal(labels, labels2) and len(np.unique(labels)) > 1
    assert profile == profile2
    assert tags2["RESEG_MODELS"] == tags["RESEG_MODELS"] and tags2["RESEG_CLASSES"] == tags["RESEG_CLASSES"]
    assert tags2["RESEG_PRECISION"] == tags["RESEG_PRECISION"] == "CLIP fp32, text fp32 (asked: fp32)"
    assert tags2["RESEG_DEVICE"].startswith("CPU: ")  # the workers' (their own thread count)
    np.testing.assert_allclose(read(there.confidence)[0], read(here.confidence)[0], atol=1e-6)
    assert (tmp_path / "two.csv").read_text() == (tmp_path / "one.csv").read_text()
    assert there.class_pixels == here.class_pixels
    assert there.windows > here.windows  # the windows over a band's edge run for both bands
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no panel folder left


def test_a_worker_lost_midway_has_its_panels_run_again(tmp_path):
    source = position_strip(tmp_path / "strip.tif")
    factory = PixelFunctionFactory(32, seconds=0.05)
    expected = segment_raster(source, str(tmp_path / "one.tif"), factory(), "a; b; c; d", RasterOptions())
    with connected("local:2") as own:
        before = own.run(os.getpid)
        victim = sorted(before.values())[0]
        threading.Timer(2.0, os.kill, (victim, signal.SIGKILL)).start()
        result = segment_on_cluster(SegmentRequest(input=source, output=str(tmp_path / "two.tif"),
                                                   classes="a; b; c; d"), own, factory=factory)
        after = own.run(os.getpid)
    assert victim not in after.values()  # the worker was lost, and its panels done by another
    assert np.array_equal(read(result.output)[0], read(expected.output)[0])
    assert result.windows == expected.windows


def test_workers_that_chose_other_number_formats_stop_the_run_and_leave_nothing(client, tmp_path):
    source = position_strip(tmp_path / "strip.tif")
    request = SegmentRequest(input=source, output=str(tmp_path / "o.tif"), classes="a; b; c")
    with pytest.raises(ClusterError, match=r"different number formats \(SAM encoder fp32.*; SAM encoder bf16"
                                           r".*Run with --precision fp32"):
        segment_on_cluster(request, client, factory=MixedWorkersFactory(32), band_rows=32)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["strip.tif"]


class CancelAfterFirstPanel(RunEvents):
    def __init__(self) -> None:
        self.panels = 0

    def stage(self, stage, done, total, percent) -> None:
        if stage == "panels":
            self.panels = done

    def cancelled(self) -> bool:
        return self.panels >= 1


def test_a_cancel_midway_leaves_nothing(client, tmp_path):
    source = position_strip(tmp_path / "strip.tif")
    request = SegmentRequest(input=source, output=str(tmp_path / "out" / "classes.tif"), classes="a; b",
                             confidence=str(tmp_path / "out" / "conf.tif"))
    (tmp_path / "out").mkdir()
    with pytest.raises(RunCancelled):
        segment_on_cluster(request, client, CancelAfterFirstPanel(),
                           factory=PixelFunctionFactory(32, seconds=0.02))
    assert list((tmp_path / "out").iterdir()) == []


def vrt_sources(path) -> list[str]:
    return [e.text for e in ET.parse(path).iter("SourceFilename")]


def test_a_vrt_output_is_a_mosaic_of_cog_tiles_with_the_same_labels(client, tmp_path):
    """Each task's rows are a georeferenced COG tile; the VRT over them reads as the one-file output."""
    source = position_strip(tmp_path / "strip.tif", width=5000, height=600)
    factory = PixelFunctionFactory(32)
    classes = "a; b; c; d"
    one = segment_raster(source, str(tmp_path / "one.tif"), factory(), classes,
                         RasterOptions(statistics=str(tmp_path / "one.csv")))
    (tmp_path / "out").mkdir()
    destination = tmp_path / "out" / "mosaic.vrt"
    result = segment_on_cluster(SegmentRequest(input=source, output=str(destination), classes=classes,
                                               statistics=str(tmp_path / "out" / "areas.csv")),
                                client, factory=factory, band_rows=256)
    assert result.output == destination and result.class_pixels == one.class_pixels
    with rasterio.open(destination) as mosaic, rasterio.open(one.output) as single:
        assert np.array_equal(mosaic.read(), single.read()) and len(np.unique(mosaic.read())) == 4
        assert (mosaic.crs, mosaic.transform, mosaic.nodata) == (single.crs, single.transform, 0)
        assert [mosaic.colormap(1)[v] for v in range(5)] == [single.colormap(1)[v] for v in range(5)]
        assert mosaic.tags()["RESEG_CLASSES"] == single.tags()["RESEG_CLASSES"]
    categories = [e.text for e in ET.parse(destination).iter("Category")]
    assert categories == ["unclassified", "a", "b", "c", "d"]
    assert (tmp_path / "out" / "areas.csv").read_text() == (tmp_path / "one.csv").read_text()
    assert (tmp_path / "out" / "mosaic.qml").read_text() == one.output.with_suffix(".qml").read_text()
    tiles = sorted((tmp_path / "out" / "mosaic_tiles").iterdir())
    assert len(tiles) == 3 * 3  # 3 panels of 2,048 columns x 3 bands of 256 rows
    assert sorted(vrt_sources(destination)) == [f"mosaic_tiles/{t.name}" for t in tiles]
    with rasterio.open(tiles[4]) as tile:  # r256, c2048: a tile is a COG on its own, where it lies
        assert tile.tags(ns="IMAGE_STRUCTURE")["LAYOUT"] == "COG" and tile.overviews(1)
        assert tile.transform == one.transform @ Affine.translation(2048, 256)
        assert tile.colormap(1)[1] == (*one.colours[0], 255)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["areas.csv", "mosaic.qml", "mosaic.vrt",
                                                                    "mosaic_tiles"]


def test_a_mosaic_replaces_an_earlier_one_whole(client, tmp_path):
    source = position_strip(tmp_path / "strip.tif", width=3000, height=300)
    factory = PixelFunctionFactory(32)
    destination = tmp_path / "mosaic.vrt"
    request = SegmentRequest(input=source, output=str(destination), classes="a; b")
    segment_on_cluster(request, client, factory=factory, band_rows=256)
    assert len(list((tmp_path / "mosaic_tiles").iterdir())) == 4
    (tmp_path / "mosaic.vrt.aux.xml").write_text("<PAMDataset/>")  # an earlier file's statistics
    segment_on_cluster(request, client, factory=factory, band_rows=512)
    tiles = sorted(p.name for p in (tmp_path / "mosaic_tiles").iterdir())
    assert len(tiles) == 2 and sorted(vrt_sources(destination)) == [f"mosaic_tiles/{t}" for t in tiles]
    assert not (tmp_path / "mosaic.vrt.aux.xml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_cancelled_mosaic_leaves_nothing_and_whole_raster_products_are_refused(client, tmp_path):
    source = position_strip(tmp_path / "strip.tif")
    (tmp_path / "out").mkdir()
    request = SegmentRequest(input=source, output=str(tmp_path / "out" / "m.vrt"), classes="a; b")
    with pytest.raises(RunCancelled):
        segment_on_cluster(request, client, CancelAfterFirstPanel(),
                           factory=PixelFunctionFactory(32, seconds=0.02))
    out = tmp_path / "out"
    for option, value in (("sieve", 4), ("vector", str(out / "p.gpkg")), ("confidence", str(out / "c.tif"))):
        with pytest.raises(ResegError, match="mosaic of tiles made apart.*write a .tif output"):
            segment_on_cluster(replace(request, **{option: value}), client, factory=PixelFunctionFactory(32))
    assert list((tmp_path / "out").iterdir()) == []


def test_a_mosaic_is_refused_before_anything_is_written_when_its_names_clash(tmp_path):
    source = position_strip(tmp_path / "strip.tif", width=300)
    (tmp_path / "m_tiles").write_text("a file where the tiles' folder goes")
    grid = dict(height=64, width=300, crs=None, transform=Affine.identity(), labels=["a"],
                colours=[(1, 2, 3)], tags={})
    with pytest.raises(OutputError, match="m_tiles is in the way of the mosaic's tiles"):
        MosaicWriter(tmp_path / "m.vrt", **grid)
    with pytest.raises(OutputError, match="is the input raster"):
        MosaicWriter(source, **grid, protected=[source])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m_tiles", "strip.tif"]


class FailingFactory:
    def __call__(self):
        return FailingSegmenter()


class FailingSegmenter:
    window_size = 32

    def encode_classes(self, classes):
        return PixelFunctionFactory()().encode_classes(classes)

    def encode_windows(self, windows, region_maps=None, cancelled=None):
        raise RuntimeError("out of memory on this worker")

    def classify(self, features, classes):
        raise AssertionError("not reached")


def test_a_panel_that_fails_for_good_is_named(client, tmp_path):
    source = position_strip(tmp_path / "strip.tif")
    request = SegmentRequest(input=source, output=str(tmp_path / "out" / "classes.tif"), classes="a; b")
    (tmp_path / "out").mkdir()
    with pytest.raises(ClusterError, match=r"Panel \d of 4 \(output columns \d+ to \d+, rows 0 to 63\) "
                                           r"failed: RuntimeError: out of memory on this worker"):
        segment_on_cluster(request, client, factory=FailingFactory(), retries=0)
    assert list((tmp_path / "out").iterdir()) == []


def test_missing_weights_on_the_workers_say_what_the_command_line_says(client, tmp_path):
    source = landsat_strip(tmp_path / "strip.tif", width=300)
    request = SegmentRequest(input=source, output=str(tmp_path / "o.tif"), classes=CLASSES, preset="fast",
                             clip="openai-vit-b-16", device="cpu")
    empty = str(tmp_path / "empty-cache")
    with pytest.raises(MissingWeights) as here:
        EngineSession(ModelStore(empty)).segment(request)
    with pytest.raises(MissingWeights) as there:
        segment_on_cluster(request, client, factory=WorkerSegmenter(request, empty))
    assert str(there.value) == str(here.value) and there.value.template == here.value.template
    assert not (tmp_path / "o.tif").exists()


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_line_on_a_local_cluster_and_many_rasters(tiny_cache, tmp_path, capsys):
    (tmp_path / "in").mkdir()
    first = landsat_strip(tmp_path / "in" / "first.tif", width=2300)
    second = landsat_strip(tmp_path / "in" / "second.tif", width=500)
    common = ["-c", CLASSES, "--clip", TINY_CLIP, "--no-sam", "--window", "64", "--device", "cpu",
              "--precision", "fp32", "--cache-dir", tiny_cache]
    code, stdout, stderr = run(capsys, "segment", first, "-o", tmp_path / "panels.tif", "--dask", "local:2",
                               *common)
    assert code == 0, stderr
    assert "Dask cluster: tcp://" in stderr and "2 workers" in stderr and "Panels" in stderr
    assert f"Wrote {tmp_path / 'panels.tif'} (2300 x 96 px" in stdout
    code, stdout, stderr = run(capsys, "segment", tmp_path / "in" / "*.tif", "--output-folder",
                               tmp_path / "cluster", "--dask", "local:2", *common)
    assert code == 0, stderr
    code, _, stderr = run(capsys, "segment", first, second, "--output-folder", tmp_path / "here", *common)
    assert code == 0, stderr
    for name in ("first", "second"):
        assert np.array_equal(read(tmp_path / "cluster" / f"{name}_classes.tif")[0],
                              read(tmp_path / "here" / f"{name}_classes.tif")[0])
    assert np.array_equal(read(tmp_path / "panels.tif")[0], read(tmp_path / "here" / "first_classes.tif")[0])
    code, stdout, stderr = run(capsys, "segment", first, "-o", tmp_path / "mosaic.vrt", "--dask", "local:2",
                               *common)
    assert code == 0, stderr
    assert "with mosaic.qml and mosaic_tiles/" in stdout
    assert np.array_equal(read(tmp_path / "mosaic.vrt")[0], read(tmp_path / "panels.tif")[0])


def test_command_line_mistakes_say_what_to_do(tmp_path, capsys):
    code, _, stderr = run(capsys, "segment", LANDSAT_RGB, LANDSAT_RGB, "-c", "a; b", "-o", tmp_path / "o.tif")
    assert code == 2 and "--output-folder" in stderr
    code, _, stderr = run(capsys, "segment", tmp_path / "*.tif", "-c", "a; b", "--output-folder", tmp_path)
    assert code == 2 and "No file matches" in stderr
    code, _, stderr = run(capsys, "segment", LANDSAT_RGB, "-c", "a; b", "-o", tmp_path / "o.vrt")
    assert code == 2 and "add --dask local:N" in stderr and not (tmp_path / "o.vrt").exists()
    with pytest.raises(ClusterError, match="local:N"):
        local_workers("local:0")
    with pytest.raises(ClusterError, match="Cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with connected("tcp://127.0.0.1:9", timeout=1):
            pass


def mosaic_vrt(path, tiles, tile_width, height, width, transform_text="500000,1,0,5000000,0,-1"):
    """A VRT mosaic of 3-band tiles laid side by side, ``tile_width`` apart."""
    bands = []
    for band in (1, 2, 3):
        sources = "".join(
            f"<SimpleSource><SourceFilename relativeToVRT=\"0\">{tile}</SourceFilename>"
            f"<SourceBand>{band}</SourceBand><SrcRect xOff=\"0\" yOff=\"0\" xSize=\"{tile_width}\" "
            f"ySize=\"{height}\"/><DstRect xOff=\"{i * tile_width}\" yOff=\"0\" xSize=\"{tile_width}\" "
            f"ySize=\"{height}\"/></SimpleSource>" for i, tile in enumerate(tiles))
        bands.append(f"<VRTRasterBand dataType=\"Byte\" band=\"{band}\">{sources}</VRTRasterBand>")
    path.write_text(f"<VRTDataset rasterXSize=\"{width}\" rasterYSize=\"{height}\"><SRS>EPSG:32633</SRS>"
                    f"<GeoTransform>{transform_text}</GeoTransform>{''.join(bands)}</VRTDataset>")
    return str(path)


def test_a_vrt_mosaic_and_a_file_over_http_as_input(client, tmp_path):
    """Workers read the input where GDAL can: a VRT of tiles, and /vsicurl/ from a loopback server."""
    whole = position_image(64, 4200)
    tiles = []
    for i in range(2):
        tile = tmp_path / f"tile{i}.tif"
        corner = from_origin(500_000 + 2100 * i, 5_000_000, 1, 1)
        with rasterio.open(tile, "w", driver="GTiff", height=64, width=2100, count=3, dtype="uint8",
                           crs="EPSG:32633", transform=corner) as out:
            out.write(whole[:, :, 2100 * i:2100 * (i + 1)])
        tiles.append(tile)
    mosaic = mosaic_vrt(tmp_path / "mosaic.vrt", tiles, 2100, 64, 4200)
    single = position_strip(tmp_path / "single.tif", width=4200)
    factory = PixelFunctionFactory(32)
    expected = read(segment_raster(single, str(tmp_path / "one.tif"), factory(), "a; b; c",
                                   RasterOptions()).output)[0]
    server = subprocess.Popen([sys.executable, "-m", "tests.helpers.http_server", single],
                              stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
                              env={**os.environ, "no_proxy": "127.0.0.1,localhost"})
    try:
        url = server.stdout.readline().strip()
        for name, given in (("vrt", mosaic), ("http", f"/vsicurl/{url}")):
            result = segment_on_cluster(SegmentRequest(input=given, output=str(tmp_path / f"{name}.tif"),
                                                       classes="a; b; c"), client, factory=factory)
            assert np.array_equal(read(result.output)[0], expected), name
    finally:
        server.kill()
        server.wait()


def test_a_cluster_run_may_exceed_one_machines_limit(tmp_path):
    """A 12-gigapixel mosaic is refused on one machine and planned on a cluster."""
    from reseg_qgis.engine.cluster.runs import MAX_CLUSTER_PIXELS
    from reseg_qgis.engine.limits import MAX_OUTPUT_PIXELS
    from reseg_qgis.engine.raster.source import RasterSettingError, RasterSource

    tile = position_strip(tmp_path / "tile.tif", width=100)
    huge = mosaic_vrt(tmp_path / "huge.vrt", [tile], 100, 64, 120_000)
    text = (tmp_path / "huge.vrt").read_text().replace('rasterYSize="64"', 'rasterYSize="100000"')
    (tmp_path / "huge.vrt").write_text(text)
    assert 120_000 * 100_000 > MAX_OUTPUT_PIXELS
    with pytest.raises(RasterSettingError, match="gigapixels"):
        RasterSource(huge, statistics=False)
    with RasterSource(huge, statistics=False, max_pixels=MAX_CLUSTER_PIXELS) as source:
        assert (source.width, source.height) == (120_000, 100_000)
