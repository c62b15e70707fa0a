"""A loopback HTTP server for download tests: serves bytes, honours Range, can cut a transfer."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class ServedFile:
    data: bytes
    cut_after: int | None = None  # send only this many bytes of the next full response, then hang up
    honour_range: bool = True
    pace: float = 0.0  # seconds between pieces of 1 MiB, for a transfer slow enough to cancel
    drop: int = 0  # hang up on this many requests without an answer


@dataclass
class FileServer:
    files: dict[str, ServedFile] = field(default_factory=dict)
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, Range header)
    port: int = 0  # any free one

    def __post_init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_HEAD(self) -> None:  # GDAL's /vsicurl/ asks for the size first
                served = server.files.get(self.path)
                if served is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(served.data)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()

            def do_GET(self) -> None:
                rng = self.headers.get("Range")
                server.requests.append((self.path, rng))
                served = server.files.get(self.path)
                if served is None:
                    self.send_error(404)
                    return
                if served.drop:
                    served.drop -= 1
                    self.close_connection = True
                    return
                data, start, stop = served.data, 0, len(served.data)
                match = re.fullmatch(r"bytes=(\d+)-(\d*)", rng or "")
                if match and served.honour_range:
                    start = int(match.group(1))
                    stop = min(len(data), int(match.group(2)) + 1) if match.group(2) else len(data)
                    if start >= len(data):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(data)}")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{stop - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:stop]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if served.cut_after is not None:
                    body, served.cut_after = body[:served.cut_after], None
                    self.wfile.write(body)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                piece = 1 << 20 if served.pace else max(1, len(body))
                for offset in range(0, len(body), piece):
                    self.wfile.write(body[offset:offset + piece])
                    if served.pace:
                        self.wfile.flush()
                        time.sleep(served.pace)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def add(self, path: str, data: bytes, **options) -> str:
        self.files[path] = ServedFile(data, **options)
        return self.url(path)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    # In a process of its own (GDAL holds the GIL while /vsicurl/ reads, so a server thread in the
    # reading process never answers): serves the files given, prints their URLs, runs until killed.
    import sys
    from pathlib import Path

    served = FileServer()
    for name in sys.argv[1:]:
        print(served.add(f"/{Path(name).name}", Path(name).read_bytes()), flush=True)
    threading.Event().wait()
