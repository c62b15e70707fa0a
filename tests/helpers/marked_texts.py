"""The texts marked for translation under the "engine" context (QT_TRANSLATE_NOOP), as pylupdate5 put
them into the German translation: a template found here reaches a German user in German."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET

from tests.conftest import REPO_ROOT

GERMAN = REPO_ROOT / "i18n" / "reseg_qgis_de.ts"


@functools.cache
def marked_texts() -> dict[str, str]:
    """Each marked English text and its German translation."""
    for context in ET.parse(GERMAN).getroot().iter("context"):
        if context.findtext("name") == "engine":
            return {m.findtext("source"): m.findtext("translation") for m in context.iter("message")}
    return {}
