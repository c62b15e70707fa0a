"""The torch build chosen from what a stub ``nvidia-smi`` on PATH says."""

from __future__ import annotations

import os
import stat

import pytest

from reseg_qgis.runtime.torch_builds import choose_torch_build, probe_nvidia

HEADER = """+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI {driver}              Driver Version: {driver}      CUDA Version: {cuda}     |
|-----------------------------------------+------------------------+----------------------+
"""


@pytest.fixture
def nvidia_smi(tmp_path, monkeypatch):
    """Puts a stub nvidia-smi first on PATH; call it with what it should print, or fail with."""
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")

    def install(driver: str | None = None, cuda: str | None = None, fail: str | None = None) -> None:
        script = tmp_path / "nvidia-smi"
        if fail:
            body = f"cat <<'EOF'\n{fail}\nEOF\nexit 9\n"
        else:
            header = HEADER.format(driver=driver, cuda=cuda)
            body = (f'if [ "$#" -gt 0 ]; then echo "NVIDIA RTX A4000, 16376 MiB, {driver}"; '
                    f"else cat <<'EOF'\n{header}EOF\nfi\n")
        script.write_text("#!/bin/sh\n" + body)
        script.chmod(script.stat().st_mode | stat.S_IXUSR)

    return install


@pytest.mark.parametrize(("driver", "cuda", "build"), [
    ("580.95.05", "13.0", "cu130"),
    ("575.57.08", "12.9", "cu128"),
    ("570.124.06", "12.8", "cu128"),
    ("560.35.03", "12.6", "cu126"),
    ("535.230.02", "12.2", "cpu"),  # too old for torch's CUDA builds
])
def test_the_newest_cuda_build_the_driver_runs(nvidia_smi, driver, cuda, build):
    nvidia_smi(driver, cuda)
    probe = probe_nvidia()
    assert probe.gpus == ["NVIDIA RTX A4000, 16376 MiB"] and probe.driver == driver
    chosen = choose_torch_build(probe, system="linux")
    assert chosen.name == build
    if build == "cpu":
        assert "Update the NVIDIA driver" in chosen.reason and "12.2" in chosen.reason
        assert chosen.index_url == "https://download.pytorch.org/whl/cpu"
    else:
        assert "RTX A4000" in chosen.reason and chosen.index_url.endswith(f"/whl/{build}")


def test_no_nvidia_smi_gives_the_cpu_build(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    probe = probe_nvidia()
    assert probe.gpus == [] and probe.command is None
    assert choose_torch_build(probe, system="linux").name == "cpu"


def test_a_failing_nvidia_smi_gives_the_cpu_build_and_says_why(nvidia_smi):
    nvidia_smi(fail="NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")
    chosen = choose_torch_build(probe_nvidia(), system="linux")
    assert chosen.name == "cpu" and "couldn't communicate with the NVIDIA driver" in chosen.reason


def test_macos_takes_the_default_wheels_and_a_choice_overrides(nvidia_smi):
    nvidia_smi("580.95.05", "13.0")
    probe = probe_nvidia()
    assert choose_torch_build(probe, system="darwin").name == "default"
    assert choose_torch_build(probe, requested="cpu", system="linux").name == "cpu"
    assert choose_torch_build(probe, requested="cu126", system="win32").name == "cu126"
    with pytest.raises(ValueError, match="cu999"):
        choose_torch_build(probe, requested="cu999")
