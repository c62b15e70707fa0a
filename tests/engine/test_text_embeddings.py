"""Text embeddings: templates averaged and renormalised, one encoding per text."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from reseg_qgis.engine.class_prompts import parse_class_list
from reseg_qgis.engine.hardware.devices import choose_device
from reseg_qgis.engine.models.clip_models import build_clip as build_named
from reseg_qgis.engine.models.clip_models import tokenizer_for
from reseg_qgis.engine.models.prompt_templates import IMAGENET_TEMPLATES, TEMPLATE_SETS, templates
from reseg_qgis.engine.models.text_embeddings import TextEmbedder, encode_text_trimmed
from reseg_qgis.engine.translatable import ResegError
from tests.helpers.models import TINY_CLIP_CONFIG, build_clip

TEMPLATES = ("a photo of {}.", "an aerial image of {}.", "{} seen from above.")


@pytest.fixture(scope="module")
def model():
    return build_clip()


@pytest.fixture
def embedder(model):
    return TextEmbedder(model, tokenizer_for(TINY_CLIP_CONFIG), TEMPLATES, choose_device("cpu", "fp32"))


@torch.no_grad()
def test_each_text_is_the_normalised_mean_of_its_templates(model, embedder):
    tokenizer = tokenizer_for(TINY_CLIP_CONFIG)
    sentences = [template.format("water") for template in TEMPLATES]
    each = F.normalize(model.encode_text(tokenizer(sentences)), dim=-1)
    expected = F.normalize(each.mean(dim=0), dim=0)
    torch.testing.assert_close(embedder.embed(["water"])[0], expected)
    assert embedder.embed(["water"]).norm(dim=-1).item() == pytest.approx(1.0)


def test_texts_are_encoded_once(embedder):
    embedder.embed(["water", "tree"])
    assert embedder.texts_encoded == 2
    embedder.embed(["tree", "water", "road"])
    assert embedder.texts_encoded == 3


def test_class_list_maps_synonyms_to_their_class(embedder):
    classes = embedder.encode_classes(parse_class_list("building; road, street; water"))
    assert classes.labels == ("building", "road, street", "water")
    assert classes.synonym_class.tolist() == [0, 1, 1, 2]
    assert classes.synonym_embeddings.shape == (4, 32)
    torch.testing.assert_close(classes.synonym_embeddings[2], embedder.embed(["street"])[0])


def test_template_sets():
    assert len(IMAGENET_TEMPLATES) == 80
    assert all("{}" in template for template in TEMPLATE_SETS["full"])
    assert templates("full")[:len(templates("remote-sensing"))] == templates("remote-sensing")
    assert templates("reseg") == ("Aerial photo of a {} in the city.",)
    with pytest.raises(ResegError, match="Unknown template set"):
        templates("fancy")


@torch.no_grad()
@pytest.mark.parametrize("architecture", ["tiny", "ViT-B-16-quickgelu"])
def test_trimmed_text_encoding_equals_open_clips(architecture):
    model = build_clip() if architecture == "tiny" else build_named(architecture)
    tokens = tokenizer_for(TINY_CLIP_CONFIG)(["a satellite image of a harbour with ships.", "water",
                                              "an aerial photo of a road next to farmland in spring."])
    assert (tokens != 0).sum(dim=1).max() < 20
    torch.testing.assert_close(encode_text_trimmed(model, tokens), model.encode_text(tokens),
                               atol=2e-5, rtol=1e-4)


def test_embeddings_kept_on_disk_are_used_by_a_later_embedder_without_the_model(model, tmp_path):
    from reseg_qgis.engine.models.text_embedding_store import TextEmbeddingStore, store_key

    key = store_key("tiny clip", ["ab12"], TEMPLATES, "cpu-fp32")
    tokenizer = tokenizer_for(TINY_CLIP_CONFIG)

    def kept(on=model):
        store = TextEmbeddingStore(tmp_path, key)
        return TextEmbedder(on, tokenizer, TEMPLATES, choose_device("cpu", "fp32"), store=store)

    first = kept()
    computed = first.embed(["water", "forest"])
    assert first.texts_encoded == 2 and (tmp_path / f"{key}.npz").exists()

    class NoModel:  # a later process: the kept names need no text tower
        def __getattr__(self, name):
            raise AssertionError("the text tower ran")

    later = kept(NoModel())
    assert torch.equal(later.embed(["forest", "water"]), computed[[1, 0]]) and later.texts_encoded == 0
    third = kept()
    third.embed(["water", "road"])  # one new name: encoded, added beside the others
    assert third.texts_encoded == 1
    assert set(TextEmbeddingStore(tmp_path, key).load()) == {"water", "forest", "road"}
    assert store_key("tiny clip", ["cd34"], TEMPLATES, "cpu-fp32") != key  # other weights, other file
    assert store_key("tiny clip", ["ab12"], TEMPLATES[:2], "cpu-fp32") != key
    assert store_key("tiny clip", ["ab12"], TEMPLATES, "cuda-bf16") != key


def test_a_damaged_or_unwritable_store_only_costs_the_encoding(model, tmp_path):
    from reseg_qgis.engine.models.text_embedding_store import TextEmbeddingStore

    (tmp_path / "damaged.npz").write_bytes(b"not a zip file")
    embedder = TextEmbedder(model, tokenizer_for(TINY_CLIP_CONFIG), TEMPLATES, choose_device("cpu", "fp32"),
                            store=TextEmbeddingStore(tmp_path, "damaged"))
    assert embedder.embed(["water"]).shape == (1, 32) and embedder.texts_encoded == 1
    assert set(TextEmbeddingStore(tmp_path, "damaged").load()) == {"water"}  # written anew
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    unwritable = TextEmbedder(model, tokenizer_for(TINY_CLIP_CONFIG), TEMPLATES, choose_device("cpu", "fp32"),
                              store=TextEmbeddingStore(blocked / "below", "x"))
    assert unwritable.embed(["water"]).shape == (1, 32)
