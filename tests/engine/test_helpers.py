"""The shared test helpers build what later tests rely on: real architectures, real file formats."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
import torch

from reseg_qgis.engine.models.ml_libraries import open_clip
from tests.helpers import models, rasters


@pytest.fixture(scope="module")
def tiny_clip():
    return models.build_clip()


def test_tiny_clip_is_an_open_clip_vit(tiny_clip):
    assert isinstance(tiny_clip.visual, open_clip.transformer.VisionTransformer)
    assert len(tiny_clip.visual.transformer.resblocks) == 12
    assert len(models.build_clip(models.clip_config(layers=24)).visual.transformer.resblocks) == 24
    tokens = open_clip.get_tokenizer("ViT-B-16")(["a building", "water"])
    with torch.no_grad():
        assert tiny_clip.encode_text(tokens).shape == (2, 32)
        assert tiny_clip.encode_image(torch.rand(1, 3, 64, 64)).shape == (1, 32)


@pytest.mark.parametrize("save", [models.save_state_dict, models.save_training_checkpoint])
def test_clip_checkpoints_round_trip_through_safe_torch_load(tiny_clip, tmp_path, save):
    path = save(tiny_clip, tmp_path / "clip.pt")
    loaded = torch.load(path, map_location="cpu", weights_only=True)
    state = loaded.get("state_dict", loaded)
    state = {key.removeprefix("module."): value for key, value in state.items()}
    fresh = models.build_clip(seed=1)
    fresh.load_state_dict(state, strict=True)
    image = torch.rand(1, 3, 64, 64)
    with torch.no_grad():
        torch.testing.assert_close(fresh.encode_image(image), tiny_clip.encode_image(image))


def test_training_checkpoint_has_the_published_layout(tiny_clip, tmp_path):
    checkpoint = torch.load(models.save_training_checkpoint(tiny_clip, tmp_path / "epoch_20.pt"),
                            weights_only=True)
    assert {"epoch", "state_dict", "optimizer"} <= set(checkpoint)
    assert all(key.startswith("module.") for key in checkpoint["state_dict"])


def test_clip_safetensors_round_trip(tiny_clip, tmp_path):
    from safetensors.torch import load_file

    state = load_file(str(models.save_safetensors(tiny_clip, tmp_path / "open_clip_model.safetensors")))
    assert state.keys() == tiny_clip.state_dict().keys()
    torch.testing.assert_close(state["visual.proj"], tiny_clip.visual.proj.detach())


def test_tiny_sam_checkpoint_loads_and_generates_masks(tmp_path, segment_anythings_generator):
    sam = models.build_sam()
    path = models.save_state_dict(sam, tmp_path / "sam_tiny.pth")
    fresh = models.build_sam(seed=1)
    fresh.load_state_dict(torch.load(path, weights_only=True), strict=True)
    for ours, theirs in zip(fresh.state_dict().values(), sam.state_dict().values()):
        torch.testing.assert_close(ours, theirs)
    generator = segment_anythings_generator(fresh, points_per_side=4, pred_iou_thresh=0.0,
                                            stability_score_thresh=0.0, box_nms_thresh=1.0)
    image = np.moveaxis(rasters.gradient_image(96, 128), 0, -1)
    masks = generator.generate(np.ascontiguousarray(image))
    assert masks, "no masks survived with every threshold at zero"
    assert all(mask["segmentation"].shape == (96, 128) for mask in masks)


@pytest.mark.parametrize("dtype,nodata,bands", [("uint8", 0, 3), ("uint16", 65535, 1),
                                                 ("float32", -9999.0, 6), ("int16", None, 4)])
def test_geotiff_keeps_georeferencing_dtype_and_nodata(tmp_path, dtype, nodata, bands):
    path = rasters.make_raster(tmp_path / "r.tif", height=40, width=56, bands=bands, dtype=dtype,
                               nodata=nodata)
    with rasterio.open(path) as src:
        assert (src.count, src.height, src.width) == (bands, 40, 56)
        assert src.dtypes == (dtype,) * bands
        assert src.nodata == nodata
        assert src.crs.to_epsg() == 32633
        assert src.transform == rasters.DEFAULT_TRANSFORM
        np.testing.assert_array_equal(src.read(), rasters.gradient_image(40, 56, bands, dtype))
    assert src.crs.to_epsg() == 32633  # GDAL's reading: tests/qgis/test_classified_raster.py


def test_geotiff_without_crs(tmp_path):
    with rasterio.open(rasters.make_raster(tmp_path / "nocrs.tif", crs=None)) as src:
        assert src.crs is None
        assert src.transform == rasters.DEFAULT_TRANSFORM


def test_gradient_uses_the_range_of_the_dtype():
    assert rasters.gradient_image(32, 32, 3, "uint8").max() > 200
    assert rasters.gradient_image(32, 32, 1, "uint16").max() > 255
    assert np.issubdtype(rasters.gradient_image(8, 8, 1, "float32").dtype, np.floating)


def test_committed_landsat_sample():
    with rasterio.open(rasters.LANDSAT_RGB) as src:
        assert (src.count, src.width, src.height, src.nodata) == (3, 791, 718, 0)
        assert src.crs.to_epsg() == 32618
