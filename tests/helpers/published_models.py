"""Tiny checkpoints in the published formats, with registry entries naming them.

In-process (engine tests): :func:`make_published`. As a script, for tests that run without torch
(the QGIS suite): ``python -m tests.helpers.published_models FOLDER`` writes the files and
``FOLDER/specs.json``; the caller serves the files and fills in their URLs.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from dataclasses import asdict, replace
from pathlib import Path

from reseg_qgis.engine.models import clip_models, sam_models
from reseg_qgis.engine.weights.registry import (
    OPEN_CLIP_STATE_DICT,
    OPEN_CLIP_TRAINING_CHECKPOINT,
    SAM_STATE_DICT,
    ModelSpec,
)
from tests.helpers import models

TINY_CLIP_ARCHITECTURE = "tiny-vit"
TINY_SAM_ARCHITECTURE = "tiny-sam"
ARCHIVE = "Tiny_C_top30pct.zip"


def tiny_architectures() -> list[tuple[dict, str, object]]:
    """(the engine's table, name, architecture) of the tiny CLIP and SAM, to register."""
    return [(clip_models.EXTRA_ARCHITECTURES, TINY_CLIP_ARCHITECTURE, models.TINY_CLIP_CONFIG),
            (sam_models.SAM_ARCHITECTURES, TINY_SAM_ARCHITECTURE, models.TINY_SAM)]


def spec_for(path: Path, url: str, name: str, kind: str, architecture: str, fmt: str,
             published: bool = True, **extra) -> ModelSpec:
    data = path.read_bytes()
    return ModelSpec(name=name, kind=kind, title=f"Tiny {name}", architecture=architecture, url=url,
                     filename=f"{name}{path.suffix}", size=len(data) if published else None,
                     sha256=hashlib.sha256(data).hexdigest() if published else None, licence="MIT",
                     format=fmt, homepage="http://127.0.0.1/", initialisation="tiny", **extra)


def make_published(folder: Path) -> dict:
    """Files of three tiny CLIPs (one zipped, as SkyCLIP's) and a tiny SAM, and their specs, whose
    ``url`` is the file's name until a server gives it one."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = [models.build_clip(seed=seed) for seed in range(3)]
    files = {
        "clip-a": models.save_state_dict(clips[0], folder / "Tiny-A.pt"),
        "clip-b": models.save_state_dict(clips[1], folder / "Tiny-B.pt"),
        "clip-c": models.save_training_checkpoint(clips[2], folder / "epoch_20.pt"),
        "sam": models.save_state_dict(models.build_sam(), folder / "sam_tiny_0123ab.pth"),
    }
    archive = folder / ARCHIVE
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(files["clip-c"], "Tiny_C_top30pct/epoch_20.pt")
    specs = {
        "clip-a": spec_for(files["clip-a"], files["clip-a"].name, "clip-a", "clip", TINY_CLIP_ARCHITECTURE,
                           OPEN_CLIP_STATE_DICT),
        "clip-b": spec_for(files["clip-b"], files["clip-b"].name, "clip-b", "clip", TINY_CLIP_ARCHITECTURE,
                           OPEN_CLIP_STATE_DICT, published=False),
        "clip-c": replace(spec_for(archive, archive.name, "clip-c", "clip", TINY_CLIP_ARCHITECTURE,
                                   OPEN_CLIP_TRAINING_CHECKPOINT, published=False),
                          filename="clip-c.pt", zip_member="Tiny_C_top30pct/epoch_20.pt"),
        "sam": spec_for(files["sam"], files["sam"].name, "sam", "sam", TINY_SAM_ARCHITECTURE, SAM_STATE_DICT),
    }
    return {"files": files, "archive": archive, "folder": folder, "clips": clips, "specs": specs}


def served(published: dict, server) -> dict[str, ModelSpec]:
    """The specs with URLs on ``server`` (a tests.helpers.http_server.FileServer)."""
    folder = published["folder"]
    return {name: replace(spec, url=server.add(f"/{spec.url}", (folder / spec.url).read_bytes()))
            for name, spec in published["specs"].items()}


if __name__ == "__main__":
    target = Path(sys.argv[1])
    made = make_published(target)
    (target / "specs.json").write_text(json.dumps({n: asdict(s) for n, s in made["specs"].items()}))
