"""The engine's worker process, driven through the worker protocol as the plugin drives it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import asdict, replace

import pytest
import rasterio

from reseg_qgis.engine import cli
from reseg_qgis.engine.models import torchvision_ops
from reseg_qgis.engine.raster import messages
from reseg_qgis.engine.weights.registry import MODELS
from reseg_qgis.engine.weights.store import ModelStore
from reseg_qgis.engine.worker import protocol
from reseg_qgis.engine.worker.server import WorkerServer
from reseg_qgis.runtime.worker_client import (
    WorkerCancelled,
    WorkerClient,
    WorkerRequestError,
    engine_command,
    engine_environment,
)
from tests.conftest import REPO_ROOT
from tests.helpers import models
from tests.helpers.rasters import LANDSAT_RGB
from tests.helpers.tiny_cache import TINY_CLIP, TINY_SAM, make_tiny_cache


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return make_tiny_cache(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def worker():
    client = WorkerClient(engine_command(sys.executable, "worker"), engine_environment(), cancel_grace=30)
    yield client
    client.stop()


def landsat_extent(col: int, row: int, size: int) -> list[float]:
    with rasterio.open(LANDSAT_RGB) as dataset:
        left, top = dataset.transform @ (col, row)
        right, bottom = dataset.transform @ (col + size, row + size)
    return [left, bottom, right, top]


def segment(cache, tmp_path, **settings) -> dict:
    return {"input": str(LANDSAT_RGB), "output": str(tmp_path / "out.tif"), "classes": "water; land; cloud",
            "preset": "quality", "clip": TINY_CLIP, "sam": TINY_SAM, "window": 64, "overlap": 32,
            "extent": landsat_extent(300, 300, 128), "device": "cpu", "cache_dir": str(cache), **settings}


def test_a_run_reports_its_stages_and_a_new_class_list_reuses_the_features(worker, cache, tmp_path):
    seen = []
    result = worker.request(protocol.SEGMENT, segment(cache, tmp_path), on_message=seen.append)
    stages = [m["stage"] for m in seen if m["type"] == protocol.PROGRESS]
    order = [s for i, s in enumerate(stages) if i == 0 or stages[i - 1] != s]
    assert order[:3] == ["loading", "classes", "sam"]
    assert stages[-1] == "writing" and "clip" in stages
    sam = [m for m in seen if m.get("stage") == "sam"]
    assert (sam[0]["done"], sam[0]["percent"]) == (0, 0.0) and sam[-1]["done"] == sam[-1]["total"] > 1
    first_clip = next(i for i, m in enumerate(seen) if m.get("stage") == "clip")
    assert any(m.get("stage") == "sam" and m["percent"] > 0 for m in seen[:first_clip])
    percents = [m["percent"] for m in seen if m.get("stage") in ("sam", "clip")]
    assert percents == sorted(percents) and percents[-1] == 100.0
    assert any(m["type"] == protocol.LOG and m["message"].startswith("Device: CPU") for m in seen)
    assert result["labels"] == ["water", "land", "cloud"]
    assert (result["width"], result["height"]) == (128, 128)
    with rasterio.open(result["output"]) as made, rasterio.open(LANDSAT_RGB) as given:
        assert made.crs == given.crs
        assert made.transform.c == pytest.approx(given.transform.c + 300 * given.transform.a)
    again = worker.request(protocol.SEGMENT, segment(cache, tmp_path, classes="sea; island",
                                                     output=str(tmp_path / "again.tif")))
    assert again["labels"] == ["sea", "island"]
    status = worker.request(protocol.STATUS)
    assert status["model_loads"] == {TINY_CLIP: 1, TINY_SAM: 1}
    assert status["feature_cache"]["hits"] > 0 and status["pid"] == worker.ready["pid"]


def test_cancel_stops_the_run_and_leaves_nothing(worker, cache, tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    seen = []
    with pytest.raises(WorkerCancelled) as raised:
        worker.request(protocol.SEGMENT, segment(cache, output, extent=landsat_extent(200, 200, 256)),
                       on_message=seen.append, cancelled=lambda: any(m.get("stage") == "clip" for m in seen))
    assert not raised.value.killed and worker.alive
    assert list(output.iterdir()) == []
    assert worker.request(protocol.STATUS)["pid"] == worker.ready["pid"]


def test_missing_weights_say_what_to_fetch(worker, cache, tmp_path):
    with pytest.raises(WorkerRequestError) as raised:
        worker.request(protocol.SEGMENT, segment(cache, tmp_path, preset="fast", clip=None, sam=None))
    assert raised.value.kind == protocol.MISSING_WEIGHTS
    assert [m["name"] for m in raised.value.details["models"]] == ["openai-vit-b-16"]
    assert MODELS["openai-vit-b-16"].url in raised.value.details["fetch"]
    assert not (tmp_path / "out.tif").exists()


def test_unknown_settings_are_refused(worker, cache, tmp_path):
    with pytest.raises(WorkerRequestError, match="'segment' takes no parameter 'colour'"):
        worker.request(protocol.SEGMENT, {**segment(cache, tmp_path), "colour": "red"})


def test_a_file_error_carries_its_template_and_values(worker, cache, tmp_path):
    """An OutputError (an OSError, so no ResegError) still tells the caller its template."""
    with pytest.raises(WorkerRequestError, match="give it a .tif name") as raised:
        worker.request(protocol.SEGMENT, segment(cache, tmp_path, output=str(tmp_path / "out.png")))
    assert raised.value.details["template"] == messages.NOT_TIF
    assert raised.value.details["values"] == {"name": "out.png"}


def test_the_environment_check(worker):
    report = worker.request(protocol.CHECK, {"device": "cpu"})
    assert report["ok"] and report["packages"]["torch"].startswith("2.13")
    assert report["forward_pass"]["device"].startswith("CPU")
    device = worker.request(protocol.DEVICE, {"device": "cpu", "precision": "fp32"})
    assert device["description"].endswith("threads (fp32)") and set(device["formats"].values()) == {"fp32"}


@pytest.mark.parametrize("state", [torchvision_ops.NATIVE, torchvision_ops.FALLBACK])
def test_the_device_reply_and_the_check_say_when_torchvisions_fallback_runs(state, monkeypatch, capsys):
    torchvision_ops.ensure_torchvision_ops()  # the operators torchvision needs, before it is imported
    monkeypatch.setattr(torchvision_ops, "_state", state)
    replies = io.StringIO()
    WorkerServer([protocol.encode(protocol.request(1, protocol.DEVICE, {"device": "cpu"}))], replies).serve()
    device = json.loads(replies.getvalue().splitlines()[-1])["result"]
    assert cli.main(["check", "--device", "cpu"]) == 0
    said = capsys.readouterr().out
    if state == torchvision_ops.NATIVE:
        assert device["notes"] == [] and "Note:" not in said
        return
    (note,) = device["notes"]
    assert note["template"] == torchvision_ops.FALLBACK_NOTE
    assert f"Note: {note['template'].format(**note['values'])}" in said.splitlines()


def test_one_request_at_a_time_and_an_exit_when_stdin_closes(cache, tmp_path):
    process = subprocess.Popen(engine_command(sys.executable, "worker"), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True, env=engine_environment())
    assert json.loads(process.stdout.readline())["type"] == protocol.READY
    process.stdin.write(protocol.encode(protocol.request(1, protocol.SEGMENT, segment(cache, tmp_path))))
    process.stdin.write(protocol.encode(protocol.request(2, protocol.STATUS)))
    process.stdin.write("not json\n")
    process.stdin.flush()
    replies = []
    while not any(r["type"] == protocol.RESULT and r["id"] == 1 for r in replies):
        replies.append(json.loads(process.stdout.readline()))
    busy = next(r for r in replies if r["id"] == 2)
    assert busy["type"] == protocol.ERROR and busy["kind"] == protocol.BUSY
    assert any(r["id"] is None and r["kind"] == protocol.BAD_REQUEST for r in replies if r["type"] == "error")
    process.stdin.close()
    assert process.wait(timeout=60) == 0


@pytest.fixture
def registry_worker(published, tmp_path):
    """A worker whose registry holds the published tiny models, and a way to add entries."""
    specs = tmp_path / "specs.json"
    clients = []

    def start(extra: dict | None = None) -> WorkerClient:
        entries = {**published["registry"], **(extra or {})}
        specs.write_text(json.dumps({name: asdict(spec) for name, spec in entries.items()}))
        client = WorkerClient([sys.executable, "-m", "tests.helpers.worker_with_registry", str(specs)],
                              engine_environment({"PYTHONPATH": str(REPO_ROOT)}), cancel_grace=30)
        clients.append(client)
        return client

    yield start
    for client in clients:
        client.stop()


def test_a_failed_download_names_the_files_to_fetch(registry_worker, published, tmp_path):
    url = published["server"].add("/ViT-B-16.pt", b"not the published weights")
    spec = replace(MODELS["openai-vit-b-16"], url=url, size=25)
    worker = registry_worker({spec.name: spec})
    with pytest.raises(WorkerRequestError, match=f"does not match.*Files to fetch: openai-vit-b-16: {url}"):
        worker.request(protocol.SEGMENT, {"input": str(LANDSAT_RGB), "output": str(tmp_path / "o.tif"),
                                          "classes": "water; land", "preset": "fast", "allow_download": True,
                                          "device": "cpu", "cache_dir": str(tmp_path / "cache")})
    assert not (tmp_path / "o.tif").exists()


def test_downloads_in_the_worker_report_progress_and_stop_on_cancel(registry_worker, published, tmp_path):
    worker = registry_worker()
    seen = []
    result = worker.request(protocol.DOWNLOAD, {"names": ["clip-a", "sam"], "cache_dir": str(tmp_path / "c")},
                            on_message=seen.append)
    assert result == {"installed": ["clip-a", "sam"]}
    assert seen and seen[-1]["stage"] == "downloading" and seen[-1]["percent"] == 100.0
    slow = replace(published["registry"]["clip-b"], url=published["server"].add(
        "/slow.pt", bytes(8 << 20), pace=0.2), size=8 << 20, sha256=None, name="slow", filename="slow.pt")
    worker = registry_worker({"slow": slow})
    seen.clear()
    with pytest.raises(WorkerCancelled):
        worker.request(protocol.DOWNLOAD, {"names": ["slow"], "cache_dir": str(tmp_path / "c")},
                       on_message=seen.append, cancelled=lambda: bool(seen))
    assert not (tmp_path / "c" / "slow.pt").exists()


def test_a_checkpoint_of_ones_own_is_checked_and_added_by_the_worker(registry_worker, published, tmp_path):
    worker = registry_worker()
    cache = tmp_path / "cache"
    clip, sam = published["files"]["clip-a"], published["files"]["sam"]
    seen = []
    added = worker.request(protocol.ADD_MODEL, {"name": "mine", "kind": "clip", "architecture": "tiny-vit",
                                                "file": str(clip), "title": "My CLIP", "licence": "",
                                                "cache_dir": str(cache)}, on_message=seen.append)
    assert added == {"name": "mine", "title": "My CLIP", "size": clip.stat().st_size}
    assert seen[-1]["type"] == protocol.PROGRESS and seen[-1]["percent"] == 100.0
    store = ModelStore(cache)
    assert store.is_installed("mine") and store.path("mine").read_bytes() == clip.read_bytes()
    assert store.registry["mine"].licence == "the owner's" and store.registry["mine"].url == ""
    config = tmp_path / "tiny.json"
    config.write_text(json.dumps(models.TINY_CLIP_CONFIG))
    worker.request(protocol.ADD_MODEL, {"name": "by-config", "kind": "clip", "architecture": str(config),
                                        "file": str(clip), "cache_dir": str(cache)})
    assert ModelStore(cache).registry["by-config"].architecture == models.TINY_CLIP_CONFIG
    with pytest.raises(WorkerRequestError, match=f"{sam.name} does not fit the model architecture: missing"):
        worker.request(protocol.ADD_MODEL, {"name": "wrong", "kind": "clip", "architecture": "tiny-vit",
                                            "file": str(sam), "cache_dir": str(cache)})
    with pytest.raises(WorkerCancelled):
        worker.request(protocol.ADD_MODEL, {"name": "cancelled", "kind": "sam", "architecture": "tiny-sam",
                                            "file": str(sam), "cache_dir": str(cache)},
                       cancelled=lambda: True)
    assert set(ModelStore(cache).registry) - set(MODELS) == {"mine", "by-config"}
    assert sorted(p.name for p in cache.glob("custom-*")) == ["custom-by-config.pt", "custom-mine.pt"]


def test_every_line_the_worker_cannot_use_is_answered_and_it_keeps_serving():
    """A line that is not UTF-8, JSON nested 100,000 deep, and requests of the wrong shape each get a
    bad_request that names the problem; the worker then still answers."""
    process = subprocess.Popen(engine_command(sys.executable, "worker"), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, env=engine_environment())
    assert json.loads(process.stdout.readline())["type"] == protocol.READY
    bad = [b"\xff\xfe not text\n", b"[" * 100_000 + b"]" * 100_000 + b"\n"]
    shapes = [
        (protocol.request(1, protocol.IMPORT, {}), "needs the parameter 'path'"),
        (protocol.request(2, protocol.IMPORT, {"path": 7}), "'path' of 'import' must be text"),
        (protocol.request(3, protocol.DOWNLOAD, {"names": ["a", 1]}), "must be a list of texts"),
        (protocol.request(4, protocol.DEVICE, {"gpu": "yes"}), "takes no parameter 'gpu'"),
        ({**protocol.request(5, protocol.SEGMENT), "params": [1, 2]}, "must be a JSON object"),
        ({**protocol.request(6, protocol.IMPORT), "params": {"path": "x", "link": "yes"}}, "true or false"),
        (protocol.request(True, protocol.STATUS), "integer id"),
    ]
    lines = bad + [protocol.encode(message).encode() for message, _ in shapes]
    lines.append(protocol.encode(protocol.request(9, protocol.STATUS)).encode())
    process.stdin.write(b"".join(lines))
    process.stdin.flush()
    replies = [json.loads(process.stdout.readline()) for _ in lines]
    process.stdin.close()
    assert process.wait(timeout=60) == 0
    assert "not UTF-8" in replies[0]["message"] and "nested too deeply" in replies[1]["message"]
    for reply, (_, expected) in zip(replies[2:], shapes):
        assert reply["type"] == protocol.ERROR and reply["kind"] == protocol.BAD_REQUEST
        assert expected in reply["message"], reply
    assert replies[-1]["type"] == protocol.RESULT and replies[-1]["id"] == 9


def test_the_schemas_of_segment_and_evaluate_are_their_requests_fields():
    from dataclasses import fields

    from reseg_qgis.engine.evaluation.request import EvaluationRequest
    from reseg_qgis.engine.session import SegmentRequest

    assert set(protocol.SEGMENT_PARAMETERS) == {f.name for f in fields(SegmentRequest)} | {"cache_dir"}
    assert set(protocol.EVALUATE_PARAMETERS) == {f.name for f in fields(EvaluationRequest)}


def _wrong_values(types, items) -> list:
    """JSON values of another type than ``types`` takes (and, for a list, lists of wrong items)."""
    candidates = ["text", 7, 2.5, True, None, [1], {"a": 1}]
    wrong = [v for v in candidates if not protocol._is(v, types)]
    if items is not None:
        wrong += [[{"a": 1}], [None], [[1, 2, 3]]] if items == protocol.PAIRS else [[{"a": 1}], [None, "x"]]
    return wrong


def test_the_worker_answers_random_truncated_and_wrongly_typed_lines_and_stays_alive():
    """A fuzz of the protocol: random bytes, truncated and nested JSON, and every field of every command
    with a value of each wrong type. Each line gets one error naming the problem (a wrong field by its
    name), never a traceback, and the worker still answers a status request afterwards."""
    import random

    rng = random.Random(29)
    lines: list[bytes] = []
    expected: list[str | None] = []  # the field a reply must name, if any
    for _ in range(40):  # random bytes, no newline inside
        length = rng.randint(1, 200)
        lines.append(bytes(rng.choice([b for b in range(256) if b != 10]) for _ in range(length)))
        expected.append(None)
    valid = protocol.encode(protocol.request(1, protocol.SEGMENT, {"input": "a.tif", "output": "b.tif",
                                                                   "classes": "water"}))
    for cut in range(1, len(valid), 7):  # truncated JSON
        lines.append(valid[:cut].encode())
        expected.append(None)
    segment = '{"type":"request","id":2,"command":"segment","params":{"input":"a.tif","output":"b.tif",' \
              '"classes":"water",'
    for line in ('{"type":"foo","id":NaN}', '{"type":"foo","id":"\\ud800"}',  # no JSON number, no Unicode
                 segment + '"threshold":NaN}}', segment + '"extent":[NaN,0,1,1]}}',
                 segment + '"scale":Infinity}}', segment + '"scale":-Infinity}}',
                 '{"type":"request","id":3,"command":"evaluate","params":{"prediction":"p.tif",'
                 '"labels":"l.tif","mapping":"/tmp/\\udc80.csv"}}',
                 '{"type":"request","id":4,"command":"import","params":{"path":"/tmp/\\ud800"}}',
                 '{"type":"request","id":5,"command":"status","params":{"x":1e400}}',
                 '{"type":"x","id":1e400}'):
        lines.append(line.encode())
        expected.append(None)
    for depth in (1_000, 50_000):  # nested, as a list and as an object
        lines.append(b"[" * depth + b"]" * depth)
        lines.append(b'{"a":' * depth + b"1" + b"}" * depth)
        expected += [None, None]
    base = {protocol.SEGMENT: {"input": "a.tif", "output": "b.tif", "classes": "water"},
            protocol.EVALUATE: {"prediction": "p.tif", "labels": "l.tif"},
            protocol.DOWNLOAD: {"names": ["x"]}, protocol.IMPORT: {"path": "x"},
            protocol.ADD_MODEL: {"name": "n", "kind": "clip", "architecture": "ViT-B-16", "file": "f.pt"}}
    number = 100
    for command, schema in protocol.PARAMETERS.items():
        for name, (types, _, items) in schema.items():
            for value in _wrong_values(types, items):
                number += 1
                params = {**base.get(command, {}), name: value}
                lines.append(protocol.encode(protocol.request(number, command, params)).encode())
                expected.append(name)
    lines.append(protocol.encode(protocol.request(9, protocol.STATUS)).encode())
    process = subprocess.Popen(engine_command(sys.executable, "worker"), stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=engine_environment())
    assert json.loads(process.stdout.readline())["type"] == protocol.READY
    process.stdin.write(b"\n".join(lines) + b"\n")
    process.stdin.flush()
    replies = [json.loads(process.stdout.readline()) for _ in lines]
    process.stdin.close()
    assert process.wait(timeout=60) == 0
    assert b"Traceback" not in process.stderr.read()
    for line, reply, field in zip(lines[:-1], replies[:-1], expected):
        assert reply["type"] == protocol.ERROR and reply["kind"] == protocol.BAD_REQUEST, (line[:80], reply)
        if field is not None:
            assert repr(field) in reply["message"], reply
    assert replies[-1]["type"] == protocol.RESULT and replies[-1]["id"] == 9
    assert len(lines) > 250  # every field of every command was tried
