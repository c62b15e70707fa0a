"""``python -m reseg_qgis.engine segment`` end to end, with tiny published models over loopback."""

from __future__ import annotations

import numpy as np
import pytest
import rasterio

from reseg_qgis.engine import cli
from tests.helpers.rasters import LANDSAT_RGB, make_raster


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_segment_downloads_models_and_writes_the_legend(tiny_registry, tmp_path, capsys):
    source = make_raster(tmp_path / "scene.tif", height=100, width=120)
    out = tmp_path / "classes.tif"
    code, stdout, stderr = run(capsys, "segment", source, "-c", "water; tree, forest; building", "-o", out,
                               "--preset", "quality", "--clip", "clip-a", "--sam", "sam", "--allow-download",
                               "--cache-dir", tmp_path / "cache", "--confidence", tmp_path / "conf.tif")
    assert code == 0, stderr
    assert "Device: CPU" in stderr and "Models: clip-a, sam; layer schedule free:6,sam:4,self:2" in stderr
    assert "segmenting" in stderr and "100%" in stderr
    assert f"Wrote {out} (120 x 100 px, 3 classes" in stdout and "tree, forest" in stdout
    with rasterio.open(out) as result, rasterio.open(source) as given:
        assert result.transform == given.transform and result.crs == given.crs
        assert result.tags()["RESEG_MODELS"] == "clip-a, sam"
        assert set(np.unique(result.read(1))) <= {1, 2, 3}
    assert (tmp_path / "classes.qml").exists() and (tmp_path / "conf.tif").exists()


def test_missing_weights_fail_with_what_to_do(tiny_registry, tmp_path, capsys):
    code, _, stderr = run(capsys, "segment", LANDSAT_RGB, "-c", "water; land", "-o", tmp_path / "o.tif",
                          "--preset", "fast", "--clip", "clip-a", "--cache-dir", tmp_path / "cache")
    assert code == 2
    assert "Tiny clip-a (clip-a" in stderr and "add --allow-download" in stderr
    assert not (tmp_path / "o.tif").exists()


def test_bad_class_lists_and_arguments(tiny_registry, tmp_path, capsys):
    run(capsys, "models", "--cache-dir", tmp_path / "cache", "download", "clip-a")
    code, _, stderr = run(capsys, "segment", LANDSAT_RGB, "-c", " ; ", "-o", tmp_path / "o.tif",
                          "--preset", "fast", "--clip", "clip-a", "--cache-dir", tmp_path / "cache")
    assert code == 2 and "class list is empty" in stderr
    with pytest.raises(SystemExit):
        cli.main(["segment", str(LANDSAT_RGB), "-c", "a", "-o", "o.tif", "--extent", "1,2,3"])
    assert "give 4 numbers" in capsys.readouterr().err


def test_segment_writes_polygons_statistics_and_a_cog(tiny_registry, tmp_path, capsys):
    source = make_raster(tmp_path / "scene.tif", height=90, width=110)
    run(capsys, "models", "--cache-dir", tmp_path / "cache", "download", "clip-a")
    out, vector, table = tmp_path / "classes.tif", tmp_path / "classes.gpkg", tmp_path / "areas.csv"
    code, stdout, stderr = run(capsys, "segment", source, "-c", "water; tree; building", "-o", out,
                               "--preset", "fast", "--clip", "clip-a", "--cache-dir", tmp_path / "cache",
                               "--vector", vector, "--statistics", table, "--sieve", "20", "--cog",
                               "--overviews", "nearest")
    assert code == 0, stderr
    assert f"Wrote {vector} (polygons)" in stdout and f"Wrote {table} (area statistics)" in stdout
    lines = stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if "area (ha)" in line)
    rows = [line.split() for line in lines[header + 1:header + 5]]
    with rasterio.open(out) as result:
        labels = result.read(1)
        assert result.tags(ns="IMAGE_STRUCTURE").get("LAYOUT") == "COG"
        assert result.transform == rasterio.open(source).transform
    for value, row in enumerate(rows):  # value, name, pixels, hectares (10 m pixels), share "x.x %"
        pixels, hectares = row[-4:-2] if value else row[-2:]
        assert int(row[0]) == value and int(pixels.replace(",", "")) == (labels == value).sum()
        expected = (labels == value).sum() * 100 / 1e4 / 0.9996 ** 2  # ground ha, on zone 33N's meridian
        assert float(hectares.replace(",", "")) == pytest.approx(expected, abs=0.01)
    assert "--sieve" not in stderr and vector.exists() and table.exists()
