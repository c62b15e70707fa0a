"""metadata.txt carries what the official QGIS plugin repository requires."""

from __future__ import annotations

import re

from reseg_qgis import package_files

REQUIRED = ("name", "qgisminimumversion", "description", "about", "version", "author", "email",
            "repository", "tracker", "homepage", "category", "hasprocessingprovider", "tags",
            "changelog", "license", "icon")


def test_required_fields_are_filled():
    metadata = package_files.metadata()
    assert [key for key in REQUIRED if not metadata.get(key, "").strip()] == []
    assert metadata["qgisminimumversion"] == "3.22"  # the oldest QGIS the suite runs on
    # QGIS 4 lists only plugins that say they run on Qt6 (scripts/qt6_check.py keeps that true).
    assert metadata["qgismaximumversion"] == "4.99" and metadata["supportsqt6"] == "True"
    assert metadata["category"] == "Raster"
    assert metadata["hasprocessingprovider"] == "yes"
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", metadata["email"])
    for key in ("repository", "tracker", "homepage"):
        assert metadata[key].startswith("https://")


def test_version_is_semantic_and_in_the_changelog():
    version = package_files.version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    assert version in package_files.metadata()["changelog"]


def test_icon_named_in_metadata_exists():
    assert (package_files.plugin_root() / package_files.metadata()["icon"]).is_file()
    assert package_files.icon_path().is_file()
