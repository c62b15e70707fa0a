"""Models by name: loaded once per process, composed on demand, missing ones reported together."""

from __future__ import annotations

import pytest
import torch

from reseg_qgis.engine.translatable import ResegError
from reseg_qgis.engine.weights.loading import ModelPool
from reseg_qgis.engine.weights.registry import ComposedSpec
from reseg_qgis.engine.weights.store import MissingWeights, ModelStore

CPU = torch.device("cpu")


@pytest.fixture
def pool(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    composed = {"mix": ComposedSpec("mix", "Tiny mix", ("clip-a", "clip-b"))}
    return ModelPool(store, composed)


def test_models_load_once_and_carry_their_weights(pool, published):
    first = pool.clip("clip-a", CPU, allow_download=True)
    again = pool.clip("clip-a", CPU)
    assert again is first and pool.loads["clip-a"] == 1
    expected = published["clips"][0].state_dict()
    for key, value in first.model.state_dict().items():
        assert torch.equal(value, expected[key])
    assert first.tokenizer(["water"]).shape == (1, 77)
    sam = pool.sam("sam", CPU, allow_download=True)
    assert pool.sam("sam", CPU) is sam and pool.loads["sam"] == 1


def test_composed_models_merge_their_members(pool, published):
    assert not pool.available("mix")
    pool.store.download("clip-a")
    pool.store.download("clip-b")
    assert pool.available("mix")
    loaded = pool.clip("mix", CPU)
    assert loaded.model.visual.proj.shape == published["clips"][0].visual.proj.shape
    assert pool.first_available(("mix", "clip-a")) == "mix"


def test_first_available_falls_back_to_the_last_name(pool):
    assert pool.first_available(("mix", "clip-c")) == "clip-c"
    pool.store.download("clip-a")
    assert pool.first_available(("clip-b", "clip-a")) == "clip-a"


def test_missing_models_are_reported_together(pool):
    with pytest.raises(MissingWeights) as caught:
        pool.check_installed(["mix", "sam"])
    assert [spec.name for spec in caught.value.specs] == ["clip-a", "clip-b", "sam"]
    with pytest.raises(MissingWeights):
        pool.clip("clip-a", CPU)
    with pytest.raises(ResegError, match="not a SAM model"):
        pool.sam("clip-a", CPU)
