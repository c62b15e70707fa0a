"""The engine's messages in the user's language, with numbers in the user's locale.

The engine's errors that a user can meet carry a template and its values, also through the worker; its
run warnings are fixed texts. Each is marked where the engine defines it, ``QT_TRANSLATE_NOOP("engine",
…)`` (engine translatable.py), and translated here under that context. A value may carry a further
message under ``then`` (a list of template and values), translated and appended in turn.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QLocale

from .engine.hardware import formats_text
from .engine.translatable import CONTEXT as MARKED
from .engine.weights import messages as weights_messages
from .engine.worker import protocol
from .translation import tr

# Values shown as the user gave them: no locale formatting.
GIVEN = {"value", "text", "entry", "name", "code"}


def localised(values: dict) -> dict:
    """Numbers as the user's locale writes them; what the user gave, as given."""
    locale = QLocale()
    shown = {}
    for key, value in values.items():
        if key in GIVEN or isinstance(value, bool) or not isinstance(value, (int, float)):
            shown[key] = value
        elif isinstance(value, int) or float(value).is_integer() or abs(value) >= 100:
            shown[key] = locale.toString(round(value))
        else:
            shown[key] = locale.toString(float(value), "g", 4)
    return shown


def engine_text(message: str, template: str | None = None, values: dict | None = None) -> str:
    """``message`` of the engine in the user's language, where it has a translation; after a download
    that could not reach its server, how to import the files in QGIS instead."""
    key = template or message
    text = _translated(message, key, dict(values or {}))
    if key in weights_messages.UNREACHABLE:
        text += " " + tr("Where this computer has no internet, fetch the files on one that has, then import "
                         "them with Import… in the ReSeg panel (or ReSeg settings and weights ▸ Import from "
                         "folder…).")
    return text


def _translated(message: str, key: str, values: dict) -> str:
    then = values.pop("then", None)
    translation = QCoreApplication.translate(MARKED, key)
    if translation == key:
        return message
    try:
        text = translation.format(**localised(values))
        for part in then or []:  # e.g. the files to fetch after a failed download
            english = part["template"].format(**part["values"])
            text += " " + engine_text(english, part["template"], part["values"])
        return text
    except Exception:  # a translation that lost a placeholder, a value QLocale cannot write: the original
        return message


def data_size(size: int) -> str:
    """A file size in the user's locale (SI units, as the engine counts them), e.g. "1,2 GB"."""
    return QLocale().formattedDataSize(int(size), 1 if size >= 1e9 else 0,
                                       QLocale.DataSizeFormat.DataSizeSIFormat)


def error_text(error: Exception) -> str:
    """An engine error in the user's language: a ResegError, or the worker's refusal of a request
    (WorkerRequestError) with the template and values in ``details``; a fault of the worker says so."""
    details = getattr(error, "details", None)
    if isinstance(details, dict) and details.get("kind") == protocol.INTERNAL:
        return tr("ReSeg failed on a fault of its own, not on what you gave ({}). Please report it with the "
                  "ReSeg log (View ▸ Panels ▸ Log Messages), which holds its traceback.").format(error)
    found = details if isinstance(details, dict) and "template" in details else error.__dict__
    return engine_text(str(error), found.get("template"), found.get("values"))


def marked_text(template: str, values: dict | None = None) -> str:
    """A text the engine marked with ``QT_TRANSLATE_NOOP("engine", …)``, in the user's language; its text
    values are looked up too (names the engine marked, such as "PyPI")."""
    translated = QCoreApplication.translate(MARKED, template)
    if not values:
        return translated
    shown = {key: QCoreApplication.translate(MARKED, value) if isinstance(value, str) else value
             for key, value in localised(values).items()}
    try:
        return translated.format(**shown)
    except Exception:  # a translation that lost a placeholder: the English
        return template.format(**values)


def device_text(reply: dict) -> str:
    """The worker's device line (its ``device`` reply, or its check's forward pass), in the user's
    language."""
    line = reply.get("line")
    if not isinstance(line, dict):
        return str(reply.get("description", ""))
    values = dict(line.get("values") or {})
    if isinstance(reply.get("formats"), dict):
        values["formats"] = formats_text(reply["formats"], marked_text)
    return marked_text(line["template"], values)


def device_notes(reply: dict) -> list[str]:
    """What the same reply says beside the device line (that torchvision's fallback runs, and the fix),
    in the user's language."""
    return [marked_text(note["template"], note["values"]) for note in reply.get("notes") or []]
