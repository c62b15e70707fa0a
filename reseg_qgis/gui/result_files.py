"""The files a dock run writes and the layers that show them: automatic names in the output folder,
and layers of the project that show a file a run wrote over."""

from __future__ import annotations

import os
import re
from pathlib import Path

from qgis.core import QgsDataProvider, QgsProject, QgsRasterLayer, QgsVectorLayer

from ..engine.raster.run_files import sidecars
from ..processing_provider.segment_algorithm import statistics_path


def file_name_part(name: str) -> str:
    """A layer name as part of a file name: without characters file systems refuse."""
    cleaned = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "_", name).strip(" .")
    return cleaned or "raster"


def taken(path: Path) -> bool:
    """A file is there, or a file a run writes with it: its style, auxiliary file, polygons or areas."""
    beside = (*sidecars(path), Path(polygons_beside(str(path))), Path(statistics_path(str(path))))
    return any(candidate.exists() for candidate in (path, *beside))


def automatic_output(folder: str | os.PathLike, raster_name: str) -> Path:
    """``<folder>/<raster>_classes.tif``, numbered ``_2``, ``_3``, … when that name is taken."""
    stem = f"{file_name_part(raster_name)}_classes"
    path = Path(folder) / f"{stem}.tif"
    number = 2
    while taken(path):
        path = Path(folder) / f"{stem}_{number}.tif"
        number += 1
    return path


def same_file(first: str, second: str) -> bool:
    return os.path.normcase(os.path.realpath(first)) == os.path.normcase(os.path.realpath(second))


def loaded_layers(path: str) -> list[QgsRasterLayer | QgsVectorLayer]:
    """Layers of the project that show the file ``path`` (a raster, or any layer of a GeoPackage)."""
    shown = []
    for layer in QgsProject.instance().mapLayers().values():
        if isinstance(layer, QgsRasterLayer) and layer.providerType() == "gdal":
            source = layer.source()
        elif isinstance(layer, QgsVectorLayer) and layer.providerType() == "ogr":
            source = layer.source().split("|")[0]
        else:
            continue
        if same_file(source, path):
            shown.append(layer)
    return shown


def polygons_beside(raster: str) -> str:
    """The polygons' GeoPackage beside a classified raster: ``<name>.gpkg``."""
    return "TEMPORARY_OUTPUT" if raster == "TEMPORARY_OUTPUT" else str(Path(raster).with_suffix(".gpkg"))


def reload_layer(layer: QgsRasterLayer | QgsVectorLayer) -> None:
    """Show the file again after a run replaced it (by rename: the open dataset is the old file), with
    the legend of its new style file."""
    options = QgsDataProvider.ProviderOptions()
    options.transformContext = QgsProject.instance().transformContext()
    layer.setDataSource(layer.source(), layer.name(), layer.providerType(), options, True)
    layer.triggerRepaint()
