"""The first line of a failed install says what to do, read from uv's and pip's own words."""

from __future__ import annotations

import pytest

from reseg_qgis.runtime import install_advice as advice
from reseg_qgis.runtime.install_advice import package_advice

UV_NO_DNS = """error: Request failed after 3 retries
  Caused by: Failed to fetch: `https://download.pytorch.org/whl/cpu/torch/`
  Caused by: error sending request for url (https://download.pytorch.org/whl/cpu/torch/)
  Caused by: client error (Connect)
  Caused by: dns error: failed to lookup address information: Name or service not known"""
UV_UNTRUSTED = """error: Failed to fetch: `https://pypi.org/simple/numpy/`
  Caused by: error sending request for url (https://pypi.org/simple/numpy/)
  Caused by: client error (Connect)
  Caused by: invalid peer certificate: UnknownIssuer"""
UV_PROXY_LOGIN = """error: Failed to fetch: `https://mirror.example.org/simple/torch/`
  Caused by: HTTP status client error (407 Proxy Authentication Required) for url"""
UV_NO_VERSION = """  × No solution found when resolving dependencies:
  ╰─▶ Because there is no version of torch==2.13.0 and you require torch==2.13.0, we can conclude that your
      requirements are unsatisfiable."""
UV_NOT_IN_FOLDER = """  × No solution found when resolving dependencies:
  ╰─▶ Because open-clip-torch was not found in the provided package locations and you require
      open-clip-torch==3.2.0, we can conclude that your requirements are unsatisfiable."""
PIP_NO_NETWORK = """WARNING: Retrying (Retry(total=4)) after connection broken by 'NewConnectionError(\
'<HTTPS>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': \
/simple/torch/
ERROR: Could not find a version that satisfies the requirement torch==2.13.0 (from versions: none)
ERROR: No matching distribution found for torch==2.13.0"""
PIP_NO_WHEEL = """ERROR: Could not find a version that satisfies the requirement segment-anything==1.0 \
(from versions: none)
ERROR: No matching distribution found for segment-anything==1.0"""
UV_DISK = """error: Failed to install: torch-2.13.0-cp312-cp312-manylinux_2_28_x86_64.whl (torch==2.13.0)
  Caused by: failed to write to file `/home/u/.local/share/reseg/env/lib/libtorch_cpu.so`: No space \
left on device (os error 28)"""


@pytest.mark.parametrize(("output", "template", "values"), [
    (UV_NO_DNS, advice.UNREACHABLE, {"index": "PyTorch's package index"}),
    (UV_UNTRUSTED, advice.UNTRUSTED, {"index": "PyPI"}),
    (UV_PROXY_LOGIN, advice.PROXY_LOGIN, {}),
    (UV_NO_VERSION, advice.NOT_FOUND, {"package": "torch==2.13.0"}),
    (UV_NOT_IN_FOLDER, advice.NOT_FOUND, {"package": "open-clip-torch"}),
    (PIP_NO_NETWORK, advice.UNREACHABLE, {"index": "The package index"}),  # the cause, not what follows
    (PIP_NO_WHEEL, advice.NOT_FOUND, {"package": "segment-anything==1.0"}),
    (UV_DISK, advice.DISK_FULL, {}),
    ("error: something no one foresaw", advice.NETWORK_OR_WHEELS, {}),
])
def test_the_advice_fits_the_failure(output, template, values):
    assert package_advice(output.splitlines()) == (template, values)
    first = template.format(**values)
    assert "\n" not in first and first.endswith(".")


def test_the_first_line_names_the_index_that_cannot_be_reached():
    template, values = package_advice(UV_NO_DNS.splitlines())
    assert template.format(**values).startswith(
        "PyTorch's package index cannot be reached: set a proxy (QGIS ▸ Settings ▸ Options ▸ Network), a "
        "mirror or a folder of wheels in Install options")
