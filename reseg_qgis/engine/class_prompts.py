"""The class list a user types: one class per line or per ``;``, commas between synonyms.

``"building; road, street; tree, forest; water"`` gives four classes; the second matches "road"
or "street". Output values 1..N follow this order, 0 is reserved for nodata and unclassified.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .translatable import QT_TRANSLATE_NOOP, ResegError

MAX_CLASSES = 255


class ClassListError(ResegError):
    """A class list that cannot be used; the message says what to change."""


# The messages of a ClassListError.
INVISIBLE = QT_TRANSLATE_NOOP("engine", "The class list holds the invisible character {code} (line {line}, "
                                        "in {text!r}); delete it and type the names again.")
NO_NAME = QT_TRANSLATE_NOOP("engine", "Class {position} ({entry!r}) has no name: type a word before or "
                                      "between the commas.")
TWICE_IN_A_CLASS = QT_TRANSLATE_NOOP("engine", "{name!r} appears twice in that class; each name may appear "
                                               "once.")
IN_TWO_CLASSES = QT_TRANSLATE_NOOP("engine", "{name!r} appears in classes {first} and {second}; each name "
                                             "may appear once.")
EMPTY = QT_TRANSLATE_NOOP("engine", "The class list is empty: type at least one class, e.g. \"building; "
                                    "road, street; tree, forest; water\".")
TOO_MANY = QT_TRANSLATE_NOOP("engine", "{count} classes given; at most {limit} fit in the 8-bit classified "
                                       "raster.")


@dataclass(frozen=True)
class ClassPrompt:
    synonyms: tuple[str, ...]

    @property
    def label(self) -> str:
        """The name shown in legends: the synonyms as typed, comma-separated."""
        return ", ".join(self.synonyms)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _refuse_control_characters(text: str) -> None:
    """Control characters (other than line breaks and tabs), lone surrogates and non-characters have
    no place in a class name, and would make the legend files (.qml, .aux.xml) invalid XML."""
    for line_number, line in enumerate(re.split(r"[\n\r]", text), start=1):
        for character in line:
            code = ord(character)
            if (character != "\t" and unicodedata.category(character) == "Cc") or 0xD800 <= code <= 0xDFFF \
                    or code in (0xFFFE, 0xFFFF):
                raise ClassListError(INVISIBLE, code=f"U+{code:04X}", line=line_number, text=_clean(line))


def parse_class_list(text: str) -> list[ClassPrompt]:
    """Parse a class list; raises :class:`ClassListError` with what to fix."""
    _refuse_control_characters(text or "")
    entries = [_clean(entry) for entry in re.split(r"[;\n\r]", text or "")]
    classes: list[ClassPrompt] = []
    owner: dict[str, int] = {}
    for entry in filter(None, entries):
        position = len(classes) + 1
        synonyms = tuple(filter(None, (_clean(part) for part in entry.split(","))))
        if not synonyms:
            raise ClassListError(NO_NAME, position=position, entry=entry)
        for synonym in synonyms:
            key = synonym.casefold()
            if key in owner:
                first = owner[key]
                if first == position:
                    raise ClassListError(TWICE_IN_A_CLASS, name=synonym)
                raise ClassListError(IN_TWO_CLASSES, name=synonym, first=first, second=position)
            owner[key] = position
        classes.append(ClassPrompt(synonyms))
    if not classes:
        raise ClassListError(EMPTY)
    if len(classes) > MAX_CLASSES:
        raise ClassListError(TOO_MANY, count=len(classes), limit=MAX_CLASSES)
    return classes


def format_class_list(classes: list[ClassPrompt]) -> str:
    """The canonical text of a class list, which parses back to the same classes."""
    return "; ".join(prompt.label for prompt in classes)
