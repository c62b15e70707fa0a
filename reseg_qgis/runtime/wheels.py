"""Wheel file names (PEP 427), and the platforms a wheel is built for.

``{name}-{version}(-{build})?-{python}-{abi}-{platform}.whl``, where each of the last three is a set
of tags joined by '.' (``cp38.cp39``, ``manylinux_2_17_x86_64.manylinux2014_x86_64``). Plain Python:
QGIS's Python may lack ``packaging``.
"""

from __future__ import annotations

import platform
import re
import sys
from dataclasses import dataclass

CPYTHON = re.compile(r"cp(\d)(\d+)")


@dataclass(frozen=True)
class WheelPlatform:
    """A system (as ``sys.platform`` names it: linux, win32, darwin) and machine, which runs the binary
    wheels of some platform tags."""

    system: str
    machine: str

    @classmethod
    def here(cls) -> WheelPlatform:
        return cls(sys.platform, platform.machine())

    def accepts(self, tag: str) -> bool:
        arm = self.machine.lower() in ("arm64", "aarch64")
        if self.system.startswith("win"):
            return tag == ("win_arm64" if arm else "win_amd64")
        if self.system == "darwin":
            return re.fullmatch(r"macosx_\d+_\d+_" + ("arm64" if arm else "x86_64"), tag) is not None
        return re.fullmatch(r"(manylinux\d*|manylinux_\d+_\d+|linux)_" + ("aarch64" if arm else "x86_64"),
                            tag) is not None

    def __str__(self) -> str:
        return f"{self.system} {self.machine}"


@dataclass(frozen=True)
class WheelName:
    name: str  # normalised: lower case, runs of '-', '_' and '.' as one '_'
    version: str
    build: str  # "" when the name has none
    pythons: tuple[str, ...]
    abis: tuple[str, ...]
    platforms: tuple[str, ...]

    @classmethod
    def parse(cls, filename: str) -> WheelName | None:
        """The parts of a wheel's file name; None for a name that is not a wheel's."""
        if not re.fullmatch(r"[A-Za-z0-9_.+!-]+\.whl", filename):  # no path, nothing but a wheel's
            return None
        parts = filename[:-len(".whl")].split("-")
        build = parts.pop(2) if len(parts) == 6 and parts[2][:1].isdigit() else ""
        if len(parts) != 5 or not all(parts):
            return None
        name, version, pythons, abis, platforms = parts
        return cls(re.sub(r"[-_.]+", "_", name).lower(), version, build,
                   *(tuple(tags.split(".")) for tags in (pythons, abis, platforms)))

    @property
    def python_versions(self) -> tuple[str, ...]:
        """The CPython versions its python tags name (cp311: 3.11)."""
        return tuple(f"{match[1]}.{match[2]}" for match in map(CPYTHON.fullmatch, self.pythons) if match)

    def built_for(self, target: WheelPlatform) -> bool:
        return any(target.accepts(tag) for tag in self.platforms)
