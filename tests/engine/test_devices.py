"""Device choice: auto, forced devices, each stage's number format, and what the UI and the output are told.

The CPU is faked (tests/helpers/cpus): the suite's default has no native bf16; a test names other kinds."""

from __future__ import annotations

import pytest
import torch

from reseg_qgis.engine.hardware import cpu_features
from reseg_qgis.engine.hardware.devices import DeviceError, choose_device
from tests.helpers.cpus import CPU_KINDS, NATIVE_BF16_KINDS


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_auto_falls_back_to_the_cpu_and_says_so():
    choice = choose_device("auto")
    assert choice.device.type in ("cpu", "mps")
    assert choice.description.startswith(("CPU:", "GPU: Apple"))
    assert choice.precision in ("fp32", "fp16")


def test_a_cpu_without_native_bf16_runs_everything_in_fp32():
    """The suite's CPU (tests/conftest.py): what an AMD EPYC without AVX-512 runs."""
    choice = choose_device("cpu")
    assert choice.autocast_dtype is None and choice.precision == "fp32" and choice.sam_encoder_dtype is None
    assert choice.description == f"CPU: {torch.get_num_threads()} threads (fp32)"
    assert choice.tags()["RESEG_PRECISION"] == "SAM encoder fp32, mask decoder fp32, CLIP fp32, text fp32 " \
                                               "(asked: auto)"
    with choice.autocast():
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32


@pytest.mark.parametrize("kind", NATIVE_BF16_KINDS)
def test_sams_encoder_runs_in_bf16_on_a_cpu_with_native_bf16_unless_fp32_is_asked(cpu_kind, kind):
    cpu_kind(kind)
    choice = choose_device("cpu")
    assert choice.autocast_dtype is None and choice.sam_encoder_dtype == torch.bfloat16
    assert choice.stage_formats == {"SAM encoder": "bf16", "mask decoder": "fp32", "CLIP": "fp32",
                                    "text": "fp32"}
    threads = torch.get_num_threads()
    assert choice.description == f"CPU: {threads} threads (SAM encoder bf16, mask decoder fp32, CLIP fp32, " \
                                 "text fp32)"
    assert choice.tags() == {"RESEG_DEVICE": choice.description, "RESEG_PRECISION":
                             "SAM encoder bf16, mask decoder fp32, CLIP fp32, text fp32 (asked: auto)"}
    forced = choose_device("cpu", "fp32")
    assert forced.sam_encoder_dtype is None and forced.description == f"CPU: {threads} threads (fp32)"
    assert forced.tags()["RESEG_PRECISION"] == "SAM encoder fp32, mask decoder fp32, CLIP fp32, text fp32 " \
                                               "(asked: fp32)"


@pytest.mark.parametrize("kind", sorted(CPU_KINDS))
def test_fp32_is_the_same_choice_on_every_cpu_kind(cpu_kind, kind):
    cpu_kind(kind)
    choice = choose_device("cpu", "fp32")
    assert (choice.autocast_dtype, choice.sam_encoder_dtype, set(choice.stage_formats.values())) == (
        None, None, {"fp32"})


@pytest.mark.parametrize(("flags", "native"), [("fpu avx512f avx512_bf16 avx512_vnni", True),
                                               ("fpu amx_bf16 amx_tile", True), ("fpu avx2 avx512f", False)])
def test_native_bf16_is_read_from_the_cpu_flags(tmp_path, flags, native):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: a CPU\nflags\t\t: {flags}\n\nprocessor\t: 1\n")
    assert cpu_features.has_native_bf16(str(cpuinfo)) is native
    assert cpu_features.has_native_bf16(str(tmp_path / "missing")) is False
    assert cpu_features.cpu_flags(str(tmp_path / "missing")) == frozenset()


def test_the_cpu_kinds_are_told_apart_by_their_flags(cpu_kind):
    for kind in CPU_KINDS:
        cpu_kind(kind)
        assert cpu_features.has_native_bf16() is (kind in NATIVE_BF16_KINDS)
        assert "avx2" in cpu_features.cpu_flags() and cpu_features.cpu_model() == CPU_KINDS[kind][0]


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_forcing_cuda_without_a_gpu_says_what_to_do():
    with pytest.raises(DeviceError, match="Choose 'auto' or 'cpu'"):
        choose_device("cuda")


def test_bad_names_and_half_precision_on_the_cpu():
    with pytest.raises(DeviceError, match="Unknown device"):
        choose_device("tpu")
    with pytest.raises(DeviceError, match="Unknown precision"):
        choose_device("cpu", "int4")
    with pytest.raises(DeviceError, match="GPUs only"):
        choose_device("cpu", "fp16")
