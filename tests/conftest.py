"""Shared fixtures. pytest-qgis starts one offscreen QgsApplication for the whole session.

The weights fixtures serve tiny checkpoints in the published formats from a loopback server.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from reseg_qgis.engine.models import clip_models, sam_models
from reseg_qgis.engine.weights import registry
from reseg_qgis.engine.weights.registry import (
    OPEN_CLIP_STATE_DICT,
    OPEN_CLIP_TRAINING_CHECKPOINT,
    SAM_STATE_DICT,
    ModelSpec,
)
from tests.helpers import models
from tests.helpers.http_server import FileServer

REPO_ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter of this venv, from the repository root."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)


@pytest.fixture(scope="session")
def compiled_translations() -> Path:
    """The i18n folder, with every .ts compiled to .qm as the build does it."""
    subprocess.run(["make", "-s", "translations"], cwd=REPO_ROOT, check=True)
    return REPO_ROOT / "i18n"


TINY_CLIP_ARCHITECTURE = "tiny-vit"
TINY_SAM_ARCHITECTURE = "tiny-sam"


@pytest.fixture
def file_server(monkeypatch):
    for variable in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = FileServer()
    yield server
    server.close()


@pytest.fixture
def tiny_architectures(monkeypatch):
    monkeypatch.setitem(clip_models.EXTRA_ARCHITECTURES, TINY_CLIP_ARCHITECTURE, models.TINY_CLIP_CONFIG)
    monkeypatch.setitem(sam_models.SAM_ARCHITECTURES, TINY_SAM_ARCHITECTURE, models.TINY_SAM)


def spec_for(path: Path, url: str, name: str, kind: str, architecture: str, fmt: str,
             published: bool = True, **extra) -> ModelSpec:
    data = path.read_bytes()
    return ModelSpec(name=name, kind=kind, title=f"Tiny {name}", architecture=architecture, url=url,
                     filename=f"{name}{path.suffix}", size=len(data) if published else None,
                     sha256=hashlib.sha256(data).hexdigest() if published else None, licence="MIT",
                     format=fmt, homepage="http://127.0.0.1/", initialisation="tiny", **extra)


@pytest.fixture
def published(tmp_path, file_server, tiny_architectures):
    """Tiny checkpoints in the published formats, served over HTTP, and a registry naming them."""
    folder = tmp_path / "published"
    folder.mkdir()
    clips = [models.build_clip(seed=seed) for seed in range(3)]
    files = {
        "clip-a": models.save_state_dict(clips[0], folder / "Tiny-A.pt"),
        "clip-b": models.save_state_dict(clips[1], folder / "Tiny-B.pt"),
        "clip-c": models.save_training_checkpoint(clips[2], folder / "epoch_20.pt"),
        "sam": models.save_state_dict(models.build_sam(), folder / "sam_tiny_0123ab.pth"),
    }
    archive = folder / "Tiny_C_top30pct.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(files["clip-c"], "Tiny_C_top30pct/epoch_20.pt")
    specs = {}
    for name, path, fmt, published_hash in (
            ("clip-a", files["clip-a"], OPEN_CLIP_STATE_DICT, True),
            ("clip-b", files["clip-b"], OPEN_CLIP_STATE_DICT, False)):
        url = file_server.add(f"/{path.name}", path.read_bytes())
        specs[name] = spec_for(path, url, name, "clip", TINY_CLIP_ARCHITECTURE, fmt, published_hash)
    url = file_server.add(f"/{archive.name}", archive.read_bytes())
    specs["clip-c"] = replace(spec_for(archive, url, "clip-c", "clip", TINY_CLIP_ARCHITECTURE,
                                       OPEN_CLIP_TRAINING_CHECKPOINT, published=False),
                              filename="clip-c.pt", zip_member="Tiny_C_top30pct/epoch_20.pt")
    url = file_server.add(f"/{files['sam'].name}", files["sam"].read_bytes())
    specs["sam"] = spec_for(files["sam"], url, "sam", "sam", TINY_SAM_ARCHITECTURE, SAM_STATE_DICT)
    return {"registry": specs, "files": files, "archive": archive, "folder": folder, "clips": clips,
            "server": file_server}


@pytest.fixture
def tiny_registry(published, monkeypatch):
    """The published tiny models, added to the model registry for the test."""
    for name, spec in published["registry"].items():
        monkeypatch.setitem(registry.MODELS, name, spec)
    return published
