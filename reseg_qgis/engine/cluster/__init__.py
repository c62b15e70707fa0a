"""Runs on a Dask cluster: the panels of one raster as tasks, or one task per raster.

- ``connection``: a client of a running scheduler, or of a local cluster (``local:N``).
- ``worker_tasks``: what runs on a worker (a segmenter kept per worker process, the tasks).
- ``panel_files``: a panel's rows, written by a worker and read back by the client.
- ``runs``: the client's side: submitting, progress, retries, cancel, assembling the output.
"""
