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


def test_runs_are_serialised_and_a_waiting_run_can_be_cancelled(stand_in):
    client = stand_in("echo")
    client.request("status")  # started
    spans, errors = [], []

    def run(sleep):
        started = time.monotonic()
        client.request("segment", {"sleep": sleep})
        spans.append((started, time.monotonic()))

    first = threading.Thread(target=run, args=(1.0,))
    first.start()
    time.sleep(0.2)
    try:
        client.request("segment", {}, cancelled=lambda: True)
    except WorkerCancelled as cancelled:
        errors.append(cancelled)
    first.join()
    assert len(errors) == 1 and not errors[0].killed  # cancelled while waiting; the running one went on
    assert len(spans) == 1 and client.alive


def test_the_engine_runs_isolated_from_qgiss_python_settings(monkeypatch):
    monkeypatch.setenv("PYTHONPATH", "/qgis/python")
    monkeypatch.setenv("PROJ_LIB", "/usr/share/proj")
    environment = engine_environment()
    assert "PYTHONPATH" not in environment and "PROJ_LIB" not in environment
    command = engine_command(sys.executable, "check")
    assert command[:3] == [sys.executable, "-I", "-c"] and command[-1] == "check"
