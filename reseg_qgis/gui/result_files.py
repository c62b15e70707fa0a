"""The files a dock run writes and the layers that show them: automatic names in the output folder,
layers of the project that show a file a run wrote over, and what a run would replace that is not
its raster's own earlier result."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from osgeo import gdal
from qgis.core import QgsDataProvider, QgsProject, QgsRasterLayer, QgsVectorLayer

from ..engine.run_files import sidecars
from ..processing_provider.run_support import statistics_path


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


def unique_layer_name(name: str) -> str:
    """``name``, or ``name 2``, ``name 3``, … where the project has a layer of that name."""
    taken_names = {layer.name() for layer in QgsProject.instance().mapLayers().values()}
    candidate, number = name, 2
    while candidate in taken_names:
        candidate, number = f"{name} {number}", number + 1
    return candidate


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


@dataclass(frozen=True)
class Replaced:
    """Files a run would write over that are not its raster's earlier result."""

    path: Path  # the classified raster, or its polygons where only they are there
    source: str | None  # the raster those classes are of (RESEG_SOURCE); None: not a ReSeg result
    layers: tuple[str, ...]  # the project's layers that show them


def result_source(path: Path) -> str | None:
    """The file name of the raster a ReSeg result classified, from its metadata; None for another file."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        dataset = gdal.OpenEx(str(path))
        if dataset is None:
            return None
        source = dataset.GetMetadataItem("RESEG_SOURCE")
        if source is None and dataset.GetLayerCount():
            source = dataset.GetLayer(0).GetMetadataItem("RESEG_SOURCE")
        return source or None
    except RuntimeError:  # where GDAL raises instead of returning None
        return None
    finally:
        gdal.PopErrorHandler()


def replaced_by(output: str, raster: QgsRasterLayer, polygons: str | None) -> Replaced | None:
    """What classifying ``raster`` into ``output`` (and ``polygons``) would write over, unless it is
    only this raster's earlier result (a re-run, as with another class list)."""
    if output == "TEMPORARY_OUTPUT":
        return None
    there = [Path(path) for path in (output, polygons) if path and Path(path).exists()]
    if not there:
        return None
    source = result_source(there[0])
    if source is not None and source == Path(raster.source().split("|")[0]).name:
        return None
    layers = tuple(layer.name() for path in there for layer in loaded_layers(str(path)))
    return Replaced(there[0], source, layers)
