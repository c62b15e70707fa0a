"""Re-prompting: a changed class list reuses the image features of the previous run."""

from __future__ import annotations

import os

import numpy as np
import rasterio
import torch

from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.clip_models import tokenizer_for
from reseg_qgis.engine.models.segmenter import Segmenter
from reseg_qgis.engine.models.segmenter_config import SamLevel, SamSettings, SegmenterConfig
from reseg_qgis.engine.raster.feature_cache import FeatureCache
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from tests.helpers.fake_segmenter import PixelFunctionSegmenter, position_image
from tests.helpers.models import TINY_CLIP_CONFIG, build_clip, build_sam
from tests.helpers.rasters import write_geotiff


def read(path):
    with rasterio.open(path) as dataset:
        return dataset.read(1)


def test_least_recently_used_batches_go_first():
    cache = FeatureCache(max_bytes=300)
    for name in "abc":
        cache.put((name,), np.zeros(100, dtype=np.uint8))
    assert cache.get(("a",)) is not None  # "a" is now the most recent
    cache.put(("d",), np.zeros(100, dtype=np.uint8))
    assert cache.get(("b",)) is None and cache.get(("a",)) is not None and len(cache) == 3
    assert cache.bytes == 300 and cache.stats.evictions == 1
    cache.put(("huge",), np.zeros(1000, dtype=np.uint8))
    assert cache.get(("huge",)) is None


def test_a_changed_class_list_only_classifies_again(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(120, 150))
    segmenter, cache = PixelFunctionSegmenter(), FeatureCache()
    segment_raster(str(source), str(tmp_path / "first.tif"), segmenter, "a; b; c", features=cache)
    encoded = segmenter.calls["encode_windows"]
    second = segment_raster(str(source), str(tmp_path / "second.tif"), segmenter, "a; b; c; d; e",
                            features=cache)
    assert segmenter.calls["encode_windows"] == encoded and cache.stats.hits == encoded
    fresh = segment_raster(str(source), str(tmp_path / "fresh.tif"), PixelFunctionSegmenter(),
                           "a; b; c; d; e")
    np.testing.assert_array_equal(read(second.output), read(fresh.output))


def test_settings_that_mean_the_same_find_the_same_features(tmp_path):
    """The panel passes bands 1,2,3 where the Toolbox passes none; both read the same bands."""
    source = write_geotiff(tmp_path / "in.tif", position_image(60, 60))
    segmenter, cache = PixelFunctionSegmenter(), FeatureCache()
    segment_raster(str(source), str(tmp_path / "a.tif"), segmenter, "a; b", RasterOptions(bands=[1, 2, 3]),
                   features=cache)
    calls = segmenter.calls["encode_windows"]
    segment_raster(str(source), str(tmp_path / "b.tif"), segmenter, "a; b; c", features=cache)
    assert segmenter.calls["encode_windows"] == calls and cache.stats.hits == calls
    segment_raster(str(source), str(tmp_path / "c.tif"), segmenter, "a; b", RasterOptions(bands=[3, 2, 1]),
                   features=cache)
    assert segmenter.calls["encode_windows"] > calls  # other bands: other features


def test_changed_settings_or_raster_miss_the_cache(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(60, 60))
    segmenter, cache = PixelFunctionSegmenter(), FeatureCache()
    segment_raster(str(source), str(tmp_path / "a.tif"), segmenter, "a; b", features=cache)
    calls = segmenter.calls["encode_windows"]
    segment_raster(str(source), str(tmp_path / "b.tif"), segmenter, "a; b", RasterOptions(overlap=8),
                   features=cache)
    assert segmenter.calls["encode_windows"] > calls
    calls = segmenter.calls["encode_windows"]
    os.utime(source, ns=(0, 0))  # the raster changed on disk
    segment_raster(str(source), str(tmp_path / "c.tif"), segmenter, "a; b", features=cache)
    assert segmenter.calls["encode_windows"] > calls


def test_real_segmenter_skips_sam_and_clip_when_reprompted(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(96, 96))
    clip, sam = build_clip(), build_sam()
    config = SegmenterConfig(sam=SamSettings(levels=(SamLevel(2, 0.0, 0.0, 10),) * 4, crop_n_layers=0),
                             templates="reseg")
    segmenter = Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), sam, config, choose_device("cpu", "fp32"))
    cache = FeatureCache()
    segment_raster(str(source), str(tmp_path / "first.tif"), segmenter, "water; land", features=cache)
    passes = segmenter.regions.stats.encoder_passes
    calls = []
    hook = clip.visual.conv1.register_forward_hook(lambda *args: calls.append(1))
    try:
        second = segment_raster(str(source), str(tmp_path / "second.tif"), segmenter,
                                "water; land; cloud", features=cache)
    finally:
        hook.remove()
    assert calls == [] and segmenter.regions.stats.encoder_passes == passes
    fresh = Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), sam, config, choose_device("cpu", "fp32"))
    expected = segment_raster(str(source), str(tmp_path / "fresh.tif"), fresh, "water; land; cloud")
    # Cached features are kept in half precision: labels agree except at near-ties.
    assert (read(second.output) == read(expected.output)).mean() > 0.99
    assert isinstance(next(iter(cache._entries.values()))[0].patches, torch.Tensor)
