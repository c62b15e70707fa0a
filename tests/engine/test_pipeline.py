"""The whole-raster pipeline with a deterministic fake segmenter: exact stitching, inputs, outputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from rasterio.enums import ColorInterp

from reseg_qgis.engine.cancellation import RunCancelled
from reseg_qgis.engine.raster import output, pipeline
from reseg_qgis.engine.raster.output import OutputError
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from reseg_qgis.engine.raster.source import RasterInputError
from tests.helpers.fake_segmenter import PixelFunctionSegmenter, position_image, probabilities
from tests.helpers.rasters import DEFAULT_TRANSFORM, LANDSAT_RGB, write_geotiff

CLASSES = "water; tree, forest; building; road"


def reference(image_bands: np.ndarray, classes: int = 4):
    """Unwindowed result: labels and top probability of the whole image at once."""
    scores = probabilities(np.moveaxis(image_bands, 0, -1), classes)
    return (scores.argmax(axis=0) + 1).astype(np.uint8), scores.max(axis=0)


def read(path, band=1):
    with rasterio.open(path) as dataset:
        return dataset.read(band)


@pytest.fixture
def narrow_panels(monkeypatch):
    monkeypatch.setattr(pipeline, "PANEL_TILES", 1)  # 256 px panel cores: several panels in a small test


@pytest.mark.parametrize("size,overlap", [(32, 0), (32, 8), (32, 16), (48, 20), (64, 50)])
def test_windowed_equals_unwindowed(tmp_path, narrow_panels, size, overlap):
    image = position_image(300, 600)
    source = write_geotiff(tmp_path / "in.tif", image)
    options = RasterOptions(window=size, overlap=overlap, confidence=str(tmp_path / "conf.tif"))
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(size), CLASSES,
                            options)
    labels, top = reference(image)
    np.testing.assert_array_equal(read(result.output), labels)
    np.testing.assert_allclose(read(result.confidence), top, atol=1e-5)
    assert sum(result.class_pixels) == 300 * 600


def test_georeferencing_is_identical(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(70, 90))
    out = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES).output
    with rasterio.open(source) as src, rasterio.open(out) as dst:
        assert dst.crs == src.crs and dst.transform == src.transform
        assert (dst.width, dst.height) == (src.width, src.height)
    # GDAL's own reading of the same files: tests/qgis/test_classified_raster.py.


def test_output_format_legend_and_provenance(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(300, 280))
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                            RasterOptions(colours="water=#0000ff"), tags={"RESEG_MODELS": "fake"})
    with rasterio.open(result.output) as dataset:
        assert dataset.count == 1 and dataset.dtypes == ("uint8",) and dataset.nodata == 0
        assert dataset.profile["tiled"] and dataset.block_shapes == [(256, 256)]
        assert dataset.profile["compress"] == "deflate"
        colormap = dataset.colormap(1)
        assert colormap[1] == (0, 0, 255, 255) and colormap[0][3] == 0
        tags = dataset.tags()
    assert tags["RESEG_CLASSES"] == "water; tree, forest; building; road"
    assert json.loads(tags["RESEG_CLASS_VALUES"])["2"] == "tree, forest"
    assert tags["RESEG_MODELS"] == "fake" and tags["RESEG_VERSION"] and tags["RESEG_CREATED"]
    assert json.loads(tags["RESEG_SETTINGS"])["window"] == 32
    # The category names and attribute table as GDAL reads them: tests/qgis/test_classified_raster.py.
    qml = (tmp_path / "out.qml").read_text()
    assert 'type="paletted"' in qml and 'label="tree, forest"' in qml and 'color="#0000ff"' in qml
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif", "out.qml", "out.tif", "out.tif.aux.xml"]


def test_nodata_pixels_come_out_as_zero(tmp_path):
    image = position_image(64, 64)
    image[:, 10:20, 30:50] = 0
    source = write_geotiff(tmp_path / "in.tif", image, nodata=0)
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES)
    labels = read(result.output)
    nodata = (image == 0).all(axis=0)
    assert (labels[nodata] == 0).all() and (labels[~nodata] > 0).all()
    assert result.class_pixels[0] == nodata.sum()


@pytest.mark.parametrize("kind", ["internal mask", "alpha band"])
def test_masked_pixels_come_out_as_zero(tmp_path, kind):
    """GDAL masks without a nodata value: a per-dataset mask, or an RGBA alpha band."""
    image = position_image(48, 64)
    hidden = np.zeros((48, 64), dtype=bool)
    hidden[5:25, 10:40] = True
    source = write_geotiff(tmp_path / "in.tif", image)
    if kind == "internal mask":
        with rasterio.Env(GDAL_TIFF_INTERNAL_MASK=True), rasterio.open(source, "r+") as dataset:
            dataset.write_mask(np.where(hidden, 0, 255).astype(np.uint8))
    else:
        alpha = np.where(hidden, 0, 255).astype(np.uint8)[np.newaxis]
        source = write_geotiff(tmp_path / "rgba.tif", np.concatenate([image, alpha]))
        with rasterio.open(source, "r+") as dataset:
            dataset.colorinterp = [ColorInterp.red, ColorInterp.green, ColorInterp.blue, ColorInterp.alpha]
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES)
    labels = read(result.output)
    assert (labels[hidden] == 0).all() and (labels[~hidden] > 0).all()
    assert result.class_pixels[0] == hidden.sum()


def test_windows_with_only_nodata_are_skipped(tmp_path):
    image = position_image(40, 200)
    image[:, :, 100:] = 0
    source = write_geotiff(tmp_path / "in.tif", image, nodata=0)
    segmenter = PixelFunctionSegmenter()
    result = segment_raster(str(source), str(tmp_path / "out.tif"), segmenter, CLASSES)
    assert result.skipped_windows > 0
    assert segmenter.windows_seen == result.windows - result.skipped_windows


def test_uint16_single_band_is_stretched_and_repeated(tmp_path):
    band = position_image(50, 70)[0].astype(np.uint16) * 40 + 1000
    source = write_geotiff(tmp_path / "pan.tif", band[np.newaxis])
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES)
    low, high = np.percentile(band.astype(np.float64), [2, 98])
    grey = np.clip((band - low) * 255.0 / (high - low), 0, 255).round().astype(np.uint8)
    labels, _ = reference(np.stack([grey] * 3))
    assert (read(result.output) == labels).mean() > 0.99  # float32 vs float64 stretch rounding


def test_float_with_nan(tmp_path):
    data = position_image(40, 40).astype(np.float32) / 255.0
    data[:, 3, 4] = np.nan
    source = write_geotiff(tmp_path / "f.tif", data)
    labels = read(segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(),
                                 CLASSES).output)
    assert labels[3, 4] == 0 and (np.delete(labels.ravel(), 3 * 40 + 4) > 0).all()


def test_six_bands_with_a_band_choice(tmp_path):
    image = position_image(48, 56)
    six = np.stack([image[2], image[0], 255 - image[1], image[1], image[2] // 2, image[0]])
    source = write_geotiff(tmp_path / "six.tif", six)
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                            RasterOptions(bands=(6, 4, 1)))
    labels, _ = reference(image)
    np.testing.assert_array_equal(read(result.output), labels)
    with pytest.raises(RasterInputError, match="2 bands chosen"):
        segment_raster(str(source), str(tmp_path / "o2.tif"), PixelFunctionSegmenter(), CLASSES,
                       RasterOptions(bands=(1, 2)))


def test_raster_smaller_than_a_window(tmp_path):
    image = position_image(9, 13)
    source = write_geotiff(tmp_path / "tiny.tif", image)
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(64), CLASSES)
    np.testing.assert_array_equal(read(result.output), reference(image)[0])
    assert result.windows == 1


@pytest.mark.parametrize("transform", [Affine(10, 0, 500000, 0, -25, 5200000),
                                       Affine(8, 3, 500000, 2, -8, 5200000)],
                         ids=["non-square pixels", "rotated"])
def test_pixel_grid_is_kept_for_odd_geotransforms(tmp_path, transform):
    image = position_image(40, 50)
    source = write_geotiff(tmp_path / "in.tif", image, transform=transform)
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES)
    with rasterio.open(result.output) as dataset:
        assert dataset.transform == transform
        np.testing.assert_array_equal(dataset.read(1), reference(image)[0])


def test_missing_crs_gives_none_and_a_warning(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(30, 30), crs=None)
    messages = []
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                            warn=messages.append)
    with rasterio.open(result.output) as dataset:
        assert dataset.crs is None
    assert any("no CRS" in m for m in messages) and result.warnings == messages


def test_extent_and_scale_give_the_subset_grid(tmp_path):
    image = position_image(100, 120)
    source = write_geotiff(tmp_path / "in.tif", image)
    x0, y0 = DEFAULT_TRANSFORM.c, DEFAULT_TRANSFORM.f
    extent = (x0 + 200, y0 - 700, x0 + 800, y0 - 300)  # cols 20..80, rows 30..70
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                            RasterOptions(extent=extent))
    assert (result.height, result.width) == (40, 60)
    assert result.transform == DEFAULT_TRANSFORM @ Affine.translation(20, 30)
    np.testing.assert_array_equal(read(result.output), reference(image[:, 30:70, 20:80])[0])
    halved = segment_raster(str(source), str(tmp_path / "half.tif"), PixelFunctionSegmenter(), CLASSES,
                            RasterOptions(scale=0.5))
    assert (halved.height, halved.width) == (50, 60)
    with rasterio.open(halved.output) as dataset:
        assert dataset.transform == DEFAULT_TRANSFORM @ Affine.scale(2, 2)


def test_threshold_and_uint8_confidence(tmp_path):
    image = position_image(40, 40)
    source = write_geotiff(tmp_path / "in.tif", image)
    result = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                            RasterOptions(threshold=0.6, confidence=str(tmp_path / "c.tif"),
                                          confidence_type="uint8"))
    labels, top = reference(image)
    expected = np.where(top >= 0.6, labels, 0)
    np.testing.assert_array_equal(read(result.output), expected)
    confidence = read(result.confidence)
    assert confidence.dtype == np.uint8 and (expected == 0).any()
    # Below the threshold the class is 0, but the probability is still there to inspect.
    np.testing.assert_allclose((confidence - 1) / 254, top, atol=0.003)


def test_cancel_midway_leaves_nothing(tmp_path, narrow_panels):
    source = write_geotiff(tmp_path / "in.tif", position_image(200, 600))
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    segmenter = PixelFunctionSegmenter()
    with pytest.raises(RunCancelled):
        segment_raster(str(source), str(tmp_path / "out.tif"), segmenter, CLASSES,
                       RasterOptions(confidence=str(tmp_path / "conf.tif"), batch_size=2),
                       cancelled=lambda: segmenter.calls["classify"] >= 20)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before


def test_progress_rises_to_100(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(100, 100))
    seen = []
    segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                   progress=seen.append)
    assert seen == sorted(seen) and seen[-1] == 100.0 and len(seen) > 3


@pytest.mark.parametrize(("sam_seconds", "window_seconds"), [(10, 2), (40, 0.25), (30, 0.5)])
def test_the_bar_follows_what_sam_runs_and_windows_cost(sam_seconds, window_seconds):
    """SAM contexts and CLIP windows take turns; the bar weighs them by their measured cost (a bar that
    gave SAM 80 % sat still for a minute on Landsat, where CLIP windows cost more). It never goes back,
    keeps close to the share of the time spent, and reaches 100 only at the end."""
    from reseg_qgis.engine.raster.pipeline import _RunProgress

    now, seen = [0.0], []
    tracker = _RunProgress(40, 4, lambda percent: seen.append((now[0], percent)), None, clock=lambda: now[0])
    for _ in range(4):
        for share in (0.5, 1.0):  # the encoder, then the levels
            now[0] += sam_seconds / 2
            tracker.sam_part(share) if share < 1 else tracker.sam_computed()
        for _ in range(10):
            now[0] += window_seconds
            tracker.windows_finished(1)
    tracker.finished()
    total = now[0]
    percents = [percent for _, percent in seen]
    assert percents == sorted(percents) and percents[-1] == 100.0 and 100.0 not in percents[:-2]
    assert max(abs(percent - 100 * time / total) for time, percent in seen) < 12
    still = [later - earlier for (earlier, before), (later, after) in zip(seen, seen[1:])
             if before == after and later > earlier]
    assert sum(still) < 0.05 * total  # where it sits still, it is not for long


def test_bad_destinations_are_refused_before_any_work(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(20, 20))
    segmenter = PixelFunctionSegmenter()
    cases = [(str(source), "is the input raster"), (str(tmp_path / "missing" / "o.tif"), "does not exist"),
             (str(tmp_path / "o.png"), "give it a .tif name")]
    for destination, message in cases:
        with pytest.raises(OutputError, match=message):
            segment_raster(str(source), destination, segmenter, CLASSES)
    # /proc refuses new files even to root, who may write anywhere else.
    with pytest.raises(OutputError, match="not writable"):
        segment_raster(str(source), "/proc/reseg-output.tif", segmenter, CLASSES)
    assert segmenter.windows_seen == 0


def test_real_landsat_subset(tmp_path):
    with rasterio.open(LANDSAT_RGB) as dataset:
        left, top = dataset.transform @ (300, 300)
        right, bottom = dataset.transform @ (420, 390)
        crs, transform = dataset.crs, dataset.transform
    result = segment_raster(str(LANDSAT_RGB), str(tmp_path / "landsat.tif"), PixelFunctionSegmenter(),
                            CLASSES, RasterOptions(extent=(left, bottom, right, top)))
    with rasterio.open(result.output) as dataset:
        assert dataset.crs == crs and (dataset.width, dataset.height) == (120, 90)
        assert dataset.transform == transform @ Affine.translation(300, 300)
        assert dataset.read(1).any()


def test_the_input_is_protected_through_links_and_its_style(tmp_path):
    source = write_geotiff(tmp_path / "scene.tif", position_image(20, 20))
    (tmp_path / "alias").symlink_to(tmp_path, target_is_directory=True)
    segmenter = PixelFunctionSegmenter()
    with pytest.raises(OutputError, match="is the input raster"):
        segment_raster(str(source), str(tmp_path / "alias" / "scene.tif"), segmenter, CLASSES)
    with pytest.raises(OutputError, match="style file of the input"):
        segment_raster(str(source), str(tmp_path / "scene.tiff"), segmenter, CLASSES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alias", "scene.tif"]


def test_stale_sidecars_of_an_earlier_output_go(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(30, 30))
    for name in ("out.tif.ovr", "out.tif.msk", "conf.tif.aux.xml"):
        (tmp_path / name).write_text("stale")
    segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), CLASSES,
                   RasterOptions(confidence=str(tmp_path / "conf.tif")))
    assert not any((tmp_path / name).exists() for name in ("out.tif.ovr", "out.tif.msk", "conf.tif.aux.xml"))
    assert "unclassified" in (tmp_path / "out.tif.aux.xml").read_text()


@pytest.mark.parametrize("locked_name", ["out.tif", "conf.tif", "out.qml"])
def test_an_output_that_cannot_be_replaced_keeps_the_old_one(tmp_path, monkeypatch, locked_name):

    source = write_geotiff(tmp_path / "in.tif", position_image(30, 30))
    options = RasterOptions(confidence=str(tmp_path / "conf.tif"))
    first = segment_raster(str(source), str(tmp_path / "out.tif"), PixelFunctionSegmenter(), "a; b", options)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_replace = output.os.replace

    def locked(src, dst):  # a file held open elsewhere can be neither moved nor replaced
        if locked_name in (Path(src).name, Path(dst).name):
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(output.os, "replace", locked)
    with pytest.raises(OutputError, match="Close it in other programs"):
        segment_raster(str(source), str(first.output), PixelFunctionSegmenter(), "c; d; e", options)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_panels_cut_into_bands_of_rows_give_the_same_labels(tmp_path):
    """What a cluster task computes: one band of rows of one panel, from every window touching it."""
    from reseg_qgis.engine.raster.pipeline import plan_bands, segment_panel

    height, width = 700, 2300
    source = tmp_path / "in.tif"
    with rasterio.open(source, "w", driver="GTiff", height=height, width=width, count=3, dtype="uint8",
                       crs="EPSG:32633", transform=Affine(1, 0, 0, 0, -1, 7000)) as target:
        target.write(position_image(height, width))
    segmenter = PixelFunctionSegmenter(64)
    options = RasterOptions(overlap=24)
    whole = segment_raster(str(source), str(tmp_path / "whole.tif"), segmenter, "a; b; c", options)
    with rasterio.open(whole.output) as result:
        expected = result.read(1)
    assembled = np.full_like(expected, 255)

    class Rows:
        def write(self, row, col, labels, confidence=None, valid=None):
            assembled[row:row + labels.shape[0], col:col + labels.shape[1]] = labels

    bands = plan_bands(height, 256)
    assert bands == [(0, 256), (256, 512), (512, 700)]
    for index in range(2):
        for band in bands:
            segment_panel(str(source), segmenter, "a; b; c", options, index, lambda layout, panel: Rows(),
                          rows=band)
    assert np.array_equal(assembled, expected)
