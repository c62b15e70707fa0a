"""ReSeg: open-vocabulary segmentation of remote-sensing rasters, as a QGIS plugin.

``reseg_qgis.engine`` is the QGIS-free engine; everything else is the QGIS side. Importing this
package loads neither QGIS nor torch, so the engine's command line starts without them.
"""


def classFactory(iface):  # noqa: N802 (QGIS's name)
    from .plugin import ResegPlugin

    return ResegPlugin(iface)
