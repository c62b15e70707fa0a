"""Models by registry name, loaded once per process (a QGIS session) and reused."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass

import torch

from ..models.clip_models import tokenizer_for
from ..translatable import ResegError
from . import messages
from .checkpoints import load_model
from .composition import compose
from .downloads import CancelCheck, ProgressCallback
from .registry import COMPOSED, by_name
from .store import MissingWeights, ModelStore


@dataclass(frozen=True)
class LoadedClip:
    name: str
    model: torch.nn.Module
    tokenizer: object
    architecture: str


class ModelPool:
    """Loaded models keyed by name and device; ``loads`` counts real loads, for tests and reports.

    A model loads once and serves every later call, unless its file changed since (a model added
    again under the same name); two threads asking for one model wait for a single load.
    """

    def __init__(self, store: ModelStore, composed: dict | None = None) -> None:
        self.store = store
        self.composed = COMPOSED if composed is None else composed
        self._models: dict[tuple[str, str], tuple[object, object]] = {}  # key → (model, version)
        self._loading: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()
        self.loads: Counter = Counter()

    def available(self, name: str) -> bool:
        """Installed, or (a composed model) all its members installed."""
        if name in self.composed:
            return not self.store.missing(list(self.composed[name].members))
        return self.store.is_installed(name)

    def first_available(self, names: tuple[str, ...]) -> str:
        """The first installed of ``names``; else the last, which downloads or reports as missing."""
        return next((name for name in names if self.available(name)), names[-1])

    def version(self, name: str) -> tuple:
        """The sha256 of the files behind a model (its members, for a composed one)."""
        members = self.composed[name].members if name in self.composed else (name,)
        manifest = self.store.manifest()
        return tuple(manifest.get(member, {}).get("sha256") for member in members)

    def _cached(self, name: str, device: torch.device, load):
        key = (name, str(device))
        with self._lock:
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:
            version = self.version(name)
            with self._lock:
                held = self._models.get(key)
            if held is not None and (held[1] == version or None in version):
                return held[0]
            model = load()
            with self._lock:
                self._models[key] = (model, self.version(name))
                self.loads[name] += 1
            return model

    def release(self, keep: set[str]) -> None:
        """Forget the models whose names are not in ``keep``, so their memory can be freed."""
        with self._lock:
            for key in [key for key in self._models if key[0] not in keep]:
                del self._models[key]
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    def _spec(self, name: str, kind: str):
        spec = by_name(name, self.store.registry)
        if spec.kind != kind:
            raise ResegError(messages.NOT_OF_KIND, name=name, kind=kind.upper())
        return spec

    @staticmethod
    def _with_weights(kind: str, architecture, path, name: str, device: torch.device) -> torch.nn.Module:
        model = load_model(kind, architecture, path, f"{path.name} ({name})")
        return model.requires_grad_(False).to(device).eval()

    def clip(self, name: str, device: torch.device, allow_download: bool = False,
             progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None) -> LoadedClip:
        def load() -> LoadedClip:
            if name in self.composed:
                members = self.composed[name].members
                path = compose(self.store, members, allow_download=allow_download, progress=progress,
                               cancelled=cancelled).path
                architecture = by_name(members[0], self.store.registry).architecture
            else:
                architecture = self._spec(name, "clip").architecture
                path = self.store.ensure(name, allow_download, progress, cancelled)
            model = self._with_weights("clip", architecture, path, name, device)
            return LoadedClip(name, model, tokenizer_for(architecture), architecture)

        return self._cached(name, device, load)

    def sam(self, name: str, device: torch.device, allow_download: bool = False,
            progress: ProgressCallback | None = None,
            cancelled: CancelCheck | None = None) -> torch.nn.Module:
        def load() -> torch.nn.Module:
            spec = self._spec(name, "sam")
            path = self.store.ensure(name, allow_download, progress, cancelled)
            return self._with_weights("sam", spec.architecture, path, name, device)

        return self._cached(name, device, load)

    def check_installed(self, names: list[str]) -> None:
        """Raise :class:`MissingWeights` naming every model of ``names`` that is not available."""
        missing = []
        for name in names:
            members = self.composed[name].members if name in self.composed else (name,)
            missing += self.store.missing(list(members))
        if missing:
            raise MissingWeights(missing, self.store.root)
