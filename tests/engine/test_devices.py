"""Device choice: auto, forced devices, precision, and what the UI is told."""

from __future__ import annotations

import pytest
import torch

from reseg_qgis.engine import devices
from reseg_qgis.engine.devices import DeviceError, choose_device


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_auto_falls_back_to_the_cpu_and_says_so():
    choice = choose_device("auto")
    assert choice.device.type in ("cpu", "mps")
    assert choice.description.startswith(("CPU:", "GPU: Apple"))
    assert choice.precision in ("fp32", "fp16")


def test_cpu_runs_in_fp32(monkeypatch):
    monkeypatch.setattr(devices, "cpu_has_fast_bf16", lambda: False)
    choice = choose_device("cpu")
    assert choice.autocast_dtype is None and choice.precision == "fp32" and choice.sam_encoder_dtype is None
    assert choice.description == f"CPU: {torch.get_num_threads()} threads (fp32)"
    with choice.autocast():
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32


def test_sams_encoder_runs_in_bf16_on_a_cpu_with_native_bf16_unless_fp32_is_asked(monkeypatch):
    monkeypatch.setattr(devices, "cpu_has_fast_bf16", lambda: True)
    choice = choose_device("cpu")
    assert choice.autocast_dtype is None and choice.sam_encoder_dtype == torch.bfloat16
    assert choice.description == f"CPU: {torch.get_num_threads()} threads (fp32, SAM encoder bf16)"
    forced = choose_device("cpu", "fp32")
    assert forced.sam_encoder_dtype is None and forced.description.endswith("(fp32)")


@pytest.mark.parametrize(("flags", "native"), [("fpu avx512f avx512_bf16 avx512_vnni", True),
                                               ("fpu amx_bf16 amx_tile", True), ("fpu avx2 avx512f", False)])
def test_native_bf16_is_read_from_the_cpu_flags(tmp_path, flags, native):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nmodel name\t: a CPU\nflags\t\t: {flags}\n\nprocessor\t: 1\n")
    assert devices.cpu_has_fast_bf16(str(cpuinfo)) is native
    assert devices.cpu_has_fast_bf16(str(tmp_path / "missing")) is False


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
