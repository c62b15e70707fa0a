"""The pipeline driving the real segmenter (tiny random models): per-window SAM and a SAM context."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
import rasterio

from reseg_qgis.engine.cancellation import RunCancelled
from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.clip_models import tokenizer_for
from reseg_qgis.engine.models.segmenter import Segmenter
from reseg_qgis.engine.models.segmenter_config import SamLevel, SamSettings, SegmenterConfig
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from tests.helpers.models import TINY_CLIP_CONFIG, build_clip, build_sam
from tests.helpers.rasters import LANDSAT_RGB

LEVELS = tuple(SamLevel(2, 0.0, 0.0, 10) for _ in range(4))


def segmenter(**config):
    return Segmenter(build_clip(), tokenizer_for(TINY_CLIP_CONFIG), build_sam(),
                     SegmenterConfig(sam=SamSettings(levels=LEVELS, crop_n_layers=0), templates="reseg",
                                     **config), choose_device("cpu", "fp32"))


def landsat_extent(rows, cols):
    with rasterio.open(LANDSAT_RGB) as dataset:
        left, top = dataset.transform @ (cols[0], rows[0])
        right, bottom = dataset.transform @ (cols[1], rows[1])
    return left, bottom, right, top


def test_per_window_sam(tmp_path):
    seg = segmenter()
    result = segment_raster(str(LANDSAT_RGB), str(tmp_path / "out.tif"), seg, "water; land; cloud",
                            RasterOptions(extent=landsat_extent((200, 296), (300, 396)), overlap=16))
    computed = result.windows - result.skipped_windows
    assert seg.regions.stats.encoder_passes == computed  # one SAM pass per window
    with rasterio.open(result.output) as dataset:
        labels = dataset.read(1)
    assert labels.shape == (96, 96) and set(np.unique(labels)) <= {0, 1, 2, 3}


def test_a_sam_context_serves_several_windows(tmp_path):
    seg = segmenter(sam_context=128)
    result = segment_raster(str(LANDSAT_RGB), str(tmp_path / "out.tif"), seg, "water; land; cloud",
                            RasterOptions(extent=landsat_extent((200, 392), (300, 492)), overlap=32))
    computed = result.windows - result.skipped_windows
    passes = seg.regions.stats.encoder_passes
    assert 0 < passes < computed / 2, (passes, computed)
    with rasterio.open(result.output) as dataset:
        assert dataset.read(1).shape == (192, 192)


def test_contexts_cover_the_window_grid_with_the_fewest_sam_passes(tmp_path):
    from reseg_qgis.engine.raster.pipeline import _ContextRegions
    from reseg_qgis.engine.raster.tiling import Layout

    layout = Layout.plan(1000, 1000, 224, 112)  # window origins spread over 896 px per axis
    regions = _ContextRegions(None, None, 224, 1024, layout)
    first, step, size, count = regions.axes[0]
    assert (count, step, size) == (2, 448, 672)  # not 2 contexts of 1024 px, mostly padding
    origins = {regions._origin(top, 0) for top in layout.rows}
    assert len(origins) == 2
    for top in layout.rows:
        origin = regions._origin(top, 0)
        assert origin <= top and top + 224 <= origin + size


def test_two_runs_at_once_on_one_segmenter_give_what_each_gives_alone(tmp_path):
    seg = segmenter()
    extents = [landsat_extent((200, 296), (300, 396)), landsat_extent((400, 496), (100, 196))]

    def run(index, folder):
        result = segment_raster(str(LANDSAT_RGB), str(folder / f"out{index}.tif"), seg, "water; land; cloud",
                                RasterOptions(extent=extents[index], overlap=16, batch_size=2))
        with rasterio.open(result.output) as dataset:
            return dataset.read(1)

    alone = [run(i, tmp_path) for i in range(2)]
    (tmp_path / "together").mkdir()
    with ThreadPoolExecutor(2) as pool:
        together = list(pool.map(run, range(2), [tmp_path / "together"] * 2))
    for expected, got in zip(alone, together):
        np.testing.assert_array_equal(got, expected)


def test_cancel_is_seen_between_the_sam_runs_of_a_batch(tmp_path):
    seg = segmenter()
    calls = []
    original = seg.regions.label_maps

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    seg.regions.label_maps = counted
    with pytest.raises(RunCancelled):
        segment_raster(str(LANDSAT_RGB), str(tmp_path / "out.tif"), seg, "water; land",
                       RasterOptions(extent=landsat_extent((200, 296), (300, 396)), overlap=16, batch_size=8),
                       cancelled=lambda: len(calls) >= 2)
    assert len(calls) == 2  # not the whole batch of 8 windows
    assert list(tmp_path.iterdir()) == []


def test_the_bar_moves_while_one_sam_context_is_computed(tmp_path):
    seg = segmenter(sam_context=256)
    seen = []
    segment_raster(str(LANDSAT_RGB), str(tmp_path / "out.tif"), seg, "water; land",
                   RasterOptions(extent=landsat_extent((200, 392), (300, 492)), overlap=32),
                   stage=lambda *report: seen.append(report))
    sam = [(done, total, percent) for stage, done, total, percent in seen if stage == "sam"]
    assert sam[0] == (0, 1, 0.0) and sam[-1][:2] == (1, 1)  # one context serves all 36 windows
    assert any(done == 0 and 0 < percent < 80 for done, _, percent in sam)  # within it: encoder, levels
    percents = [percent for stage, _, _, percent in seen if stage in ("sam", "clip")]
    assert percents == sorted(percents) and percents[-1] == 100.0
    assert [stage for stage, *_ in seen][:2] == ["classes", "sam"] and seen[-1][0] == "writing"


def test_sam_contexts_encoded_in_batches_give_the_same_labels(tmp_path, monkeypatch):
    """As on a GPU with room for several SAM contexts: the panel's contexts of a row encoded together,
    fewer encoder passes, the same classes."""
    from tests.helpers.sam_masks import RealisticMasks

    extent = landsat_extent((200, 392), (300, 492))
    labels, stats = {}, {}
    for batch in (1, 3):
        seg = segmenter(sam_context=128)
        masks = RealisticMasks(seg.regions.sam)  # masks that do not depend on the embedding's last bits
        monkeypatch.setattr(seg.regions, "batch_size", lambda batch=batch: batch)
        result = segment_raster(str(LANDSAT_RGB), str(tmp_path / f"out-{batch}.tif"), seg,
                                "water; land; cloud", RasterOptions(extent=extent, overlap=32))
        masks.remove()
        with rasterio.open(result.output) as dataset:
            labels[batch] = dataset.read(1)
        stats[batch] = seg.regions.stats
    np.testing.assert_array_equal(labels[3], labels[1])
    assert len(np.unique(labels[1])) > 1
    assert stats[1].encoder_batches == stats[1].encoder_passes == stats[3].encoder_passes
    assert 0 < stats[3].encoder_batches < stats[3].encoder_passes
