"""Downloads from a loopback server: progress, resume, retries, verification, clear failures."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import socket
import time

import pytest

from reseg_qgis.engine.weights import downloads, messages
from reseg_qgis.engine.weights.downloads import (
    ChecksumMismatch,
    DownloadCancelled,
    DownloadError,
    download,
    wait_before_retry,
)
from tests.helpers.http_server import FileServer

DATA = os.urandom(3 * 1024 * 1024 + 12345)  # several chunks, not a whole number of them
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture(autouse=True)
def pauses(monkeypatch):
    """The pauses before retries, recorded instead of waited."""
    waited = []
    monkeypatch.setattr(downloads, "wait_before_retry", lambda seconds, cancelled: waited.append(seconds))
    return waited


def test_download_reports_progress_and_verifies(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA)
    events = []
    target = tmp_path / "cache" / "model.pt"
    digest = download(url, target, expected_size=len(DATA), expected_sha256=SHA,
                      progress=lambda done, total: events.append((done, total)))
    assert digest == SHA
    assert target.read_bytes() == DATA
    assert not (tmp_path / "cache" / "model.pt.part").exists()
    assert len(events) >= 4
    assert [done for done, _ in events] == sorted(done for done, _ in events)
    assert events[-1] == (len(DATA), len(DATA))


def test_a_cut_transfer_resumes_with_a_range_request(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA, cut_after=1_000_000)
    target = tmp_path / "model.pt"
    with pytest.raises(DownloadError, match="broke off after 1000000 bytes"):
        download(url, target, expected_size=len(DATA), expected_sha256=SHA, retries=0)
    assert (tmp_path / "model.pt.part").stat().st_size == 1_000_000
    assert not target.exists()
    assert download(url, target, expected_size=len(DATA), expected_sha256=SHA) == SHA
    assert target.read_bytes() == DATA
    assert file_server.requests[-1] == ("/model.pt", "bytes=1000000-")


def test_a_cut_transfer_resumes_within_one_call(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA, cut_after=500_000)
    assert download(url, tmp_path / "model.pt", expected_size=len(DATA), expected_sha256=SHA) == SHA
    assert [rng for _, rng in file_server.requests] == [None, "bytes=500000-"]


def test_a_server_without_range_support_restarts_cleanly(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA, cut_after=700_000, honour_range=False)
    assert download(url, tmp_path / "model.pt", expected_size=len(DATA), expected_sha256=SHA) == SHA
    assert (tmp_path / "model.pt").read_bytes() == DATA


def test_checksum_mismatch_leaves_nothing(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA[:-1] + bytes([DATA[-1] ^ 1]))  # the last byte, changed
    with pytest.raises(ChecksumMismatch, match="sha256 is .* the published one is"):
        download(url, tmp_path / "downloads" / "model.pt", expected_size=len(DATA), expected_sha256=SHA)
    assert list(tmp_path.iterdir()) == []  # not even the folder it made


def test_wrong_size_on_the_server_leaves_nothing(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA + b"extra")
    with pytest.raises(ChecksumMismatch, match="published"):
        download(url, tmp_path / "model.pt", expected_size=len(DATA), expected_sha256=SHA)
    assert list(tmp_path.iterdir()) == []


def test_cancel_keeps_the_partial_file_for_a_resume(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA)
    seen = []
    with pytest.raises(DownloadCancelled, match="resume"):
        download(url, tmp_path / "model.pt", expected_size=len(DATA), cancelled=lambda: len(seen) > 0,
                 progress=lambda done, total: seen.append(done))
    assert (tmp_path / "model.pt.part").stat().st_size == seen[-1]
    assert download(url, tmp_path / "model.pt", expected_size=len(DATA), expected_sha256=SHA) == SHA


def test_a_complete_partial_file_of_unknown_size_is_not_fetched_again(file_server, tmp_path):
    url = file_server.add("/model.pt", DATA)
    (tmp_path / "model.pt.part").write_bytes(DATA)  # a run that stopped before verifying
    assert download(url, tmp_path / "model.pt", expected_sha256=SHA) == SHA
    assert file_server.requests == [("/model.pt", f"bytes={len(DATA)}-")]  # answered 416, nothing sent


def test_a_local_write_failure_is_not_blamed_on_the_network(file_server, tmp_path, monkeypatch):
    from reseg_qgis.engine.weights import downloads

    url = file_server.add("/model.pt", DATA)

    class FullDisk(io.BytesIO):
        def write(self, block):
            raise OSError(errno.ENOSPC, "No space left on device")

    def opened(path, mode="r"):
        return FullDisk() if "a" in mode else open(path, mode)

    monkeypatch.setattr(downloads, "open", opened, raising=False)
    with pytest.raises(DownloadError, match="Cannot write .*model.pt.part: No space left.*disk space"):
        download(url, tmp_path / "model.pt", expected_sha256=SHA)
    assert [path for path, _ in file_server.requests] == ["/model.pt"]  # not retried
    monkeypatch.undo()
    (tmp_path / "model.pt.part").mkdir()  # a partial file that cannot be read
    with pytest.raises(DownloadError, match="Cannot write .*model.pt.part"):
        download(url, tmp_path / "model.pt", expected_sha256=SHA)


def test_unreachable_and_missing_files_say_so(file_server, tmp_path, pauses):
    """The facts; each front end adds its own way to import the files instead (test_cli_models)."""
    with pytest.raises(DownloadError, match="Cannot connect to 127.0.0.1:9") as caught:
        download("http://127.0.0.1:9/model.pt", tmp_path / "model.pt", timeout=5)
    assert caught.value.template in messages.UNREACHABLE
    assert pauses == [1.0, 2.0, 4.0]  # tried four times
    with pytest.raises(DownloadError, match="HTTP 404") as caught:
        download(file_server.url("/nothing.pt"), tmp_path / "model.pt")
    assert caught.value.template in messages.UNREACHABLE
    assert not any(tmp_path.iterdir())


def test_proxies_come_from_the_environment(file_server, tmp_path, monkeypatch):
    """With http_proxy set, the request goes to the proxy (here the loopback server) as an absolute URL."""
    remote = "http://weights.example.invalid/model.pt"
    file_server.add(remote, DATA)
    monkeypatch.setenv("http_proxy", file_server.url(""))
    monkeypatch.delenv("no_proxy", raising=False)
    assert download(remote, tmp_path / "model.pt", expected_sha256=SHA) == SHA
    assert file_server.requests[-1][0] == remote


def test_a_refused_connection_is_tried_again_after_a_pause(tmp_path, file_server, pauses, monkeypatch):
    """Nothing listens at first (connection refused); the server is up once the pause is over."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    started = []

    def pause(seconds, cancelled):
        pauses.append(seconds)
        started.append(FileServer(port=port))
        started[0].add("/model.pt", DATA)

    monkeypatch.setattr(downloads, "wait_before_retry", pause)
    url = f"http://127.0.0.1:{port}/model.pt"
    try:
        assert download(url, tmp_path / "model.pt", expected_sha256=SHA) == SHA
    finally:
        for server in started:
            server.close()
    assert pauses == [1.0]


def test_dropped_connections_are_tried_again_with_pauses_that_double(file_server, tmp_path, pauses):
    url = file_server.add("/model.pt", DATA, drop=2)
    assert download(url, tmp_path / "model.pt", expected_size=len(DATA), expected_sha256=SHA) == SHA
    assert pauses == [1.0, 2.0] and len(file_server.requests) == 3


def test_a_transfer_cut_again_and_again_resumes_each_time(file_server, tmp_path, pauses, monkeypatch):
    url = file_server.add("/model.pt", DATA, cut_after=400_000)

    def pause(seconds, cancelled):
        pauses.append(seconds)
        file_server.files["/model.pt"].cut_after = 400_000 if len(pauses) < 3 else None  # twice more

    monkeypatch.setattr(downloads, "wait_before_retry", pause)
    assert download(url, tmp_path / "model.pt", expected_size=len(DATA), expected_sha256=SHA) == SHA
    assert pauses == [1.0, 2.0, 4.0]
    assert [rng for _, rng in file_server.requests] == [None, "bytes=400000-", "bytes=800000-",
                                                        "bytes=1200000-"]


def test_what_no_retry_changes_is_not_tried_again(file_server, tmp_path, pauses):
    with pytest.raises(DownloadError, match="HTTP 404"):
        download(file_server.url("/nothing.pt"), tmp_path / "model.pt")
    url = file_server.add("/model.pt", DATA)
    with pytest.raises(ChecksumMismatch):
        download(url, tmp_path / "model.pt", expected_sha256="0" * 64)
    assert pauses == [] and len(file_server.requests) == 2


def test_a_cancel_ends_the_pause_before_a_retry(file_server, tmp_path, monkeypatch):
    url = file_server.add("/model.pt", DATA, drop=1)
    monkeypatch.setattr(downloads, "wait_before_retry", wait_before_retry)  # waited for real
    started = time.monotonic()
    with pytest.raises(DownloadCancelled):
        download(url, tmp_path / "model.pt", cancelled=lambda: time.monotonic() - started > 0.2)
    assert time.monotonic() - started < 0.9  # well before the pause of 1 s was over
    assert len(file_server.requests) == 1
