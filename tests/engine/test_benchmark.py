"""The published protocols and ``benchmark``: the protocols' settings as the issue's table states them,
their windows, blending and background rule, the datasets' layouts and label conventions, and three
tiles in LoveDA's format end to end with tiny random models (the numbers mean nothing; the layout, the
protocol, the resume and the report are what is tested)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from reseg_qgis.engine import cli
from reseg_qgis.engine.benchmark.datasets import DATASETS, IGNORED, dataset
from reseg_qgis.engine.benchmark.protocols import PROTOCOLS, predict, resized, window_origins
from reseg_qgis.engine.models.prompt_templates import IMAGENET_TEMPLATES, RESEG_TEMPLATE, templates
from reseg_qgis.engine.models.text_embeddings import ClassEmbeddings
from reseg_qgis.engine.translatable import ResegError


def test_protocol_settings_are_the_references():
    reseg, segearth = PROTOCOLS["reseg-clip"], PROTOCOLS["segearth-ov"]
    assert (reseg.preset, reseg.window, reseg.stride, reseg.edges, reseg.blend) == (
        "quality", 224, 224, "zero", "probabilities")
    assert reseg.long_side is None and not reseg.background_threshold
    assert reseg.config.logit_scale == 1.0 and reseg.config.cls_bias == 0
    assert templates(reseg.config.templates) == (RESEG_TEMPLATE,)
    assert reseg.config.sam.crop_n_layers == 1 and reseg.config.sam_context is None
    assert [(lv.points_per_side, lv.pred_iou_thresh, lv.stability_score_thresh, lv.min_mask_region_area)
            for lv in reseg.config.sam.levels] == [(4, .5, .5, 500), (2, .6, .6, 500), (2, .5, .5, 1000),
                                                   (2, .5, .5, 2000)]
    assert (segearth.preset, segearth.window, segearth.stride, segearth.edges, segearth.blend) == (
        "fast", 224, 112, "inside", "logits")
    assert segearth.long_side == 448 and segearth.background_threshold and segearth.config.sam is None
    assert segearth.config.logit_scale == 50.0 and segearth.config.cls_bias == -0.3
    assert segearth.config.segearth_last_block
    assert templates(segearth.config.templates) == IMAGENET_TEMPLATES and len(IMAGENET_TEMPLATES) == 80


def test_windows_meet_the_edges_as_the_references_place_them():
    assert window_origins(1024, 224, 224, "zero") == [0, 224, 448, 672, 896]  # the last reaches padding
    assert window_origins(448, 224, 112, "inside") == [0, 112, 224]
    assert window_origins(300, 224, 112, "inside") == [0, 76]  # the last moved back inside
    assert window_origins(100, 224, 112, "inside") == [0]  # smaller than a window
    image = np.zeros((1024, 768, 3), np.uint8)
    assert resized(image, 448).shape == (448, 336, 3) and resized(image, None) is image


class SlopeSegmenter:
    """Two one-synonym classes whose logits are the window's mean brightness and its negative, so
    averaging logits and averaging probabilities give different answers where windows overlap."""

    encoder = SimpleNamespace(patch_size=16)
    logit_scale = 50.0

    def encode_windows(self, windows, cancelled=None):
        return windows.astype(np.float32)

    def similarities(self, features, classes):
        level = features.mean(axis=(1, 2, 3)) / 255.0 - 0.5
        size = features.shape[1:3]
        return np.stack([np.broadcast_to(np.stack([v, -v])[:, None, None], (2, *size)) for v in level])

    def classify(self, features, classes):
        logits = torch.from_numpy(np.ascontiguousarray(self.similarities(features, classes)))
        return torch.softmax(self.logit_scale * logits, dim=1).numpy()


CLASSES = ClassEmbeddings(synonym_embeddings=torch.eye(2), synonym_class=torch.tensor([0, 1]),
                          labels=("bright", "dark"))


def test_segearth_blends_logits_then_thresholds_to_the_background():
    image = np.zeros((224, 336, 3), np.uint8)
    image[:, 224:] = 255  # windows at x 0 (dark) and 112 (a third bright)
    rules = PROTOCOLS["segearth-ov"]
    native = replace(rules, long_side=None)
    labels = predict(SlopeSegmenter(), image, CLASSES, native, background=1, threshold=0.0)
    assert labels.shape == (224, 336)
    # Only the first window covers x < 112: dark (logit -0.5 for bright). Where both overlap the mean
    # logit is (-0.5 + -0.5/3) / 2 < 0: dark again; the second window alone (x >= 224) is bright (1/6 > 0).
    assert (labels[:, :112] == 1).all() and (labels[:, 112:224] == 1).all() and (labels[:, 224:] == 0).all()
    # A threshold above every top probability sends every pixel to the dataset's background class.
    assert (predict(SlopeSegmenter(), image, CLASSES, native, background=1, threshold=1.1) == 1).all()


def test_dataset_label_conventions():
    loveda = dataset("loveda")
    assert loveda.names[0] == "background" and len(loveda.names) == len(loveda.prompts) == 7
    labels = np.array([0, 1, 2, 7, 8, 255])
    assert loveda.class_indices(labels).tolist() == [IGNORED, 0, 1, 6, IGNORED, IGNORED]
    oem = dataset("openearthmap")
    assert oem.class_indices(np.array([0, 8, 9, 255])).tolist() == [0, 8, IGNORED, IGNORED]
    assert dataset("potsdam").background == 5 and dataset("udd5").background == 4
    assert {name: d.threshold for name, d in DATASETS.items()} == {
        "loveda": 0.3, "openearthmap": 0.1, "potsdam": 0.1, "vaihingen": 0.1, "uavid": 0.3, "udd5": 0.4,
        "vdd": 0.3, "isaid": 0.4}
    assert all(len(d.names) == len(d.prompts) for d in DATASETS.values())
    with pytest.raises(ResegError, match="Unknown dataset 'nope'; choose one of loveda"):
        dataset("nope")


def loveda_tiles(folder: Path) -> Path:
    """Three tiles as LoveDA stores them (RGB PNG and a PNG of label ids 0-7, 0 = no data), cut from the
    Landsat sample, with labels of its brightness: any machine has them."""
    import warnings

    import rasterio
    from rasterio.errors import NotGeoreferencedWarning

    from tests.helpers.rasters import LANDSAT_RGB

    folder.mkdir(parents=True)
    with rasterio.open(LANDSAT_RGB) as dataset:
        image = dataset.read()
    for index, (row, col) in enumerate([(100, 150), (300, 300), (420, 480)]):
        tile = image[:, row:row + 256, col:col + 256]
        brightness = tile.mean(axis=0)
        labels = 1 + np.digitize(brightness, np.quantile(brightness, np.linspace(0, 1, 8)[1:-1]))
        labels[:, :16 * (index + 1)] = 0  # a no-data edge
        label_band = labels[None].astype(np.uint8)
        for name, data in ((f"{index}_image.png", tile), (f"{index}_label.png", label_band)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NotGeoreferencedWarning)
                with rasterio.open(folder / name, "w", driver="PNG", width=256, height=256, count=len(data),
                                   dtype="uint8") as target:
                    target.write(data)
    return folder


def _layout(tmp_path: Path, standard: str) -> tuple[Path, Path]:
    """The three tiles in LoveDA's own layout (Val/Urban, Val/Rural) or mmsegmentation's; and the tiles."""
    tiles = loveda_tiles(tmp_path / "tiles")
    folder = tmp_path / "LoveDA"
    for index in range(3):
        if standard == "mmseg":
            images, labels = folder / "img_dir" / "val", folder / "ann_dir" / "val"
        else:
            region = "Urban" if index < 2 else "Rural"
            images, labels = folder / "Val" / region / "images_png", folder / "Val" / region / "masks_png"
        images.mkdir(parents=True, exist_ok=True)
        labels.mkdir(parents=True, exist_ok=True)
        (images / f"{index}.png").symlink_to(tiles / f"{index}_image.png")
        (labels / f"{index}.png").symlink_to(tiles / f"{index}_label.png")
    return folder, tiles


def _labelled_pixels(tiles: Path, indices) -> np.ndarray:
    """Per LoveDA class, the labelled pixels of the tiles (label 0 ignored)."""
    from reseg_qgis.engine.benchmark.datasets import read_labels

    counts = np.zeros(8, np.int64)
    for index in indices:
        counts += np.bincount(read_labels(tiles / f"{index}_label.png").ravel(), minlength=8)[:8]
    return counts[1:]


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_segearth_protocol_over_loveda_resumes_and_reports(tiny_registry, tmp_path, capsys):
    folder, tiles = _layout(tmp_path, "mmseg")
    cache, out = tmp_path / "cache", tmp_path / "results"
    common = ["benchmark", folder, "--dataset", "loveda", "--protocol", "segearth-ov", "--clip", "clip-a",
              "--cache-dir", cache, "--out", out]
    code, stdout, stderr = run(capsys, *common, "--limit", "1", "--allow-download")
    assert code == 0, stderr
    assert "LoveDA (1 images, 0 from an earlier run), protocol segearth-ov" in stdout
    assert "published: 36.9 %" in stdout
    lines = (out / "images.jsonl").read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["img_dir/val/0"]
    with open(out / "images.jsonl", "a") as log:
        log.write('{"id": "img_dir/val/1", "matr')  # a line cut short by an interruption
    code, stdout, stderr = run(capsys, *common)
    assert code == 0, stderr
    assert "LoveDA (3 images, 1 from an earlier run)" in stdout
    saved = json.loads((out / "scores.json").read_text())
    matrix = np.array(saved["matrix"])
    # Every labelled pixel is counted once, in its class's row; every pixel gets a class (none in 0).
    assert matrix[1:, :].sum(axis=1).tolist() == _labelled_pixels(tiles, range(3)).tolist()
    assert matrix[:, 0].sum() == 0 and saved["names"][1:] == list(dataset("loveda").names)
    assert "<h1>Accuracy report</h1>" in (out / "report.html").read_text()
    assert (out / "scores.csv").read_text().splitlines()[1].startswith("background,")
    code, _, stderr = run(capsys, *common[:5], "reseg-clip", *common[6:], "--sam", "sam", "--allow-download")
    assert code == 2 and "holds results of other settings" in stderr


def test_reseg_protocol_over_lovedas_own_layout(tiny_registry, tmp_path, capsys):
    folder, tiles = _layout(tmp_path, "loveda")
    code, stdout, stderr = run(capsys, "benchmark", folder, "--dataset", "loveda", "--protocol", "reseg-clip",
                               "--clip", "clip-a", "--sam", "sam", "--cache-dir", tmp_path / "cache",
                               "--out", tmp_path / "results", "--limit", "1", "--allow-download")
    assert code == 0, stderr
    assert "models: clip-a, sam; protocol reseg-clip (aemrhb/ReSeg-CLIP)" in stderr
    assert "LoveDA (1 images, 0 from an earlier run), protocol reseg-clip" in stdout
    assert "no published figure" in stdout
    saved = json.loads((tmp_path / "results" / "scores.json").read_text())
    # The first image in name order: Val/Rural (tile 2) comes before Val/Urban.
    assert saved["inputs"]["images"] == 1
    assert np.array(saved["matrix"])[1:, :].sum(axis=1).tolist() == _labelled_pixels(tiles, [2]).tolist()
    assert json.loads((tmp_path / "results" / "settings.json").read_text())["models"] == ["clip-a", "sam"]


def test_a_folder_without_the_layout_says_what_it_expected(tiny_registry, tmp_path, capsys):
    code, _, stderr = run(capsys, "benchmark", tmp_path, "--dataset", "udd5", "--protocol", "segearth-ov",
                          "--clip", "clip-a", "--cache-dir", tmp_path / "cache", "--allow-download",
                          "--out", tmp_path / "results")
    assert code == 2
    assert "No UDD5 images with labels under" in stderr and "val/src/*.JPG with val/gt/*.png" in stderr
