"""A user's mistake is a ResegError, said with what to do; anything else is a fault of ours and surfaces
as an internal error with its traceback, on the command line and through the worker."""

from __future__ import annotations

import io
import json
import pickle
import socket
import urllib.error

import pytest

from reseg_qgis.engine import cli
from reseg_qgis.engine.limits import SettingError, check_settings
from reseg_qgis.engine.translatable import ResegError, followed
from reseg_qgis.engine.weights import downloads, messages
from reseg_qgis.engine.weights.downloads import DownloadError, download
from reseg_qgis.engine.weights.registry import MODELS, read_custom_models, write_custom_models
from reseg_qgis.engine.weights.store import MissingWeights
from reseg_qgis.engine.worker import protocol, server
from tests.helpers.rasters import LANDSAT_RGB


def test_an_error_keeps_its_template_values_and_kind_through_pickling(tmp_path):
    missing = MissingWeights([MODELS["openai-vit-b-16"]], tmp_path)
    copy = pickle.loads(pickle.dumps(missing))  # as a cluster worker's error reaches the client
    assert type(copy) is MissingWeights and str(copy) == str(missing)
    assert (copy.template, copy.values, copy.specs) == (missing.template, missing.values, missing.specs)
    first = DownloadError(messages.NO_CONNECTION, host="127.0.0.1:9", reason="refused")
    named = followed(first, messages.FILES_TO_FETCH, files="clip: http://x/c.pt")
    assert type(named) is DownloadError and named.template == messages.NO_CONNECTION
    assert str(named) == "Cannot connect to 127.0.0.1:9: refused. Files to fetch: clip: http://x/c.pt."
    then = {"template": messages.FILES_TO_FETCH, "values": {"files": "clip: http://x/c.pt"}}
    assert named.values["then"] == [then]


def test_no_user_error_is_a_builtin_one():
    with pytest.raises(SettingError) as caught:
        check_settings(sieve=-5)
    assert not isinstance(caught.value, (ValueError, RuntimeError, OSError))  # never caught as a bug's


def fail_with(error: Exception):
    def run(args):
        raise error
    return run


def test_the_command_line_says_a_user_error_and_shows_a_fault_of_ours_with_its_traceback(monkeypatch,
                                                                                         capsys):
    refusal = SettingError("The batch size must be {high} or less.", high=8)
    monkeypatch.setattr(cli, "_check", fail_with(refusal))
    assert cli.main(["check"]) == 2
    said = capsys.readouterr().err
    assert said == "error: The batch size must be 8 or less.\n"
    monkeypatch.setattr(cli, "_check", fail_with(ValueError("an index out of step")))
    assert cli.main(["check"]) == 1
    said = capsys.readouterr().err
    assert "Traceback (most recent call last)" in said and "ValueError: an index out of step" in said
    assert said.rstrip().endswith("internal error: this is a fault of ReSeg, not of what you gave; please "
                                  "report it with the traceback above.")


def answer(monkeypatch, error: Exception) -> dict:
    monkeypatch.setitem(server.HANDLERS, protocol.STATUS, fail_with_handler(error))
    outgoing = io.StringIO()
    worker = server.WorkerServer([], outgoing)
    worker._run(7, protocol.STATUS, {}, server.RequestEvents(worker, 7))
    return json.loads(outgoing.getvalue())


def fail_with_handler(error: Exception):
    def handle(worker, params, events):
        raise error
    return handle


def test_the_worker_answers_a_user_error_with_its_template_and_a_fault_of_ours_as_internal(monkeypatch,
                                                                                           capsys):
    refused = answer(monkeypatch, SettingError("The batch size must be {high} or less.", high=8))
    assert (refused["kind"], refused["template"], refused["values"]) == (
        protocol.FAILED, "The batch size must be {high} or less.", {"high": 8})
    fault = answer(monkeypatch, KeyError("band"))
    assert (fault["kind"], fault["message"]) == (protocol.INTERNAL, "KeyError: 'band'")
    assert "Traceback (most recent call last)" in capsys.readouterr().err  # the worker's log, in QGIS's
    assert isinstance(SettingError("x"), ResegError)


def test_a_model_cache_that_cannot_be_used_says_which_file(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ResegError) as caught:
        read_custom_models(blocker)
    assert caught.value.template == messages.FILE_UNREADABLE and str(blocker) in str(caught.value)
    with pytest.raises(ResegError) as caught:
        write_custom_models(blocker, {})
    assert caught.value.template == messages.CANNOT_WRITE
    with pytest.raises(DownloadError) as caught:
        download("http://127.0.0.1:9/w.pt", blocker / "cache" / "w.pt")
    assert caught.value.template == messages.CANNOT_WRITE


def test_a_timeout_is_not_tried_again(tmp_path, monkeypatch):
    tries = []

    class Silent:
        def open(self, request, timeout):
            tries.append(request.full_url)
            raise urllib.error.URLError(socket.timeout("timed out"))

    monkeypatch.setattr(downloads, "wait_before_retry", lambda *_: pytest.fail("a timeout waited to retry"))
    with pytest.raises(DownloadError, match="timed out") as caught:
        download("http://192.0.2.1/w.pt", tmp_path / "w.pt", opener=Silent())
    assert len(tries) == 1 and not isinstance(caught.value, downloads.NoConnection)


@pytest.mark.parametrize(("argv", "words"), [
    (["evaluate", "{tmp}/missing.tif", "{tmp}/labels.tif"], "Cannot open the classified raster"),
    (["segment", "a.tif", "b.tif", "-c", "water", "--output-folder", "{tmp}/a-file"],
     "Cannot make the output folder"),
    (["bundle", "--platform", "macos-arm64", "--torch", "cu126", "--no-models", "--plan"], "CUDA"),
])
def test_mistakes_on_the_command_line_are_said_not_reported_as_faults(tmp_path, capsys, argv, words):
    (tmp_path / "a-file").write_text("")
    (tmp_path / "labels.tif").write_bytes(LANDSAT_RGB.read_bytes())
    assert cli.main([part.format(tmp=tmp_path) for part in argv]) == 2
    said = capsys.readouterr().err
    assert said.startswith("error: ") and words in said and "Traceback" not in said


def test_the_worker_keeps_an_internal_error_internal_when_its_words_cannot_be_sent():
    outgoing = io.StringIO()
    server.WorkerServer([], outgoing).send(protocol.error(3, protocol.INTERNAL, "KeyError: 'b\udc80'"))
    assert json.loads(outgoing.getvalue())["kind"] == protocol.INTERNAL


def test_progress_goes_as_lines_where_stderr_is_a_log():
    assert isinstance(cli.progress_bar("segmenting"), cli.ProgressLines)  # pytest's stderr is no terminal
