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
from typing import Any

VERSION = 1

# Message types.
READY, REQUEST, CANCEL, SHUTDOWN = "ready", "request", "cancel", "shutdown"
PROGRESS, LOG, WARNING = "progress", "log", "warning"
RESULT, ERROR, CANCELLED = "result", "error", "cancelled"

# Commands.
COMMANDS = SEGMENT, EVALUATE, DEVICE, CHECK, DOWNLOAD, IMPORT, ADD_MODEL, STATUS = (
    "segment", "evaluate", "device", "check", "download", "import", "add_model", "status")

# Error kinds, so the caller can say what to do.
MISSING_WEIGHTS, BAD_REQUEST, BUSY, FAILED = "missing_weights", "bad_request", "busy", "failed"


# Each command's parameters: name → (the JSON types it takes, whether it is needed). ``segment`` and
# ``evaluate`` check theirs against their request's fields; here only that they come as an object.
TEXT, FLAG, TEXTS, ANY_OBJECT = (str,), (bool,), (list,), (dict,)
OPTIONAL_TEXT = (str, type(None))
PARAMETERS: dict[str, dict[str, tuple[tuple[type, ...], bool]] | None] = {
    SEGMENT: None, EVALUATE: None,
    DEVICE: {"device": (TEXT, False), "precision": (TEXT, False)},
    CHECK: {"device": (TEXT, False)},
    DOWNLOAD: {"names": (TEXTS, True), "cache_dir": (OPTIONAL_TEXT, False)},
    IMPORT: {"path": (TEXT, True), "link": (FLAG, False), "cache_dir": (OPTIONAL_TEXT, False)},
    ADD_MODEL: {"name": (TEXT, True), "kind": (TEXT, True), "architecture": ((str, dict), True),
                "file": (TEXT, True), "title": (OPTIONAL_TEXT, False), "licence": (OPTIONAL_TEXT, False),
                "initialisation": (OPTIONAL_TEXT, False), "cache_dir": (OPTIONAL_TEXT, False)},
    STATUS: {},
}
JSON_NAMES = {str: "text", bool: "true or false", list: "a list", dict: "an object", type(None): "null"}


class ProtocolError(RuntimeError):
    """A line that is not a message of this protocol."""


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
    for name, (types, needed) in schema.items():
        if name not in params:
            if needed:
                return f"{command!r} needs the parameter {name!r}."
            continue
        value = params[name]
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            wanted = " or ".join(JSON_NAMES[t] for t in types)
            return f"The parameter {name!r} of {command!r} must be {wanted}."
        if types is TEXTS and not all(isinstance(item, str) for item in value):
            return f"The parameter {name!r} of {command!r} must be a list of texts."
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
        message = json.loads(text)
    except RecursionError:
        raise ProtocolError("a JSON message nested too deeply") from None
    except ValueError:
        message = None
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        shown = text if len(text) <= 200 else text[:200] + "…"
        raise ProtocolError(f"not a ReSeg worker message: {shown!r}")
    return message


def ready(**details: Any) -> dict[str, Any]:
    return {"type": READY, "protocol": VERSION, **details}


def request(request_id: int, command: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"type": REQUEST, "id": request_id, "command": command, "params": params or {}}


def progress(request_id: int, stage: str, done: int, total: int, percent: float) -> dict[str, Any]:
    return {"type": PROGRESS, "id": request_id, "stage": stage, "done": done, "total": total,
            "percent": round(float(percent), 2)}


def error(request_id: int | None, kind: str, message: str, **details: Any) -> dict[str, Any]:
    return {"type": ERROR, "id": request_id, "kind": kind, "message": message, **details}
