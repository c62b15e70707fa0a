"""Image features kept between runs, so a changed class list skips SAM and CLIP.

The pipeline stores each batch of windows' features under a key made of the raster (path, size,
modification time), the processing settings, the segmenter and the batch's place in the layout. A
second run over the same raster with the same settings and another class list finds them all and
only classifies. The cache is bounded in bytes and forgets the least recently used batches first;
on a raster too large for it, the evicted windows are simply computed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass

DEFAULT_BYTES = 1 << 30


def size_of(value) -> int:
    nbytes = getattr(value, "nbytes", None)
    return int(nbytes) if nbytes is not None else 0


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    evictions: int = 0


class FeatureCache:
    def __init__(self, max_bytes: int = DEFAULT_BYTES) -> None:
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.stats.misses += 1
                return None
            self._entries.move_to_end(key)
            self.stats.hits += 1
            return entry[0]

    def put(self, key: tuple, value) -> None:
        size = size_of(value)
        if size > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._bytes -= self._entries.pop(key)[1]
            self._entries[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, evicted) = self._entries.popitem(last=False)
                self._bytes -= evicted
                self.stats.evictions += 1

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0


def run_key(path: str, options, window: int, overlap: int, segmenter, bands: list[int]) -> str | None:
    """Identifies one raster (as it is on disk), processing settings and segmenter; None when the
    raster is no plain file (a GDAL connection string), whose changes could not be seen. ``window``,
    ``overlap`` and ``bands`` as resolved, so settings that mean the same (no bands given, or 1,2,3)
    find the same features from any entry point."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    identity = [os.path.abspath(path), stat.st_size, stat.st_mtime_ns]
    settings = {k: v for k, v in asdict(options).items()
                if k in ("extent", "scale", "resolution", "batch_size")}
    settings["bands"] = list(bands)
    model = [id(segmenter), list(getattr(segmenter, "model_names", ())),
             repr(getattr(segmenter, "config", ""))]
    text = json.dumps([identity, settings, window, overlap, model], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()
