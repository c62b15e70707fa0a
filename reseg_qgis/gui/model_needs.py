"""What a dock run needs: the models the chosen preset and models resolve to (the engine's
``Preset.choose_models``), and which of their files are not installed."""

from __future__ import annotations

from ..engine.models.presets import PRESETS
from ..engine.translatable import ResegError
from ..engine.weights.registry import COMPOSED, ModelSpec
from ..engine.weights.store import ModelStore


def members(name: str) -> list[str]:
    """The files a model needs: its own, or a composed model's members'."""
    return list(COMPOSED[name].members) if name in COMPOSED else [name]


def is_available(store: ModelStore, name: str) -> bool:
    try:
        return not store.missing(members(name))
    except ResegError:  # a name the registry no longer knows
        return False


def needed_models(store: ModelStore, preset: str, clip: str | None, sam: str | None,
                  use_sam: bool) -> list[str]:
    """The models a run needs, chosen as the engine chooses them."""
    clip, sam = PRESETS[preset].choose_models(clip, sam, use_sam, lambda name: is_available(store, name))
    return [clip] + ([sam] if sam else [])


def missing_models(store: ModelStore, names: list[str]) -> list[ModelSpec]:
    missing: list[ModelSpec] = []
    for name in names:
        missing += [spec for spec in store.missing(members(name)) if spec not in missing]
    return missing
