"""Cancelling a run: a callable the caller polls, and the exception that ends the run."""

from __future__ import annotations

from collections.abc import Callable

Cancelled = Callable[[], bool]


class RunCancelled(RuntimeError):
    """The run was cancelled; nothing was written."""


def stop_if_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise RunCancelled("Cancelled; nothing was written.")
