"""Real-QGIS fixtures. QGIS's Python here has no torch: the engine runs in the worker, in the Python
that ``RESEG_WORKER_PYTHON`` names (``make test`` names the engine venv, ``.venv``)."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QLocale

from reseg_qgis import worker_session
from reseg_qgis.engine import class_prompts
from reseg_qgis.engine.weights import registry
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.processing_provider.provider import ResegProvider
from reseg_qgis.runtime.locations import WORKER_PYTHON_ENV
from reseg_qgis.runtime.worker_client import WorkerClient, engine_environment
from tests.conftest import REPO_ROOT, run_python

TINY_CLIP, TINY_SAM = "tiny-clip", "tiny-sam"
WORKER_PYTHON = os.environ.get(WORKER_PYTHON_ENV) or str(REPO_ROOT / ".venv" / "bin" / "python")
os.environ[WORKER_PYTHON_ENV] = WORKER_PYTHON


def run_module(name: str) -> str:
    """Code that runs module ``name`` as a script (its arguments follow on the command line)."""
    return f"import runpy; runpy.run_module({name!r}, run_name='__main__')"


def engine_python(code: str, *arguments: str) -> str:
    """Run ``code`` in the engine's Python (the worker's); its stdout."""
    result = run_python(code, *arguments, python=WORKER_PYTHON)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="session", autouse=True)
def c_locale():
    """Qt's C locale whatever $LANG says (numbers as 1,234.5; no translation): the German tests set
    German themselves."""
    QLocale.setDefault(QLocale.c())


@pytest.fixture(scope="session", autouse=True)
def stop_the_worker_at_the_end():
    yield
    worker_session.stop()


@pytest.fixture(scope="session")
def tiny_cache(tmp_path_factory):
    """A model cache with a tiny CLIP and a tiny SAM, added as the user's own checkpoints."""
    cache = tmp_path_factory.mktemp("reseg-cache")
    engine_python(run_module("tests.helpers.tiny_cache"), str(cache))
    return cache


@pytest.fixture
def reseg_provider(qgis_processing, tiny_cache):
    """The provider, registered as the plugin does, with settings pointing at the tiny cache."""
    PluginSettings(cache_dir=str(tiny_cache), allow_downloads=False, device="cpu").save()
    provider = ResegProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    yield provider
    QgsApplication.processingRegistry().removeProvider(provider)
    PluginSettings().save()


@dataclass
class PublishedModels:
    folder: Path
    specs: dict  # name → ModelSpec fields, with URLs on the loopback server


@pytest.fixture
def layer_tree_view(qgis_iface, monkeypatch):
    """The stand-in iface with a real layer tree view of the project: Processing's loading of results
    puts layers into it (QGIS 3.44 passes it to QgsProcessingGuiUtils.addResultLayers)."""
    from qgis.core import QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView

    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))  # the view owns its model
    monkeypatch.setattr(qgis_iface, "layerTreeView", lambda: view, raising=False)
    yield view
    view.deleteLater()


@pytest.fixture
def published(tmp_path, file_server):
    """Tiny checkpoints in the published formats (made by the engine's Python), served over HTTP."""
    folder = tmp_path / "published"
    engine_python(run_module("tests.helpers.published_models"), str(folder))
    specs = json.loads((folder / "specs.json").read_text())
    for spec in specs.values():
        spec["url"] = file_server.add(f"/{spec['url']}", (folder / spec["url"]).read_bytes())
    return PublishedModels(folder, specs)


@pytest.fixture
def registry_worker(published, tmp_path, monkeypatch):
    """Starts a worker whose registry holds the published tiny models and the entries given (name →
    ModelSpec fields), names them in QGIS's registry too, and makes it the session's worker."""
    clients = []

    def start(extra: dict | None = None) -> WorkerClient:
        entries = {**published.specs, **(extra or {})}
        specs = tmp_path / f"served-specs-{len(clients)}.json"
        specs.write_text(json.dumps(entries))
        for name, values in entries.items():
            monkeypatch.setitem(registry.MODELS, name, registry.ModelSpec(**values))
        client = WorkerClient([WORKER_PYTHON, "-m", "tests.helpers.worker_with_registry", str(specs)],
                              engine_environment({"PYTHONPATH": str(REPO_ROOT)}))
        monkeypatch.setattr(worker_session, "client", lambda: client)
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.stop()


@pytest.fixture
def class_list_parses(monkeypatch) -> list[str]:
    """Each class list parsed in QGIS's process from now on (the worker's are its own)."""
    parsed = []
    parse = class_prompts.parse_class_list

    def counted(text):
        parsed.append(text)
        return parse(text)

    for name, module in list(sys.modules.items()):
        if name.startswith("reseg_qgis.") and getattr(module, "parse_class_list", None) is parse:
            monkeypatch.setattr(module, "parse_class_list", counted)
    return parsed
