"""The engine's own Python environment and its worker process, managed from QGIS's Python.

Where the environment lives, which torch build fits this machine, getting uv, creating and checking
the environment, and the client of the worker process. Plain standard-library Python: it imports
neither QGIS nor torch, so it runs in QGIS's Python and is tested with pytest alone.
"""
