"""Engine fixtures: tiny checkpoints in the published formats, served from a loopback server."""

from __future__ import annotations

import pytest

from reseg_qgis.engine.models import torchvision_ops
from reseg_qgis.engine.models.ml_libraries import segment_anything
from reseg_qgis.engine.weights import registry
from tests.helpers.published_models import make_published, served
from tests.helpers.published_models import tiny_architectures as tiny_architectures_to_register


@pytest.fixture
def tiny_architectures(monkeypatch):
    for table, name, architecture in tiny_architectures_to_register():
        monkeypatch.setitem(table, name, architecture)


@pytest.fixture
def published(tmp_path, file_server, tiny_architectures):
    """Tiny checkpoints in the published formats, served over HTTP, and a registry naming them."""
    made = make_published(tmp_path / "published")
    return {"registry": served(made, file_server), "files": made["files"], "archive": made["archive"],
            "folder": made["folder"], "clips": made["clips"], "server": file_server}


@pytest.fixture
def tiny_registry(published, monkeypatch):
    """The published tiny models, added to the model registry for the test."""
    for name, spec in published["registry"].items():
        monkeypatch.setitem(registry.MODELS, name, spec)
    return published


@pytest.fixture
def segment_anythings_generator(monkeypatch):
    """segment_anything's own SamAutomaticMaskGenerator, to compare with. Where torchvision's compiled ops
    do not load, the torchvision NMS it calls refuses to run: for the test, it calls the engine's."""
    module = segment_anything.automatic_mask_generator
    if torchvision_ops.ensure_torchvision_ops() == torchvision_ops.FALLBACK:
        monkeypatch.setattr(module, "batched_nms", torchvision_ops.batched_nms)
    return module.SamAutomaticMaskGenerator
