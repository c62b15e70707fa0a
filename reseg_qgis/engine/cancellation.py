"""Cancelling a run: a callable the caller polls, and the exception that ends the run."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator

Cancelled = Callable[[], bool]


class RunCancelled(RuntimeError):
    """The run was cancelled; nothing was written."""


def stop_if_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise RunCancelled("Cancelled; nothing was written.")


@contextlib.contextmanager
def checked_in(modules: Iterable, cancelled: Cancelled | None) -> Iterator[None]:
    """While inside, each of ``modules`` (torch modules) checks ``cancelled`` before it runs, so a cancel
    ends a long forward pass within one of them (a block of SAM's encoder, a batch of its decoder, a
    block of CLIP) instead of at its end, which on a CPU can be a minute away."""
    if cancelled is None:
        yield
        return
    handles = [module.register_forward_pre_hook(lambda module, args: stop_if_cancelled(cancelled))
               for module in modules]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()
