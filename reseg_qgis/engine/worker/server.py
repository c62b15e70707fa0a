"""The worker loop: ``python -m reseg_qgis.engine worker`` serves requests of the worker protocol.

It keeps one :class:`EngineSession` for its whole life, so models load once and a changed class
list reuses the image features. Requests run one at a time in a thread of their own, so a
``cancel`` is read while one runs. The worker writes its output files itself; only messages
travel. At ``shutdown``, or when stdin closes (the plugin or QGIS went away), it cancels what runs,
waits for it, and exits.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any, NoReturn, TextIO

from ...package_files import version
from ..cancellation import RunCancelled
from ..session import RunEvents
from ..translatable import ResegError
from . import protocol

LOG = logging.getLogger(__name__)
Handler = Callable[["WorkerServer", dict, "RequestEvents"], Any]


class RequestEvents(RunEvents):
    """A request's events as protocol messages; the cancel flag is set by a ``cancel`` message."""

    def __init__(self, server: WorkerServer, request_id: int) -> None:
        self.server, self.request_id = server, request_id
        self.cancel_flag = threading.Event()

    def info(self, message: str) -> None:
        self.server.send({"type": protocol.LOG, "id": self.request_id, "message": message})

    def warn(self, message: str) -> None:
        self.server.send({"type": protocol.WARNING, "id": self.request_id, "message": message})

    def stage(self, stage: str, done: int, total: int, percent: float) -> None:
        self.server.send(protocol.progress(self.request_id, stage, done, total, percent))

    def cancelled(self) -> bool:
        return self.cancel_flag.is_set()


class WorkerServer:
    def __init__(self, incoming: Iterable[str | bytes], outgoing: TextIO) -> None:
        self.incoming, self.outgoing = incoming, outgoing
        self._send_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._running: tuple[int, RequestEvents, threading.Thread] | None = None
        self._threads: list[threading.Thread] = []  # joined before the worker exits
        self._session = None
        self.runs = 0

    def send(self, message: dict[str, Any]) -> None:
        try:
            line = protocol.encode(message)
            line.encode("utf-8")
        except (ValueError, TypeError) as problem:  # a value JSON or UTF-8 cannot carry: an answer goes
            said = str(message.get("message") or "").encode("utf-8", "replace").decode("utf-8")
            kind = protocol.INTERNAL if message.get("kind") == protocol.INTERNAL else protocol.FAILED
            line = protocol.encode(protocol.error(message.get("id"), kind,
                                                  said or f"The answer could not be sent: {problem}"))
        with self._send_lock:
            self.outgoing.write(line)
            self.outgoing.flush()

    def session(self, cache_dir: str | None):
        """The engine session, on the model cache the request names (models stay loaded)."""
        from ..session import EngineSession
        from ..weights.store import ModelStore

        store = ModelStore(cache_dir or None)
        if self._session is None:
            self._session = EngineSession(store)
        else:
            self._session.use_store(store)
        return self._session

    def serve(self) -> int:
        self.send(protocol.ready(pid=os.getpid(), version=version(), python=platform.python_version(),
                                 executable=sys.executable))
        try:
            self._receive()
        finally:  # the end of input, shutdown, or a signal: what runs is cancelled and cleans up
            with self._state_lock:
                running = self._running
            if running:
                running[1].cancel_flag.set()
            for thread in self._threads:
                thread.join()
        return 0

    def _receive(self) -> None:
        for line in self.incoming:
            if not line.strip():
                continue
            try:
                message = protocol.decode(line)
            except protocol.ProtocolError as error:
                self.send(protocol.error(None, protocol.BAD_REQUEST, str(error)))
                continue
            kind = message["type"]
            if kind == protocol.REQUEST:
                self._start(message)
            elif kind == protocol.CANCEL:
                with self._state_lock:
                    running = self._running
                if running and running[0] == message.get("id"):
                    running[1].cancel_flag.set()
            elif kind == protocol.SHUTDOWN:
                break
            else:
                self.send(protocol.error(message.get("id"), protocol.BAD_REQUEST,
                                         f"Unknown message type {kind!r}."))

    def _start(self, message: dict) -> None:
        request_id, command = message.get("id"), message.get("command")
        if not isinstance(request_id, int) or isinstance(request_id, bool):
            self.send(protocol.error(None, protocol.BAD_REQUEST,
                                     f"A request needs an integer id; got {str(request_id)[:100]!r}."))
            return
        if command not in HANDLERS:
            self.send(protocol.error(request_id, protocol.BAD_REQUEST,
                                     f"A request needs one of the commands {', '.join(protocol.COMMANDS)}; "
                                     f"got {str(command)[:100]!r}."))
            return
        params = message.get("params", {})
        problem = protocol.parameter_problem(command, params)
        if problem:
            self.send(protocol.error(request_id, protocol.BAD_REQUEST, problem))
            return
        events = RequestEvents(self, request_id)
        thread = threading.Thread(target=self._run, args=(request_id, command, params, events),
                                  name=f"request-{request_id}", daemon=True)
        with self._state_lock:
            if self._running is not None:
                busy = self._running[0]
            else:
                busy = None
                self._running = (request_id, events, thread)
        if busy is not None:
            self.send(protocol.error(request_id, protocol.BUSY,
                                     f"The worker is busy with request {busy}; send one request at a time."))
            return
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _run(self, request_id: int, command: str, params: dict, events: RequestEvents) -> None:
        from ..weights.downloads import DownloadCancelled
        from ..weights.store import MissingWeights, files_to_fetch

        try:
            outcome = {"type": protocol.RESULT, "id": request_id,
                       "result": HANDLERS[command](self, params, events)}
        except (RunCancelled, DownloadCancelled):
            outcome = {"type": protocol.CANCELLED, "id": request_id}
        except MissingWeights as error:
            models = [{"name": s.name, "title": s.title, "size": s.size, "url": s.url} for s in error.specs]
            outcome = protocol.error(request_id, protocol.MISSING_WEIGHTS, str(error), models=models,
                                     cache=str(error.cache), fetch=files_to_fetch(error.specs),
                                     **_template(error))
        except ResegError as error:
            outcome = protocol.error(request_id, protocol.FAILED, str(error), **_template(error))
        except Exception as error:  # a fault of ours ends the request, not the worker; the log gets why
            traceback.print_exc()
            outcome = protocol.error(request_id, protocol.INTERNAL, f"{type(error).__name__}: {error}")
        with self._state_lock:
            self._running = None
        self.send(outcome)


def _template(error: ResegError) -> dict:
    """The error's template and values (for the caller's language), where JSON holds them."""
    try:
        json.dumps(error.values)
    except (TypeError, ValueError):
        return {}
    return {"template": error.template, "values": error.values}


def _segment(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    from ..session import SegmentRequest

    params = dict(params)
    session = server.session(params.pop("cache_dir", None))
    result = session.segment(SegmentRequest.from_mapping(params), events)
    server.runs += 1
    return {"output": str(result.output), "confidence": str(result.confidence) if result.confidence else None,
            "labels": result.labels, "colours": [list(c) for c in result.colours], "width": result.width,
            "height": result.height, "windows": result.windows, "skipped_windows": result.skipped_windows,
            "seconds": round(result.seconds, 3), "class_pixels": result.class_pixels,
            "areas": [area.as_dict() for area in result.areas],
            "vector": str(result.vector) if result.vector else None,
            "statistics": str(result.statistics) if result.statistics else None, "warnings": result.warnings}


def _evaluate(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    from ..evaluation.request import EvaluationRequest, evaluate

    def progress(share: float) -> None:
        events.stage("evaluating", 0, 0, 100.0 * share)

    return evaluate(EvaluationRequest.from_mapping(params), events.cancelled, progress).as_dict()


def _device(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    from ..hardware.devices import choose_device
    from ..models.torchvision_ops import fallback_notes

    choice = choose_device(params.get("device", "auto"), params.get("precision", "auto"),
                           server.session(params.get("cache_dir")).store.root)
    return {"description": choice.description, "type": choice.device.type, **choice.shown(),
            "notes": fallback_notes()}


def _check(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    from .self_check import report

    return report(params.get("device", "auto"))


def _download(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    store = server.session(params.get("cache_dir")).store
    names = list(params.get("names") or [])

    def progress(index: int, done: int, total: int | None) -> None:
        share = done / total if total else 0.0
        events.stage("downloading", done, total or 0, 100.0 * (index + share) / len(names))

    store.download_all(names, progress, events.cancelled)
    return {"installed": names}


def _import(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    store = server.session(params.get("cache_dir")).store
    results = store.import_path(params["path"], link=bool(params.get("link")))
    return {"results": [{"source": str(r.source), "model": r.model, "status": r.status, "detail": r.detail}
                        for r in results]}


def _add_model(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    """Check that a checkpoint of the user's own loads into its architecture, then add it to the cache
    (``models add``). An architecture ending in .json names a file with an open_clip config; the store
    reads it, and says what is wrong with it."""
    store = server.session(params.get("cache_dir")).store
    events.stage("checking", 0, 1, 0.0)
    spec = store.add_custom(params["name"], params["kind"], params["architecture"], params["file"],
                            title=params.get("title") or None, licence=params.get("licence") or "the owner's",
                            initialisation=params.get("initialisation") or "", cancelled=events.cancelled)
    events.stage("checking", 1, 1, 100.0)
    return {"name": spec.name, "title": spec.title, "size": spec.size}


def _status(server: WorkerServer, params: dict, events: RequestEvents) -> dict:
    session = server._session
    return {"pid": os.getpid(), "runs": server.runs,
            "model_loads": dict(session.pool.loads) if session else {},
            "feature_cache": {"bytes": session.features.bytes, "hits": session.features.stats.hits,
                              "misses": session.features.stats.misses} if session else {}}


HANDLERS: dict[str, Handler] = {
    protocol.SEGMENT: _segment, protocol.EVALUATE: _evaluate, protocol.DEVICE: _device,
    protocol.CHECK: _check, protocol.DOWNLOAD: _download, protocol.IMPORT: _import,
    protocol.ADD_MODEL: _add_model, protocol.STATUS: _status}


def serve_stdio() -> NoReturn:
    """Serve on stdin and stdout, then end the process at once. Anything else written to stdout (a
    library's print, a C library's output) is sent to stderr, so the message channel stays clean.

    The process ends with ``os._exit`` once every request is done and the streams are flushed:
    torch's native thread pools, used from the request threads, may abort the interpreter's normal
    shutdown ("terminate called without an active exception"), and there is nothing left to clean.
    """
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8", newline="\n")
    sys.stdout.flush()
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    incoming = sys.stdin.buffer  # lines decoded one by one: a line that is not UTF-8 is refused alone
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    try:
        code = WorkerServer(incoming, channel).serve()
    except SystemExit as stop:  # SIGTERM: its run was cancelled and cleaned up first
        code = stop.code if isinstance(stop.code, int) else 1
    channel.flush()
    sys.stderr.flush()
    os._exit(code)
