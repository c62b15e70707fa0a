"""Marks a text that the plugin shows translated: pylupdate5 collects each ``QT_TRANSLATE_NOOP("engine", …)``
call into the translations, and the QGIS side translates the template under that context
(engine_texts.marked_text). The engine itself stays free of Qt."""

CONTEXT = "engine"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name pylupdate5 looks for)
    return text
