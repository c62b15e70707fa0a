"""glibc malloc settings that keep large freed blocks for reuse (Linux).

glibc returns every block above 32 MB to the system when it is freed, so each of SAM's big attention
matrices costs fresh page faults; on a CPU that doubles SAM's time. These settings can only take
effect from the start of a process (environment variables read by glibc).
"""

from __future__ import annotations

import os
import sys

MALLOC_TUNING = {"MALLOC_MMAP_THRESHOLD_": str(1 << 31), "MALLOC_TRIM_THRESHOLD_": str(1 << 31)}


def tuned_environment() -> dict[str, str] | None:
    """The environment to restart with, or None where it is not needed or already chosen."""
    if not sys.platform.startswith("linux") or any(key in os.environ for key in MALLOC_TUNING):
        return None
    return {**os.environ, **MALLOC_TUNING}
