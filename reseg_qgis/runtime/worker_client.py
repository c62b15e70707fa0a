"""The client of the worker process: starts it in the engine's Python, speaks the worker protocol,
and stops it when idle.

- One request at a time: a second caller waits (and can cancel while it waits).
- Cancel sends ``cancel``; a worker still running after the grace time is killed.
- A worker that dies, writes something that is not a message, or speaks another protocol version
  gives a :class:`WorkerError` with the tail of its stderr; the next request starts a fresh one.
"""

from __future__ import annotations

import collections
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..engine.malloc_tuning import MALLOC_TUNING
from ..engine.worker import protocol

PLUGIN_DIR = Path(__file__).resolve().parent.parent  # the reseg_qgis package folder

# Runs the engine's command line from this plugin folder, and from nowhere else: sibling plugins stay
# off sys.path (-I also ignores PYTHONPATH and PYTHONHOME, which QGIS sets for its own Python; -X utf8
# makes its messages UTF-8 on every system).
BOOTSTRAP = (
    "import importlib.util, os, sys\n"
    "root = sys.argv[1]\n"
    "spec = importlib.util.spec_from_file_location("
    "'reseg_qgis', os.path.join(root, '__init__.py'), submodule_search_locations=[root])\n"
    "module = importlib.util.module_from_spec(spec)\n"
    "sys.modules['reseg_qgis'] = module\n"
    "spec.loader.exec_module(module)\n"
    "from reseg_qgis.engine.cli import main\n"
    "sys.exit(main(sys.argv[2:]))\n")

# QGIS's settings for its own Python and GDAL, which would break the engine's (rasterio brings its own
# GDAL and PROJ data).
FOREIGN_VARIABLES = ("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONEXECUTABLE", "VIRTUAL_ENV",
                     "PROJ_LIB", "PROJ_DATA", "GDAL_DATA", "GDAL_DRIVER_PATH", "QT_PLUGIN_PATH")
NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)
STDERR_LINES = 200


def engine_command(python: str | os.PathLike, *arguments: str) -> list[str]:
    """The command line that runs ``python -m reseg_qgis.engine ARGUMENTS`` from this plugin."""
    return [str(python), "-I", "-X", "utf8", "-c", BOOTSTRAP, str(PLUGIN_DIR), *arguments]


def engine_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in FOREIGN_VARIABLES}
    if sys.platform.startswith("linux"):
        environment.update({k: v for k, v in MALLOC_TUNING.items() if k not in environment})
    environment["PYTHONIOENCODING"] = "utf-8"
    environment.update(extra or {})
    return environment


def run_check(python: str | os.PathLike, device: str = "auto", environment: dict[str, str] | None = None,
              cwd: str | os.PathLike | None = None, timeout: float = 900) -> tuple[dict | None, str]:
    """The engine's ``check --json`` in ``python``: (its report, or None when it gave none; its stderr).
    Raises OSError or subprocess.SubprocessError when the program cannot run."""
    command = engine_command(python, "check", "--json", "--device", device)
    result = subprocess.run(command, capture_output=True, text=True, env=environment or engine_environment(),
                            cwd=cwd, timeout=timeout, creationflags=NO_WINDOW)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        report = None
    return report if isinstance(report, dict) else None, result.stderr


class WorkerError(RuntimeError):
    """The worker failed as a process (did not start, died, broke the protocol)."""


class WorkerCancelled(Exception):
    """The request was cancelled; ``killed`` when the worker had to be stopped."""

    def __init__(self, killed: bool = False) -> None:
        super().__init__("Cancelled.")
        self.killed = killed


class WorkerRequestError(RuntimeError):
    """The worker ran the request and reports why it failed; ``details`` has the message's fields."""

    def __init__(self, message: dict) -> None:
        super().__init__(message.get("message", "The request failed."))
        self.kind = message.get("kind", protocol.FAILED)
        self.details = message


MessageHandler = Callable[[dict], None]
CancelCheck = Callable[[], bool]


class WorkerClient:
    def __init__(self, command: Sequence[str], environment: dict[str, str] | None = None,
                 start_timeout: float = 180.0, cancel_grace: float = 10.0, idle_seconds: float = 600.0,
                 on_stderr: Callable[[str], None] | None = None, start_hint: str = "") -> None:
        self.command = list(command)
        self.environment = environment
        self.start_timeout, self.cancel_grace, self.idle_seconds = start_timeout, cancel_grace, idle_seconds
        self.on_stderr = on_stderr
        self.start_hint = start_hint  # what to do when the worker cannot start (its Python lacks a package)
        self.process: subprocess.Popen | None = None
        self.ready: dict | None = None
        self.starts = 0
        self._messages: queue.Queue = queue.Queue()
        self._stderr: collections.deque = collections.deque(maxlen=STDERR_LINES)
        self._request_lock = threading.Lock()
        self._next_id = 1
        self._idle_timer: threading.Timer | None = None
        self._stderr_reader: threading.Thread | None = None

    # The process.

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stderr_tail(self, lines: int = 20) -> str:
        return "\n".join(list(self._stderr)[-lines:])

    def _read_stdout(self, process: subprocess.Popen, messages: queue.Queue) -> None:
        for raw in process.stdout:
            messages.put(raw.decode("utf-8", "replace"))
        messages.put(None)  # end of stream: the worker exited

    def _read_stderr(self, process: subprocess.Popen) -> None:
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self._stderr.append(line)
            if self.on_stderr:
                self.on_stderr(line)

    def _start(self, cancelled: CancelCheck | None) -> None:
        self._stderr.clear()
        self._messages = queue.Queue()
        try:
            self.process = subprocess.Popen(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=subprocess.PIPE, env=self.environment,
                                            creationflags=NO_WINDOW)
        except OSError as error:
            raise WorkerError(f"The ReSeg worker could not be started with {self.command[0]}: "
                              f"{error.strerror or error}.") from error
        self.starts += 1
        threading.Thread(target=self._read_stdout, args=(self.process, self._messages), daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr, args=(self.process,), daemon=True)
        self._stderr_reader.start()
        deadline = time.monotonic() + self.start_timeout
        while True:
            if cancelled and cancelled():
                self._kill()
                raise WorkerCancelled(killed=True)
            if time.monotonic() > deadline:
                self._kill()
                raise WorkerError(f"The ReSeg worker did not start within {self.start_timeout:.0f} s."
                                  + self._tail())
            try:
                message = self._next(0.1)
            except WorkerError as error:
                raise WorkerError(f"{error} {self.start_hint}".strip()) from error
            if message is None:
                continue
            if message["type"] != protocol.READY:
                self._kill()
                raise WorkerError(f"The ReSeg worker began with {message['type']!r} instead of 'ready'.")
            if message.get("protocol") != protocol.VERSION:
                self._kill()
                raise WorkerError(
                    f"The ReSeg worker speaks protocol version {message.get('protocol')}, this plugin "
                    f"{protocol.VERSION}: its engine comes from another version of the plugin. Restart QGIS "
                    "after updating the plugin.")
            self.ready = message
            return

    def _tail(self) -> str:
        tail = self.stderr_tail()
        return f" Its last messages:\n{tail}" if tail else ""

    def _next(self, timeout: float) -> dict | None:
        """The next message, None after ``timeout``; a dead worker or a foreign line is an error."""
        try:
            line = self._messages.get(timeout=timeout)
        except queue.Empty:
            return None
        if line is None:
            code = self.process.wait() if self.process else None
            if self._stderr_reader is not None:
                self._stderr_reader.join(timeout=2)  # its last lines, for the message
            self.process = None
            raise WorkerError(f"The ReSeg worker stopped unexpectedly (exit code {code})." + self._tail())
        try:
            return protocol.decode(line)
        except protocol.ProtocolError as error:
            self._kill()
            raise WorkerError(f"The ReSeg worker wrote something that is not a worker message ({error}); it "
                              "was stopped. Check that the worker Python runs this plugin's engine."
                              + self._tail()) from error

    def _send(self, message: dict) -> None:
        try:
            self.process.stdin.write(protocol.encode(message).encode("utf-8"))
            self.process.stdin.flush()
        except (OSError, ValueError, AttributeError):
            pass  # a dead worker is reported by its closed stdout

    def _kill(self) -> None:
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to exit; kill it if it does not within ``timeout``."""
        self._cancel_idle()
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            self._send({"type": protocol.SHUTDOWN})
            try:
                process.stdin.close()
                process.wait(timeout)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._kill()

    # Idle stop.

    def _cancel_idle(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
            self._idle_timer = None

    def _idle_stop(self) -> None:
        if self._request_lock.acquire(blocking=False):
            try:
                self.stop()
            finally:
                self._request_lock.release()

    def _arm_idle(self) -> None:
        self._cancel_idle()
        if self.idle_seconds > 0 and self.alive:
            self._idle_timer = threading.Timer(self.idle_seconds, self._idle_stop)
            self._idle_timer.daemon = True
            self._idle_timer.start()

    # Requests.

    def request(self, command: str, params: dict | None = None, on_message: MessageHandler | None = None,
                cancelled: CancelCheck | None = None) -> Any:
        """Run ``command`` in the worker (started if needed) and return its result.

        ``on_message`` gets the request's progress, log and warning messages. Raises
        :class:`WorkerCancelled`, :class:`WorkerRequestError` or :class:`WorkerError`.
        """
        while not self._request_lock.acquire(timeout=0.2):
            if cancelled and cancelled():
                raise WorkerCancelled()
        try:
            self._cancel_idle()
            if not self.alive:
                self._start(cancelled)
            request_id, self._next_id = self._next_id, self._next_id + 1
            self._send(protocol.request(request_id, command, params))
            try:
                return self._wait(request_id, on_message, cancelled)
            except (WorkerCancelled, WorkerRequestError, WorkerError):
                raise
            except BaseException:
                self._abandon(request_id)  # the caller failed (its callback): the run must not go on
                raise
        finally:
            self._arm_idle()
            self._request_lock.release()

    def _abandon(self, request_id: int) -> None:
        """Cancel a request nobody waits for any more; kill the worker if it goes on."""
        try:
            self._wait(request_id, None, lambda: True)
        except (WorkerCancelled, WorkerRequestError, WorkerError):
            pass
        except BaseException:
            self._kill()

    def _wait(self, request_id: int, on_message: MessageHandler | None, cancelled: CancelCheck | None):
        cancel_sent = None
        while True:
            if cancelled and cancel_sent is None and cancelled():
                self._send({"type": protocol.CANCEL, "id": request_id})
                cancel_sent = time.monotonic()
            if cancel_sent is not None and time.monotonic() - cancel_sent > self.cancel_grace:
                self._kill()
                raise WorkerCancelled(killed=True)
            message = self._next(0.1)
            if message is None or message.get("id") not in (request_id, None):
                continue
            kind = message["type"]
            if kind == protocol.RESULT:
                return message.get("result")
            if kind == protocol.CANCELLED:
                raise WorkerCancelled()
            if kind == protocol.ERROR:
                if message.get("id") is None and message.get("kind") == protocol.BAD_REQUEST:
                    continue  # about a line the worker could not read, not this request
                raise WorkerRequestError(message)
            if on_message:
                on_message(message)
