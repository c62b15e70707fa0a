"""Where the plugin's own files are, in an installed plugin and in a source checkout.

An installed plugin folder holds ``metadata.txt``, ``resources/`` and ``i18n/`` beside the Python
modules; a source checkout keeps them one folder up, at the repository root.
"""

from __future__ import annotations

import configparser
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PLUGIN_NAME = "reseg_qgis"


def plugin_root() -> Path:
    """The folder that holds ``metadata.txt``, ``resources/`` and ``i18n/``."""
    if (PACKAGE_DIR / "metadata.txt").is_file():
        return PACKAGE_DIR
    return PACKAGE_DIR.parent


def resource_path(*parts: str) -> Path:
    return plugin_root().joinpath("resources", *parts)


def icon_path(name: str = "reseg.svg") -> Path:
    return resource_path("icons", name)


def translation_path(locale: str) -> Path:
    """The compiled translation for a locale such as ``de`` or ``de_DE``."""
    return plugin_root() / "i18n" / f"{PLUGIN_NAME}_{locale}.qm"


@lru_cache(maxsize=1)
def metadata() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(plugin_root() / "metadata.txt", encoding="utf-8")
    return dict(parser["general"])


def version() -> str:
    return metadata()["version"]
