"""Verified, resumable HTTP downloads.

The file grows as ``<name>.part`` beside its destination. An interrupted transfer resumes from
there with an HTTP Range request (within a call, and in a later call). A failed connection or a
transfer that broke off is tried again after a pause that doubles each time (1 s, 2 s, 4 s); an
answer no retry changes (HTTP 404, a checksum mismatch, a full disk) is not. Only a file whose size
and sha256 match is renamed into place, atomically; a mismatch deletes the partial file.
Proxies come from the environment (``https_proxy``, ``no_proxy``...), as urllib reads them, unless
the caller gives an opener of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from ...package_files import version
from ..translatable import ResegError
from . import messages

ProgressCallback = Callable[[int, "int | None"], None]
CancelCheck = Callable[[], bool]

CHUNK = 1 << 20
BACKOFF = 1.0  # seconds before the first retry; each next one waits twice as long


class DownloadError(ResegError):
    """A download failed; the message says why and what to do."""


class ChecksumMismatch(DownloadError):
    pass


class DownloadCancelled(DownloadError):
    pass


class NoConnection(DownloadError):
    """The server could not be reached (refused, no name, reset: not a timeout); a later attempt may
    reach it."""


def sha256_of(path: Path, chunk: int = CHUNK) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


class _Transfer:
    def __init__(self, url: str, part: Path, expected_size: int | None, timeout: float,
                 progress: ProgressCallback | None, cancelled: CancelCheck | None,
                 opener: urllib.request.OpenerDirector | None) -> None:
        self.url, self.part, self.expected_size, self.timeout = url, part, expected_size, timeout
        self.progress, self.cancelled, self.opener = progress, cancelled, opener
        self.digest = hashlib.sha256()
        self.received = 0
        try:
            if part.exists() and expected_size is not None and part.stat().st_size > expected_size:
                part.unlink()
            elif part.exists():
                with open(part, "rb") as stream:
                    for block in iter(lambda: stream.read(CHUNK), b""):
                        self.digest.update(block)
                        self.received += len(block)
        except OSError as error:
            raise self._write_failed(error) from error

    def _restart(self) -> None:
        self.digest = hashlib.sha256()
        self.received = 0
        self.part.write_bytes(b"")

    def _open(self):
        headers = {"User-Agent": f"reseg-qgis/{version()}"}
        if self.received:
            headers["Range"] = f"bytes={self.received}-"
        request = urllib.request.Request(self.url, headers=headers)
        try:
            # The caller's opener, or a fresh one, which reads the proxy variables as they are now.
            return (self.opener or urllib.request.build_opener()).open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            if error.code == 416 and self.received and self.received == self._size_in(error):
                return None  # already complete
            if error.code == 416:
                self._restart()
                return self._open()
            if error.code in (401, 403):
                raise DownloadError(messages.REFUSED, url=self.url, code=error.code) from error
            raise DownloadError(messages.HTTP_FAILED, url=self.url, code=error.code,
                                reason=str(error.reason)) from error
        except (urllib.error.URLError, socket.timeout, ConnectionError) as error:
            reason = getattr(error, "reason", error)
            host = urllib.parse.urlsplit(self.url).netloc
            # A timeout has waited long already: it is not tried again.
            kind = DownloadError if isinstance(reason, socket.timeout) else NoConnection
            raise kind(messages.NO_CONNECTION, host=host, reason=str(reason), url=self.url) from error

    def _size_in(self, refusal: urllib.error.HTTPError) -> int | None:
        """The file's size a 416 answer states (``bytes */N``), else the published one."""
        match = re.fullmatch(r"bytes \*/(\d+)", (refusal.headers or {}).get("Content-Range", "") or "")
        return int(match.group(1)) if match else self.expected_size

    def _write_failed(self, error: OSError) -> DownloadError:
        return DownloadError(messages.CANNOT_WRITE, path=str(self.part),
                             reason=str(error.strerror or error))

    def total(self, response) -> int | None:
        if response.status == 206:
            match = re.match(r"bytes (\d+)-\d+/(\d+|\*)", response.headers.get("Content-Range", ""))
            if not match or int(match.group(1)) != self.received:
                raise DownloadError(messages.WRONG_RANGE, url=self.url)
            return int(match.group(2)) if match.group(2) != "*" else self.expected_size
        length = response.headers.get("Content-Length")
        return int(length) if length is not None else self.expected_size

    def run(self) -> None:
        response = self._open()
        if response is None:
            return
        with response:
            if self.received and response.status != 206:
                self._restart()  # the server ignored the Range header: start over
            total = self.total(response)
            if self.expected_size is not None and total is not None and total != self.expected_size:
                raise ChecksumMismatch(messages.SERVER_SIZE, url=self.url, total=total,
                                       expected=self.expected_size)
            try:
                stream = open(self.part, "ab")
            except OSError as error:
                raise self._write_failed(error) from error
            with stream:
                while True:
                    if self.cancelled and self.cancelled():
                        raise DownloadCancelled(messages.DOWNLOAD_CANCELLED)
                    block = response.read(CHUNK)
                    if not block:
                        break
                    try:
                        stream.write(block)
                    except OSError as error:
                        raise self._write_failed(error) from error
                    self.digest.update(block)
                    self.received += len(block)
                    if self.progress:
                        self.progress(self.received, total)
            if total is not None and self.received < total:
                raise http.client.IncompleteRead(b"", total - self.received)


def wait_before_retry(seconds: float, cancelled: CancelCheck | None) -> None:
    """Wait ``seconds``; a cancel ends the wait with :class:`DownloadCancelled`."""
    deadline = time.monotonic() + seconds
    while True:
        if cancelled and cancelled():
            raise DownloadCancelled(messages.DOWNLOAD_CANCELLED)
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.1))


def download(url: str, destination: Path, *, expected_size: int | None = None,
             expected_sha256: str | None = None, progress: ProgressCallback | None = None,
             cancelled: CancelCheck | None = None, timeout: float = 60.0, retries: int = 3,
             opener: urllib.request.OpenerDirector | None = None) -> str:
    """Download ``url`` to ``destination``, verified; returns the file's sha256. A failed connection or
    a broken transfer is tried ``retries`` more times, resuming, after pauses of BACKOFF seconds, doubling.

    Raises :class:`ChecksumMismatch` (nothing is kept), :class:`DownloadCancelled` (the partial
    file stays, to resume) or :class:`DownloadError`.
    """
    destination = Path(destination)
    made_folder = not destination.parent.exists()
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DownloadError(messages.CANNOT_WRITE, path=str(destination.parent),
                            reason=error.strerror or str(error)) from error
    part = destination.with_name(destination.name + ".part")
    try:
        transfer = _Transfer(url, part, expected_size, timeout, progress, cancelled, opener)
        for attempt in range(retries + 1):
            try:
                transfer.run()
                break
            except NoConnection:
                if attempt == retries:
                    raise
            except (http.client.IncompleteRead, OSError) as error:
                if attempt == retries:
                    raise DownloadError(messages.BROKE_OFF, url=url, received=transfer.received,
                                        cause=str(error)) from error
            wait_before_retry(BACKOFF * 2 ** attempt, cancelled)
        digest = transfer.digest.hexdigest()
        if expected_size is not None and transfer.received != expected_size:
            raise ChecksumMismatch(messages.ARRIVED_SIZE, url=url, received=transfer.received,
                                   expected=expected_size)
        if expected_sha256 and digest != expected_sha256.lower():
            raise ChecksumMismatch(messages.ARRIVED_SHA256, url=url, digest=digest,
                                   expected=expected_sha256)
    except ChecksumMismatch as mismatch:
        part.unlink(missing_ok=True)
        if made_folder:
            with contextlib.suppress(OSError):
                destination.parent.rmdir()  # only when empty
        raise mismatch.with_traceback(None) from None
    os.replace(part, destination)
    return digest
