"""Composition of CLIP variants: θ = Σ wᵢ θᵢ over checkpoints of one architecture and start.

ReSeg-CLIP averages remote-sensing CLIPs with weights from "representational quality under
varying text prompts"; the paper's formula is not available, so this is our reading of it:

1. Each model embeds every term of a probe vocabulary (about 30 remote-sensing terms, or the user's
   classes) under several different prompt templates.
2. quality = (mean cosine agreement of each term's embeddings across templates)
             − (mean cosine similarity between different terms under the same template).
   A good model says the same thing about "forest" whatever the sentence around it, and different
   things about "forest" and "road".
3. w = softmax(quality / τ), τ = 0.05 by default.

Uniform and explicit weights are accepted too. A merged checkpoint is cached (safetensors), keyed by
the members' sha256 and the weighting, so it is computed once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from safetensors.torch import save_file

from ..cancellation import Cancelled, stop_if_cancelled
from ..models.clip_models import build_clip, tokenizer_for
from ..translatable import ResegError
from .checkpoints import load_strictly, read_state_dict
from .downloads import ProgressCallback, sha256_of
from .registry import ModelSpec, by_name
from .store import ModelStore, file_matches

PROBE_VOCABULARY = (
    "building", "road", "tree", "forest", "water", "river", "lake", "sea", "grass", "farmland",
    "bare soil", "sand", "beach", "parking lot", "car", "ship", "airplane", "bridge", "railway",
    "residential area", "industrial area", "meadow", "wetland", "snow", "cloud", "shadow",
    "swimming pool", "tennis court", "storage tank", "harbor", "stadium", "desert",
)
PROBE_TEMPLATES = (
    "a satellite image of {}.",
    "an aerial photo of a {}.",
    "{} seen from above.",
    "a photo of the {}.",
    "a remote sensing image showing {}.",
    "a low resolution picture of {}.",
    "there is {} in this image.",
    "an overhead view of some {}.",
)
DEFAULT_TEMPERATURE = 0.05

Embed = Callable[[list], torch.Tensor]


class CompositionError(ResegError):
    pass


def representation_quality(embed: Embed, vocabulary: Sequence[str] = PROBE_VOCABULARY,
                           templates: Sequence[str] = PROBE_TEMPLATES) -> float:
    """Agreement of each term across templates minus similarity between terms (see module text)."""
    if len(vocabulary) < 2 or len(templates) < 2:
        raise CompositionError("The quality needs at least two terms and two templates.")
    sentences = [template.format(term) for term in vocabulary for template in templates]
    embeddings = F.normalize(embed(sentences).float(), dim=-1).reshape(len(vocabulary), len(templates), -1)

    def mean_off_diagonal(groups: torch.Tensor) -> torch.Tensor:
        gram = groups @ groups.transpose(-1, -2)
        n = gram.shape[-1]
        return (gram.sum(dim=(-1, -2)) - gram.diagonal(dim1=-2, dim2=-1).sum(-1)).mean() / (n * (n - 1))

    agreement = mean_off_diagonal(embeddings)  # [terms, templates, D]: across templates
    confusion = mean_off_diagonal(embeddings.transpose(0, 1))  # [templates, terms, D]: across terms
    return float(agreement - confusion)


def quality_weights(qualities: Sequence[float], temperature: float = DEFAULT_TEMPERATURE) -> list[float]:
    return torch.softmax(torch.tensor(qualities, dtype=torch.float64) / temperature, dim=0).tolist()


def merge_state_dicts(states: Iterable[dict[str, torch.Tensor]], weights: Sequence[float]) -> dict:
    """Σ wᵢ θᵢ for floating tensors (summed in float64); other tensors must be equal.

    ``states`` may be a generator: one checkpoint is held at a time beside the running sum.
    """
    totals: dict[str, torch.Tensor] = {}
    reference: dict[str, torch.Tensor] = {}
    count = 0
    for weight, state in zip(weights, states):
        count += 1
        if count == 1:
            reference = {k: v for k, v in state.items() if not v.is_floating_point()}
            shapes = {k: v.shape for k, v in state.items()}
            dtypes = {k: v.dtype for k, v in state.items()}
        elif state.keys() != shapes.keys() or any(state[k].shape != shapes[k] for k in shapes):
            raise CompositionError("Checkpoint {count} has another architecture than checkpoint 1; only "
                                   "models of one architecture and initialisation can be merged.",
                                   count=count)
        for key, value in state.items():
            if key in reference:
                if not torch.equal(value, reference[key]):
                    raise CompositionError("The non-float tensor {key} differs between checkpoints.", key=key)
            elif key in totals:
                totals[key] += float(weight) * value.double()
            else:
                totals[key] = float(weight) * value.double()
    if count == 0 or count != len(weights):
        raise CompositionError("Give one weight per checkpoint.")
    return {**{k: v.to(dtypes[k]) for k, v in totals.items()}, **{k: v.clone() for k, v in reference.items()}}


@dataclass(frozen=True)
class Composition:
    path: Path
    members: tuple[str, ...]
    weights: tuple[float, ...]
    qualities: tuple[float, ...] | None
    from_cache: bool


def _text_embedder(spec: ModelSpec, state: dict) -> Embed:
    model = build_clip(spec.architecture)
    load_strictly(model, state, spec.title)
    tokenizer = tokenizer_for(spec.architecture)

    @torch.no_grad()
    def embed(sentences: list) -> torch.Tensor:
        return model.encode_text(tokenizer(sentences))

    return embed


def _cached(target: Path, sidecar: Path) -> dict | None:
    """The record of a merged checkpoint made earlier, when it and its file are whole; a damaged or
    changed one is made again."""
    if not (target.is_file() and sidecar.is_file()):
        return None
    try:
        saved = json.loads(sidecar.read_text(encoding="utf-8"))
        weights = [float(w) for w in saved["weights"]]
        intact = isinstance(saved.get("sha256"), str) and file_matches(target, saved["sha256"])[0]
    except (ValueError, KeyError, TypeError, AttributeError):
        intact = False
    if not intact:
        target.unlink(missing_ok=True)
        sidecar.unlink(missing_ok=True)
        return None
    return {**saved, "weights": weights}


def compose(store: ModelStore, members: Sequence[str], weighting: str | Sequence[float] = "quality",
            vocabulary: Sequence[str] = PROBE_VOCABULARY, temperature: float = DEFAULT_TEMPERATURE,
            allow_download: bool = False, progress: ProgressCallback | None = None,
            cancelled: Cancelled | None = None) -> Composition:
    """Merge installed members into one cached checkpoint; the members load into the first's architecture.

    Missing members are downloaded when allowed (with ``progress``); ``cancelled`` is polled between
    members.
    """
    specs = [by_name(name, store.registry) for name in members]
    if len(specs) < 2:
        raise CompositionError("Composition needs at least two models.")
    families = {spec.merge_family for spec in specs}
    if len(families) > 1 or any(spec.kind != "clip" for spec in specs):
        raise CompositionError("Only CLIP models of one architecture and initialisation can be merged; got "
                               "{models}.", models=", ".join(f"{s.name} ({s.merge_family})" for s in specs))
    if not isinstance(weighting, str):
        if len(weighting) != len(specs) or any(w < 0 for w in weighting) or sum(weighting) <= 0:
            raise CompositionError("Explicit weights must be one non-negative number per model, not "
                                   "all 0.")
        total = float(sum(weighting))
        weighting = [float(w) / total for w in weighting]
    elif weighting not in ("quality", "uniform"):
        raise CompositionError("Unknown weighting {value!r}; use quality, uniform or numbers.",
                               value=weighting)
    paths = []
    for spec in specs:
        stop_if_cancelled(cancelled)
        paths.append(store.ensure(spec.name, allow_download, progress, cancelled))
    manifest = store.manifest()
    recipe = {"members": [[s.name, manifest[s.name]["sha256"]] for s in specs], "weighting": weighting}
    if weighting == "quality":
        recipe.update(vocabulary=list(vocabulary), templates=list(PROBE_TEMPLATES), temperature=temperature)
    key = hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()
    architecture = specs[0].architecture
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", architecture) if isinstance(architecture, str) else "custom"
    target = store.root / "composed" / f"{stem}-{key[:16]}.safetensors"
    sidecar = target.with_suffix(".json")
    saved = _cached(target, sidecar)
    if saved is not None:
        return Composition(target, tuple(members), tuple(saved["weights"]),
                           saved.get("qualities") and tuple(saved["qualities"]), from_cache=True)
    qualities = None
    if weighting == "quality":
        qualities = []
        for spec, path in zip(specs, paths):
            stop_if_cancelled(cancelled)
            qualities.append(representation_quality(_text_embedder(spec, read_state_dict(path)), vocabulary))
        weights = quality_weights(qualities, temperature)
    elif weighting == "uniform":
        weights = [1.0 / len(specs)] * len(specs)
    else:
        weights = list(weighting)
    merged = merge_state_dicts((read_state_dict(path) for path in paths), weights)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    save_file({k: v.contiguous() for k, v in merged.items()}, str(partial),
              metadata={"members": ",".join(members), "weights": ",".join(f"{w:.6f}" for w in weights)})
    os.replace(partial, target)
    sidecar.write_text(json.dumps({**recipe, "weights": weights, "qualities": qualities,
                                   "sha256": sha256_of(target)}, indent=2), encoding="utf-8")
    return Composition(target, tuple(members), tuple(weights), qualities and tuple(qualities), False)
