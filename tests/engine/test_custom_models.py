"""Checkpoints of the user's own, registered from a file: checked, cached, listed, loaded, removed."""

from __future__ import annotations

import json

import pytest
import torch

from reseg_qgis.engine import cli
from reseg_qgis.engine.weights.checkpoints import CheckpointError
from reseg_qgis.engine.weights.loading import ModelPool
from reseg_qgis.engine.weights.store import ModelStore
from tests.helpers import models


@pytest.fixture
def checkpoint(tmp_path):
    clip = models.build_clip(seed=7)
    return clip, models.save_training_checkpoint(clip, tmp_path / "finetuned.pt")


def test_a_custom_clip_is_checked_cached_and_loaded(tmp_path, checkpoint):
    clip, path = checkpoint
    store = ModelStore(tmp_path / "cache")
    spec = store.add_custom("my-clip", "clip", models.TINY_CLIP_CONFIG, path, title="My CLIP")
    assert spec.filename == "custom-my-clip.pt" and store.is_installed("my-clip")
    assert store.manifest()["my-clip"]["pinned"] is True
    reopened = ModelStore(tmp_path / "cache")
    assert reopened.registry["my-clip"].title == "My CLIP"
    loaded = ModelPool(reopened).clip("my-clip", torch.device("cpu"))
    assert torch.equal(loaded.model.visual.proj, clip.visual.proj)
    path.unlink()  # the cache holds its own copy
    assert ModelPool(ModelStore(tmp_path / "cache")).clip("my-clip", torch.device("cpu"))
    reopened.remove_custom("my-clip")
    assert "my-clip" not in ModelStore(tmp_path / "cache").registry
    assert not (tmp_path / "cache" / "custom-my-clip.pt").exists()


def test_a_checkpoint_of_another_architecture_is_refused(tmp_path, checkpoint):
    _, path = checkpoint
    store = ModelStore(tmp_path / "cache")
    with pytest.raises(CheckpointError, match="missing keys"):
        store.add_custom("wrong", "clip", models.clip_config(layers=24), path)
    assert "wrong" not in ModelStore(tmp_path / "cache").registry


@pytest.mark.parametrize("name,message", [("openai-vit-b-16", "published model"), ("My Model", "lower-case")])
def test_bad_names_are_refused(tmp_path, checkpoint, name, message):
    with pytest.raises(ValueError, match=message):
        ModelStore(tmp_path / "cache").add_custom(name, "clip", models.TINY_CLIP_CONFIG, checkpoint[1])


def test_cli_add_and_remove(tmp_path, checkpoint, capsys):
    config = tmp_path / "tiny.json"
    config.write_text(json.dumps(models.TINY_CLIP_CONFIG))
    cache = str(tmp_path / "cache")
    assert cli.main(["models", "--cache-dir", cache, "add", "mine", "--kind", "clip",
                     "--architecture", str(config), "--file", str(checkpoint[1])]) == 0
    assert "mine: " in capsys.readouterr().out
    assert cli.main(["models", "--cache-dir", cache, "list"]) == 0
    assert "mine" in capsys.readouterr().out
    assert cli.main(["models", "--cache-dir", cache, "remove", "mine"]) == 0
    assert cli.main(["models", "--cache-dir", cache, "remove", "mine"]) == 2
