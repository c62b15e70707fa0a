"""Wheel file names read by their grammar (PEP 427), and the platform tags a system runs."""

from __future__ import annotations

import pytest

from reseg_qgis.runtime.wheels import WheelName, WheelPlatform


@pytest.mark.parametrize(("filename", "parts"), [
    ("uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
     ("uv", "0.13.9", "", ("py3",), ("none",), ("manylinux_2_17_x86_64", "manylinux2014_x86_64"))),
    ("torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl",
     ("torch", "2.13.0+cpu", "", ("cp311",), ("cp311",), ("manylinux_2_28_x86_64",))),
    ("torch-2.13.0+cu126-cp312-cp312-win_amd64.whl",
     ("torch", "2.13.0+cu126", "", ("cp312",), ("cp312",), ("win_amd64",))),
    ("numpy-1.21.6-1-cp38.cp39-cp38.cp39-macosx_11_0_arm64.whl",
     ("numpy", "1.21.6", "1", ("cp38", "cp39"), ("cp38", "cp39"), ("macosx_11_0_arm64",))),
    ("Open_Clip_Torch-3.3.0-py3-none-any.whl",
     ("open_clip_torch", "3.3.0", "", ("py3",), ("none",), ("any",))),
    ("six-1.16.0-py2.py3-none-any.whl", ("six", "1.16.0", "", ("py2", "py3"), ("none",), ("any",))),
])
def test_a_wheel_name_is_read_by_its_grammar(filename, parts):
    assert WheelName.parse(filename) == WheelName(*parts)


@pytest.mark.parametrize("filename", [
    "uv-0.13.9.tar.gz", "uv-0.13.9-py3-none.whl", "uv-0.13.9-x-py3-none-any.whl", "uv-0.13.9-py3--any.whl",
    "../uv-0.13.9-py3-none-any.whl", "uv-0.13.9-py3-none-manylinux_x86_64.whl.metadata",
])
def test_what_is_not_a_wheel_name_is_none(filename):
    assert WheelName.parse(filename) is None


def test_the_cpython_versions_of_the_python_tags():
    numpy = WheelName.parse("numpy-1.21.6-1-cp38.cp39-cp38.cp39-win_amd64.whl")
    assert numpy.python_versions == ("3.8", "3.9")
    assert WheelName.parse("torch-2.13.0+cpu-cp311-cp311-win_amd64.whl").python_versions == ("3.11",)
    assert WheelName.parse("six-1.16.0-py2.py3-none-any.whl").python_versions == ()


@pytest.mark.parametrize(("system", "machine", "accepted", "refused"), [
    ("linux", "x86_64",
     ["manylinux_2_17_x86_64", "manylinux2014_x86_64", "manylinux1_x86_64", "linux_x86_64"],
     ["manylinux_2_17_aarch64", "musllinux_1_1_x86_64", "win_amd64", "any", "manylinux_2_17_x86_64_v2"]),
    ("linux", "aarch64", ["manylinux_2_28_aarch64", "linux_aarch64"], ["manylinux_2_28_x86_64"]),
    ("win32", "AMD64", ["win_amd64"], ["win_arm64", "win32", "x_win_amd64"]),
    ("win32", "ARM64", ["win_arm64"], ["win_amd64"]),
    ("darwin", "arm64", ["macosx_11_0_arm64", "macosx_14_0_arm64"], ["macosx_10_12_x86_64", "linux_arm64"]),
    ("darwin", "x86_64", ["macosx_10_12_x86_64"], ["macosx_11_0_arm64"]),
])
def test_the_platform_tags_a_system_runs(system, machine, accepted, refused):
    target = WheelPlatform(system, machine)
    assert [tag for tag in accepted + refused if target.accepts(tag)] == accepted


def test_a_wheel_is_built_for_a_platform_by_its_platform_tag_not_its_name():
    """A name or version holding a platform's words decides nothing; one tag of a set is enough."""
    linux = WheelPlatform("linux", "x86_64")
    assert not WheelName.parse("win_amd64_tools-1.0-py3-none-manylinux_2_17_aarch64.whl").built_for(
        WheelPlatform("win32", "AMD64"))
    uv = WheelName.parse("uv-0.13.9-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl")
    assert uv.built_for(linux)
    assert not WheelName.parse("manylinux_x86_64-1.0-py3-none-any.whl").built_for(linux)
