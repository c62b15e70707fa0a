"""The worker of this QGIS session: one engine process, started on first use, kept warm so models
load once, stopped after the idle time of the settings and when the plugin unloads.

Runs are serialised: Processing, batches and the dock queue for the one worker (a run waits, and
can be cancelled while it waits), so two runs never hold two copies of the models in memory.
"""

from __future__ import annotations

import threading

from qgis.core import Qgis, QgsMessageLog

from .plugin_settings import PluginSettings, qgis_proxy
from .runtime.locations import EnvironmentProblem, WorkerPython, find_worker_python, other_environments
from .runtime.proxies import proxy_environment
from .runtime.worker_client import WorkerClient, engine_command, engine_environment
from .translation import tr

LOG_TAG = "ReSeg worker"
_lock = threading.Lock()
_client: WorkerClient | None = None
_key: tuple | None = None


class NoEnvironment(EnvironmentProblem):
    """The engine's environment is not installed yet."""


def not_installed_message() -> str:
    if other_environments():
        return tr("ReSeg's Python environment was made for an earlier version of the plugin and needs an "
                  "update: Raster ▸ ReSeg ▸ Python environment… ▸ Install (one click, no terminal).")
    return tr("ReSeg's Python environment is not installed yet. Install it from Raster ▸ ReSeg ▸ Python "
              "environment… (one click, no terminal), or name a Python environment of your own there.")


def start_hint(python: WorkerPython) -> str:
    """What to do when the worker cannot start in ``python``."""
    if python.managed:
        return tr("Repair the environment: Raster ▸ ReSeg ▸ Python environment… ▸ Repair.")
    return tr("Does {} have the packages of the plugin's runtime/requirements.txt? Check it with "
              "“python -m reseg_qgis.engine check”, or let Raster ▸ ReSeg ▸ Python environment… install an "
              "environment.").format(python.path)


def worker_python(settings: PluginSettings | None = None) -> WorkerPython | None:
    """The Python the worker runs in, None where none is installed; a wrong own Python is an error."""
    return find_worker_python((settings or PluginSettings.load()).worker_python)


def _log(line: str) -> None:
    QgsMessageLog.logMessage(line, LOG_TAG, Qgis.MessageLevel.Info)


def client() -> WorkerClient:
    """The session's worker client (its process starts with the first request)."""
    global _client, _key
    settings = PluginSettings.load()
    python = worker_python(settings)
    if python is None:
        raise NoEnvironment(not_installed_message())
    key = (str(python.path), settings.idle_minutes)
    with _lock:
        if _client is None or key != _key:
            if _client is not None:
                _client.stop()
            _client = WorkerClient(engine_command(python.path, "worker"),
                                   engine_environment(proxy_environment(qgis_proxy())),
                                   idle_seconds=60.0 * settings.idle_minutes, on_stderr=_log,
                                   start_hint=start_hint(python))
            _key = key
        return _client


def stop() -> None:
    """Stop the worker, so its memory goes back to the system (unload, or a new environment)."""
    global _client, _key
    with _lock:
        if _client is not None:
            _client.stop()
        _client, _key = None, None
