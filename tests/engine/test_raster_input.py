"""Reading rasters for the models: bands, stretch, nodata, extent, scale, padding."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from affine import Affine

from reseg_qgis.engine.raster.source import RasterInputError, RasterSource, choose_bands
from tests.helpers.rasters import DEFAULT_TRANSFORM, gradient_image, make_raster, write_geotiff


def test_band_choice():
    assert choose_bands(3, None) == [1, 2, 3]
    assert choose_bands(6, None) == [1, 2, 3]
    assert choose_bands(1, None) == [1, 1, 1]
    assert choose_bands(6, [4, 3, 2]) == [4, 3, 2]
    assert choose_bands(6, [5]) == [5, 5, 5]
    with pytest.raises(RasterInputError, match="2 bands"):
        choose_bands(2, None)
    with pytest.raises(RasterInputError, match="Band 7 does not exist"):
        choose_bands(6, [1, 2, 7])
    with pytest.raises(RasterInputError, match="choose 1 band or 3"):
        choose_bands(6, [1, 2])


def test_uint8_is_used_as_it_is(tmp_path):
    data = gradient_image(20, 30, 3, "uint8")
    with RasterSource(write_geotiff(tmp_path / "r.tif", data)) as source:
        rgb, valid = source.read_rgb(0, 0, 20, 30)
        assert source.stretch is None and valid.all()
        np.testing.assert_array_equal(rgb, np.moveaxis(data, 0, -1))


def test_uint16_is_stretched_between_percentiles_without_nodata(tmp_path):
    data = gradient_image(50, 60, 1, "uint16")
    data[0, :10, :10] = 65535  # nodata: must not pull the top percentile up
    path = write_geotiff(tmp_path / "r.tif", data, nodata=65535)
    with RasterSource(path) as source:
        valid_values = data[0][data[0] != 65535].astype(np.float64)
        low, high = np.percentile(valid_values, [2, 98])
        assert source.stretch.low[0] == pytest.approx(low) and source.stretch.high[0] == pytest.approx(high)
        rgb, valid = source.read_rgb(0, 0, 50, 60)
    assert not valid[:10, :10].any() and valid[10:, 10:].all()
    assert (rgb[:10, :10] == 0).all()
    assert rgb[valid].min() == 0 and rgb[valid].max() == 255
    assert (rgb[..., 0] == rgb[..., 1]).all() and (rgb[..., 1] == rgb[..., 2]).all()


def test_float_nan_is_invalid(tmp_path):
    data = gradient_image(20, 20, 3, "float32")
    data[1, 5, 5] = np.nan
    with RasterSource(write_geotiff(tmp_path / "f.tif", data)) as source:
        rgb, valid = source.read_rgb(0, 0, 20, 20)
    assert not valid[5, 5] and valid.sum() == 399
    assert (rgb[5, 5] == 0).all()


def test_outside_pixels_are_reflected_and_invalid(tmp_path):
    data = gradient_image(10, 12, 3, "uint8")
    with RasterSource(write_geotiff(tmp_path / "r.tif", data)) as source:
        rgb, valid = source.read_rgb(-3, -4, 16, 20)
    inside = np.moveaxis(data, 0, -1)
    np.testing.assert_array_equal(rgb[3:13, 4:16], inside)
    np.testing.assert_array_equal(rgb[2, 4:16], inside[1])  # reflection about row 0
    assert valid[3:13, 4:16].all() and valid.sum() == 120


def test_tiny_rasters_pad_far_beyond_their_size(tmp_path):
    with RasterSource(make_raster(tmp_path / "t.tif", height=3, width=1)) as source:
        rgb, valid = source.read_rgb(-20, -20, 43, 41)
    assert rgb.shape == (43, 41, 3) and valid.sum() == 3


def test_extent_selects_whole_pixels(tmp_path):
    path = make_raster(tmp_path / "r.tif", height=40, width=50)
    x0, y0 = DEFAULT_TRANSFORM.c, DEFAULT_TRANSFORM.f
    extent = (x0 + 104, y0 - 296, x0 + 251, y0 - 95)  # cols 10.4..25.1, rows 9.5..29.6
    with RasterSource(path, extent=extent) as source:
        assert (source.window.col_off, source.window.row_off) == (10, 9)
        assert (source.width, source.height) == (16, 21)
        assert source.output_transform == DEFAULT_TRANSFORM @ Affine.translation(10, 9)
    with pytest.raises(RasterInputError, match="does not overlap"):
        RasterSource(path, extent=(0, 0, 10, 10))
    with pytest.raises(RasterInputError, match="empty"):
        RasterSource(path, extent=(x0 + 10, y0 - 10, x0 + 5, y0 - 5))


def test_processing_scale_and_resolution(tmp_path):
    path = make_raster(tmp_path / "r.tif", height=40, width=50)  # 10 m pixels
    with RasterSource(path, scale=0.5) as source:
        assert (source.height, source.width) == (20, 25)
        assert source.output_transform == DEFAULT_TRANSFORM @ Affine.scale(2, 2)
        rgb, _ = source.read_rgb(0, 0, 20, 25)
        assert rgb.shape == (20, 25, 3)
    with RasterSource(path, resolution=5.0) as source:
        assert (source.height, source.width) == (80, 100)
        assert source.output_transform.a == pytest.approx(5.0)
    with pytest.raises(RasterInputError, match="not both"):
        RasterSource(path, scale=0.5, resolution=5.0)
    with pytest.raises(RasterInputError, match="scale must be from 0.01 to 16 .1 = native.; 0 was given"):
        RasterSource(path, scale=0)


def test_extent_on_a_rotated_raster_is_refused(tmp_path):
    rotated = Affine(10, 2, 500000, 1.5, -10, 5200000)
    path = make_raster(tmp_path / "rot.tif", transform=rotated)
    with RasterSource(path) as source:
        assert source.rotated and source.output_transform == rotated
    with pytest.raises(RasterInputError, match="rotated raster"):
        RasterSource(path, extent=(500000, 5199000, 500100, 5199900))


def test_unreadable_input(tmp_path):
    (tmp_path / "x.tif").write_text("not a raster")
    with pytest.raises(RasterInputError, match="Cannot open"):
        RasterSource(tmp_path / "x.tif")


def test_all_nodata_non_byte_raster_is_refused(tmp_path):
    data = np.full((1, 8, 8), -1, dtype=np.int16)
    with pytest.raises(RasterInputError, match="only nodata"):
        RasterSource(write_geotiff(tmp_path / "n.tif", data, nodata=-1))


@pytest.mark.filterwarnings("ignore::rasterio.errors.NotGeoreferencedWarning")
def test_gcp_georeferencing_is_refused_clearly(tmp_path):
    from rasterio.control import GroundControlPoint

    path = make_raster(tmp_path / "gcp.tif", crs=None, transform=Affine.identity())
    with rasterio.open(path, "r+") as dataset:
        dataset.gcps = ([GroundControlPoint(0, 0, 500000, 5200000),
                         GroundControlPoint(10, 10, 500100, 5199900),
                         GroundControlPoint(0, 10, 500000, 5199900)], "EPSG:32633")
    with pytest.raises(RasterInputError, match="ground control points"):
        RasterSource(path)
