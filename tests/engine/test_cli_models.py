"""``python -m reseg_qgis.engine models ...`` against a loopback server and a tiny registry."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys

import pytest

from reseg_qgis.engine import cli
from reseg_qgis.engine.translatable import ResegError
from reseg_qgis.engine.weights.store import ModelStore
from tests.conftest import REPO_ROOT
from tests.helpers.marked_texts import marked_texts


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_says_what_each_preset_needs(tmp_path, capsys):
    code, out, _ = run(capsys, "models", "--cache-dir", str(tmp_path), "list")
    assert code == 0
    assert f"Model cache: {tmp_path}" in out
    assert "preset fast      missing: openai-vit-b-16" in out
    assert "sam-vit-h" in out and "2,565 MB" in out


def test_download_import_and_compose(tiny_registry, tmp_path, capsys):
    cache = str(tmp_path / "cache")
    code, out, err = run(capsys, "models", "--cache-dir", cache, "download", "clip-a")
    assert code == 0 and "clip-a: verified and installed" in out and "100%" in err
    carried = tmp_path / "usb"
    shutil.copytree(tiny_registry["folder"], carried)
    (carried / "sam_tiny_0123ab.pth").write_bytes(b"broken")
    code, out, _ = run(capsys, "models", "--cache-dir", cache, "import", str(carried))
    assert code == 1
    assert "Tiny-B.pt: imported as clip-b" in out and "Tiny-A.pt: already installed" in out
    assert "sam_tiny_0123ab.pth: mismatch as sam" in out
    assert "is added as your own: python -m reseg_qgis.engine models add NAME --kind" in out
    code, out, _ = run(capsys, "models", "--cache-dir", cache, "compose", "clip-a,clip-b", "--weights", "3,1")
    assert code == 0 and "clip-a                 weight 0.7500" in out and "written: " in out
    code, out, _ = run(capsys, "models", "--cache-dir", cache, "compose", "clip-a,clip-b", "--weights", "3,1")
    assert "cached: " in out


def test_compose_probes_with_the_users_classes(tiny_registry, tmp_path, capsys):
    cache = ["models", "--cache-dir", str(tmp_path / "cache")]
    assert run(capsys, *cache, "download", "clip-a")[0] == 0
    assert run(capsys, *cache, "download", "clip-b")[0] == 0
    written = set()
    for extra in ([], ["--vocabulary", "harbour; vineyard, orchard; solar panel"], ["--temperature", "1"]):
        code, out, err = run(capsys, *cache, "compose", "clip-a,clip-b", *extra)
        assert code == 0, err
        assert "written: " in out  # each probe is a recipe of its own
        written.add(out.split("written: ")[1].strip())
    assert len(written) == 3


def test_errors_exit_with_a_message(tmp_path, capsys):
    code, _, err = run(capsys, "models", "--cache-dir", str(tmp_path), "import", str(tmp_path / "nothing"))
    assert code == 2 and "does not exist" in err


def test_the_module_entry_point_runs(tmp_path):
    """``python -m reseg_qgis.engine`` as users type it (on Linux it restarts itself once)."""
    result = subprocess.run([sys.executable, "-m", "reseg_qgis.engine", "models", "--cache-dir",
                             str(tmp_path), "list"], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"Model cache: {tmp_path}" in result.stdout


def test_a_failed_download_names_every_missing_file_and_the_import_command(tiny_registry, tmp_path, capsys,
                                                                            monkeypatch):
    """The first model's server is unreachable: the error names the files of both models still missing,
    and the command that imports them from a folder."""
    from dataclasses import replace

    from reseg_qgis.engine.weights import downloads, registry

    unreachable = replace(registry.MODELS["clip-a"], url="http://127.0.0.1:9/Tiny-A.pt")
    monkeypatch.setitem(registry.MODELS, "clip-a", unreachable)
    monkeypatch.setattr(downloads, "wait_before_retry", lambda seconds, cancelled: None)
    code, out, err = run(capsys, "models", "--cache-dir", str(tmp_path), "download", "clip-a", "sam")
    assert code == 2 and "installed" not in out
    assert "Cannot connect to 127.0.0.1:9" in err
    assert f"Files to fetch: clip-a: {unreachable.url}; sam: {registry.MODELS['sam'].url}." in err
    assert err.rstrip().endswith("then import them: python -m reseg_qgis.engine models import FOLDER.")


# Bad input to ``models import``: each says what it found, and exits non-zero.

needs_unix = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="pipes, sockets and /dev/null are Unix's")


@contextlib.contextmanager
def never_blocks(seconds: float = 20.0):
    """Fail, instead of hanging, where the code opens a pipe for reading (the alarm breaks the wait)."""
    if not hasattr(signal, "setitimer"):  # Windows: it has no named pipes in the file system either
        yield
        return

    def alarm(*_):
        raise TimeoutError("blocked: a pipe was opened for reading")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def special_file(kind: str, folder):
    """A path that exists but is no regular file: a named pipe, a Unix socket, or /dev/null."""
    if kind == "device":
        yield "/dev/null"
        return
    path = folder / kind[:4]  # short: a socket's path has a length limit
    if kind == "pipe":
        os.mkfifo(path)
        yield str(path)
        return
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        yield str(path)


@needs_unix
@pytest.mark.parametrize("kind", ["pipe", "socket", "device"])
def test_importing_what_is_no_file_nor_folder_fails_saying_so(tmp_path, capsys, kind):
    with special_file(kind, tmp_path) as path, never_blocks():
        code, out, err = run(capsys, "models", "--cache-dir", str(tmp_path / "cache"), "import", path)
    assert code == 2 and out == ""
    assert f"{path} is neither a regular file nor a folder" in err and "give a model file" in err


@pytest.mark.parametrize("contents", ["nothing", "empty folders", "a pipe"])
def test_importing_a_folder_without_files_fails_saying_so(tmp_path, capsys, contents):
    folder = tmp_path / "usb"
    (folder / "a" / "b").mkdir(parents=True)
    if contents == "a pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("pipes are Unix's")
        os.mkfifo(folder / "a" / "Tiny-A.pt")  # named as a published file: still never opened
    elif contents == "nothing":
        shutil.rmtree(folder / "a")
    with never_blocks():
        code, out, err = run(capsys, "models", "--cache-dir", str(tmp_path / "cache"), "import", str(folder))
    assert code == 2 and out == ""
    assert f"There are no files in {folder}; give the folder that holds the model files" in err


@pytest.mark.parametrize("names", [["README.txt"], ["notes.md", "my-finetune.pt"], ["sub/other.pth"]])
def test_an_import_of_only_unknown_files_fails_saying_nothing_was_imported(tmp_path, capsys, names):
    folder = tmp_path / "usb"
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("not a model")
    for given in (folder, folder / names[-1]):  # the folder, or one of its files
        code, out, err = run(capsys, "models", "--cache-dir", str(tmp_path / "cache"), "import", str(given))
        assert code == 1
        assert f"{folder / names[-1]}: unknown (not a published model file name)" in out
        assert f"Nothing was imported: no file of {given} has a published model's file name" in err
        assert "models add" in err


@needs_unix
def test_a_pipe_beside_published_files_is_passed_by(tiny_registry, tmp_path, capsys):
    carried = tmp_path / "usb"
    carried.mkdir()
    shutil.copy(tiny_registry["files"]["clip-a"], carried)
    os.mkfifo(carried / "Tiny-B.pt.part")
    with never_blocks():
        code, out, err = run(capsys, "models", "--cache-dir", str(tmp_path / "cache"), "import", str(carried))
    assert code == 0, out + err
    assert out == f"{carried / 'Tiny-A.pt'}: imported as clip-a\n"
    store = ModelStore(tmp_path / "cache")
    with never_blocks():
        (result,) = store.import_path(carried / "Tiny-A.pt")
        failed = store.import_file(carried / "Tiny-B.pt.part")
    assert result.status == "already installed"
    assert failed.status == "failed" and "is neither a regular file nor a folder" in failed.detail


@pytest.mark.parametrize("given", [None, 5, ["usb"], "", "  "])
def test_import_path_refuses_what_is_no_path(tmp_path, given):
    with pytest.raises(ResegError, match="Give the file or folder to import") as raised:
        ModelStore(tmp_path / "cache").import_path(given)
    assert raised.value.template in marked_texts()
    assert f"{given!r} was given" in str(raised.value)
