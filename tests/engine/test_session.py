"""The engine session: segmenters reused, the two most recent kept, models reloaded when changed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import rasterio
import torch

from reseg_qgis.engine import class_prompts, session
from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models import segmenter
from reseg_qgis.engine.raster import pipeline
from reseg_qgis.engine.session import EngineSession, ModelChoice, SegmentRequest
from reseg_qgis.engine.weights.store import ModelStore
from tests.helpers import models
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.tiny_cache import TINY_CLIP, make_tiny_cache

CPU = choose_device("cpu", "fp32")


def test_segmenters_are_reused_and_only_recent_ones_kept(published, tmp_path):
    session = EngineSession(ModelStore(tmp_path / "cache", published["registry"]))
    fast = {name: ModelChoice(preset="fast", clip=name) for name in ("clip-a", "clip-b", "clip-c")}
    first = session.segmenter(fast["clip-a"], CPU, allow_download=True)
    assert session.segmenter(fast["clip-a"], CPU) is first
    session.segmenter(fast["clip-b"], CPU, allow_download=True)
    session.segmenter(fast["clip-c"], CPU, allow_download=True)  # clip-a's segmenter and model go
    assert session.pool.loads["clip-a"] == 1
    again = session.segmenter(fast["clip-a"], CPU)
    assert again is not first and session.pool.loads["clip-a"] == 2


def test_a_model_added_again_under_its_name_is_loaded_again(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    store = ModelStore(tmp_path / "cache")
    first = models.save_state_dict(models.build_clip(seed=1), files / "one.pt")
    store.add_custom("mine", "clip", models.TINY_CLIP_CONFIG, first)
    session = EngineSession(ModelStore(tmp_path / "cache"))
    choice = ModelChoice(preset="fast", clip="mine")
    before = session.segmenter(choice, CPU).clip.visual.proj.clone()
    second = models.build_clip(seed=2)
    ModelStore(tmp_path / "cache").add_custom("mine", "clip", models.TINY_CLIP_CONFIG,
                                              models.save_state_dict(second, files / "two.pt"))
    session.use_store(ModelStore(tmp_path / "cache"))
    after = session.segmenter(choice, CPU).clip.visual.proj
    assert not torch.equal(before, after) and torch.equal(after, second.visual.proj)


def test_class_names_are_embedded_once_across_sessions(published, tmp_path):
    """A later session (another run, process or QGIS session) reads the kept text embeddings."""
    choice = ModelChoice(preset="fast", clip="clip-a")
    store = ModelStore(tmp_path / "cache", published["registry"])
    first = EngineSession(store).segmenter(choice, CPU, allow_download=True)
    embedded = first.encode_classes("water; tree, forest").synonym_embeddings
    assert first.text.texts_encoded == 3
    later = EngineSession(ModelStore(tmp_path / "cache", published["registry"])).segmenter(choice, CPU)
    assert torch.equal(later.encode_classes("water; tree, forest").synonym_embeddings, embedded)
    assert later.text.texts_encoded == 0
    assert [p.parent.name for p in (tmp_path / "cache").rglob("*.npz")] == ["text-embeddings"]


def test_a_run_opens_its_input_once_and_parses_its_classes_once(tmp_path, monkeypatch):
    """The input is checked before the models load and read by the run through one opening; the
    labels are those of a run that opens the raster itself."""
    scene = tmp_path / "scene.tif"  # 16-bit, so the run reads the stretch's statistics too
    with rasterio.open(LANDSAT_RGB) as given:
        values = given.read(window=((100, 260), (100, 260))).astype(np.uint16) * 200
        profile = dict(driver="GTiff", height=160, width=160, count=3, dtype="uint16", crs=given.crs,
                       transform=given.window_transform(((100, 260), (100, 260))))
    with rasterio.open(scene, "w", **profile) as target:
        target.write(values)
    engine = EngineSession(ModelStore(make_tiny_cache(tmp_path / "cache")))
    request = SegmentRequest(input=str(scene), output=str(tmp_path / "classes.tif"),
                             classes="water; land, island; cloud", clip=TINY_CLIP, use_sam=False, window=64,
                             device="cpu", precision="fp32", sieve=4, cog=True,
                             vector=str(tmp_path / "classes.gpkg"), statistics=str(tmp_path / "classes.csv"))
    opened, parsed = [], []
    rasterio_open, parse = rasterio.open, class_prompts.parse_class_list

    def counted_open(path, *args, **kwargs):
        opened.append(str(path))
        return rasterio_open(path, *args, **kwargs)

    def counted_parse(text):
        parsed.append(text)
        return parse(text)

    monkeypatch.setattr(rasterio, "open", counted_open)
    for module in (session, pipeline, segmenter):
        monkeypatch.setattr(module, "parse_class_list", counted_parse)
    result = engine.segment(request)
    assert opened.count(str(scene)) == 1
    assert parsed == ["water; land, island; cloud"]
    assert result.labels == ["water", "land, island", "cloud"]
    monkeypatch.undo()
    options = replace(request.options(), vector=None, statistics=None)
    alone = pipeline.segment_raster(str(scene), str(tmp_path / "alone.tif"),
                                    engine.segmenter(request.choice(), CPU), request.classes, options)
    with rasterio.open(result.output) as run, rasterio.open(alone.output) as other:
        assert np.array_equal(run.read(1), other.read(1)) and len(np.unique(run.read(1))) > 1
