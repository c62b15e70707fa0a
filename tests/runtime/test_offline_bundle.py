"""The offline bundle's file: what its manifest holds, and how a damaged, changed, truncated or foreign
bundle is refused before anything is installed (made from local files; no network, no uv)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from reseg_qgis.runtime import bundle_maker, installer, locations, offline_bundle
from reseg_qgis.runtime.bundle_install import BundleInstaller
from reseg_qgis.runtime.bundle_maker import BundleMaker, BundleRequest, Plan, PlannedFile
from reseg_qgis.runtime.offline_bundle import MANIFEST, BundleCancelled, BundleError
from reseg_qgis.runtime.wheels import WheelPlatform

UNMET_ON_MACOS = """  × No solution found when resolving dependencies:
  ╰─▶ Because torch==2.13.0 has no wheels with a matching platform tag (e.g., `macosx_13_0_arm64`) and you
      require torch==2.13.0, we can conclude that your requirements are unsatisfiable.

      hint: Wheels are available for `torch` (v2.13.0) on the following platforms: `manylinux_2_28_aarch64`,
      `manylinux_2_28_x86_64`, `macosx_14_0_arm64`, `win_amd64`
"""


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv(locations.DATA_ENV, str(tmp_path / "data"))
    monkeypatch.delenv(locations.WORKER_PYTHON_ENV, raising=False)
    return tmp_path / "data"


def local_plan(tmp_path: Path, platform: str = "linux-x86_64") -> Plan:
    sources = tmp_path / "sources"
    sources.mkdir(exist_ok=True)
    files = []
    for kind, name, data in (("wheel", "six-1.16.0-py2.py3-none-any.whl", b"wheel" * 1000),
                             ("uv", "uv-0.13.9-py3-none-manylinux_2_17_x86_64.whl", b"uv" * 500),
                             ("python", "cpython-3.12.16-x86_64-linux-install_only.tar.gz", b"py"),
                             ("model", "custom-tiny.pt", bytes(range(256)) * 40)):
        (sources / name).write_bytes(data)
        extra = {"model": {"model": "tiny"}, "python": {"version": "3.12.16"}}.get(kind, {})
        files.append(PlannedFile(kind, name, str(sources / name), None, len(data), extra))
    return Plan(BundleRequest(platform), files)


def make(tmp_path: Path, plan: Plan, **options) -> Path:
    maker = BundleMaker(plan.request, tmp_path / "uv", tmp_path / "downloads", log=lambda line: None,
                        **options)
    return maker.make(plan, tmp_path / "out" / "bundle.zip")


def rewritten(bundle: Path, change) -> Path:
    """A copy of ``bundle`` whose members ``change(name, data)`` rewrote (None drops one)."""
    copy = bundle.with_name("changed.zip")
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(copy, "w") as target:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                target.writestr(name, data)
    return copy


def test_the_manifest_lists_every_file_with_its_sha256_and_size_and_the_target(tmp_path, monkeypatch):
    monkeypatch.setattr(offline_bundle, "this_platform", lambda: "linux-x86_64")
    plan = local_plan(tmp_path)
    bundle = make(tmp_path, plan)
    manifest = offline_bundle.verify(bundle)
    assert manifest.target == {"platform": "linux-x86_64", "python": "3.12", "torch": "cpu"}
    assert manifest.values["requirements"] == locations.requirements_digest()
    assert [(e["path"], e["kind"], e["size"]) for e in manifest.files] == [
        (f"{offline_bundle.FOLDERS[f.kind]}/{f.name}", f.kind, f.size) for f in plan.files]
    with zipfile.ZipFile(bundle) as archive:
        assert sorted(archive.namelist()) == sorted([e["path"] for e in manifest.files] + [MANIFEST])
        for entry in manifest.files:
            import hashlib

            assert hashlib.sha256(archive.read(entry["path"])).hexdigest() == entry["sha256"]
    assert manifest.members("model")[0]["model"] == "tiny"
    assert not list(bundle.parent.glob("*.part"))


def _flip_a_byte(name, data):
    return data if name == MANIFEST or not name.startswith("models/") else data[:10] + b"X" + data[11:]


@pytest.mark.parametrize(("change", "refusal"), [
    ("byte", r"models/custom-tiny.pt in changed.zip does not match its sha256 in the manifest"),
    ("missing", r"changed.zip lacks wheels/six-1.16.0-py2.py3-none-any.whl, which its manifest lists"),
    ("extra", r"changed.zip holds files its manifest does not list \(wheels/evil"),
    ("truncated", r"changed.zip is damaged or truncated"),
    ("platform", r"changed.zip: The bundle was made for windows-x86_64; this computer is linux-x86_64. Make "
                 r"a bundle with --platform linux-x86_64"),
    ("escape", r"changed.zip is not a ReSeg offline bundle: its manifest is damaged "
               r"\('wheels/../../evil.whl' is not a file name in the 'wheel' folder\)"),
    ("plugin", r"changed.zip was made by ReSeg .* for other package versions than this plugin pins"),
    ("not a bundle", r"changed.zip is not a ReSeg offline bundle: its manifest lacks"),
])
def test_a_changed_or_foreign_bundle_is_refused_by_name_and_the_environment_stays(
        data, tmp_path, monkeypatch, change, refusal):
    monkeypatch.setattr(offline_bundle, "this_platform", lambda: "linux-x86_64")
    bundle = make(tmp_path, local_plan(tmp_path))

    def manifest_with(**values):
        return lambda name, content: content if name != MANIFEST else \
            json.dumps({**json.loads(content), **values}).encode()

    if change == "byte":
        changed = rewritten(bundle, _flip_a_byte)
    elif change == "missing":
        changed = rewritten(bundle, lambda name, content: None if name.startswith("wheels/") else content)
    elif change == "extra":
        changed = rewritten(bundle, lambda name, content: content)
        with zipfile.ZipFile(changed, "a") as archive:
            archive.writestr("wheels/evil-1.0-py3-none-any.whl", b"evil")
    elif change == "truncated":
        changed = bundle.with_name("changed.zip")
        changed.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    elif change == "platform":
        target = json.loads(zipfile.ZipFile(bundle).read(MANIFEST))["target"] | {"platform": "windows-x86_64"}
        changed = rewritten(bundle, manifest_with(target=target))
    elif change == "escape":
        files = json.loads(zipfile.ZipFile(bundle).read(MANIFEST))["files"]
        changed = rewritten(bundle, manifest_with(files=[{**files[0], "path": "wheels/../../evil.whl"}]))
    elif change == "plugin":
        changed = rewritten(bundle, manifest_with(requirements="0123456789ab"))
    else:
        changed = rewritten(bundle, lambda name, content: b"{}" if name == MANIFEST else content)
    environment = locations.environment_dir()  # a working environment, to be kept
    environment.mkdir(parents=True)
    (environment / locations.STATE_FILE).write_text(json.dumps({"complete": True}))
    before = sorted(p.relative_to(data) for p in data.rglob("*"))
    with pytest.raises(BundleError, match=refusal):
        BundleInstaller(changed, data, log=lambda line: None).run()
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == before  # nothing unpacked, nothing lost


def test_a_cancelled_or_failed_bundle_leaves_no_file(tmp_path):
    plan = local_plan(tmp_path)
    output = tmp_path / "out" / "bundle.zip"
    with pytest.raises(BundleCancelled):
        calls = iter(range(100))
        make(tmp_path, plan, cancelled=lambda: next(calls) >= 3)  # after two files
    model = plan.files[-1]
    changed = Plan(plan.request, [*plan.files[:-1], PlannedFile("model", model.name, model.source, "0" * 64,
                                                               model.size)])
    with pytest.raises(BundleError, match="changed while the bundle was written"):
        make(tmp_path, changed)
    assert not output.exists() and list(output.parent.iterdir()) == []


@pytest.mark.parametrize(("request_", "refusal"), [
    (BundleRequest("linux-riscv64"), "No bundle can be made for 'linux-riscv64'; choose one of linux-x86_64"),
    (BundleRequest("macos-arm64", torch="cu128"), "PyTorch publishes no CUDA builds for macos-arm64; use "
                                                 "--torch cpu"),
    (BundleRequest("windows-x86_64", python="3.10"), "ReSeg runs on Python 3.11, 3.12, 3.13, not 3.10"),
    (BundleRequest("windows-x86_64", torch="rocm"), "No PyTorch build 'rocm'"),
])
def test_a_target_no_bundle_serves_is_refused(request_, refusal):
    with pytest.raises(BundleError, match=refusal):
        request_.check()


def test_unmet_pins_name_the_package_and_the_platform():
    message = bundle_maker._no_wheel_message(BundleRequest("macos-arm64"), UNMET_ON_MACOS)
    assert message == ("torch 2.13.0 publishes no wheel for macos-arm64 with Python 3.12 (no matching "
                       "platform tag); choose another Python version or platform.")
    offline = "error: Failed to fetch: `https://pypi.org/simple/numpy/`\n  Caused by: dns error"
    assert bundle_maker._no_wheel_message(BundleRequest("linux-x86_64"), offline).startswith(
        "The package index could not be reached (https://pypi.org/simple/numpy/)")


def test_a_find_links_torch_for_the_target_and_python_decides_the_build(tmp_path):
    for name in ("torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl",
                 "torch-2.13.0+cpu-cp312-cp312-manylinux_2_28_x86_64.whl",
                 "torch-2.13.0-cp312-cp312-win_amd64.whl"):
        (tmp_path / name).write_bytes(b"")
    linux, windows = WheelPlatform("linux", "x86_64"), WheelPlatform("win32", "amd64")
    for python in ("3.11", "3.12"):
        found = installer.local_torch_wheel(str(tmp_path), linux, python)
        tag = f"cp3{python[2:]}"
        assert found == (tmp_path / f"torch-2.13.0+cpu-{tag}-{tag}-manylinux_2_28_x86_64.whl", python)
    assert installer.local_torch_wheel(str(tmp_path), linux, "3.13") is None
    assert installer.local_torch_wheel(str(tmp_path), windows, "3.12")[0].name.endswith("win_amd64.whl")
    assert installer.local_torch_wheel("", windows, "3.12") is None


STAND_IN_ENGINE = """#!/bin/sh
case " $* " in *" bundle --progress-lines "*) ;; *) echo "error: no --progress-lines"; exit 2;; esac
while [ "$1" != "-o" ]; do shift; done
: > "$2.part"
echo "bundle: 10% "
echo "Downloading torch-2.13.0-cp312-cp312-win_amd64.whl"
[ -n "$STAND_IN_FAIL" ] && echo "error: uv for windows-x86_64 could not be found" && exit 2
exec sleep 60
"""


@pytest.mark.parametrize("outcome", ["cancelled", "failed"])
def test_the_engine_making_a_bundle_is_followed_and_leaves_nothing_when_stopped(tmp_path, monkeypatch,
                                                                                outcome):
    python = tmp_path / "python"
    python.write_text(STAND_IN_ENGINE)
    python.chmod(0o755)
    if outcome == "failed":
        monkeypatch.setenv("STAND_IN_FAIL", "1")
    output, lines, percents = tmp_path / "out" / "bundle.zip", [], []
    with pytest.raises(BundleCancelled if outcome == "cancelled" else BundleError,
                       match=None if outcome == "cancelled" else "uv for windows-x86_64 could not be found"):
        bundle_maker.make_in_engine(
            python, BundleRequest("windows-x86_64"), output, "balanced", log=lines.append,
            progress=percents.append, cancelled=lambda: outcome == "cancelled" and bool(lines))
    assert percents == [10.0] and lines[0].startswith("Downloading torch")
    assert list(output.parent.iterdir()) == []


def test_a_computer_the_bundle_cannot_serve_is_told_why(monkeypatch):
    monkeypatch.setattr(offline_bundle, "this_platform", lambda: "linux-riscv64")
    assert offline_bundle.platform_problem("linux-x86_64") == (
        "This computer (linux-riscv64) is not one offline bundles are made for; they are made for "
        "linux-x86_64, windows-x86_64, macos-arm64.")
    monkeypatch.setattr(offline_bundle, "this_platform", lambda: "linux-x86_64")
    monkeypatch.setattr(offline_bundle.platform, "libc_ver", lambda: ("glibc", "2.17"))
    assert offline_bundle.platform_problem("linux-x86_64") == (
        "The bundle's packages need glibc 2.28 or newer (Debian 10, RHEL 8); this system has 2.17.")
    monkeypatch.setattr(offline_bundle.platform, "libc_ver", lambda: ("glibc", "2.36"))
    assert offline_bundle.platform_problem("linux-x86_64") == ""


@pytest.mark.parametrize("data_filter", [True, False])
@pytest.mark.parametrize("name", ["../outside", "/etc/outside", "python/../../outside", "python/link"])
def test_a_cpython_archive_never_writes_outside_its_folder(tmp_path, monkeypatch, data_filter, name):
    import io
    import tarfile

    from reseg_qgis.runtime import bundle_install

    archive = tmp_path / "python.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        member = tarfile.TarInfo(name)
        if name == "python/link":  # a link out, then a file through it
            member.type, member.linkname = tarfile.SYMTYPE, "../../outside-folder"
            tar.addfile(member)
            member = tarfile.TarInfo("python/link/outside")
        member.size = 4
        tar.addfile(member, io.BytesIO(b"evil"))
    if not data_filter:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    folder = tmp_path / "unpacked" / "here"
    folder.mkdir(parents=True)
    try:  # refused, or (tarfile's data filter strips a leading '/') unpacked inside the folder
        bundle_install._extract(archive, folder)
    except (BundleError, tarfile.TarError):
        pass
    inside = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert inside <= {"etc/outside"} and not Path("/etc/outside").exists()
    assert not [path for path in tmp_path.rglob("outside*") if folder not in path.parents]
