"""SAM label maps: one encoder pass per distinct image, the same regions as separate runs."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from reseg_qgis.engine.cancellation import RunCancelled
from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.attention_masks import paint_label_map
from reseg_qgis.engine.models.ml_libraries import segment_anything
from reseg_qgis.engine.models.sam_regions import SamRegionGenerator, _MaskGenerator, remove_small_regions
from reseg_qgis.engine.models.segmenter_config import REFERENCE_LEVELS, SamLevel, SamSettings
from tests.helpers.models import build_sam
from tests.helpers.rasters import gradient_image

# Thresholds at zero, so random weights still give masks.
OPEN_LEVEL = SamLevel(points_per_side=4, pred_iou_thresh=0.0, stability_score_thresh=0.0,
                      min_mask_region_area=20)


def window(size: int = 64) -> np.ndarray:
    return np.ascontiguousarray(np.moveaxis(gradient_image(size, size), 0, -1))


@pytest.fixture(scope="module")
def sam():
    return build_sam()


def count_encoder_passes(sam):
    calls = []
    handle = sam.image_encoder.register_forward_hook(lambda *args: calls.append(1))
    return calls, handle


@pytest.mark.parametrize("levels", [1, 2, 4])
@pytest.mark.parametrize("crop_layers,passes_per_window", [(0, 1), (1, 5)])
def test_one_encoder_pass_per_distinct_image_whatever_the_levels(sam, levels, crop_layers,
                                                                 passes_per_window):
    settings = SamSettings(levels=(OPEN_LEVEL,) * levels, crop_n_layers=crop_layers)
    generator = SamRegionGenerator(sam, settings, choose_device("cpu", "fp32"))
    calls, handle = count_encoder_passes(sam)
    try:
        for size in (64, 96):
            maps = generator.label_maps(window(size))
            assert maps.shape == (levels, size, size)
    finally:
        handle.remove()
    assert len(calls) == 2 * passes_per_window
    assert generator.stats.encoder_passes == 2 * passes_per_window


def test_shared_embedding_gives_the_regions_of_separate_runs(sam):
    """The levels share one embedding; each level alone, encoding for itself, finds the same masks."""
    levels = (OPEN_LEVEL, SamLevel(2, 0.0, 0.0, 0))
    settings = SamSettings(levels=levels, crop_n_layers=1)
    image = window(80)
    shared = SamRegionGenerator(sam, settings, choose_device("cpu", "fp32")).label_maps(image)
    for index, level in enumerate(levels):
        alone = SamRegionGenerator(sam, SamSettings(levels=(level,), crop_n_layers=1),
                                   choose_device("cpu", "fp32")).label_maps(image)
        np.testing.assert_array_equal(shared[index], alone[0])
    assert shared.max() > 0, "no regions at all: the comparison would be empty"


def test_regions_follow_segment_anythings_own_generator(sam, segment_anythings_generator):
    """Without small-region clean-up, a level paints exactly segment_anything's masks, in order."""
    level = SamLevel(4, 0.0, 0.0, 0)
    image = window(64)
    ours = SamRegionGenerator(sam, SamSettings(levels=(level,), crop_n_layers=0),
                              choose_device("cpu", "fp32")).label_maps(image)
    generator = segment_anythings_generator(sam, points_per_side=4, pred_iou_thresh=0.0,
                                            stability_score_thresh=0.0)
    masks = [record["segmentation"] for record in generator.generate(image)]
    np.testing.assert_array_equal(ours[0], paint_label_map(masks, image.shape[:2]))


@pytest.mark.parametrize(("crop_layers", "nms_thresh"), [(0, 1.0), (1, 0.7), (1, 1.0)])
def test_the_generator_with_the_engines_nms_gives_segment_anythings_records(
        sam, segment_anythings_generator, monkeypatch, crop_layers, nms_thresh):
    """The same masks, boxes, points and crops, in the same order. The random model's masks touch their
    crop's edges, which segment_anything's filter drops: it is off, so that every crop's masks come (at
    0.7 the NMS then leaves one mask a crop; at 1.0 it leaves all)."""
    monkeypatch.setattr(segment_anything.automatic_mask_generator, "is_box_near_crop_edge",
                        lambda boxes, *_: torch.zeros(len(boxes), dtype=torch.bool))
    settings = {"points_per_side": 4, "pred_iou_thresh": 0.0, "stability_score_thresh": 0.0,
                "box_nms_thresh": nms_thresh, "crop_nms_thresh": nms_thresh, "crop_n_layers": crop_layers}
    image = window(96)
    ours = _MaskGenerator(sam, **settings).generate(image)
    theirs = segment_anythings_generator(sam, output_mode="binary_mask", **settings).generate(image)
    assert len(ours) == len(theirs) > 1
    for mine, reference in zip(ours, theirs):
        np.testing.assert_array_equal(mine.pop("segmentation"), reference.pop("segmentation"))
        assert mine == reference


@pytest.mark.parametrize("crop_layers", [0, 1])
def test_a_window_without_any_mask_gives_empty_label_maps(sam, crop_layers):
    impossible = SamLevel(2, pred_iou_thresh=2.0, stability_score_thresh=2.0, min_mask_region_area=0)
    settings = SamSettings(levels=(impossible, REFERENCE_LEVELS[0]), crop_n_layers=crop_layers)
    generator = SamRegionGenerator(sam, settings, choose_device("cpu", "fp32"))
    maps = generator.label_maps(np.zeros((64, 64, 3), np.uint8))
    assert maps.shape == (2, 64, 64)
    assert not maps[0].any()


@pytest.mark.parametrize("precision", ["fp32", "auto"])
def test_a_cancel_ends_sams_encoder_pass_within_a_block(sam, cpu_kind, precision):
    """Not only between levels: on a CPU one full-size encoder pass can outlast the time the plugin
    gives a worker to stop. ``auto`` on a CPU whose bf16 is fast runs the encoder's bf16 copy."""
    cpu_kind("xeon-amx")
    generator = SamRegionGenerator(sam, SamSettings(levels=(OPEN_LEVEL,)), choose_device("cpu", precision))
    blocks = generator.predictor.image_encoder().blocks
    ran = []
    handles = [block.register_forward_hook(lambda module, args, output, i=i: ran.append(i))
               for i, block in enumerate(blocks)]
    try:
        with pytest.raises(RunCancelled):
            generator.label_maps(window(64), cancelled=lambda: bool(ran))  # cancelled during block 0
    finally:
        for handle in handles:
            handle.remove()
    assert ran == [0]  # block 1 never ran
    modules = [*blocks, *sam.image_encoder.blocks, sam.mask_decoder]
    assert not any(module._forward_pre_hooks for module in modules)  # the check is gone with the run
    assert generator.label_maps(window(64), cancelled=lambda: False).max() > 0  # the next run runs


def test_reference_levels():
    assert [(lv.points_per_side, lv.pred_iou_thresh, lv.stability_score_thresh, lv.min_mask_region_area)
            for lv in REFERENCE_LEVELS] == [(4, .5, .5, 500), (2, .6, .6, 500), (2, .5, .5, 1000),
                                            (2, .5, .5, 2000)]
    assert SamSettings().crop_n_layers == 1 and SamSettings().crop_n_points_downscale_factor == 2


def test_a_larger_sam_context_keeps_the_point_density(sam):
    generator = SamRegionGenerator(sam, SamSettings(), choose_device("cpu", "fp32"))
    level = REFERENCE_LEVELS[0]
    assert generator.points_per_side(level, 224, None) == 4
    assert generator.points_per_side(level, 224, 224) == 4
    assert generator.points_per_side(level, 1024, 224) == 18
    assert generator.points_per_side(REFERENCE_LEVELS[1], 448, 224) == 4
    assert generator.points_per_side(level, 1024, 64) == 32  # capped at SAM's own default grid


def test_bad_images_are_refused(sam):
    generator = SamRegionGenerator(sam, SamSettings(levels=(OPEN_LEVEL,)), choose_device("cpu", "fp32"))
    with pytest.raises(ValueError, match="RGB uint8"):
        generator.label_maps(np.zeros((32, 32, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="RGB uint8"):
        generator.label_maps(np.zeros((32, 32), dtype=np.uint8))


def square(shape, top, left, size):
    mask = np.zeros(shape, dtype=bool)
    mask[top:top + size, left:left + size] = True
    return mask


def test_small_holes_are_filled_and_small_islands_removed():
    shape = (40, 40)
    mask = square(shape, 0, 0, 20)
    mask[5:7, 5:7] = False  # a 4 px hole
    mask |= square(shape, 30, 30, 3)  # a 9 px island
    (cleaned,) = remove_small_regions([mask], min_area=10, nms_thresh=0.7)
    np.testing.assert_array_equal(cleaned, square(shape, 0, 0, 20))


def test_large_holes_stay_and_an_all_small_mask_keeps_its_largest_island():
    shape = (40, 40)
    ring = square(shape, 0, 0, 20)
    ring[5:15, 5:15] = False  # a 100 px hole stays
    specks = square(shape, 0, 0, 3) | square(shape, 30, 30, 2)  # 9 px and 4 px, both below 10
    cleaned = remove_small_regions([ring, specks], min_area=10, nms_thresh=0.7)
    assert any(np.array_equal(m, ring) for m in cleaned)
    assert any(np.array_equal(m, square(shape, 0, 0, 3)) for m in cleaned)


def test_duplicates_after_clean_up_prefer_unchanged_masks():
    shape = (40, 40)
    clean = square(shape, 10, 10, 20)
    with_speck = clean | square(shape, 0, 0, 2)  # the same after removing its 4 px island
    cleaned = remove_small_regions([with_speck, clean], min_area=10, nms_thresh=0.7)
    assert len(cleaned) == 1
    np.testing.assert_array_equal(cleaned[0], clean)


def test_no_clean_up_when_the_area_is_zero():
    masks = [square((8, 8), 0, 0, 1)]
    assert remove_small_regions(masks, 0, 0.7)[0] is masks[0]


@pytest.mark.parametrize("level", [OPEN_LEVEL, *REFERENCE_LEVELS])
def test_lean_mask_generation_gives_segment_anythings_masks_in_its_order(level):
    """On realistic masks (a random SAM finds none), at every reference level's thresholds."""
    import dataclasses

    from tests.helpers.sam_masks import RealisticMasks

    realistic = build_sam()
    stand_in = RealisticMasks(realistic)
    image = window(200)  # not SAM's input size: masks are upscaled and cropped
    found = []
    for generation in ("lean", "segment-anything"):
        settings = SamSettings(levels=(dataclasses.replace(level, points_per_side=8),), crop_n_layers=0,
                               mask_generation=generation, points_per_batch=20)
        generator = SamRegionGenerator(realistic, settings, choose_device("cpu", "fp32"))
        found.append([generator._generator(0, 8).masks(image), generator.label_maps(image)])
    stand_in.remove()
    (lean, lean_maps), (reference, reference_maps) = found
    assert 5 < len(lean) == len(reference)
    assert all(np.array_equal(a, b) for a, b in zip(lean, reference))
    assert np.array_equal(lean_maps, reference_maps) and len(np.unique(lean_maps)) > 3


def test_the_clean_up_on_a_masks_box_is_the_clean_up_on_the_image():
    """Blobs in the open and at the image's edges, holes and islands of all sizes: the same masks as
    the rule applied to the whole image."""
    from scipy import ndimage

    from reseg_qgis.engine.models import sam_regions

    rng = np.random.default_rng(0)
    boxed = 0
    for _ in range(300):
        side = int(rng.integers(20, 80))
        noise = ndimage.gaussian_filter(rng.standard_normal((side, side)), rng.uniform(0.5, 4))
        mask = noise > rng.uniform(0.0, 1.5) * noise.std()
        if rng.random() < 0.5:  # a blob clear of the edges
            top, left, size = int(rng.integers(1, side // 2)), int(rng.integers(1, side // 2)), side // 3
            inner = np.zeros_like(mask)
            inner[top:top + size, left:left + size] = mask[top:top + size, left:left + size]
            mask = inner
        boxed += sam_regions._inner_box(mask) is not None
        for holes in (True, False):
            area = int(rng.integers(1, 200))
            boxwise = sam_regions._without_small_components(mask, area, holes)
            whole = sam_regions._cleaned(mask, area, holes, 0)
            assert np.array_equal(boxwise[0], whole[0]) and boxwise[1] == whole[1]
    assert boxed > 100


def test_levels_with_the_same_point_grid_decode_it_once():
    """ReSeg's three coarse levels share a grid: decoded once, the same label maps."""
    from tests.helpers.sam_masks import RealisticMasks

    realistic = build_sam()
    stand_in = RealisticMasks(realistic)
    decoded = []
    hook = realistic.mask_decoder.register_forward_hook(lambda _, args, out: decoded.append(len(out[0])))
    image = window(200)
    maps = {}
    for generation in ("lean", "segment-anything"):
        decoded.clear()
        settings = SamSettings(levels=REFERENCE_LEVELS, crop_n_layers=0, mask_generation=generation)
        maps[generation] = SamRegionGenerator(realistic, settings, choose_device("cpu", "fp32")).label_maps(
            image, window_side=100)  # grids of 8 x 8 points, then 3 times 4 x 4
        maps[f"{generation} points"] = sum(decoded)
    hook.remove()
    stand_in.remove()
    assert maps["segment-anything points"] == 64 + 3 * 16 and maps["lean points"] == 64 + 16
    assert np.array_equal(maps["lean"], maps["segment-anything"])
    assert all(len(np.unique(level)) > 2 for level in maps["lean"])


@pytest.mark.parametrize("image_size", [(64, 64), (64, 40), (40, 64), (50, 50), (100, 70)])
def test_the_decoders_masks_are_upscaled_as_segment_anything_upscales_them(sam, image_size):
    """The resize to the image is left out where the image has the model's input size (bilinear at scale 1
    is the identity); elsewhere the two resizes are segment_anything's."""
    from reseg_qgis.engine.models.mask_generation import upscaled_logits

    side = sam.image_encoder.img_size
    scale = side / max(image_size)
    input_size = tuple(int(n * scale + 0.5) for n in image_size)
    low_res = torch.randn(5, 1, side // 4, side // 4, generator=torch.Generator().manual_seed(0)) * 8
    expected = sam.postprocess_masks(low_res, input_size, image_size)
    upscaled = upscaled_logits(sam, low_res, input_size, image_size)
    assert upscaled.shape == expected.shape == (5, 1, *image_size)
    torch.testing.assert_close(upscaled, expected, rtol=0, atol=0)
