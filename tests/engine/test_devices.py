"""Device choice: auto, forced devices, precision, and what the UI is told."""

from __future__ import annotations

import pytest
import torch

from reseg_qgis.engine.devices import DeviceError, choose_device


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_auto_falls_back_to_the_cpu_and_says_so():
    choice = choose_device("auto")
    assert choice.device.type in ("cpu", "mps")
    assert choice.description.startswith(("CPU:", "GPU: Apple"))
    assert choice.precision in ("fp32", "fp16")


def test_cpu_runs_in_fp32():
    choice = choose_device("cpu")
    assert choice.autocast_dtype is None and choice.precision == "fp32"
    assert choice.description == f"CPU: {torch.get_num_threads()} threads (fp32)"
    with choice.autocast():
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32


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
