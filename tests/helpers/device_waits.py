"""Counting what makes the host wait for the device: copies to the host, scalars read from tensors, and
operations whose output shape depends on the data (the host must learn it before going on).

On a CPU nothing waits, but the same calls are made as on a GPU, so the count is the same on every
machine: a budget that holds here holds on CUDA.
"""

from __future__ import annotations

from collections import Counter

import torch
from torch.overrides import TorchFunctionMode
from torch.utils._python_dispatch import TorchDispatchMode

# Python-level calls that hand tensor data to the host.
HOST_CALLS = {"cpu", "numpy", "tolist", "__array__"}
# Operators whose result the host must see (a scalar, a bool) or whose output shape depends on the data.
WAITING_OPS = {"aten._local_scalar_dense", "aten.nonzero", "aten.nonzero_static", "aten.masked_select",
               "aten.equal", "aten.allclose", "aten.unique_consecutive", "aten._unique", "aten._unique2",
               "aten.unique_dim", "aten.bincount", "aten.histc", "torchvision.nms"}


class _HostCalls(TorchFunctionMode):
    def __init__(self, counts: Counter) -> None:
        super().__init__()
        self.counts = counts

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = getattr(func, "__name__", "")
        if name in HOST_CALLS:
            self.counts[name] += 1
        elif name == "to" and _to_host(args, kwargs):
            self.counts["to(cpu)"] += 1
        return func(*args, **kwargs)


def _to_host(args, kwargs) -> bool:
    """``.to("cpu")`` written as such: a move to the host. (``.to(device)`` with the run's device, which
    is the CPU here, is a move to where the work is.)"""
    target = kwargs.get("device", next((a for a in args[1:] if isinstance(a, str)), None))
    return isinstance(target, str) and target.startswith("cpu")


class _WaitingOps(TorchDispatchMode):
    def __init__(self, counts: Counter) -> None:
        super().__init__()
        self.counts = counts

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        name = str(func.overloadpacket).replace("::", ".")
        if name in WAITING_OPS:
            self.counts[name] += 1
        elif name == "aten.index" and any(i is not None and i.dtype == torch.bool for i in args[1]):
            self.counts["index by a mask"] += 1
        elif name == "aten.repeat_interleave" and kwargs.get("output_size") is None and len(args) < 4:
            self.counts["repeat_interleave without output_size"] += 1
        return func(*args, **kwargs)


class DeviceWaits:
    """``with DeviceWaits() as waits: ...``; then ``waits.total`` and ``waits.counts`` by kind."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self._modes = (_HostCalls(self.counts), _WaitingOps(self.counts))

    def __enter__(self) -> DeviceWaits:
        for mode in self._modes:
            mode.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        for mode in reversed(self._modes):
            mode.__exit__(*exc)

    @property
    def total(self) -> int:
        return sum(self.counts.values())
