"""The segmenter's two steps: image features once, classification for any class list."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.clip_models import tokenizer_for
from reseg_qgis.engine.models.presets import DEFAULT_PRESET, PRESETS, preset
from reseg_qgis.engine.models.segmenter import Segmenter
from reseg_qgis.engine.models.segmenter_config import SamLevel, SamSettings, SegmenterConfig
from reseg_qgis.engine.translatable import ResegError
from tests.helpers.models import TINY_CLIP_CONFIG, build_clip, build_sam
from tests.helpers.rasters import gradient_image

OPEN_LEVELS = tuple(SamLevel(4, 0.0, 0.0, 20) for _ in range(4))


def windows(count: int = 2, size: int = 64) -> np.ndarray:
    image = np.moveaxis(gradient_image(size, size * count), 0, -1)
    return np.ascontiguousarray(np.stack([image[:, i * size:(i + 1) * size] for i in range(count)]))


@pytest.fixture(scope="module")
def models():
    return build_clip(), build_sam()


def make(models, **config) -> Segmenter:
    clip, sam = models
    config.setdefault("sam", SamSettings(levels=OPEN_LEVELS, crop_n_layers=0))
    config.setdefault("templates", "reseg")
    return Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), sam if config["sam"] else None,
                     SegmenterConfig(**config), choose_device("cpu", "fp32"))


def count_calls(module):
    calls = []
    return calls, module.register_forward_hook(lambda *args: calls.append(1))


def test_probabilities_at_pixel_resolution(models):
    segmenter = make(models)
    probabilities = segmenter.segment(windows(2), "building; road, street; water")
    assert probabilities.shape == (2, 3, 64, 64) and probabilities.dtype == torch.float32
    assert probabilities.device == segmenter.device.device
    assert probabilities.min() >= 0 and probabilities.max() <= 1
    assert str(segmenter.schedule) == "free:6,sam:4,self:2"


def test_a_changed_class_list_reuses_the_image_features(models):
    clip, sam = models
    segmenter = make(models)
    sam_calls, sam_hook = count_calls(sam.image_encoder)
    clip_calls, clip_hook = count_calls(clip.visual.conv1)
    try:
        features = segmenter.encode_windows(windows(2))
        assert (len(sam_calls), len(clip_calls)) == (2, 1)
        first = segmenter.classify(features, segmenter.encode_classes("water; tree"))
        second = segmenter.classify(features, segmenter.encode_classes("water; tree, forest; road"))
        assert (len(sam_calls), len(clip_calls)) == (2, 1)
    finally:
        sam_hook.remove()
        clip_hook.remove()
    assert first.shape[1] == 2 and second.shape[1] == 3
    # water, tree, forest, road: "water" and "tree" are not embedded again.
    assert segmenter.text.texts_encoded == 4


def test_batched_windows_equal_single_windows(models):
    batch = windows(3)
    together = make(models, batch_size=2).encode_windows(batch)
    for index in range(3):
        alone = make(models).encode_windows(batch[index:index + 1])
        torch.testing.assert_close(together.patches[index], alone.patches[0], atol=1e-5, rtol=1e-5)
        torch.testing.assert_close(together.cls[index], alone.cls[0], atol=1e-5, rtol=1e-5)


def test_region_maps_from_a_sam_context_replace_per_window_sam(models):
    clip, sam = models
    segmenter = make(models)
    context = windows(1, 128)[0]
    maps = segmenter.sam_regions(context, window_side=64)
    assert maps.shape == (4, 128, 128)
    crops = np.stack([maps[:, :64, :64], maps[:, 64:, 64:]])
    tiles = np.stack([context[:64, :64], context[64:, 64:]])
    calls, hook = count_calls(sam.image_encoder)
    try:
        from_context = segmenter.encode_windows(tiles, region_maps=crops)
    finally:
        hook.remove()
    assert calls == []
    without_regions = make(models, sam=None).encode_windows(tiles)
    assert not torch.allclose(from_context.patches, without_regions.patches)


def test_region_vote_makes_the_finest_regions_uniform(models):
    segmenter = make(models, region_vote=True)
    features = segmenter.encode_windows(windows(1))
    regions = features.vote_regions[0]
    probabilities = segmenter.classify(features, segmenter.encode_classes("water; tree; road"))[0]
    region = regions == regions.max()
    assert regions.max() > 0 and region.sum() > 1
    values = probabilities[:, region]
    torch.testing.assert_close(values, values[:, :1].expand_as(values), rtol=1e-6, atol=0)


def test_a_cancel_ends_a_batch_of_clip_windows_within_a_block(models):
    from reseg_qgis.engine.cancellation import RunCancelled

    segmenter = make(models, sam=None)
    ran = []
    starts = segmenter.encoder.block_starts
    handles = [start.register_forward_hook(lambda *args: ran.append(1)) for start in starts]
    try:
        with pytest.raises(RunCancelled):
            segmenter.encode_windows(windows(), cancelled=lambda: bool(ran))
    finally:
        for handle in handles:
            handle.remove()
    assert ran == [1] and not any(start._forward_pre_hooks for start in starts)
    assert segmenter.encode_windows(windows(), cancelled=lambda: False).patches.shape[0] == 2


def test_bad_windows_and_configs(models):
    clip, _ = models
    segmenter = make(models, sam=None)
    with pytest.raises(ValueError, match="RGB uint8"):
        segmenter.encode_windows(np.zeros((1, 64, 64, 3), dtype=np.float32))
    with pytest.raises(ResegError, match="multiple of the CLIP patch size"):
        segmenter.encode_windows(np.zeros((1, 60, 64, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="no SAM model"):
        Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), None, SegmenterConfig(),
                  choose_device("cpu", "fp32"))
    with pytest.raises(ValueError, match="without SAM"):
        segmenter.sam_regions(windows(1)[0])
    with pytest.raises(ResegError, match="multiple of the CLIP patch size"):
        make(models, window_size=100)


def test_stage_times_are_reported(models):
    segmenter = make(models)
    segmenter.segment(windows(1), "water; land")
    stages = segmenter.stage_seconds()
    assert set(stages) == {"sam_encoder", "mask_generation", "clip_encoder", "text_encoder", "similarity"}
    assert all(seconds > 0 for seconds in stages.values())


@pytest.mark.parametrize("name,schedule", [("quality", "free:6,sam:4,self:2"),
                                           ("balanced", "free:6,sam:4,self:2"),
                                           ("fast", "free:11,segearth:1")])
def test_presets_build_working_segmenters(models, name, schedule):
    clip, sam = models
    chosen = preset(name)
    segmenter = Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), sam if chosen.sam_model else None,
                          chosen.config, choose_device("cpu", "fp32"))
    assert str(segmenter.schedule) == schedule
    assert segmenter.segment(windows(1), "water; land").shape == (1, 2, 64, 64)


def test_preset_definitions():
    assert DEFAULT_PRESET in PRESETS
    assert PRESETS["quality"].config.sam.crop_n_layers == 1 and PRESETS["quality"].sam_model == "sam-vit-h"
    balanced = PRESETS["balanced"].config
    assert balanced.sam_context == 1024 and balanced.sam.crop_n_layers == 0
    fast = PRESETS["fast"].config
    assert fast.sam is None and fast.segearth_last_block and fast.cls_bias == -0.3
    with pytest.raises(ResegError, match="Unknown preset"):
        preset("best")


def test_a_gpu_takes_as_many_windows_as_half_its_free_memory_holds(models, monkeypatch):
    import dataclasses

    segmenter = make(models)
    assert segmenter.window_batch_size(8, classes=6) == 8  # the CPU keeps what was asked
    segmenter.device = dataclasses.replace(segmenter.device, device=torch.device("cuda"))
    window = segmenter._window_bytes(6)
    for free, expected in ((2 ** 40, 128), (40 * window, 20), (window, 8)):
        monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device, free=free: (free, 2 * free))
        assert segmenter.window_batch_size(8, classes=6) == expected
