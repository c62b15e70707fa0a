"""The engine as the QGIS plugin's worker process: the message protocol both sides speak, the loop
that serves requests (``python -m reseg_qgis.engine worker``), and the environment self-check.

``protocol`` is plain Python, so QGIS's Python imports it without torch.
"""
