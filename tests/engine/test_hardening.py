"""The defects an adversarial sweep found, each as the class of input it stands for (issue 15)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rasterio

from reseg_qgis.engine import cli, limits, run_files
from reseg_qgis.engine.class_prompts import ClassListError, parse_class_list
from reseg_qgis.engine.raster import messages, output
from reseg_qgis.engine.raster.output import OutputError
from reseg_qgis.engine.raster.pipeline import segment_raster
from reseg_qgis.engine.raster.source import RasterInputError
from reseg_qgis.engine.run_files import LOCK, NAME, RunLock, remove_stale
from reseg_qgis.engine.translatable import ResegError
from reseg_qgis.engine.weights import store as store_module
from reseg_qgis.engine.weights.downloads import ChecksumMismatch
from reseg_qgis.engine.weights.store import ModelStore
from reseg_qgis.runtime.worker_client import engine_command, engine_environment
from tests.conftest import REPO_ROOT
from tests.helpers.fake_segmenter import PixelFunctionSegmenter, position_image
from tests.helpers.rasters import LANDSAT_RGB, make_raster, write_geotiff
from tests.helpers.tiny_cache import TINY_CLIP, TINY_SAM, make_tiny_cache


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return make_tiny_cache(tmp_path_factory.mktemp("cache"))


# 1. An output path that is a folder, or whose sidecar names are folders.

@pytest.mark.parametrize("clash", ["classes.tif", "classes.qml", "classes.tif.aux.xml", "classes.tif.ovr"])
def test_a_folder_in_the_way_is_refused_and_left_alone(tmp_path, clash):
    source = write_geotiff(tmp_path / "in.tif", position_image(40, 40))
    folder = tmp_path / clash
    folder.mkdir()
    (folder / "precious.txt").write_text("mine")
    with pytest.raises(OutputError, match=f"{clash} is a folder, which ReSeg will not replace"):
        segment_raster(str(source), str(tmp_path / "classes.tif"), PixelFunctionSegmenter(), "a; b")
    assert (folder / "precious.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in.tif", clash])


# 2. Cached weights changed in place are verified again.

def test_cached_weights_changed_in_place_are_refused(tmp_path, monkeypatch):
    cache = make_tiny_cache(tmp_path / "cache")
    store = ModelStore(cache)
    path = store.path(TINY_CLIP)
    assert store.ensure(TINY_CLIP, allow_download=False) == path  # verified in this process
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the same size, another content
    stamp = path.stat()
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # even the same modification time
    monkeypatch.setattr(store_module, "_verified", {})  # a new process has verified nothing
    with pytest.raises(ChecksumMismatch, match=f"{TINY_CLIP}.*have changed since they were verified.*add it "
                                               "again"):
        store.ensure(TINY_CLIP, allow_download=False)
    path.write_bytes(bytes(data[:-1]) + b"\0")  # changed again, now with a new modification time
    with pytest.raises(ChecksumMismatch):
        store.ensure(TINY_CLIP, allow_download=False)


def test_a_changed_file_is_refused_within_a_process_too(tmp_path):
    cache = make_tiny_cache(tmp_path / "cache")
    store = ModelStore(cache)
    path = store.ensure(TINY_SAM, allow_download=False)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    stamp = path.stat()
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 10**9))  # a new modification time
    with pytest.raises(ChecksumMismatch, match="recorded"):
        store.ensure(TINY_SAM, allow_download=False)


# 3. The output grid is bounded, in one place.

def test_a_resolution_far_finer_than_the_raster_is_refused(capsys, cache, tmp_path):
    code, _, err = run(capsys, "segment", LANDSAT_RGB, "-c", "water; land", "-o", tmp_path / "o.tif",
                       "--clip", TINY_CLIP, "--no-sam", "--resolution", "0.001", "--cache-dir", cache)
    assert code == 2 and "an output of 237,330,000 x 215,430,000 pixels" in err
    assert "at most 16 times is allowed" in err and "Models:" not in err  # refused before a model loads
    assert list(tmp_path.iterdir()) == []


def test_an_output_beyond_the_bound_is_refused_before_anything_is_written(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_OUTPUT_PIXELS", 10_000)
    source = write_geotiff(tmp_path / "in.tif", position_image(200, 100))
    bound = r"100 x 200 pixels .* at most 1e-05 gigapixels.*smaller extent"
    with pytest.raises(RasterInputError, match=bound):
        segment_raster(str(source), str(tmp_path / "o.tif"), PixelFunctionSegmenter(), "a; b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.tif"]


# 4. Signals, and what dead runs leave behind.

def start_cli(cache: Path, output: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "reseg_qgis.engine", "segment", str(LANDSAT_RGB), "-c", "water; land",
               "-o", str(output), "--clip", TINY_CLIP, "--sam", TINY_SAM, "--preset", "quality",
               "--window", "64", "--cache-dir", str(cache), "--confidence", str(output.with_name("conf.tif")),
               *extra]
    return subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for_temporaries(folder: Path, process: subprocess.Popen) -> None:
    """Until the run holds its lock in ``folder`` and has begun writing."""
    deadline = time.monotonic() + 120
    while not any(LOCK.fullmatch(name) for name in hidden(folder)):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)


def start_worker_run(cache: Path, folder: Path) -> subprocess.Popen:
    """A worker running a long segmentation into ``folder``, once it has begun writing."""
    from reseg_qgis.engine.worker import protocol

    worker = subprocess.Popen(engine_command(sys.executable, "worker"), stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=engine_environment())
    assert json.loads(worker.stdout.readline())["type"] == protocol.READY
    params = {"input": str(LANDSAT_RGB), "output": str(folder / "classes.tif"), "classes": "water; land",
              "clip": TINY_CLIP, "sam": TINY_SAM, "preset": "quality", "window": 64, "cache_dir": str(cache)}
    worker.stdin.write(protocol.encode(protocol.request(1, protocol.SEGMENT, params)))
    worker.stdin.flush()
    threading.Thread(target=worker.stdout.read, daemon=True).start()  # its messages must not fill the pipe
    wait_for_temporaries(folder, worker)
    return worker


def start_cli_run(cache: Path, folder: Path) -> subprocess.Popen:
    process = start_cli(cache, folder / "classes.tif")
    wait_for_temporaries(folder, process)
    return process


@pytest.mark.parametrize("start", [start_cli_run, start_worker_run], ids=["command line", "worker"])
def test_sigterm_stops_a_run_and_leaves_nothing(cache, tmp_path, start):
    folder = tmp_path / "out"
    folder.mkdir()
    process = start(cache, folder)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert list(folder.iterdir()) == []


def test_a_removed_folder_takes_nothing_written_to_it_meanwhile(tmp_path):
    """A cancelled cluster run deletes its staged folder while workers may still write tiles to it by
    name: what they write meanwhile fails instead of keeping the folder."""
    folder = tmp_path / ".m_tiles.reseg-0123abcd"
    folder.mkdir()
    for index in range(300):
        (folder / f"r{index:09d}_c000000000.tif").write_bytes(b"a finished tile")
    stop, written = threading.Event(), []

    def worker() -> None:
        index = 0
        while not stop.is_set():
            try:
                (folder / f"late-{index}.part").write_bytes(b"rows")
                written.append(index)
            except FileNotFoundError:
                pass
            index += 1

    writing = threading.Thread(target=worker)
    writing.start()
    while not written:
        time.sleep(0.001)
    run_files.remove_path(folder)
    stop.set()
    writing.join()
    assert list(tmp_path.iterdir()) == []


def test_the_next_run_removes_what_a_killed_run_left_and_nothing_else(cache, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / ".mine.tif").write_text("not ReSeg's")
    (folder / ".classes.reseg-notahex.tif").write_text("not our pattern either")
    process = start_cli(cache, folder / "classes.tif")
    wait_for_temporaries(folder, process)
    process.kill()
    process.wait()
    left = [name for name in hidden(folder) if NAME.fullmatch(name)]
    assert left  # SIGKILL leaves its temporaries
    alive = RunLock(folder, "0123abcd")  # another run, alive, writing into the same folder
    (folder / ".other.reseg-0123abcd.tif").write_text("in progress")
    code = cli.main(["segment", str(LANDSAT_RGB), "-c", "water; land", "-o", str(folder / "next.tif"),
                     "--clip", TINY_CLIP, "--no-sam", "--window", "64", "--cache-dir", str(cache)])
    assert code == 0
    assert hidden(folder) == [".classes.reseg-notahex.tif", ".mine.tif", ".other.reseg-0123abcd.tif",
                              ".reseg-0123abcd.lock"]
    alive.release()


def test_a_new_run_outlasts_a_clean_up_that_holds_its_fresh_lock(tmp_path):
    """Another run's clean-up may find a new run's lock file between its open and its lock, take it
    as a dead run's, and remove it; the new run then makes a new lock instead of failing."""
    import fcntl
    import threading
    import time

    lock_file = tmp_path / ".reseg-0123abcd.lock"
    sweeper = open(lock_file, "a+b")
    fcntl.flock(sweeper.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    taken = []
    starting = threading.Thread(target=lambda: taken.append(RunLock(tmp_path, "0123abcd")))
    starting.start()
    time.sleep(0.05)
    lock_file.unlink()  # as remove_stale drops a dead run's lock: unlink while holding it, then release
    fcntl.flock(sweeper.fileno(), fcntl.LOCK_UN)
    sweeper.close()
    starting.join(timeout=10)
    assert len(taken) == 1 and lock_file.exists()
    other = open(lock_file, "a+b")
    with pytest.raises(OSError):  # the new lock is held
        fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    other.close()
    taken[0].release()
    assert not lock_file.exists()


@pytest.mark.parametrize(("files", "after"), [
    # Died while moving its files into place: the earlier output comes back, the new style goes.
    ({".classes.reseg-backup-89abcdef.tif": "earlier", ".classes.reseg-89abcdef.qml": "new style"},
     {"classes.tif": "earlier"}),
    # Died after placing everything: the earlier output it had set aside is no longer needed.
    ({".classes.reseg-backup-89abcdef.tif": "earlier", "classes.tif": "new"}, {"classes.tif": "new"}),
    # A stale overview set aside by a run that placed everything stays gone.
    ({".classes.tif.reseg-backup-89abcdef.ovr": "stale", "classes.tif": "new"}, {"classes.tif": "new"}),
    # An earlier output with nothing in its place comes back, whatever happened.
    ({".classes.reseg-backup-89abcdef.tif": "earlier"}, {"classes.tif": "earlier"}),
])
def test_what_a_run_that_died_had_set_aside(tmp_path, files, after):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    remove_stale(tmp_path)
    assert {p.name: p.read_text() for p in tmp_path.iterdir()} == after


def test_a_mosaics_tiles_folder_left_by_a_run_that_died(tmp_path):
    """Its staged folder of tiles goes; an earlier folder it had set aside comes back."""
    staged = tmp_path / ".m_tiles.reseg-89abcdef"
    earlier = tmp_path / ".m_tiles.reseg-backup-89abcdef"
    for folder in (staged, earlier):
        folder.mkdir()
        (folder / "r00000000_c00000000.tif").write_text(folder.name)
    remove_stale(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["m_tiles"]
    assert (tmp_path / "m_tiles" / "r00000000_c00000000.tif").read_text() == earlier.name


# 5. Damaged cache files say so.

@pytest.mark.parametrize(("name", "content"), [
    ("manifest.json", "[1, 2]"),
    ("manifest.json", '{"tiny-clip": 5}'),
    ("manifest.json", '{"tiny-clip": {"sha256": "00"}}'),
    ("manifest.json", '{"tiny-clip": {"file_size": "big", "sha256": "00"}}'),
    ("custom_models.json", "[]"),
    ("custom_models.json", '{"models": {"a": 1}}'),
    ("custom_models.json", '{"models": [5]}'),
    ("custom_models.json", '{"models": [{"name": "x"}]}'),
])
def test_damaged_cache_files_are_reported_as_damaged(capsys, tmp_path, name, content):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / name).write_text(content)
    code, _, err = run(capsys, "models", "--cache-dir", cache, "list")
    assert code == 2 and "is damaged" in err and "Traceback" not in err


# 6. Numbers outside their range, with one wording everywhere.

@pytest.mark.parametrize(("option", "value", "message"), [
    ("--window", "100000", "The window must be a whole number of pixels from 32 to 2048"),
    ("--window", "16", "The window must be a whole number of pixels from 32 to 2048"),
    ("--threshold", "2", "The unclassified threshold must be from 0 to 1"),
    ("--batch-size", "-1", "The batch size must be a whole number of windows from 1 to 256"),
    ("--batch-size", "0", "The batch size must be a whole number of windows from 1 to 256"),
    ("--extent", "nan,0,1,1", "The extent must be four finite numbers"),
    ("--resolution", "nan", "The target resolution must be a positive number"),
    ("--scale", "0", "The processing scale must be from 0.01 to 16"),
    ("--overlap", "64", "The window overlap must be a whole number of pixels from 0 to 63"),
])
def test_numbers_outside_their_range_are_refused(capsys, cache, tmp_path, option, value, message):
    extra = ["--window", "64"] if option == "--overlap" else []
    code, _, err = run(capsys, "segment", LANDSAT_RGB, "-c", "water; land", "-o", tmp_path / "o.tif",
                       "--clip", TINY_CLIP, "--no-sam", "--cache-dir", cache, option, value, *extra)
    assert code == 2 and message in err and "was given" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# 7. An import of a folder imports what verifies and reports every file.

def test_an_import_goes_on_past_a_bad_file_and_reports_each(tiny_registry, tmp_path, capsys):
    carried = tmp_path / "usb"
    carried.mkdir()
    published = tiny_registry["files"]
    (carried / "Tiny-B.pt").write_bytes(b"not a checkpoint, and clip-b has no published sha256")
    for key in ("clip-a", "sam"):
        (carried / published[key].name).write_bytes(published[key].read_bytes())
    code, out, _ = run(capsys, "models", "--cache-dir", tmp_path / "cache", "import", carried)
    assert code == 1
    lines = out.splitlines()
    assert any("Tiny-A.pt: imported as clip-a" in line for line in lines)
    assert any("sam_tiny_0123ab.pth: imported as sam" in line for line in lines)
    failed = next(line for line in lines if "Tiny-B.pt" in line)
    assert "failed" in failed and "Tiny-B.pt" in failed and ".import" not in failed


# 8. Messages that say which file, what happened, and what to do.

def test_a_truncated_input_names_the_file_and_the_damage(tmp_path):
    source = make_raster(tmp_path / "big.tif", height=512, width=512, tiled=True, blockxsize=256,
                         blockysize=256, compress="deflate")
    size = source.stat().st_size
    with open(source, "r+b") as stream:
        stream.truncate(size // 2)
    damaged = r"Cannot read .*big\.tif.*(Read error|IReadBlock).*truncated or damaged.*gdalinfo -checksum"
    with pytest.raises(RasterInputError, match=damaged):
        segment_raster(str(source), str(tmp_path / "o.tif"), PixelFunctionSegmenter(), "a; b")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.tif"]


def test_a_full_disk_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(output.shutil, "disk_usage", lambda folder: type("Usage", (), {"free": 1 << 20})())
    target = tmp_path / "conf.tif"
    full = r"Cannot write .*conf\.tif: .*No space left on device.*is full \(1 MB free\)"
    with pytest.raises(OutputError, match=full) as raised:
        with output.writing(target):
            try:
                raise OSError(28, "No space left on device")
            except OSError as cause:
                raise rasterio.errors.RasterioIOError("Write failed. See previous exception for details.") \
                    from cause
    # The template and its values travel (through the worker) for the user's language; the free space
    # is a number, for the user's locale to write.
    assert raised.value.template == messages.DISK_FULL
    assert raised.value.values == {"path": str(target), "cause": "[Errno 28] No space left on device",
                                   "folder": str(tmp_path), "free_mb": 1}


# 9. Control characters in class names; every sidecar parses.

@pytest.mark.parametrize("text", ["water\x07; land", "water; la\x00nd", "wa\x1bter", "water\ud800"])
def test_control_characters_in_class_names_are_refused(text):
    with pytest.raises(ClassListError, match="invisible character U\\+"):
        parse_class_list(text)


def test_legend_files_parse_with_any_printable_names(tmp_path):
    source = write_geotiff(tmp_path / "in.tif", position_image(40, 40))
    classes = 'a&b <c> "d"; Straße, 水; 🚗 car\tpark; x > y'
    segment_raster(str(source), str(tmp_path / "o.tif"), PixelFunctionSegmenter(), classes)
    style = ET.parse(tmp_path / "o.qml").getroot()
    labels = [entry.get("label") for entry in style.iter("paletteEntry")]
    assert labels == ['a&b <c> "d"', "Straße, 水", "🚗 car park", "x > y"]
    ET.parse(tmp_path / "o.tif.aux.xml")


# 10. The engine writes nothing beside the input.

@pytest.mark.parametrize("dtype", ["uint8", "uint16", "float32"])
def test_nothing_is_written_beside_the_input(tmp_path, dtype):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    source = make_raster(inputs / "scene.tif", height=70, width=90, dtype=dtype)
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    segment_raster(str(source), str(tmp_path / "o.tif"), PixelFunctionSegmenter(), "a; b")
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before


def test_a_worker_whose_stdin_closes_mid_run_cleans_up(cache, tmp_path):
    """QGIS exiting closes the worker's stdin: the run is cancelled and leaves nothing."""
    folder = tmp_path / "out"
    folder.mkdir()
    worker = start_worker_run(cache, folder)
    worker.stdin.close()
    assert worker.wait(timeout=60) == 0
    assert list(folder.iterdir()) == []


def test_a_changed_or_damaged_composed_checkpoint_is_made_again(published, tmp_path):
    import torch

    from reseg_qgis.engine.weights.checkpoints import read_state_dict
    from reseg_qgis.engine.weights.composition import compose

    store = ModelStore(tmp_path / "cache", published["registry"])
    first = compose(store, ("clip-a", "clip-b"), weighting="uniform", allow_download=True)
    original = first.path.read_bytes()
    changed = bytearray(original)
    changed[-10] ^= 0xFF
    first.path.write_bytes(bytes(changed))
    again = compose(store, ("clip-a", "clip-b"), weighting="uniform")
    assert not again.from_cache  # made again, not loaded as it was
    kept = tmp_path / "first.safetensors"
    kept.write_bytes(original)
    expected, made = read_state_dict(kept), read_state_dict(again.path)
    assert all(torch.equal(expected[key], made[key]) for key in expected)
    first.path.with_suffix(".json").write_text('{"weights": "not a list"}')
    assert not compose(store, ("clip-a", "clip-b"), weighting="uniform").from_cache
    assert compose(store, ("clip-a", "clip-b"), weighting="uniform").from_cache


def test_a_custom_model_entry_pointing_outside_the_cache_is_damaged(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    entry = {"name": "mine", "kind": "clip", "title": "Mine", "architecture": "ViT-B-16", "url": "",
             "filename": "../../outside.pt", "size": 1, "sha256": None, "licence": "", "format": "",
             "homepage": ""}
    (cache / "custom_models.json").write_text(json.dumps({"models": [entry]}))
    with pytest.raises(ResegError, match="custom_models.json is damaged"):
        ModelStore(cache)


def test_a_number_too_large_for_a_float_is_refused_in_words():
    with pytest.raises(limits.SettingError, match="The batch size must be a whole number"):
        limits.check_settings(batch_size=10 ** 400)
    limits.check_settings(threshold=None, batch_size=None)  # None: the defaults


# 11. The run's products: each file named for its format, no option that does nothing without its
# companion, a minimum mapping unit that fits the grid; refused alike by the command line and the worker's
# request, before a model loads.

def request_values(folder: Path, **values) -> dict:
    return {"input": str(LANDSAT_RGB), "output": str(folder / "o.tif"), "classes": "water; land", **values}


def segment_cli(capsys, cache: Path, folder: Path, *extra):
    return run(capsys, "segment", LANDSAT_RGB, "-c", "water; land", "-o", folder / "o.tif", "--clip",
               TINY_CLIP, "--no-sam", "--window", "64", "--cache-dir", cache, *extra)


@pytest.mark.parametrize(("option", "name", "example"), [
    ("--vector", "polygons.csv", "polygons.gpkg"),
    ("--vector", "POLYGONS.CSV", "POLYGONS.gpkg"),
    ("--vector", "polygons.shp", "polygons.gpkg"),
    ("--vector", "polygons", "polygons.gpkg"),
    ("--statistics", "areas.gpkg", "areas.csv"),
    ("--statistics", "AREAS.GPKG", "AREAS.csv"),
    ("--statistics", "areas.txt", "areas.csv"),
    ("--statistics", "areas", "areas.csv"),
])
def test_a_product_named_for_another_format_is_refused_before_a_model_loads(capsys, cache, tmp_path, option,
                                                                             name, example):
    from reseg_qgis.engine.session import SegmentRequest

    code, _, err = segment_cli(capsys, cache, tmp_path, option, tmp_path / name)
    what = ("polygons are written as a GeoPackage, whose name ends in .gpkg" if option == "--vector" else
            "area statistics are written as a CSV table, whose name ends in .csv")
    message = f"{tmp_path / name}: {what}; give a name such as {example}."
    assert code == 2 and f"error: {message}\n" in err and "Device:" not in err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(OutputError) as raised:  # the worker's request: the same words, template and values
        SegmentRequest.from_mapping(request_values(tmp_path, **{option[2:]: str(tmp_path / name)}))
    assert str(raised.value) == message
    assert raised.value.template == (messages.VECTOR_SUFFIX if option == "--vector" else
                                     messages.STATISTICS_SUFFIX)
    assert raised.value.values == {"path": str(tmp_path / name), "example": example}


def test_a_confidence_raster_not_named_tif_is_refused_before_a_model_loads(capsys, cache, tmp_path):
    code, _, err = segment_cli(capsys, cache, tmp_path, "--confidence", tmp_path / "confidence.png")
    assert code == 2 and "confidence.png: the output is a GeoTIFF; give it a .tif name." in err
    assert "Device:" not in err and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("options", "values", "message"), [
    (["--dissolve"], {"dissolve": True},
     "Dissolving makes one polygon per class in the polygons' GeoPackage, but this run writes no polygons: "
     "name a GeoPackage for the polygons too, or leave dissolving off."),
    (["--overviews", "nearest"], {"overviews": "nearest"},
     "Overviews by nearest are made only for a Cloud-Optimised GeoTIFF, which this run does not write: ask "
     "for a Cloud-Optimised GeoTIFF too, or leave the overviews at mode."),
    (["--confidence-type", "uint8"], {"confidence_type": "uint8"},
     "A confidence type (uint8) was given, but this run writes no confidence raster: name a file for the "
     "confidence raster too, or leave the type out."),
])
def test_an_option_without_its_companion_is_refused_alike_everywhere(capsys, cache, tmp_path, options, values,
                                                                     message):
    from reseg_qgis.engine.session import SegmentRequest

    code, _, err = segment_cli(capsys, cache, tmp_path, *options)
    assert code == 2 and err == f"error: {message}\n"  # not a word of a run: refused first
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(limits.ResegError) as raised:
        SegmentRequest.from_mapping(request_values(tmp_path, **values))
    assert str(raised.value) == message


def test_defaults_and_options_with_their_companions_are_accepted(capsys, cache, tmp_path):
    from reseg_qgis.engine.session import SegmentRequest

    qgis_defaults = dict(sieve=0, cog=False, overviews="mode", dissolve=False, vector=None, confidence=None,
                         statistics=str(tmp_path / "o_areas.csv"))  # what reseg:segment sends untouched
    for values in (qgis_defaults, dict(vector="p.gpkg", dissolve=True), dict(cog=True, overviews="nearest"),
                   dict(output="mosaic.vrt", overviews="nearest"),  # a mosaic's tiles have overviews
                   dict(confidence="c.TIFF", confidence_type="uint8"),
                   dict(vector="P.GPKG", statistics="A.CSV", confidence_type="float32")):
        SegmentRequest.from_mapping(request_values(tmp_path, **values))
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = segment_cli(capsys, cache, out, "--vector", out / "P.GPKG", "--dissolve",
                                    "--statistics", out / "A.CSV", "--overviews", "mode", "--confidence-type",
                                    "float32", "--scale", "0.25")
    assert code == 0, err
    assert f"Wrote {out / 'P.GPKG'} (polygons)" in stdout
    assert f"Wrote {out / 'A.CSV'} (area statistics)" in stdout
    assert sorted(p.name for p in out.iterdir()) == ["A.CSV", "P.GPKG", "o.qml", "o.tif", "o.tif.aux.xml"]


@pytest.mark.parametrize(("extra", "sieve", "grid"), [
    ((), 567_939, "791 x 718 = 567,938 pixels"),  # one pixel more than the raster holds
    ((), 10_000_000, "791 x 718 = 567,938 pixels"),
    (("--scale", "0.5"), 200_000, "396 x 359 = 142,164 pixels"),  # under the raster's pixels, over the grid's
])
def test_a_sieve_larger_than_the_grid_is_refused_before_a_model_loads(capsys, cache, tmp_path, monkeypatch,
                                                                      extra, sieve, grid):
    from reseg_qgis.engine.cluster.runs import segment_on_cluster
    from reseg_qgis.engine.session import EngineSession, SegmentRequest

    code, _, err = segment_cli(capsys, cache, tmp_path, "--sieve", sieve, *extra)
    message = (f"A minimum mapping unit of {sieve} pixels is more than the whole processed raster holds "
               f"({grid}), so no region could reach it.")
    assert code == 2 and message in err and "or 0 to keep every region" in err
    assert "Device:" not in err and list(tmp_path.iterdir()) == []

    def no_model(*args, **kwargs):
        raise AssertionError("a model was loaded")

    monkeypatch.setattr(EngineSession, "segmenter", no_model)
    values = {"sieve": sieve, "scale": float(extra[1])} if extra else {"sieve": sieve}
    request = SegmentRequest.from_mapping(request_values(tmp_path, **values))
    for segment in (EngineSession(ModelStore(cache)).segment,  # the worker's way
                    lambda request: segment_on_cluster(request, client=None)):  # no worker is asked
        with pytest.raises(RasterInputError) as raised:
            segment(request)
        assert raised.value.template == limits.SIEVE_OVER_GRID and message in str(raised.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("extra", "said"), [
    (["--vector", "{tmp}/missing/p.gpkg"], "The output folder {tmp}/missing does not exist."),
    (["--statistics", "{tmp}/folder.csv"], "{tmp}/folder.csv is a folder"),
    (["--vector", "{tmp}/link.gpkg"], "{tmp}/link.gpkg is the input raster"),
    (["--confidence", "{tmp}/o.tif"], "Each output needs its own file name."),
    (["--vector", ""], "The polygons' GeoPackage was given an empty name"),
    (["--statistics", ""], "The area statistics' CSV file was given an empty name"),
])
def test_every_output_is_checked_before_a_model_loads(capsys, cache, tmp_path, monkeypatch, extra, said):
    from reseg_qgis.engine.session import EngineSession

    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "link.gpkg").symlink_to(LANDSAT_RGB)
    monkeypatch.setattr(EngineSession, "segmenter", lambda *a, **k: pytest.fail("a model was loaded"))
    code, _, err = segment_cli(capsys, cache, tmp_path, *[part.format(tmp=tmp_path) for part in extra])
    assert code == 2 and said.format(tmp=tmp_path) in err and "Device:" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.csv", "link.gpkg"]


def test_a_name_that_is_all_suffix_has_that_suffix(tmp_path):
    from reseg_qgis.engine.raster.output import check_names

    check_names(str(tmp_path / "o.tif"), vector=str(tmp_path / ".gpkg"), statistics=str(tmp_path / ".csv"))
    with pytest.raises(OutputError, match="ends in .gpkg"):
        check_names(str(tmp_path / "o.tif"), vector=str(tmp_path / "gpkg"))


def test_a_vrts_sources_and_other_inputs_are_never_replaced(capsys, cache, tmp_path):
    import shutil

    source = tmp_path / "small.tif"
    shutil.copy(LANDSAT_RGB, source)
    mosaic = tmp_path / "mosaic.vrt"
    with rasterio.open(source) as dataset:
        bands = "".join(
            f'<VRTRasterBand dataType="Byte" band="{b}"><SimpleSource><SourceFilename relativeToVRT="1">'
            f"small.tif</SourceFilename><SourceBand>{b}</SourceBand></SimpleSource></VRTRasterBand>"
            for b in (1, 2, 3))
        geotransform = ", ".join(map(str, dataset.transform.to_gdal()))
        mosaic.write_text(f'<VRTDataset rasterXSize="{dataset.width}" rasterYSize="{dataset.height}">'
                          f"<SRS>{dataset.crs.to_wkt()}</SRS><GeoTransform>{geotransform}</GeoTransform>"
                          f"{bands}</VRTDataset>")
    before = source.read_bytes()
    code, _, err = run(capsys, "segment", mosaic, "-c", "water; land", "-o", source, "--clip", TINY_CLIP,
                       "--no-sam", "--window", "64", "--cache-dir", cache)
    assert code == 2 and f"{source} is the input raster" in err and source.read_bytes() == before
    shutil.copy(source, tmp_path / "small_classes.tif")
    code, _, err = run(capsys, "segment", source, tmp_path / "small_classes.tif", "-c", "water; land",
                       "--output-folder", tmp_path, "--clip", TINY_CLIP, "--no-sam", "--window", "64",
                       "--cache-dir", cache)
    assert code == 2 and "is one of the inputs, and another input's result would replace it" in err
    assert (tmp_path / "small_classes.tif").read_bytes() == before


def test_a_folder_in_the_way_of_a_table_suggests_a_table_name(tmp_path):
    (tmp_path / "areas.csv").mkdir()
    with pytest.raises(OutputError, match=r"e\.g\. .*classes\.csv"):
        output.refuse_non_files([tmp_path / "areas.csv"])


@pytest.mark.parametrize(("extra", "why"), [
    (["--no-sam"], "SAM is turned off"),
    (["--preset", "fast"], "the fast preset has none"),
])
def test_a_sam_model_the_run_would_not_use_is_refused(capsys, cache, tmp_path, extra, why):
    from reseg_qgis.engine.session import SegmentRequest

    code, _, err = run(capsys, "segment", LANDSAT_RGB, "-c", "water; land", "-o", tmp_path / "o.tif",
                       "--clip", TINY_CLIP, "--sam", TINY_SAM, "--cache-dir", cache, *extra)
    assert code == 2 and f"{TINY_SAM} is a SAM model, but this run uses no SAM ({why})" in err
    values = request_values(tmp_path, sam=TINY_SAM, **({"use_sam": False} if "--no-sam" in extra
                                                       else {"preset": "fast"}))
    with pytest.raises(limits.ResegError, match=re.escape(f"uses no SAM ({why})")):
        SegmentRequest.from_mapping(values)
    assert list(tmp_path.iterdir()) == []
