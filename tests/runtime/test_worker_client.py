"""The worker client against stand-in workers that misbehave in each way a real one can."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from reseg_qgis.runtime.worker_client import (
    WorkerCancelled,
    WorkerClient,
    WorkerError,
    WorkerRequestError,
    engine_command,
    engine_environment,
)
from tests.conftest import ENGINE_PYTHON

STAND_IN = r"""
import json, os, sys, time
mode, marker = sys.argv[1], sys.argv[2]
def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()
if mode == "garbage":
    print("Welcome to my Python!", flush=True)
send({"type": "ready", "protocol": 999 if mode == "mismatch" else 1})
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "shutdown":
        break
    if message["type"] != "request":
        continue
    send({"type": "progress", "id": message["id"], "stage": "sam", "done": 1, "total": 4, "percent": 20.0})
    if mode == "dies-once" and not os.path.exists(marker):
        open(marker, "w").close()
        print("Traceback: boom in SAM", file=sys.stderr, flush=True)
        sys.exit(3)
    if mode == "hangs":
        time.sleep(600)
    if mode == "fails":
        send({"type": "error", "id": message["id"], "kind": "failed", "message": "no such raster"})
        continue
    time.sleep(float(message["params"].get("sleep", 0)))
    while not os.path.exists(message["params"].get("until", os.devnull)):  # a run held until a file exists
        time.sleep(0.01)
    send({"type": "result", "id": message["id"], "result": {"echo": message["params"], "pid": os.getpid()}})
"""


@pytest.fixture
def stand_in(tmp_path):
    script = tmp_path / "worker.py"
    script.write_text(STAND_IN)
    clients = []

    def make(mode: str, **options) -> WorkerClient:
        client = WorkerClient([sys.executable, str(script), mode, str(tmp_path / "died")], **options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.stop()


def test_a_result_comes_with_the_requests_progress(stand_in):
    seen = []
    client = stand_in("echo")
    assert client.request("segment", {"input": "a.tif"}, on_message=seen.append) == {
        "echo": {"input": "a.tif"}, "pid": client.process.pid}
    assert [m["stage"] for m in seen] == ["sam"]


def test_a_worker_that_dies_mid_run_is_reported_and_the_next_run_gets_a_fresh_one(stand_in):
    client = stand_in("dies-once")
    with pytest.raises(WorkerError, match=r"stopped unexpectedly \(exit code 3\)(.|\n)*boom in SAM"):
        client.request("segment", {})
    assert not client.alive
    assert client.request("segment", {})["echo"] == {}
    assert client.starts == 2


def test_a_worker_that_ignores_cancel_is_killed_after_the_grace_time(stand_in):
    client = stand_in("hangs", cancel_grace=0.5)
    asked = []

    def cancelled():
        return bool(asked)

    started = time.monotonic()
    with pytest.raises(WorkerCancelled) as raised:
        client.request("segment", {}, on_message=asked.append, cancelled=cancelled)
    assert raised.value.killed and not client.alive
    assert time.monotonic() - started < 10


def test_garbage_on_stdout_is_a_clear_error(stand_in):
    with pytest.raises(WorkerError, match="not a worker message(.|\n)*Welcome to my Python"):
        stand_in("garbage").request("status")


def test_another_protocol_version_is_refused(stand_in):
    client = stand_in("mismatch")
    with pytest.raises(WorkerError, match="protocol version 999, this plugin 1(.|\n)*Restart QGIS"):
        client.request("status")
    assert not client.alive


def test_a_missing_worker_python_is_a_clear_error(tmp_path):
    client = WorkerClient([str(tmp_path / "no-python"), "-c", "pass"])
    with pytest.raises(WorkerError, match="could not be started with .*no-python"):
        client.request("status")


def test_a_failed_request_says_why_and_keeps_the_worker(stand_in):
    client = stand_in("fails")
    with pytest.raises(WorkerRequestError, match="no such raster") as raised:
        client.request("segment", {})
    assert raised.value.kind == "failed" and client.alive


def test_an_idle_worker_stops(stand_in):
    client = stand_in("echo", idle_seconds=0.3)
    client.request("status")
    deadline = time.monotonic() + 10
    while client.alive and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not client.alive
    assert client.request("status")["echo"] == {} and client.starts == 2


def test_runs_are_serialised(stand_in):
    client = stand_in("echo")
    spans = []

    def run():
        client.request("segment", {"sleep": 0.4})
        spans.append(client.request("status")["echo"])  # the worker is free again in between

    threads = [threading.Thread(target=run) for _ in range(3)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(spans) == 3 and client.starts == 1
    assert time.monotonic() - started >= 3 * 0.4  # one after another in the one worker


def test_a_run_waiting_for_the_worker_can_be_cancelled(stand_in, tmp_path):
    client = stand_in("echo")
    running, results = threading.Event(), []
    release = tmp_path / "release"

    def first():
        results.append(client.request("segment", {"until": str(release)},
                                      on_message=lambda message: running.set()))

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert running.wait(30)  # the first run holds the worker until the file exists
        with pytest.raises(WorkerCancelled) as raised:
            client.request("segment", {}, cancelled=lambda: True)
        assert not raised.value.killed
    finally:
        release.touch()
        thread.join()
    assert results[0]["echo"] == {"until": str(release)} and client.alive  # the running one went on


def test_a_failing_caller_stops_its_run(stand_in):
    client = stand_in("hangs", cancel_grace=0.5)

    def broken(message):
        raise RuntimeError("the progress bar is gone")

    with pytest.raises(RuntimeError, match="progress bar is gone"):
        client.request("segment", {}, on_message=broken)
    assert not client.alive  # the stand-in ignores cancel, so it was killed after the grace time


def test_the_engine_runs_isolated_from_the_callers_python_path(tmp_path, monkeypatch):
    """QGIS sets PYTHONPATH for its own Python; a module there must not shadow the engine's."""
    (tmp_path / "torch.py").write_text("raise ImportError('the wrong torch, from PYTHONPATH')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    client = WorkerClient(engine_command(ENGINE_PYTHON, "worker"), engine_environment())
    try:
        assert client.request("device", {"device": "cpu"})["description"].startswith("CPU")
    finally:
        client.stop()


def test_the_engine_runs_isolated_from_qgiss_python_settings(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/qgis/python")
    monkeypatch.setenv("PROJ_LIB", "/usr/share/proj")
    environment = engine_environment()
    assert "PYTHONPATH" not in environment and "PROJ_LIB" not in environment
    command = engine_command(sys.executable, "check")
    assert command[:5] == [sys.executable, "-I", "-X", "utf8", "-c"] and command[-1] == "check"
