"""The engine session: segmenters reused, the two most recent kept, models reloaded when changed."""

from __future__ import annotations

import torch

from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.session import EngineSession, ModelChoice
from reseg_qgis.engine.weights.store import ModelStore
from tests.helpers import models

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
