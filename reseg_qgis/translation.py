"""The plugin's Qt translations: ``tr`` for user-visible strings, and the translator for QGIS's locale."""

from __future__ import annotations

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from .package_files import translation_path

# pylupdate5 files bare ``tr("...")`` calls under Qt's context-less "@default" context.
CONTEXT = "@default"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def install_translator(locale: str | None = None) -> QTranslator | None:
    """Load the translation for ``locale`` (default: QGIS's) and install it; None if there is none.

    The caller keeps the returned translator and passes it to :func:`remove_translator` on unload.
    """
    # QGIS's UI language: ``translation()`` is what ``qgis --lang`` or the settings chose; ``locale()``
    # ignores ``--lang``.
    application = QgsApplication.instance()
    chosen = application.translation() if isinstance(application, QgsApplication) else ""
    locale = locale or chosen or QgsApplication.locale() or ""
    for candidate in (locale, locale[:2]):
        path = translation_path(candidate)
        if candidate and path.is_file():
            translator = QTranslator()
            if translator.load(str(path)):
                QCoreApplication.installTranslator(translator)
                return translator
    return None


def remove_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
