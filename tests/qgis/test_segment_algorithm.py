"""``reseg:segment`` through Processing on real QGIS, with tiny models from the model cache."""

from __future__ import annotations

import processing
import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingModelAlgorithm,
    QgsProcessingModelChildAlgorithm,
    QgsProcessingModelChildParameterSource,
    QgsProcessingModelOutput,
    QgsProcessingModelParameter,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProject,
    QgsRasterLayer,
)

from reseg_qgis.engine_session import engine_session
from reseg_qgis.plugin_settings import PluginSettings
from tests.helpers.rasters import LANDSAT_RGB, make_raster
from tests.qgis.conftest import TINY_CLIP, TINY_SAM

CLASSES = "water; land, island; cloud"
FAST = {"CLIP_MODEL": TINY_CLIP, "USE_SAM": False, "WINDOW": 64, "OVERLAP": 32}


def run(parameters, **kwargs):
    return processing.run("reseg:segment", {"INPUT": str(LANDSAT_RGB), "CLASSES": CLASSES, **FAST,
                                            **parameters}, **kwargs)


def test_output_has_the_inputs_grid_and_a_legend_of_the_prompts(reseg_provider, tmp_path):
    result = run({"OUTPUT": str(tmp_path / "classes.tif"), "CONFIDENCE": str(tmp_path / "confidence.tif")})
    given, made = QgsRasterLayer(str(LANDSAT_RGB)), QgsRasterLayer(result["OUTPUT"])
    assert made.isValid() and made.crs() == given.crs() and made.extent() == given.extent()
    assert made.renderer().type() == "paletted"
    assert [c.label for c in made.renderer().classes()] == ["water", "land, island", "cloud"]
    assert QgsRasterLayer(result["CONFIDENCE"]).isValid()


def test_window_defaults_come_from_the_clip_model(reseg_provider, tmp_path):
    import json

    import rasterio

    defaults = {"WINDOW": 0, "OVERLAP": -1}  # the algorithm's defaults: the model's size, half of it
    assert {name: reseg_provider.algorithm("segment").parameterDefinition(name).defaultValue()
            for name in defaults} == defaults
    result = run({**defaults, "OUTPUT": str(tmp_path / "classes.tif")})
    with rasterio.open(result["OUTPUT"]) as made:
        settings = json.loads(made.tags()["RESEG_SETTINGS"])
    assert (settings["window"], settings["overlap"]) == (64, 32)  # the tiny CLIP's 64 px input


def test_loaded_results_get_the_legend_from_the_post_processor(reseg_provider, tmp_path):
    project = QgsProject.instance()
    project.removeAllMapLayers()
    result = processing.runAndLoadResults("reseg:segment", {
        "INPUT": str(LANDSAT_RGB), "CLASSES": CLASSES, **FAST, "COLORS": "cloud=#ffffff",
        "OUTPUT": str(tmp_path / "loaded.tif")})
    QgsApplication.processEvents()
    layers = [layer for layer in project.mapLayers().values() if layer.source() == result["OUTPUT"]]
    assert len(layers) == 1
    renderer = layers[0].renderer()
    assert [c.label for c in renderer.classes()] == ["water", "land, island", "cloud"]
    assert renderer.classes()[2].color.name() == "#ffffff"
    project.removeAllMapLayers()


def test_sam_regions_on_an_extent(reseg_provider, tmp_path):
    result = run({"SAM_MODEL": TINY_SAM, "USE_SAM": True, "EXTENT": pixel_extent(100, 100, 96),
                  "PRESET": "quality", "OUTPUT": str(tmp_path / "sam.tif")})
    made, given = QgsRasterLayer(result["OUTPUT"]), QgsRasterLayer(str(LANDSAT_RGB))
    assert (made.width(), made.height()) == (96, 96)
    expected = given.extent().xMinimum() + 100 * given.rasterUnitsPerPixelX()
    assert made.extent().xMinimum() == pytest.approx(expected)


def pixel_extent(column: int, row: int, size: int) -> str:
    """An extent string covering ``size`` x ``size`` pixels of the Landsat sample from (column, row)."""
    layer = QgsRasterLayer(str(LANDSAT_RGB))
    x0 = layer.extent().xMinimum() + column * layer.rasterUnitsPerPixelX()
    y1 = layer.extent().yMaximum() - row * layer.rasterUnitsPerPixelY()
    x1, y0 = x0 + size * layer.rasterUnitsPerPixelX(), y1 - size * layer.rasterUnitsPerPixelY()
    return f"{x0},{x1},{y0},{y1} [EPSG:32618]"


def test_a_batch_loads_the_models_once(reseg_provider, tmp_path):
    second = make_raster(tmp_path / "second.tif", height=64, width=80)
    for index, (source, extent) in enumerate([(LANDSAT_RGB, pixel_extent(300, 300, 64)), (second, None)]):
        run({"INPUT": str(source), "EXTENT": extent, "SAM_MODEL": TINY_SAM, "USE_SAM": True,
             "PRESET": "quality", "OUTPUT": str(tmp_path / f"out{index}.tif")})
    loads = engine_session(PluginSettings.load().cache_dir).pool.loads
    assert loads[TINY_CLIP] == 1 and loads[TINY_SAM] == 1


def test_graphical_model(reseg_provider, tmp_path):
    model = QgsProcessingModelAlgorithm("Classify scene", "ReSeg tests")
    model.addModelParameter(QgsProcessingParameterRasterLayer("scene", "Scene"),
                            QgsProcessingModelParameter("scene"))
    model.addModelParameter(QgsProcessingParameterString("classes", "Classes", multiLine=True),
                            QgsProcessingModelParameter("classes"))
    child = QgsProcessingModelChildAlgorithm("reseg:segment")
    child.setChildId("segment")
    for name, source in (("INPUT", "scene"), ("CLASSES", "classes")):
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromModelParameter(source)])
    for name, value in FAST.items():
        child.addParameterSources(name, [QgsProcessingModelChildParameterSource.fromStaticValue(value)])
    output = QgsProcessingModelOutput("classified", "Classified")
    output.setChildOutputName("OUTPUT")
    child.setModelOutputs({"classified": output})
    model.addChildAlgorithm(child)
    model.addModelParameter(QgsProcessingParameterRasterDestination("segment:classified", "Classified"),
                            QgsProcessingModelParameter("segment:classified"))
    result = processing.run(model, {"scene": str(LANDSAT_RGB), "classes": "sea; land",
                                    "segment:classified": str(tmp_path / "model.tif")})
    made = QgsRasterLayer(result["segment:classified"])
    assert [c.label for c in made.renderer().classes()] == ["sea", "land"]


def test_missing_weights_name_the_models_and_the_way_out(reseg_provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="OpenAI CLIP ViT-B/16 .openai-vit-b-16, 599 MB.*import"):
        run({"CLIP_MODEL": "default", "PRESET": "fast", "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


def serve_openai_b16(server, monkeypatch, data: bytes, size: int):
    """Point the registry entry of OpenAI ViT-B/16 at a loopback URL serving ``data``."""
    from dataclasses import replace

    from reseg_qgis.engine.weights import registry


    spec = replace(registry.MODELS["openai-vit-b-16"], url=server.add("/ViT-B-16.pt", data), size=size)
    monkeypatch.setitem(registry.MODELS, spec.name, spec)
    return spec


def test_a_failed_download_says_what_to_fetch(reseg_provider, tmp_path, file_server, monkeypatch):
    spec = serve_openai_b16(file_server, monkeypatch, b"not the published weights", size=25)
    fetch = f"does not match.*Files to fetch: openai-vit-b-16: {spec.url}"
    with pytest.raises(QgsProcessingException, match=fetch):
        run({"CLIP_MODEL": "default", "PRESET": "fast", "ALLOW_DOWNLOAD": True,
             "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


class CancelDuringDownload(QgsProcessingFeedback):
    def setProgressText(self, text):  # noqa: N802 (QGIS's name)
        super().setProgressText(text)
        if "Downloading" in text:
            self.cancel()


def test_cancelling_a_download_is_a_cancel_not_an_error(reseg_provider, tmp_path, file_server, monkeypatch):
    serve_openai_b16(file_server, monkeypatch, bytes(4 << 20), size=4 << 20)
    result = run({"CLIP_MODEL": "default", "PRESET": "fast", "ALLOW_DOWNLOAD": True,
                  "OUTPUT": str(tmp_path / "o.tif")}, feedback=CancelDuringDownload())
    assert result.get("OUTPUT") is None and not (tmp_path / "o.tif").exists()


def test_bad_class_lists_are_caught_before_running(reseg_provider, tmp_path):
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("reseg:segment")
    context = QgsProcessingContext()
    ok, message = algorithm.checkParameterValues({"INPUT": str(LANDSAT_RGB), "CLASSES": "water; Water",
                                                  "OUTPUT": str(tmp_path / "o.tif")}, context)
    assert not ok and "appears in classes 1 and 2" in message
    ok, message = algorithm.checkParameterValues({"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                                  "WINDOW": 64, "OVERLAP": 112,
                                                  "OUTPUT": str(tmp_path / "o.tif")}, context)
    assert not ok and "must be smaller than the window (64 px)" in message
    ok, message = algorithm.checkParameterValues({"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                                  "BANDS": [1, 2], "OUTPUT": str(tmp_path / "o.tif")},
                                                 context)
    assert not ok and "not 2" in message


class CancelAfterFirstProgress(QgsProcessingFeedback):
    def setProgress(self, progress):  # noqa: N802 (QGIS's name)
        super().setProgress(progress)
        if progress > 0:
            self.cancel()


def test_cancel_writes_nothing(reseg_provider, tmp_path):
    result = run({"OUTPUT": str(tmp_path / "cancelled.tif")}, feedback=CancelAfterFirstProgress())
    assert result.get("OUTPUT") is None
    assert list(tmp_path.iterdir()) == []


def test_missing_python_packages_say_how_to_install_them(reseg_provider, tmp_path, monkeypatch):
    from reseg_qgis import dependencies
    from reseg_qgis.processing_provider import segment_algorithm

    monkeypatch.setattr(dependencies.importlib.util, "find_spec",
                        lambda name: None if name in ("torch", "open_clip") else object())
    assert dependencies.missing_packages() == ["torch", "open_clip_torch"]
    monkeypatch.setattr(segment_algorithm, "missing_packages", dependencies.missing_packages)
    with pytest.raises(QgsProcessingException, match="pip install torch open_clip_torch"):
        run({"OUTPUT": str(tmp_path / "o.tif")})
