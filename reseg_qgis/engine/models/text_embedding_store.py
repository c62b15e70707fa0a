"""Text embeddings kept on disk, so a class name embedded once costs nothing in later runs, other
processes or QGIS sessions: one file per CLIP model's weights (their sha256), template set and
precision, beside the model cache. It is a cache: a file that cannot be read is ignored, and one that
cannot be written is left as it was."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import torch


def store_key(model: str, weights: Sequence[str | None], templates: Sequence[str], precision: str) -> str:
    """The file name of one model's embeddings: its name, and a digest of all that changes them."""
    given = json.dumps([model, list(weights), list(templates), precision])
    digest = hashlib.sha256(given.encode()).hexdigest()
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model)
    return f"{safe}-{digest[:20]}"


class TextEmbeddingStore:
    def __init__(self, folder: str | os.PathLike, key: str) -> None:
        self.path = Path(folder) / f"{key}.npz"

    def load(self) -> dict[str, torch.Tensor]:
        """The embeddings on disk, by text; none if the file is missing or damaged."""
        try:
            with np.load(self.path, allow_pickle=False) as data:
                texts, vectors = data["texts"], data["embeddings"]
                if vectors.ndim != 2 or len(texts) != len(vectors):
                    return {}
                return {str(text): torch.from_numpy(vector.copy()) for text, vector in zip(texts, vectors)}
        except (OSError, ValueError, KeyError, EOFError):
            return {}

    def add(self, embeddings: Mapping[str, torch.Tensor]) -> None:
        """Adds ``embeddings`` to the file (with what another process may have added meanwhile)."""
        if not embeddings:
            return
        merged = {**self.load(), **embeddings}
        texts = np.array(list(merged), dtype=str)
        vectors = torch.stack([merged[text].float() for text in merged]).numpy()
        temporary = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.stem}.", suffix=".npz")
            temporary = Path(name)
            with os.fdopen(handle, "wb") as stream:
                np.savez(stream, texts=texts, embeddings=vectors)
            os.replace(temporary, self.path)
        except OSError:  # a read-only or full cache: the embeddings are computed again next time
            if temporary is not None:
                temporary.unlink(missing_ok=True)
