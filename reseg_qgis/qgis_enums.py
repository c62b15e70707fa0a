"""The QGIS enum members that QGIS 3.28–3.36 moved into ``Qgis`` (QGIS 4 keeps only the new names), with
the QGIS 3.22 names as the fallback. Looked up by name, so neither QGIS meets the other's."""

from __future__ import annotations

from qgis import core


def either(new: str, old: str):
    """``Qgis.<new>`` where this QGIS has it, else ``<old>`` of qgis.core (both dotted paths)."""
    for owner, path in ((core.Qgis, new), (core, old)):
        found = owner
        try:
            for name in path.split("."):
                found = getattr(found, name)
            return found
        except AttributeError:
            continue
    raise AttributeError(f"neither Qgis.{new} nor {old} in QGIS {core.Qgis.QGIS_VERSION}")


RASTER_LAYERS = either("LayerFilter.RasterLayer", "QgsMapLayerProxyModel.Filter.RasterLayer")
POLYGON_LAYERS = either("ProcessingSourceType.VectorPolygon", "QgsProcessing.SourceType.TypeVectorPolygon")
ADVANCED = either("ProcessingParameterFlag.Advanced", "QgsProcessingParameterDefinition.Flag.FlagAdvanced")
INTEGER = either("ProcessingNumberParameterType.Integer", "QgsProcessingParameterNumber.Type.Integer")
DOUBLE = either("ProcessingNumberParameterType.Double", "QgsProcessingParameterNumber.Type.Double")
