"""The engine session of this QGIS session: models load once and serve every run.

Processing runs algorithms in worker threads; the session and its model pool lock themselves.
Importing this module does not import torch; the engine loads on first use.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()
_session = None


def engine_session(cache_dir: str = ""):
    """The process-wide :class:`reseg_qgis.engine.session.EngineSession`, on the given cache."""
    global _session
    from .engine.session import EngineSession
    from .engine.weights.store import ModelStore

    with _lock:
        store = ModelStore(cache_dir or None)
        if _session is None:
            _session = EngineSession(store)
        else:
            _session.use_store(store)
        return _session


def reset() -> None:
    """Forget loaded models (tests, or a plugin reload)."""
    global _session
    with _lock:
        _session = None
