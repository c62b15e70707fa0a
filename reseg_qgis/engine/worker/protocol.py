"""The worker protocol: JSON objects, one per line, over the worker's stdin and stdout.

The worker starts by sending ``ready`` with its protocol version. Then:

- to the worker: ``request`` (an ``id``, a ``command`` and its ``params``), ``cancel`` (the ``id``
  of the running request) and ``shutdown``;
- from the worker, for a request: any number of ``progress``, ``log`` and ``warning`` messages,
  then exactly one of ``result``, ``error`` or ``cancelled``.

One request runs at a time; the worker answers a second one with a ``busy`` error. A version
mismatch (a plugin updated while QGIS runs) is refused by the client. Plain Python: QGIS's side
imports it without torch.
"""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from ..limits import SegmentSettings, required_of, value_kind

VERSION = 1

# Message types.
READY, REQUEST, CANCEL, SHUTDOWN = "ready", "request", "cancel", "shutdown"
PROGRESS, LOG, WARNING = "progress", "log", "warning"
RESULT, ERROR, CANCELLED = "result", "error", "cancelled"

# Commands.
COMMANDS = SEGMENT, EVALUATE, DEVICE, CHECK, DOWNLOAD, IMPORT, ADD_MODEL, STATUS = (
    "segment", "evaluate", "device", "check", "download", "import", "add_model", "status")

# Error kinds, so the caller can say what to do: FAILED is a ResegError (its message says what to do),
# INTERNAL a fault of ours (its traceback is in the worker's log).
MISSING_WEIGHTS, BAD_REQUEST, BUSY, FAILED, INTERNAL = (
    "missing_weights", "bad_request", "busy", "failed", "internal")


# Each command's parameters: name → (the JSON types it takes, whether it is needed, the types of a
# list's items: a tuple of types, or PAIRS for [whole, whole] lists). ``segment`` and ``evaluate`` take
# their request's fields (``segment``'s derived from limits.SegmentSettings; a test keeps evaluation's
# EvaluationRequest alike); the requests check the values' ranges.
PAIRS = "pairs"
TEXT, FLAG = (str,), (bool,)
OPTIONAL_TEXT = (str, type(None))
WHOLE, NUMBER = (int,), (int, float)
LIST = (list,)
JSON_TYPES = {str: TEXT, bool: FLAG, int: WHOLE, float: NUMBER}  # a value's type → the JSON it may be


def schema_of(settings) -> dict[str, tuple]:
    """The parameters of a request of ``settings`` (a dataclass of limits.setting fields)."""
    schema, required = {}, required_of(settings)
    for f in fields(settings):
        item, listed, optional = value_kind(f.type)
        types = LIST if listed else JSON_TYPES[item]
        schema[f.name] = (types + (type(None),) if optional else types, f.name in required,
                          JSON_TYPES[item] if listed else None)
    return schema


SEGMENT_PARAMETERS = {**schema_of(SegmentSettings), "cache_dir": (OPTIONAL_TEXT, False, None)}
EVALUATE_PARAMETERS = {
    "prediction": (TEXT, True, None), "labels": (TEXT, True, None), "field": (OPTIONAL_TEXT, False, None),
    "layer": (OPTIONAL_TEXT, False, None), "ignore": (LIST, False, WHOLE),
    "mapping": (OPTIONAL_TEXT, False, None), "pairs": (LIST, False, PAIRS),
    "report": (OPTIONAL_TEXT, False, None), "csv": (OPTIONAL_TEXT, False, None),
    "json": (OPTIONAL_TEXT, False, None),
}
PARAMETERS: dict[str, dict[str, tuple]] = {
    SEGMENT: SEGMENT_PARAMETERS, EVALUATE: EVALUATE_PARAMETERS,
    DEVICE: {"device": (TEXT, False, None), "precision": (TEXT, False, None),
             "cache_dir": (TEXT, False, None)},
    CHECK: {"device": (TEXT, False, None)},
    DOWNLOAD: {"names": (LIST, True, TEXT), "cache_dir": (OPTIONAL_TEXT, False, None)},
    IMPORT: {"path": (TEXT, True, None), "link": (FLAG, False, None),
             "cache_dir": (OPTIONAL_TEXT, False, None)},
    ADD_MODEL: {"name": (TEXT, True, None), "kind": (TEXT, True, None),
                "architecture": ((str, dict), True, None), "file": (TEXT, True, None),
                "title": (OPTIONAL_TEXT, False, None),
                "licence": (OPTIONAL_TEXT, False, None), "initialisation": (OPTIONAL_TEXT, False, None),
                "cache_dir": (OPTIONAL_TEXT, False, None)},
    STATUS: {},
}
JSON_NAMES = {str: "text", bool: "true or false", int: "a whole number", float: "a number", list: "a list",
              dict: "an object", type(None): "null"}
ITEM_NAMES = {str: "texts", int: "whole numbers", float: "numbers"}


class ProtocolError(RuntimeError):
    """A line that is not a message of this protocol."""


def _is(value, types: tuple[type, ...]) -> bool:
    """JSON's types: true and false are no numbers; a whole number is a number."""
    if isinstance(value, bool):
        return bool in types
    return isinstance(value, types)


def _names(types: tuple[type, ...], plural: bool = False) -> str:
    """JSON's names of ``types`` (a number takes in the whole numbers)."""
    names = ITEM_NAMES if plural else JSON_NAMES
    return " or ".join(names[t] for t in types if not (t is int and float in types))


def parameter_problem(command: str, params: Any) -> str | None:
    """What is wrong with a request's ``params`` for ``command``, naming the field; None if nothing."""
    if not isinstance(params, dict):
        return f"The parameters of {command!r} must be a JSON object, not {type(params).__name__}."
    schema = PARAMETERS.get(command)
    if schema is None:
        return None
    unknown = sorted(set(params) - set(schema))
    if unknown:
        taken = ", ".join(schema) or "none"
        return f"{command!r} takes no parameter {', '.join(map(repr, unknown))}; it takes {taken}."
    for name, (types, needed, items) in schema.items():
        if name not in params:
            if needed:
                return f"{command!r} needs the parameter {name!r}."
            continue
        value = params[name]
        if not _is(value, types):
            return f"The parameter {name!r} of {command!r} must be {_names(types)}."
        if not isinstance(value, list) or items is None:
            continue
        if items == PAIRS:
            if not all(isinstance(item, list) and len(item) == 2 and all(_is(v, WHOLE) for v in item)
                       for item in value):
                return (f"The parameter {name!r} of {command!r} must be a list of [label, class] pairs of "
                        "whole numbers.")
        elif not all(_is(item, items) for item in value):
            return f"The parameter {name!r} of {command!r} must be a list of {_names(items, plural=True)}."
    return None


def encode(message: dict[str, Any]) -> str:
    """One line of compact JSON (no raw newlines inside)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def decode(line: str | bytes) -> dict[str, Any]:
    """The message in ``line`` (text, or UTF-8 bytes), or :class:`ProtocolError` naming what came
    instead."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ProtocolError(f"a line that is not UTF-8 text ({error.reason} at byte {error.start})") \
                from None
    text = line.strip()
    try:
        message = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ProtocolError("a JSON message nested too deeply") from None
    except ProtocolError:
        raise
    except ValueError:
        message = None
    shown = text if len(text) <= 200 else text[:200] + "…"
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise ProtocolError(f"not a ReSeg worker message: {shown.encode('utf-8', 'replace').decode()!r}")
    try:
        encode(message).encode("utf-8")  # what cannot be sent back (a lone surrogate) is refused here
    except (UnicodeEncodeError, ValueError):
        raise ProtocolError("a message holding text that is not valid Unicode (a lone surrogate escape)") \
            from None
    return message


def _finite(text: str) -> float:
    """A JSON number too large for a float (1e400) is refused, not read as Infinity."""
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ProtocolError(f"a message holding the number {text[:40]}, too large to be read")
    return value


def _no_constant(name: str):
    """NaN and Infinity are no JSON numbers: a request holding one is refused."""
    raise ProtocolError(f"a message holding {name}, which is no JSON number")


def ready(**details: Any) -> dict[str, Any]:
    return {"type": READY, "protocol": VERSION, **details}


def request(request_id: int, command: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": REQUEST, "id": request_id, "command": command, "params": params or {}}


def progress(request_id: int, stage: str, done: int, total: int, percent: float) -> dict[str, Any]:
    return {"type": PROGRESS, "id": request_id, "stage": stage, "done": done, "total": total,
            "percent": round(float(percent), 2)}


def error(request_id: int | None, kind: str, message: str, **details: Any) -> dict[str, Any]:
    return {"type": ERROR, "id": request_id, "kind": kind, "message": message, **details}
