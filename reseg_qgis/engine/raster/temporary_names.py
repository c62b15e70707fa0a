"""The names of the files a run writes before it commits, beside their destination.

``.<stem>.reseg-<8 hex digits><suffix>``: hidden, and recognisably ours. The plugin removes a run's
leftovers after it had to stop a worker that could not clean up itself. An earlier output set aside
while the new one is moved into place is named ``.<stem>.reseg-backup-<8 hex digits><suffix>``, so a
clean-up never removes it. Plain Python: QGIS's side imports it without rasterio.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path


def temporary_name(destination: Path) -> Path:
    return destination.with_name(f".{destination.stem}.reseg-{uuid.uuid4().hex[:8]}{destination.suffix}")


def backup_name(existing: Path) -> Path:
    return existing.with_name(f".{existing.stem}.reseg-backup-{uuid.uuid4().hex[:8]}{existing.suffix}")


def sidecars(raster: Path) -> list[Path]:
    """The files committed with a classified raster: its style and GDAL's auxiliary file."""
    return [raster.with_suffix(".qml"), Path(f"{raster}.aux.xml")]


def leftovers(destination: Path) -> list[Path]:
    """Temporaries of ``destination`` in its folder (with GDAL's ``.aux.xml`` of each)."""
    pattern = re.compile(re.escape(f".{destination.stem}.reseg-") + r"[0-9a-f]{8}"
                         + re.escape(destination.suffix) + r"(\.aux\.xml)?")
    try:
        return sorted(p for p in destination.parent.iterdir() if pattern.fullmatch(p.name))
    except OSError:
        return []


def remove_leftovers(destinations: list[Path]) -> list[Path]:
    """Delete the temporaries of rasters (and of their sidecars); returns what was removed."""
    removed = []
    for destination in destinations:
        for target in [destination, *sidecars(destination)]:
            for leftover in leftovers(target):
                leftover.unlink(missing_ok=True)
                removed.append(leftover)
    return removed
