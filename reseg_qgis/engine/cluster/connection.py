"""A Dask client: of a running scheduler given by its address, or of ``local:N``, a cluster of N
worker processes on this machine that lives as long as the run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..malloc_tuning import MALLOC_TUNING
from ..translatable import ResegError

LOCAL = "local:"
SPAWN_ENVIRONMENT = "distributed.nanny.pre-spawn-environ"
TORCH_THREADS = "RESEG_TORCH_THREADS"  # CPU threads of the models in a worker (Dask sets OMP's to 1)
REQUIREMENTS = Path(__file__).resolve().parents[2] / "runtime" / "requirements-cluster.txt"


class ClusterError(ResegError):
    """A cluster run that cannot start, or a panel or raster that failed for good."""


def distributed_module():
    """Dask distributed, or a :class:`ClusterError` that says how to install it."""
    try:
        import distributed
    except ImportError as error:
        raise ClusterError("Running on a Dask cluster needs the packages of {requirements} in this Python "
                           "environment and on every worker: python -m pip install -r {requirements}",
                           requirements=str(REQUIREMENTS)) from error
    return distributed


def dask_config():
    import dask

    return dask.config


def worker_environment() -> dict:
    """What a worker process starts with: Dask's settings, but glibc keeping large freed blocks, as
    the engine's own processes do (Dask's small trim threshold makes every big array fault anew)."""
    return {**dask_config().get(SPAWN_ENVIRONMENT, {}), **MALLOC_TUNING}


def local_workers(address: str) -> int | None:
    """N of ``local:N``; None for a scheduler's address."""
    if not address.startswith(LOCAL):
        return None
    count = address[len(LOCAL):]
    if not count.isdigit() or int(count) < 1:
        raise ClusterError("{address!r}: write local:N with N worker processes, e.g. local:2.",
                           address=address)
    return int(count)


@contextmanager
def connected(address: str, timeout: float = 30.0) -> Iterator:
    """A ``distributed.Client`` of ``address``; a local cluster is closed afterwards."""
    distributed = distributed_module()
    workers = local_workers(address)
    if workers is not None:
        # One task at a time per worker process; torch shares the cores among the workers.
        threads = str(max(1, (os.cpu_count() or 1) // workers))
        with dask_config().set({SPAWN_ENVIRONMENT: worker_environment()}):
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                               dashboard_address=":0", env={TORCH_THREADS: threads})
        with cluster, distributed.Client(cluster) as client:
            yield client
        return
    try:
        client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError) as error:
        raise ClusterError("Cannot reach the Dask scheduler at {address} ({cause}). Start one with 'dask "
                           "scheduler' and workers with 'dask worker {address}', or use local:N.",
                           address=address, cause=str(error)) from error
    with client:
        yield client


def dashboard(client) -> str | None:
    """The dashboard's address, when the scheduler serves one (its pages need bokeh there)."""
    services = client.scheduler_info().get("services", {})
    return client.dashboard_link if "dashboard" in services else None
