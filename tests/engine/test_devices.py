"""Device choice: auto, forced devices, each stage's number format, and what the UI and the output are told.

The CPU and its measured rates are faked (tests/helpers/cpus): the suite's default multiplies bf16 slowly;
a test names other kinds."""

from __future__ import annotations

import json
import platform

import pytest
import torch

from reseg_qgis.engine.hardware import STAGES, cpu_features, format_speeds
from reseg_qgis.engine.hardware.cpu_features import SPEEDS_VARIABLE
from reseg_qgis.engine.hardware.devices import (
    CLIP,
    MASK_DECODER,
    SAM_ENCODER,
    TEXT,
    DeviceError,
    choose_device,
)
from reseg_qgis.engine.hardware.format_speeds import BF16_MARGIN
from tests.conftest import run_python
from tests.helpers.cpus import CPU_KINDS, NATIVE_BF16_KINDS


@pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present")
def test_auto_falls_back_to_the_cpu_and_says_so():
    choice = choose_device("auto")
    assert choice.device.type in ("cpu", "mps")
    assert choice.description.startswith(("CPU:", "GPU: Apple"))
    assert set(choice.stage_formats.values()) <= {"fp32", "fp16"}


def test_a_cpu_whose_bf16_is_slow_runs_everything_in_fp32():
    """The suite's CPU (tests/conftest.py): an AMD EPYC without AVX-512, bf16 measured 500x slower."""
    choice = choose_device("cpu")
    assert set(choice.stage_formats.values()) == {"fp32"} and choice.sam_encoder_dtype is None
    assert choice.description == f"CPU: {torch.get_num_threads()} threads (fp32)"
    assert choice.tags()["RESEG_PRECISION"] == "SAM encoder fp32, mask decoder fp32, CLIP fp32, text fp32 " \
                                               "(asked: auto)"
    for stage in STAGES:
        with choice.autocast(stage):
            assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32


@pytest.mark.parametrize("kind", NATIVE_BF16_KINDS)
def test_a_cpu_that_multiplies_bf16_faster_runs_every_stage_in_bf16_unless_fp32_is_asked(cpu_kind, kind):
    cpu_kind(kind)
    choice = choose_device("cpu")
    assert choice.stage_formats == dict.fromkeys(STAGES, "bf16")
    assert choice.sam_encoder_dtype == torch.bfloat16
    threads = torch.get_num_threads()
    assert choice.description == f"CPU: {threads} threads (bf16)"
    assert choice.tags() == {"RESEG_DEVICE": choice.description, "RESEG_PRECISION":
                             "SAM encoder bf16, mask decoder bf16, CLIP bf16, text bf16 (asked: auto)"}
    for stage in (MASK_DECODER, CLIP, TEXT):
        with choice.autocast(stage):
            assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.bfloat16
    with choice.autocast(SAM_ENCODER):  # the encoder runs a bf16 copy of its weights instead
        assert (torch.ones(2, 2) @ torch.ones(2, 2)).dtype == torch.float32
    forced = choose_device("cpu", "fp32")
    assert forced.sam_encoder_dtype is None and forced.description == f"CPU: {threads} threads (fp32)"
    assert forced.tags()["RESEG_PRECISION"] == "SAM encoder fp32, mask decoder fp32, CLIP fp32, text fp32 " \
                                               "(asked: fp32)"


def test_each_stage_runs_in_the_format_its_own_measurement_favours(cpu_kind):
    """bf16 where it multiplies the stage's matrices at least BF16_MARGIN times faster than fp32."""
    cpu_kind("zen4-avx512-bf16", rates=((150, 400), (150, 150 * BF16_MARGIN), (150, 186), (150, 90)))
    choice = choose_device("cpu")
    assert choice.stage_formats == {"SAM encoder": "bf16", "mask decoder": "bf16", "CLIP": "fp32",
                                    "text": "fp32"}
    assert choice.description == f"CPU: {torch.get_num_threads()} threads (SAM encoder bf16, mask decoder " \
                                 "bf16, CLIP fp32, text fp32)"
    assert choice.tags(with_sam=False)["RESEG_PRECISION"] == "CLIP fp32, text fp32 (asked: auto)"


def test_a_stage_the_accuracy_guard_holds_to_fp32_stays_fp32_however_fast_bf16_is():
    rates = {stage: {"fp32": 100.0, "bf16": 1000.0} for stage in STAGES}
    assert set(format_speeds.faster_formats(rates).values()) == {"bf16"}
    held = format_speeds.faster_formats(rates, fp32_only=frozenset({MASK_DECODER}))
    assert held == {**dict.fromkeys(STAGES, "bf16"), MASK_DECODER: "fp32"}


def test_bf16_can_be_asked_on_any_cpu_and_runs_every_stage_in_it():
    choice = choose_device("cpu", "bf16")  # even where the measurement finds it slow
    assert choice.stage_formats == dict.fromkeys(STAGES, "bf16") and choice.asked == "bf16"
    assert choice.tags()["RESEG_PRECISION"].endswith("text bf16 (asked: bf16)")


@pytest.mark.parametrize("kind", sorted(CPU_KINDS))
def test_fp32_is_the_same_choice_on_every_cpu_kind(cpu_kind, kind):
    cpu_kind(kind)
    choice = choose_device("cpu", "fp32")
    assert (choice.sam_encoder_dtype, set(choice.stage_formats.values())) == (None, {"fp32"})


def test_the_cpu_flags_are_read_from_cpuinfo(tmp_path):
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nmodel name\t: a CPU\nflags\t\t: fpu avx512_bf16\n\nprocessor\t: 1\n")
    assert cpu_features.cpu_flags(str(cpuinfo)) == {"fpu", "avx512_bf16"}
    assert cpu_features.cpu_model(str(cpuinfo)) == "a CPU"
    assert cpu_features.cpu_flags(str(tmp_path / "missing")) == frozenset()


def test_the_cpu_kinds_are_told_apart_by_their_flags(cpu_kind):
    for kind in CPU_KINDS:
        cpu_kind(kind)
        assert bool(cpu_features.cpu_flags() & {"avx512_bf16", "amx_bf16"}) is (kind in NATIVE_BF16_KINDS)
        assert "avx2" in cpu_features.cpu_flags() and cpu_features.cpu_model() == CPU_KINDS[kind][0]


def test_the_rates_are_measured_once_per_machine_and_kept_in_the_model_cache(tmp_path, monkeypatch):
    monkeypatch.delenv(SPEEDS_VARIABLE)
    cache = tmp_path / "cache"
    rates = format_speeds.measured(cache)
    assert set(rates) == set(STAGES) and all(rates[stage][name] > 0 for stage in STAGES
                                             for name in format_speeds.FORMATS)
    kept = json.loads((cache / format_speeds.SPEEDS_FILE).read_text())
    assert kept == {format_speeds.machine_key(): rates}
    assert f"torch {torch.__version__}" in format_speeds.machine_key()
    # What is kept decides from then on: here a faster bf16, so auto runs bf16 without measuring again.
    fast_bf16 = {stage: {"fp32": 100.0, "bf16": 900.0} for stage in STAGES}
    (cache / format_speeds.SPEEDS_FILE).write_text(json.dumps({format_speeds.machine_key(): fast_bf16,
                                                                "another CPU": rates}))
    assert format_speeds.measured(cache) == fast_bf16
    assert choose_device("cpu", "auto", cache).stage_formats == dict.fromkeys(STAGES, "bf16")
    # A damaged file is measured past and replaced; a cache that cannot be written costs nothing.
    (cache / format_speeds.SPEEDS_FILE).write_text('{"broken')
    assert format_speeds.measured(cache) == rates
    assert json.loads((cache / format_speeds.SPEEDS_FILE).read_text()) == {format_speeds.machine_key(): rates}
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert format_speeds.measured(not_a_folder) == rates


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


MEASURE_AUTO = """
import json
from reseg_qgis.engine.hardware.devices import choose_device
print(json.dumps(choose_device("cpu", "auto").stage_formats))
"""


@pytest.mark.skipif(platform.machine().lower() not in ("x86_64", "amd64"), reason="x86-64 kernels")
def test_a_cpu_whose_bf16_kernels_are_slow_measures_so_and_runs_fp32(tmp_path):
    """Not faked: oneDNN and torch held to AVX2 multiply bf16 slower than fp32 (4x on a Zen 4 whose own
    kernels run it 2.5x faster; 500x on an EPYC without AVX-512); a fresh process measures that, and
    'auto' runs fp32."""
    variables = {"ONEDNN_MAX_CPU_ISA": "AVX2", "ATEN_CPU_CAPABILITY": "avx2", SPEEDS_VARIABLE: ""}
    result = run_python(MEASURE_AUTO, environment=variables)
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.splitlines()[-1]) == dict.fromkeys(STAGES, "fp32")
