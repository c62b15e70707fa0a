"""``python -m reseg_qgis.engine models ...`` against a loopback server and a tiny registry."""

from __future__ import annotations

import shutil
import subprocess
import sys

from reseg_qgis.engine import cli
from tests.conftest import REPO_ROOT


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

    from reseg_qgis.engine.weights import registry

    unreachable = replace(registry.MODELS["clip-a"], url="http://127.0.0.1:9/Tiny-A.pt")
    monkeypatch.setitem(registry.MODELS, "clip-a", unreachable)
    code, out, err = run(capsys, "models", "--cache-dir", str(tmp_path), "download", "clip-a", "sam")
    assert code == 2 and "installed" not in out
    assert "Cannot connect to 127.0.0.1:9" in err
    assert f"Files to fetch: clip-a: {unreachable.url}; sam: {registry.MODELS['sam'].url}." in err
    assert err.rstrip().endswith("then import them: python -m reseg_qgis.engine models import FOLDER.")
