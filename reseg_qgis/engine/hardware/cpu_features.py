"""What the CPU can do, read from Linux's cpuinfo (torch-free).

``$RESEG_CPUINFO`` names a cpuinfo file to read instead of the machine's, and ``$RESEG_FORMAT_SPEEDS`` a
file of matrix rates to use instead of measuring them (format_speeds.py): the tests give each CPU kind
that way, to this process and to every process it starts.
"""

from __future__ import annotations

import os
import platform

CPUINFO = "/proc/cpuinfo"
CPUINFO_VARIABLE = "RESEG_CPUINFO"
SPEEDS_VARIABLE = "RESEG_FORMAT_SPEEDS"
# The flags that decide the speed of this project's number formats, as a bench names its CPU.
SPEED_FLAGS = ("avx2", "avx512f", "avx512_bf16", "amx_bf16")


def _first_processor(cpuinfo: str | None) -> dict[str, str]:
    """The fields of the first processor in ``cpuinfo`` (else $RESEG_CPUINFO, else Linux's); none where
    there is no such file (Windows, macOS)."""
    fields = {}
    try:
        with open(cpuinfo or os.environ.get(CPUINFO_VARIABLE) or CPUINFO, encoding="ascii",
                  errors="replace") as stream:
            for line in stream:
                if not line.strip():
                    if fields:
                        break
                    continue
                name, _, value = line.partition(":")
                fields[name.strip()] = value.strip()
    except OSError:
        pass
    return fields


def cpu_flags(cpuinfo: str | None = None) -> frozenset[str]:
    return frozenset(_first_processor(cpuinfo).get("flags", "").split())


def cpu_model(cpuinfo: str | None = None) -> str:
    return _first_processor(cpuinfo).get("model name") or platform.processor() or platform.machine()

