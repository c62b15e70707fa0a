"""The model cache: where it is, downloads into it, offline import, what is installed."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace

import pytest

from reseg_qgis.engine.translatable import ResegError
from reseg_qgis.engine.weights import store as store_module
from reseg_qgis.engine.weights.checkpoints import CheckpointError
from reseg_qgis.engine.weights.downloads import ChecksumMismatch
from reseg_qgis.engine.weights.registry import COMPOSED, MODELS
from reseg_qgis.engine.weights.store import CACHE_ENV, MissingWeights, ModelStore, cache_dir
from reseg_qgis.package_files import PACKAGE_DIR


def test_cache_folder_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(store_module.sys, "platform", "linux")
    assert cache_dir() == tmp_path / "xdg" / "reseg_qgis"
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "from-env"))
    assert cache_dir() == tmp_path / "from-env"
    assert cache_dir(tmp_path / "chosen") == tmp_path / "chosen"


def test_platform_cache_folders(monkeypatch, tmp_path):
    monkeypatch.setattr(store_module.Path, "home", lambda: tmp_path)
    monkeypatch.setattr(store_module.sys, "platform", "darwin")
    assert store_module.platform_cache_dir() == tmp_path / "Library" / "Caches" / "reseg_qgis"
    monkeypatch.setattr(store_module.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "Local"))
    assert store_module.platform_cache_dir() == tmp_path / "Local" / "reseg_qgis" / "cache"


def test_the_plugin_folder_is_refused():
    with pytest.raises(ResegError, match="inside the plugin folder"):
        cache_dir(PACKAGE_DIR / "models")


def test_download_installs_and_records(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    assert not store.is_installed("clip-a")
    events = []
    path = store.download("clip-a", progress=lambda done, total: events.append(done))
    assert path == tmp_path / "cache" / "clip-a.pt"
    assert path.read_bytes() == published["files"]["clip-a"].read_bytes()
    assert store.is_installed("clip-a") and events[-1] == path.stat().st_size
    entry = store.manifest()["clip-a"]
    assert entry["sha256"] == published["registry"]["clip-a"].sha256 and entry["pinned"] is False
    statuses = {status.spec.name: status for status in store.status()}
    assert statuses["clip-a"].installed and not statuses["sam"].installed


def test_unpublished_checksums_are_pinned_by_the_first_download(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    path = store.download("clip-b")
    entry = store.manifest()["clip-b"]
    assert entry["pinned"] is True and entry["download_sha256"] == entry["sha256"]
    # The file on the server changes: a fresh download no longer matches the pinned sha256.
    path.unlink()
    published["server"].add("/Tiny-B.pt", published["files"]["clip-a"].read_bytes())
    with pytest.raises(ChecksumMismatch, match="Nothing was kept"):
        store.download("clip-b")
    assert not path.exists() and not list((tmp_path / "cache").glob("*.part"))


def test_a_zipped_checkpoint_is_unpacked(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    path = store.download("clip-c")
    assert path.name == "clip-c.pt"
    assert path.read_bytes() == published["files"]["clip-c"].read_bytes()
    assert not list((tmp_path / "cache" / "downloads").iterdir())


def test_offline_import_of_a_folder(published, tmp_path):
    carried = tmp_path / "usb"
    shutil.copytree(published["folder"], carried)
    (carried / "notes.txt").write_text("not a model")
    (carried / "sam_tiny_0123ab.pth").write_bytes(b"corrupted")
    store = ModelStore(tmp_path / "cache", published["registry"])
    results = {result.source.name: result for result in store.import_path(carried)}
    assert results["Tiny-A.pt"].status == "imported"
    assert results["Tiny-B.pt"].status == "imported"
    assert results["Tiny_C_top30pct.zip"].status == "imported"
    assert results["notes.txt"].status == "unknown"
    assert results["sam_tiny_0123ab.pth"].status == "mismatch"
    assert "published" in results["sam_tiny_0123ab.pth"].detail
    assert results["epoch_20.pt"].status == "mismatch" and "import the zip" in results["epoch_20.pt"].detail
    assert store.is_installed("clip-a") and store.is_installed("clip-c") and not store.is_installed("sam")
    assert store.manifest()["clip-a"]["source"] == f"import:{carried / 'Tiny-A.pt'}"
    assert store.import_path(carried / "Tiny-A.pt")[0].status == "already installed"
    assert (carried / "Tiny-A.pt").exists()  # the source is left alone


def test_import_can_hard_link(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    (result,) = store.import_path(published["files"]["sam"], link=True)
    assert result.status == "imported"
    assert os.stat(store.path("sam")).st_ino == os.stat(published["files"]["sam"]).st_ino


def test_missing_weights_say_how_to_get_them(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    with pytest.raises(MissingWeights) as caught:
        store.ensure("sam", allow_download=False)
    message = str(caught.value)
    assert "Tiny sam (sam," in message and "Allow downloads" in message and "models import" in message
    assert store.ensure("sam", allow_download=True).is_file()


def test_uninstall_deletes_a_published_models_file_and_its_record(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    path = store.download("clip-b")  # its sha256 is pinned by this download
    store.download("sam")
    store.uninstall("clip-b")
    assert not path.exists() and "clip-b" not in store.manifest() and not store.is_installed("clip-b")
    assert store.is_installed("sam") and store.verified_path("sam").is_file()
    store.uninstall("clip-b")  # nothing left to delete: no error
    # Downloaded again, it is checked and pinned afresh.
    assert store.download("clip-b") == path and store.manifest()["clip-b"]["pinned"] is True
    assert path.read_bytes() == published["files"]["clip-b"].read_bytes()


def test_uninstall_refuses_a_model_you_added(published, tmp_path):
    store = ModelStore(tmp_path / "cache", published["registry"])
    store.add_custom("mine", "clip", "tiny-vit", published["files"]["clip-a"])
    with pytest.raises(ResegError, match="a model you added; remove it instead"):
        store.uninstall("mine")
    assert store.is_installed("mine")
    with pytest.raises(ResegError, match="Unknown model 'nothing'"):
        store.uninstall("nothing")


def test_damaged_manifest_is_reported(tmp_path):
    store = ModelStore(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json")
    with pytest.raises(ResegError, match="damaged"):
        store.manifest()
    (tmp_path / "manifest.json").write_text(json.dumps({}))
    assert store.manifest() == {}


def test_registry_is_complete():
    for spec in MODELS.values():
        assert spec.url.startswith("https://") and spec.licence and spec.format
        assert spec.size is not None or spec.sha256 is None, "a published sha256 comes with a size"
        assert spec.kind in ("clip", "sam")
    for spec in COMPOSED.values():
        families = {MODELS[member].merge_family for member in spec.members}
        assert len(families) == 1, spec.name
    assert {"openai-vit-b-16", "openai-vit-l-14", "remoteclip-vit-b-32", "remoteclip-vit-l-14",
            "georsclip-vit-b-32", "georsclip-vit-l-14", "skyclip-vit-l-14", "farslip-vit-b-16",
            "sam-vit-b", "sam-vit-l", "sam-vit-h"} <= set(MODELS)


def test_files_that_share_a_published_name_go_to_the_model_they_match(published, tmp_path):
    """OpenAI's ViT-B/16 and ViT-L/14 are both published as open_clip_model.safetensors."""
    registry = dict(published["registry"])
    shared = "http://127.0.0.1/open_clip_model.safetensors"
    for name in ("clip-a", "sam"):
        registry[name] = replace(registry[name], url=shared)
    carried = tmp_path / "usb" / "b"
    carried.mkdir(parents=True)
    target = carried / "open_clip_model.safetensors"
    shutil.copyfile(published["files"]["sam"], target)  # the second of the two
    store = ModelStore(tmp_path / "cache", registry)
    (result,) = store.import_path(target)
    assert (result.status, result.model) == ("imported", "sam")
    (tmp_path / "usb" / "c").mkdir()
    wrong = tmp_path / "usb" / "c" / "open_clip_model.safetensors"
    wrong.write_bytes(b"neither")
    (result,) = store.import_path(wrong)
    assert result.status == "mismatch" and "clip-a" in result.detail and "sam" in result.detail


def test_an_unpinned_first_download_must_be_a_loadable_checkpoint(published, tmp_path):
    published["server"].add("/Tiny-B.pt", b"<html>proxy login page</html>")
    store = ModelStore(tmp_path / "cache", published["registry"])
    with pytest.raises(CheckpointError, match="not a readable torch checkpoint"):
        store.download("clip-b")
    assert not store.is_installed("clip-b") and "clip-b" not in store.manifest()
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]



def test_a_cache_exports_its_models_to_another_verified(tmp_path, published):
    """What an offline bundle carries: files exported from one cache, taken whole by another."""
    import hashlib

    from reseg_qgis.engine.weights.store import EXPORTED
    from tests.helpers.tiny_cache import TINY_CLIP, make_tiny_cache

    registry = {**MODELS, **published["registry"]}
    here = ModelStore(make_tiny_cache(tmp_path / "here"))
    here.registry = {**registry, **here.registry}
    for name in ("clip-a", "clip-c"):  # one with a published sha256, one published in a zip
        here.download(name)
    folder = tmp_path / "carried"
    folder.mkdir()
    entries = [here.exported(name) for name in ("clip-a", "clip-c", TINY_CLIP)]
    for entry in entries:
        shutil.copyfile(here.root / entry["file"], folder / entry["file"])
    (folder / EXPORTED).write_text(json.dumps({"models": entries}))
    results = ModelStore(tmp_path / "there", registry=registry).import_path(folder)
    assert [(r.model, r.status) for r in results] == [("clip-a", "imported"), ("clip-c", "imported"),
                                                      (TINY_CLIP, "added as your own")]
    there = ModelStore(tmp_path / "there")
    there.registry = {**registry, **there.registry}
    for name in ("clip-a", "clip-c", TINY_CLIP):
        assert there.verified_path(name).read_bytes() == here.verified_path(name).read_bytes()
    assert there.manifest()["clip-c"]["download_sha256"] == here.manifest()["clip-c"]["download_sha256"]

    (folder / entries[0]["file"]).write_bytes(b"changed")  # not the file that was exported
    other = ModelStore(tmp_path / "other", registry=registry)
    assert [(r.model, r.status) for r in other.import_path(folder)][0] == ("clip-a", "mismatch")
    forged = [{**entries[0], "sha256": hashlib.sha256(b"changed").hexdigest()}]  # the list changed too
    (folder / EXPORTED).write_text(json.dumps({"models": forged}))
    assert [(r.model, r.status, r.detail) for r in other.import_path(folder)] == [
        ("clip-a", "mismatch", "not the published file of clip-a")]
    assert not other.is_installed("clip-a")
