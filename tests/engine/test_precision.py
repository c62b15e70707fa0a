"""Results by number format, on every CPU kind (faked: tests/helpers/cpus).

fp32 gives the same labels whatever the CPU; 'auto' on a CPU that multiplies bf16 faster runs every stage
in bf16, which stays within the thresholds below of fp32 and is named in the output's metadata.
"""

from __future__ import annotations

import json
import platform

import numpy as np
import pytest
import rasterio
import torch

from reseg_qgis.engine import cli
from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.clip_models import tokenizer_for
from reseg_qgis.engine.models.sam_regions import SamRegionGenerator
from reseg_qgis.engine.models.segmenter import Segmenter
from reseg_qgis.engine.models.segmenter_config import SamLevel, SamSettings, SegmenterConfig
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from tests.conftest import run_python
from tests.helpers.cpus import CPU_KINDS, NATIVE_BF16_KINDS
from tests.helpers.models import TINY_CLIP_CONFIG, build_clip, build_sam
from tests.helpers.rasters import LANDSAT_RGB
from tests.helpers.tiny_cache import TINY_CLIP, TINY_SAM, make_tiny_cache

# bf16 against fp32 on the tiny random models, whose class scores lie close together (so labels flip more
# easily than on full-size models: README, "Number formats"). Measured with bf16: SAM's features cosine
# 0.99998 and more; of the pixels in a region, 98.9 % in the same region with only SAM's encoder in bf16,
# 97.8 % with its decoder too (95.2 % on torch's and oneDNN's plain kernels, 97.8 % held to AVX2; the
# random decoder's logits lie near its threshold); labels 99.91 % the same with only SAM's encoder in
# bf16, 99.45 % with only the decoder, 99.71 % only CLIP, 99.36 % only the text, 98.97 % with all four.
# A bf16 path 5 % off (noise of 5 % of the features' spread) falls below each feature and region
# threshold: cosine 0.9987, regions 91 %.
FEATURE_COSINE = 0.9995
REGION_AGREEMENT = 0.93
LABEL_AGREEMENT = 0.985

# Thresholds at zero, so the random SAM finds masks; the region vote makes the labels follow them.
OPEN_LEVELS = tuple(SamLevel(4, 0.0, 0.0, 10) for _ in range(4))
CLASSES = "deep water; shallow water; land; cloud"
FP32_TAG = "SAM encoder fp32, mask decoder fp32, CLIP fp32, text fp32 (asked: fp32)"
BF16_TAG = "SAM encoder bf16, mask decoder bf16, CLIP bf16, text bf16 (asked: auto)"
ROWS, COLS = (150, 342), (250, 442)  # 192 x 192 px of sea, reef, land and cloud


@pytest.fixture(scope="module")
def models():
    return build_clip(), build_sam()


def landsat_windows() -> list[np.ndarray]:
    with rasterio.open(LANDSAT_RGB) as dataset:
        image = np.moveaxis(dataset.read(), 0, -1)
    corners = ((150, 250), (300, 400), (400, 100))
    return [np.ascontiguousarray(image[r:r + 128, c:c + 128]) for r, c in corners]


def segment(models, tmp_path, name: str, precision: str):
    """Labels and metadata tags of a run on the CPU kind the test set, with the device chosen as a run
    chooses it."""
    clip, sam = models
    device = choose_device("cpu", precision)
    segmenter = Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), sam, SegmenterConfig(
        sam=SamSettings(levels=OPEN_LEVELS, crop_n_layers=0), templates="reseg", sam_context=128,
        region_vote=True), device)
    with rasterio.open(LANDSAT_RGB) as dataset:
        left, top = dataset.transform @ (COLS[0], ROWS[0])
        right, bottom = dataset.transform @ (COLS[1], ROWS[1])
    result = segment_raster(str(LANDSAT_RGB), str(tmp_path / f"{name}.tif"), segmenter, CLASSES,
                            RasterOptions(extent=(left, bottom, right, top), overlap=32), tags=device.tags())
    encoder = segmenter.regions.predictor._encoder_copy
    with rasterio.open(result.output) as dataset:
        return dataset.read(1), dataset.tags(), None if encoder is None else next(encoder.parameters()).dtype


def test_fp32_gives_the_same_labels_on_every_cpu_kind_and_auto_keeps_to_them(models, tmp_path, cpu_kind):
    """What the engine decides from the CPU's measured rates: nothing at fp32; each stage's format with auto.
    (This machine's kernels run every kind here; the kernels themselves are the next test's.)"""
    fp32 = {}
    for kind in CPU_KINDS:
        cpu_kind(kind)
        fp32[kind] = segment(models, tmp_path, f"{kind}-fp32", "fp32")
    reference, tags, encoder = fp32["epyc-avx2"]
    assert {1, 2, 3, 4} <= set(np.unique(reference).tolist()) and encoder is None
    assert tags["RESEG_PRECISION"] == FP32_TAG
    for kind, (labels, other_tags, encoder) in fp32.items():
        np.testing.assert_array_equal(labels, reference, err_msg=kind)
        assert encoder is None and other_tags["RESEG_PRECISION"] == tags["RESEG_PRECISION"], kind
    for kind in NATIVE_BF16_KINDS:
        cpu_kind(kind)
        labels, auto_tags, encoder = segment(models, tmp_path, f"{kind}-auto", "auto")
        assert encoder == torch.bfloat16, kind  # the bf16 path ran
        assert auto_tags["RESEG_PRECISION"] == BF16_TAG
        assert auto_tags["RESEG_DEVICE"].endswith("threads (bf16)")
        assert (labels == reference).mean() >= LABEL_AGREEMENT, kind
    cpu_kind("epyc-avx2")
    labels, auto_tags, encoder = segment(models, tmp_path, "epyc-auto", "auto")
    assert encoder is None and auto_tags["RESEG_PRECISION"].startswith("SAM encoder fp32")
    np.testing.assert_array_equal(labels, reference)  # where bf16 is slow, auto is fp32


@pytest.mark.parametrize("kind", NATIVE_BF16_KINDS)
def test_clip_and_the_text_in_bf16_keep_to_fp32s_features(models, cpu_kind, kind):
    cpu_kind(kind)
    clip = models[0]
    found = {}
    for precision in ("fp32", "auto"):
        segmenter = Segmenter(clip, tokenizer_for(TINY_CLIP_CONFIG), None, SegmenterConfig(sam=None),
                              choose_device("cpu", precision))
        features = segmenter.encode_windows(np.stack(landsat_windows()))
        texts = segmenter.text.embed(["deep water", "shallow water", "land", "cloud", "a reef"])
        found[precision] = features.patches.flatten(1), features.cls, texts
    for fp32, bf16 in zip(found["fp32"], found["auto"]):
        cosine = torch.nn.functional.cosine_similarity(fp32, bf16, dim=-1)
        assert bool((cosine >= FEATURE_COSINE).all()) and not torch.equal(fp32, bf16)
    assert all(p.dtype == torch.float32 for p in clip.parameters())  # autocast leaves the model as it is


@pytest.mark.parametrize("kind", NATIVE_BF16_KINDS)
def test_sam_in_bf16_keeps_to_fp32s_features_and_regions(models, cpu_kind, kind):
    cpu_kind(kind)
    sam = models[1]
    settings = SamSettings(levels=(SamLevel(8, 0.0, 0.0, 10),), crop_n_layers=0)
    found = {}
    for precision in ("fp32", "auto"):
        generator = SamRegionGenerator(sam, settings, choose_device("cpu", precision))
        maps, features = [], []
        for window in landsat_windows():
            maps.append(generator.label_maps(window))
            generator.predictor.set_image(window)
            features.append(generator.predictor.features.flatten())
        found[precision] = np.stack(maps), torch.stack(features)
    (fp32_maps, fp32_features), (bf16_maps, bf16_features) = found["fp32"], found["auto"]
    cosine = torch.nn.functional.cosine_similarity(fp32_features, bf16_features, dim=1)
    assert bool((cosine >= FEATURE_COSINE).all()) and not torch.equal(fp32_features, bf16_features)
    in_a_region = (fp32_maps > 0) | (bf16_maps > 0)
    assert (fp32_maps == bf16_maps)[in_a_region].mean() >= REGION_AGREEMENT
    assert fp32_maps.max() > 0, "no regions at all: the comparison would be empty"
    assert all(p.dtype == torch.float32 for p in sam.parameters())  # the bf16 copy leaves the shared SAM


def test_the_command_line_says_each_stages_format_in_the_device_line_and_the_metadata(tmp_path, capsys,
                                                                                       cpu_kind):
    cache = make_tiny_cache(tmp_path / "cache")
    cpu_kind("xeon-amx")
    found = {}
    for precision in ("auto", "fp32"):
        output = tmp_path / f"{precision}.tif"
        code = cli.main(["segment", str(LANDSAT_RGB), "-c", CLASSES, "-o", str(output), "--clip", TINY_CLIP,
                         "--sam", TINY_SAM, "--window", "64", "--scale", "0.25", "--device", "cpu",
                         "--precision", precision, "--cache-dir", str(cache)])
        stderr = capsys.readouterr().err
        assert code == 0, stderr
        with rasterio.open(output) as dataset:
            found[precision] = stderr, dataset.tags(), dataset.read(1)
    stderr, tags, _ = found["auto"]
    line = "CPU: {} threads (bf16)"
    assert f"Device: {line.format(torch.get_num_threads())}" in stderr
    assert tags["RESEG_PRECISION"] == BF16_TAG
    stderr, tags, _ = found["fp32"]
    assert f"Device: CPU: {torch.get_num_threads()} threads (fp32)" in stderr
    assert tags["RESEG_PRECISION"] == FP32_TAG
    code = cli.main(["segment", str(LANDSAT_RGB), "-c", CLASSES, "-o", str(tmp_path / "clip.tif"), "--clip",
                     TINY_CLIP, "--no-sam", "--window", "64", "--scale", "0.25", "--device", "cpu",
                     "--cache-dir", str(cache)])
    assert code == 0, capsys.readouterr().err
    with rasterio.open(tmp_path / "clip.tif") as dataset:  # no SAM ran, so none is named
        assert dataset.tags()["RESEG_PRECISION"] == "CLIP bf16, text bf16 (asked: auto)"
        assert dataset.tags()["RESEG_DEVICE"] == f"CPU: {torch.get_num_threads()} threads (bf16)"


# What another CPU computes differently at fp32: torch's own kernels (AVX-512, AVX2 or plain), oneDNN's
# instruction set, and the thread count. Float sums then differ in their last bits; the labels must not.
KERNELS = {"this CPU's": {}, "AVX2": {"ATEN_CPU_CAPABILITY": "avx2", "ONEDNN_MAX_CPU_ISA": "AVX2",
                                      "MKL_ENABLE_INSTRUCTIONS": "AVX2"},
           "plain": {"ATEN_CPU_CAPABILITY": "default"}, "one thread": {"OMP_NUM_THREADS": "1"}}
RUN_FP32 = """
import json, sys
from pathlib import Path
import torch
from tests.engine.test_precision import segment
from tests.helpers.models import build_clip, build_sam
labels, _, _ = segment((build_clip(), build_sam()), Path(sys.argv[1]), "labels", "fp32")
print(json.dumps({"labels": labels.tolist(), "kernels": torch.backends.cpu.get_cpu_capability(),
                  "threads": torch.get_num_threads()}))
"""


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64 kernels")
def test_fp32_labels_do_not_depend_on_the_cpus_kernels_or_threads(tmp_path):
    runs = {}
    for name, variables in KERNELS.items():
        folder = tmp_path / name.replace(" ", "-").replace("'", "")
        folder.mkdir()
        result = run_python(RUN_FP32, str(folder), environment=variables)
        assert result.returncode == 0, result.stderr[-3000:]
        runs[name] = json.loads(result.stdout.splitlines()[-1])
    assert runs["plain"]["kernels"] == "DEFAULT" and runs["one thread"]["threads"] == 1
    assert runs["AVX2"]["kernels"] in ("AVX2", "DEFAULT")  # AVX2, where the CPU has it
    reference = np.array(runs["this CPU's"]["labels"])
    assert {1, 2, 3, 4} <= set(np.unique(reference).tolist())
    for name, run in runs.items():
        np.testing.assert_array_equal(np.array(run["labels"]), reference, err_msg=name)
