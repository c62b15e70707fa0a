"""Operations that some devices lack, run on the CPU for those devices only.

Apple's MPS backend misses some operations that the mask clean-up and painting use (reductions by
index, sorted searches). :func:`where_supported` runs an operation on the tensors' device and, where
the device has no kernel for it, on the CPU and back: one operation, not the whole run, leaves the
device. ``RESEG_HOST_OPS`` (comma-separated names) forces the CPU route, so it is tested on any
machine.
"""

from __future__ import annotations

import os
import warnings
from collections import Counter
from collections.abc import Callable

import torch

FORCED_ENV = "RESEG_HOST_OPS"
routed: Counter = Counter()  # operations sent to the CPU, by name


def _forced(name: str) -> bool:
    return name in {part.strip() for part in os.environ.get(FORCED_ENV, "").split(",")}


def where_supported(name: str, operation: Callable[..., torch.Tensor], *args, **kwargs) -> torch.Tensor:
    """``operation(*args, **kwargs)`` where its tensors are; on the CPU if that device lacks it."""
    device = next(a.device for a in args if isinstance(a, torch.Tensor))
    if not _forced(name):
        try:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*is in beta.*", category=UserWarning)
                return operation(*args, **kwargs)
        except NotImplementedError:
            if device.type != "mps":
                raise
    routed[name] += 1
    on_host = [a.to("cpu") if isinstance(a, torch.Tensor) else a for a in args]
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*is in beta.*", category=UserWarning)
        return operation(*on_host, **kwargs).to(device)
