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


class ProtocolError(RuntimeError):
    """A line that is not a message of this protocol."""


def encode(message: dict[str, Any]) -> str:
    """One line of compact JSON (no raw newlines inside)."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def decode(line: str) -> dict[str, Any]:
    """The message in ``line``, or :class:`ProtocolError` naming what came instead."""
    text = line.strip()
    try:
        message = json.loads(text)
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
