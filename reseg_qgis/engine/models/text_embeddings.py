"""Text embeddings of class prompts: every synonym under every template, averaged, cached."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from ..class_prompts import ClassPrompt
from ..hardware.devices import TEXT, DeviceChoice
from .ml_libraries import open_clip
from .text_embedding_store import TextEmbeddingStore


def encode_text_trimmed(model: torch.nn.Module, tokens: torch.Tensor) -> torch.Tensor:
    """open_clip's ``encode_text``, on sequences cut after their longest end token.

    CLIP's text tower is causal and pools at the end token, so nothing after the longest end token
    can change the result; prompts of a dozen tokens then cost a fifth of the 77-token context.
    """
    pool = getattr(model, "text_pool_type", None)
    if getattr(model, "attn_mask", None) is None or pool not in ("argmax", "eos"):
        return model.encode_text(tokens)
    eos = getattr(model, "text_eos_id", None)
    ends = tokens.argmax(dim=-1) if pool == "argmax" else (tokens == eos).int().argmax(dim=-1)
    length = int(ends.max()) + 1
    text = tokens[:, :length]
    cast = model.transformer.get_cast_dtype()
    x = model.token_embedding(text).to(cast) + model.positional_embedding[:length].to(cast)
    x = model.ln_final(model.transformer(x, attn_mask=model.attn_mask[:length, :length]))
    x = open_clip.transformer.text_global_pool(x, text, pool, eos_token_id=eos)
    projection = model.text_projection
    if projection is None:
        return x
    return projection(x) if isinstance(projection, torch.nn.Linear) else x @ projection


@dataclass(frozen=True)
class ClassEmbeddings:
    """The encoded class list: one unit vector per synonym, and the class each belongs to."""

    synonym_embeddings: torch.Tensor  # [S, D], L2-normalised
    synonym_class: torch.Tensor  # [S], class index 0..C-1
    labels: tuple[str, ...]  # [C], the legend names

    @property
    def num_classes(self) -> int:
        return len(self.labels)


class TextEmbedder:
    """Embeds texts with one CLIP text tower; each text is embedded once per embedder."""

    def __init__(self, model: torch.nn.Module, tokenizer, templates: Sequence[str],
                 device: DeviceChoice, batch_size: int = 64, store: TextEmbeddingStore | None = None) -> None:
        """``store``: embeddings kept on disk for this model, templates and precision, read on first use."""
        self.model = model
        self.tokenizer = tokenizer
        self.templates = tuple(templates)
        self.device = device
        self.batch_size = batch_size
        self.store = store
        self._cache: dict[str, torch.Tensor] | None = None
        self.texts_encoded = 0

    @torch.no_grad()
    def _encode_sentences(self, sentences: list[str]) -> torch.Tensor:
        """Unit embeddings, in order; batches group sentences of similar length, so trimming pays."""
        tokens = self.tokenizer(sentences)
        order = torch.sort(tokens.argmax(dim=-1), stable=True).indices
        parts = []
        for start in range(0, len(sentences), self.batch_size):
            batch = tokens[order[start:start + self.batch_size]].to(self.device.device)
            with self.device.autocast(TEXT):
                parts.append(F.normalize(encode_text_trimmed(self.model, batch).float(), dim=-1).cpu())
        embeddings = torch.empty(len(sentences), parts[0].shape[-1])
        embeddings[order] = torch.cat(parts)
        return embeddings

    def embed(self, texts: Sequence[str]) -> torch.Tensor:
        """[N, D] unit vectors: each text under every template, normalised, averaged, renormalised."""
        if self._cache is None:
            self._cache = self.store.load() if self.store else {}
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            sentences = [template.format(text) for text in missing for template in self.templates]
            encoded = self._encode_sentences(sentences).reshape(len(missing), len(self.templates), -1)
            new = dict(zip(missing, F.normalize(encoded.mean(dim=1), dim=-1).cpu()))
            self._cache.update(new)
            self.texts_encoded += len(missing)
            if self.store:
                self.store.add(new)
        return torch.stack([self._cache[text] for text in texts])

    def encode_classes(self, classes: Sequence[ClassPrompt]) -> ClassEmbeddings:
        synonyms = [synonym for prompt in classes for synonym in prompt.synonyms]
        owners = [index for index, prompt in enumerate(classes) for _ in prompt.synonyms]
        return ClassEmbeddings(
            synonym_embeddings=self.embed(synonyms),
            synonym_class=torch.tensor(owners, dtype=torch.long),
            labels=tuple(prompt.label for prompt in classes),
        )
