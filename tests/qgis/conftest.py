"""Real-QGIS fixtures: the ReSeg provider on a model cache holding tiny models added from files."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication

from reseg_qgis import engine_session
from reseg_qgis.engine.weights.store import ModelStore
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.processing_provider.provider import ResegProvider
from tests.helpers import models

TINY_CLIP, TINY_SAM = "tiny-clip", "tiny-sam"


@pytest.fixture(scope="session")
def tiny_cache(tmp_path_factory):
    """A model cache with a tiny CLIP and a tiny SAM, added as the user's own checkpoints."""
    cache = tmp_path_factory.mktemp("reseg-cache")
    files = tmp_path_factory.mktemp("checkpoints")
    store = ModelStore(cache)
    store.add_custom(TINY_CLIP, "clip", models.TINY_CLIP_CONFIG,
                     models.save_state_dict(models.build_clip(), files / "tiny-clip.pt"), title="Tiny CLIP")
    store.add_custom(TINY_SAM, "sam", models.TINY_SAM.as_dict(),
                     models.save_state_dict(models.build_sam(), files / "tiny-sam.pth"), title="Tiny SAM")
    return cache


@pytest.fixture
def reseg_provider(qgis_processing, tiny_cache):
    """The provider, registered as the plugin does, with settings pointing at the tiny cache."""
    PluginSettings(cache_dir=str(tiny_cache), allow_downloads=False, device="cpu").save()
    engine_session.reset()
    provider = ResegProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    yield provider
    QgsApplication.processingRegistry().removeProvider(provider)
    PluginSettings().save()
