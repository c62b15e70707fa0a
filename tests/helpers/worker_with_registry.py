"""``python -m tests.helpers.worker_with_registry SPECS.json``: the engine's worker, with the tiny
architectures named and extra registry entries (tiny published models on a loopback server), for
tests of downloads through the worker; a failed connection is tried again at once (its server stays
unreachable)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reseg_qgis.engine.cli import main
from reseg_qgis.engine.weights import downloads, registry
from tests.helpers.published_models import tiny_architectures

if __name__ == "__main__":
    for table, name, architecture in tiny_architectures():
        table[name] = architecture
    for name, values in json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")).items():
        registry.MODELS[name] = registry.ModelSpec(**values)
    downloads.wait_before_retry = lambda seconds, cancelled: None
    sys.exit(main(["worker"]))
