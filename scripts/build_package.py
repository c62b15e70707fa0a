"""Build ``dist/reseg_qgis-<version>.zip``, installable with QGIS's "Install from ZIP".

The zip holds one folder, ``reseg_qgis/``: the Python package, ``metadata.txt``, ``LICENSE``,
``resources/`` and the compiled ``i18n/*.qm``. Tests, caches and the venv stay out.
"""

from __future__ import annotations

import argparse
import configparser
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "reseg_qgis"
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache"}
SKIPPED_SUFFIXES = {".pyc", ".pyo", ".orig", ".rej", ".swp"}


def version() -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]["version"]


def _files(folder: Path):
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not SKIPPED_DIRS.intersection(relative.parts) \
                and path.suffix not in SKIPPED_SUFFIXES:
            yield path


def package_members() -> list[tuple[Path, str]]:
    """(source file, name inside the zip) pairs."""
    members = [(path, f"{PLUGIN}/{path.relative_to(ROOT / PLUGIN).as_posix()}")
               for path in _files(ROOT / PLUGIN)]
    members += [(ROOT / name, f"{PLUGIN}/{name}") for name in ("metadata.txt", "LICENSE", "README.md")]
    members += [(path, f"{PLUGIN}/{path.relative_to(ROOT).as_posix()}")
                for path in _files(ROOT / "resources")]
    translations = sorted((ROOT / "i18n").glob("*.ts"))
    for source in translations:
        compiled = source.with_suffix(".qm")
        if not compiled.is_file() or compiled.stat().st_mtime < source.stat().st_mtime:
            raise SystemExit(f"{compiled.relative_to(ROOT)} is missing or stale: run `make translations`.")
        members.append((compiled, f"{PLUGIN}/i18n/{compiled.name}"))
    return members


def build(output_dir: Path) -> Path:
    output_dir.mkdir(parents=True, exist_ok=True)
    target = output_dir / f"{PLUGIN}-{version()}.zip"
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for source, name in package_members():
            archive.write(source, name)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    print(build(args.output_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
