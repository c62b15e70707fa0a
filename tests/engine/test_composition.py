"""Composition: the exact weighted sum, quality weights, refusals, and the merged-checkpoint cache."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
import torch
import torch.nn.functional as F

from reseg_qgis.engine.models.clip_models import tokenizer_for
from reseg_qgis.engine.weights import composition
from reseg_qgis.engine.weights.checkpoints import read_state_dict
from reseg_qgis.engine.weights.composition import (
    CompositionError,
    compose,
    merge_state_dicts,
    quality_weights,
    representation_quality,
)
from reseg_qgis.engine.weights.store import ModelStore
from tests.helpers import models


def test_merge_is_the_exact_weighted_sum():
    states = [models.build_clip(seed=seed).state_dict() for seed in range(3)]
    weights = [0.5, 0.3, 0.2]
    merged = merge_state_dicts(iter(states), weights)
    assert merged.keys() == states[0].keys()
    for key, value in merged.items():
        expected = sum(w * s[key].double() for w, s in zip(weights, states)).to(value.dtype)
        assert torch.equal(value, expected), key


def test_mixing_architectures_is_refused():
    shallow = models.build_clip().state_dict()
    deep = models.build_clip(models.clip_config(layers=24)).state_dict()
    with pytest.raises(CompositionError, match="another architecture"):
        merge_state_dicts([shallow, deep], [0.5, 0.5])


TERMS = ("forest", "road", "water", "building", "sand", "grass")
TEMPLATES = ("a photo of {}.", "{} from above.", "a satellite image of {}.", "an aerial view of {}.")


def synthetic_model(noise: float, seed: int):
    """An embedding function: one direction per term, a little template signature, and noise."""
    generator = torch.Generator().manual_seed(seed)
    terms = {term: torch.randn(64, generator=generator) for term in TERMS}
    templates = {template: 0.3 * torch.randn(64, generator=generator) for template in TEMPLATES}

    def embed(sentences):
        rows = []
        for sentence in sentences:
            term = next(t for t in TERMS if t in sentence)
            template = next(t for t in TEMPLATES if t.format(term) == sentence)
            rows.append(terms[term] + templates[template] + noise * torch.randn(64, generator=generator))
        return F.normalize(torch.stack(rows), dim=-1)

    return embed


def test_consistent_embeddings_outweigh_noisy_ones():
    consistent = representation_quality(synthetic_model(0.0, seed=1), TERMS, TEMPLATES)
    noisy = representation_quality(synthetic_model(1.5, seed=1), TERMS, TEMPLATES)
    assert consistent > noisy
    weights = quality_weights([consistent, noisy])
    assert weights[0] > weights[1] and sum(weights) == pytest.approx(1.0)


def test_quality_of_a_real_tiny_clip_is_finite():
    model = models.build_clip()
    tokenizer = tokenizer_for(models.TINY_CLIP_CONFIG)
    with torch.no_grad():
        quality = representation_quality(lambda s: model.encode_text(tokenizer(s)))
    assert -2.0 <= quality <= 2.0


def test_compose_caches_the_merged_checkpoint(published, tmp_path, monkeypatch):
    store = ModelStore(tmp_path / "cache", published["registry"])
    members = ("clip-a", "clip-b", "clip-c")
    first = compose(store, members, weighting="uniform", allow_download=True)
    assert not first.from_cache and first.weights == pytest.approx((1 / 3,) * 3)
    merged = read_state_dict(first.path)
    expected = merge_state_dicts([c.state_dict() for c in published["clips"]], [1 / 3] * 3)
    for key in expected:
        torch.testing.assert_close(merged[key], expected[key])

    reads = []
    monkeypatch.setattr(composition, "read_state_dict", lambda path: reads.append(path))
    second = compose(store, members, weighting="uniform")
    assert second.from_cache and second.path == first.path and reads == []


def test_quality_and_explicit_weightings_give_their_own_checkpoints(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    by_quality = compose(store, ("clip-a", "clip-b"), allow_download=True)
    assert len(by_quality.qualities) == 2 and sum(by_quality.weights) == pytest.approx(1.0)
    explicit = compose(store, ("clip-a", "clip-b"), weighting=[3, 1])
    assert explicit.weights == pytest.approx((0.75, 0.25)) and explicit.path != by_quality.path
    with pytest.raises(CompositionError, match="non-negative"):
        compose(store, ("clip-a", "clip-b"), weighting=[1, -1])
    with pytest.raises(CompositionError, match="one architecture and initialisation"):
        compose(store, ("clip-a", "sam"))
    with pytest.raises(CompositionError, match="at least two"):
        compose(store, ("clip-a",))
    assert re.fullmatch(r"tiny-vit-[0-9a-f]{16}\.safetensors", by_quality.path.name)


def test_custom_architectures_compose_under_a_plain_file_name(published, tmp_path):
    """Users' own models may give their architecture as an open_clip config (a dict)."""
    registry = {name: replace(published["registry"][name], architecture=models.TINY_CLIP_CONFIG)
                for name in ("clip-a", "clip-b")}
    result = compose(ModelStore(tmp_path / "cache", registry), ("clip-a", "clip-b"), weighting="uniform",
                     allow_download=True)
    assert re.fullmatch(r"custom-[0-9a-f]{16}\.safetensors", result.path.name)
    merged = read_state_dict(result.path)
    expected = merge_state_dicts([c.state_dict() for c in published["clips"][:2]], [0.5, 0.5])
    torch.testing.assert_close(merged["text_projection"], expected["text_projection"])


def test_two_clip_architectures_are_refused(published, tmp_path):
    registry = dict(published["registry"])
    registry["clip-wide"] = replace(registry["clip-b"], name="clip-wide", architecture="ViT-B-32")
    with pytest.raises(CompositionError, match="clip-a .*clip-wide"):
        compose(ModelStore(tmp_path / "cache", registry), ("clip-a", "clip-wide"), allow_download=True)
    assert not (tmp_path / "cache" / "composed").exists()
