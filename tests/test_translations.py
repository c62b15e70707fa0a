"""Every user-visible string is in the German translation, and translated."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import REPO_ROOT

GERMAN = REPO_ROOT / "i18n" / "reseg_qgis_de.ts"


def messages(ts_file: Path) -> dict[str, ET.Element]:
    return {message.findtext("source"): message.find("translation")
            for message in ET.parse(ts_file).getroot().iter("message")}


def test_ts_file_holds_every_tr_string_of_the_sources(tmp_path):
    refreshed = tmp_path / GERMAN.name
    shutil.copy(GERMAN, refreshed)
    sources = sorted(str(p) for p in (REPO_ROOT / "reseg_qgis").rglob("*.py"))
    subprocess.run(["pylupdate5", "-noobsolete", *sources, "-ts", str(refreshed)], check=True,
                   capture_output=True)
    assert set(messages(refreshed)) == set(messages(GERMAN)), "run `make translations-update`"


def test_every_message_has_a_finished_translation():
    untranslated = [source for source, translation in messages(GERMAN).items()
                    if translation is None or translation.get("type") == "unfinished"
                    or not (translation.text or "").strip()]
    assert untranslated == []
