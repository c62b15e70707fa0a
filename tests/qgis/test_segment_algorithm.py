"""``reseg:segment`` through Processing on real QGIS, with tiny models from the model cache, run by
the worker in the engine's own Python."""

from __future__ import annotations

import importlib.abc
import json
import os
import signal
import sys
from dataclasses import asdict

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
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProject,
    QgsRasterLayer,
)

from reseg_qgis import worker_session
from reseg_qgis.engine.weights.registry import MODELS
from reseg_qgis.engine.worker import protocol
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.runtime.locations import (
    DATA_ENV,
    STATE_FILE,
    WORKER_PYTHON_ENV,
    environment_dir,
    platform_tag,
)
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.gdal_rasters import make_raster, written_palette
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

    from osgeo import gdal

    defaults = {"WINDOW": 0, "OVERLAP": -1}  # the algorithm's defaults: the model's size, half of it
    assert {name: reseg_provider.algorithm("segment").parameterDefinition(name).defaultValue()
            for name in defaults} == defaults
    result = run({**defaults, "OUTPUT": str(tmp_path / "classes.tif")})
    settings = json.loads(gdal.Open(result["OUTPUT"]).GetMetadata()["RESEG_SETTINGS"])
    assert (settings["window"], settings["overlap"]) == (64, 32)  # the tiny CLIP's 64 px input


def test_precision_comes_from_the_settings_or_the_parameter_and_is_named_in_the_metadata(reseg_provider,
                                                                                         tmp_path):
    from osgeo import gdal

    assert reseg_provider.algorithm("segment").parameterDefinition("PRECISION").defaultValue() == "auto"
    settings = PluginSettings.load()
    settings.precision = "fp32"
    settings.save()
    fresh = reseg_provider.algorithm("segment").create()  # as the Toolbox makes it, once the settings change
    assert fresh.parameterDefinition("PRECISION").defaultValue() == "fp32"
    result = run({"PRECISION": "fp32", "OUTPUT": str(tmp_path / "classes.tif")})
    metadata = gdal.Open(result["OUTPUT"]).GetMetadata()
    assert metadata["RESEG_PRECISION"] == "CLIP fp32, text fp32 (asked: fp32)"  # no SAM ran
    assert metadata["RESEG_DEVICE"].startswith("CPU: ") and metadata["RESEG_DEVICE"].endswith("(fp32)")
    with pytest.raises(QgsProcessingException, match="fp16 runs on GPUs only; use 'auto', 'fp32' or 'bf16'"):
        run({"PRECISION": "fp16", "OUTPUT": str(tmp_path / "half.tif")})
    assert not (tmp_path / "half.tif").exists()


def test_loaded_results_get_the_legend_from_the_post_processor(reseg_provider, layer_tree_view, tmp_path):
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


def test_one_parse_and_one_palette_from_the_run_to_the_loaded_legend(reseg_provider, layer_tree_view,
                                                                    class_list_parses, tmp_path):
    """Processing's check parses the class list; the worker's parse gives the declared class names and
    the palette written with the file, which the loaded layers show."""
    project = QgsProject.instance()
    project.removeAllMapLayers()
    result = processing.runAndLoadResults("reseg:segment", {
        "INPUT": str(LANDSAT_RGB), "CLASSES": CLASSES, **FAST, "COLORS": "cloud=#ffffff",
        "OUTPUT": str(tmp_path / "loaded.tif"), "VECTOR": str(tmp_path / "loaded.gpkg")})
    QgsApplication.processEvents()
    assert class_list_parses == [CLASSES]
    algorithm = reseg_provider.algorithm("segment")
    assert algorithm.outputDefinition("CLASS_NAMES").type() == "outputString"
    names = json.loads(result["CLASS_NAMES"])
    assert names == ["water", "land, island", "cloud"]
    written = written_palette(result["OUTPUT"])
    assert [name for _, name, _ in written] == names and written[2] == (3, "cloud", "#ffffff")
    layers = {layer.source().split("|")[0]: layer for layer in project.mapLayers().values()}
    raster, polygons = layers[result["OUTPUT"]], layers[result["VECTOR"]]
    assert [(int(c.value), c.label, c.color.name()) for c in raster.renderer().classes()] == written
    assert [(int(c.value()), c.label(), c.symbol().color().name())
            for c in polygons.renderer().categories()] == written
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


def test_a_batch_loads_the_models_once_in_one_worker(reseg_provider, tmp_path):
    worker_session.stop()  # a fresh worker, so its counts are this batch's
    second = make_raster(tmp_path / "second.tif", height=64, width=80)
    for index, (source, extent) in enumerate([(LANDSAT_RGB, pixel_extent(300, 300, 64)), (second, None)]):
        run({"INPUT": str(source), "EXTENT": extent, "SAM_MODEL": TINY_SAM, "USE_SAM": True,
             "PRESET": "quality", "OUTPUT": str(tmp_path / f"out{index}.tif")})
    client = worker_session.client()
    status = client.request(protocol.STATUS)
    assert status["model_loads"] == {TINY_CLIP: 1, TINY_SAM: 1} and status["runs"] == 2
    assert client.starts == 1


class StageFeedback(QgsProcessingFeedback):
    def __init__(self):
        super().__init__()
        self.events = []

    def setProgressText(self, text):  # noqa: N802 (QGIS's name)
        super().setProgressText(text)
        self.events.append(("text", text))

    def setProgress(self, progress):  # noqa: N802 (QGIS's name)
        super().setProgress(progress)
        self.events.append(("progress", progress))

    def show_counts(self, text):  # as the panel's feedback: every count, live
        self.events.append(("counts", text))


def test_progress_follows_the_stages_and_moves_while_sam_works(reseg_provider, tmp_path):
    feedback = StageFeedback()
    run({"SAM_MODEL": TINY_SAM, "USE_SAM": True, "PRESET": "quality", "EXTENT": pixel_extent(200, 200, 128),
         "OUTPUT": str(tmp_path / "o.tif")}, feedback=feedback)
    texts = [text for kind, text in feedback.events if kind == "text"]  # Processing logs each
    assert texts == ["Loading the models", "Embedding the class names", "SAM regions 0/16", "Writing"]
    counts = [text for kind, text in feedback.events if kind == "counts"]  # 16 windows of 64 px, SAM on each
    assert "SAM regions 1/16" in counts and counts[-2] == "SAM regions 16/16 · CLIP windows 16/16"
    done = [[int(part.split()[-1].split("/")[0]) for part in text.split(" · ")] for text in counts
            if text.startswith("SAM regions")]
    assert all(a <= b for earlier, later in zip(done, done[1:]) for a, b in zip(earlier, later))  # only up
    first_clip = next(i for i, (kind, text) in enumerate(feedback.events)
                      if kind == "counts" and "CLIP windows" in text)
    progress_before = [value for kind, value in feedback.events[:first_clip] if kind == "progress"]
    assert progress_before and max(progress_before) > 0  # the bar moved during the SAM regions
    values = [value for kind, value in feedback.events if kind == "progress"]
    assert values == sorted(values) and values[-1] == 100


ENGINE_LIBRARIES = ("torch", "open_clip", "segment_anything", "rasterio", "torchvision", "scipy")


class ImportRecorder(importlib.abc.MetaPathFinder):
    """Notes every attempt to import one of the engine's libraries, even one a try/except hides."""

    def __init__(self):
        self.attempts = []

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ENGINE_LIBRARIES:
            self.attempts.append(name)
        return None


def test_qgis_never_imports_the_engines_libraries(reseg_provider, tmp_path):
    recorder = ImportRecorder()
    sys.meta_path.insert(0, recorder)
    try:
        run({"OUTPUT": str(tmp_path / "o.tif")})
        run({"SAM_MODEL": TINY_SAM, "USE_SAM": True, "PRESET": "quality",
             "EXTENT": pixel_extent(300, 300, 64), "OUTPUT": str(tmp_path / "sam.tif")})
    finally:
        sys.meta_path.remove(recorder)
    assert recorder.attempts == []
    assert not [name for name in ENGINE_LIBRARIES if name in sys.modules]


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
    model.updateDestinationParameters()  # as the modeler does: the model's output, named by QGIS
    (destination,) = model.destinationParameterDefinitions()  # 3.22: segment:classified; 3.40: classified
    result = processing.run(model, {"scene": str(LANDSAT_RGB), "classes": "sea; land",
                                    destination.name(): str(tmp_path / "model.tif")})
    assert result[destination.name()] == str(tmp_path / "model.tif")
    made = QgsRasterLayer(result[destination.name()])
    assert [c.label for c in made.renderer().classes()] == ["sea", "land"]


def test_missing_weights_name_the_models_and_the_way_out(reseg_provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="OpenAI CLIP ViT-B/16 .openai-vit-b-16, 599 MB.*import"):
        run({"CLIP_MODEL": "default", "PRESET": "fast", "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


def test_a_failed_download_says_what_to_fetch(registry_worker, reseg_provider, file_server, tmp_path):
    url = file_server.add("/ViT-B-16.pt", b"not the published weights")
    registry_worker({"openai-vit-b-16": {**asdict(MODELS["openai-vit-b-16"]), "url": url, "size": 25}})
    fetch = f"does not match.*Files to fetch: openai-vit-b-16: {url}"
    with pytest.raises(QgsProcessingException, match=fetch):
        run({"CLIP_MODEL": "default", "PRESET": "fast", "ALLOW_DOWNLOAD": True,
             "OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


class CancelDuringDownload(QgsProcessingFeedback):
    def setProgressText(self, text):  # noqa: N802 (QGIS's name)
        super().setProgressText(text)
        if "Downloading" in text:
            self.cancel()


def test_cancelling_a_download_is_a_cancel_not_an_error(registry_worker, reseg_provider, file_server,
                                                         tmp_path):
    url = file_server.add("/ViT-B-16.pt", bytes(8 << 20), pace=0.2)
    registry_worker({"openai-vit-b-16": {**asdict(MODELS["openai-vit-b-16"]), "url": url, "size": 8 << 20}})
    result = run({"CLIP_MODEL": "default", "PRESET": "fast", "ALLOW_DOWNLOAD": True,
                  "OUTPUT": str(tmp_path / "o.tif")}, feedback=CancelDuringDownload())
    assert result.get("OUTPUT") is None and not (tmp_path / "o.tif").exists()


def test_a_worker_killed_mid_run_is_an_error_leaves_nothing_and_the_next_run_works(reseg_provider, tmp_path):
    class KillOnProgress(QgsProcessingFeedback):
        def setProgress(self, progress):  # noqa: N802 (QGIS's name)
            super().setProgress(progress)
            process = worker_session.client().process
            if progress > 0 and process is not None:
                os.kill(process.pid, signal.SIGKILL)

    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(QgsProcessingException, match="stopped unexpectedly"):
        run({"OUTPUT": str(folder / "killed.tif"), "CONFIDENCE": str(folder / "killed.conf.tif")},
            feedback=KillOnProgress())
    assert list(folder.iterdir()) == []
    result = run({"OUTPUT": str(folder / "next.tif")})
    assert QgsRasterLayer(result["OUTPUT"]).isValid()


def test_without_an_environment_the_error_names_the_installer(reseg_provider, tmp_path, monkeypatch):
    monkeypatch.delenv(WORKER_PYTHON_ENV)
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "no-data"))
    with pytest.raises(QgsProcessingException, match="Raster ▸ ReSeg ▸ Python environment…"):
        run({"OUTPUT": str(tmp_path / "o.tif")})
    older = environment_dir().with_name(f"{platform_tag()}-0123456789ab")  # an earlier plugin version's
    older.mkdir(parents=True)
    (older / STATE_FILE).write_text('{"complete": true}')
    with pytest.raises(QgsProcessingException, match="earlier version of the plugin and needs an update"):
        run({"OUTPUT": str(tmp_path / "o.tif")})
    monkeypatch.setenv(WORKER_PYTHON_ENV, str(tmp_path / "missing" / "python"))
    missing = "missing/python .from RESEG_WORKER_PYTHON. does not exist"
    with pytest.raises(QgsProcessingException, match=missing):
        run({"OUTPUT": str(tmp_path / "o.tif")})
    assert not (tmp_path / "o.tif").exists()


def test_bad_class_lists_are_caught_before_running(reseg_provider, tmp_path):
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("reseg:segment")
    context = QgsProcessingContext()
    ok, message = algorithm.checkParameterValues({"INPUT": str(LANDSAT_RGB), "CLASSES": "water; Water",
                                                  "OUTPUT": str(tmp_path / "o.tif")}, context)
    assert not ok and "appears in classes 1 and 2" in message
    ok, message = algorithm.checkParameterValues({"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                                  "WINDOW": 64, "OVERLAP": 112,
                                                  "OUTPUT": str(tmp_path / "o.tif")}, context)
    assert not ok and "from 0 to 63, smaller than the window" in message and "112 was given" in message
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


def test_the_algorithm_refuses_numbers_in_the_command_lines_words(reseg_provider, tmp_path):
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("reseg:segment")
    ok, message = algorithm.checkParameterValues({"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                                  "WINDOW": 16, "OUTPUT": str(tmp_path / "o.tif")},
                                                 QgsProcessingContext())
    assert not ok and message == ("The window must be a whole number of pixels from 32 to 2048 (or none for "
                                  "the model's size); 16 was given.")


def test_a_damaged_cache_file_is_reported_in_qgis(reseg_provider, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "custom_models.json").write_text('{"models": [5]}')
    settings = PluginSettings.load()
    settings.cache_dir = str(cache)
    settings.save()
    with pytest.raises(QgsProcessingException, match="custom_models.json is damaged"):
        run({"CLIP_MODEL": "default", "PRESET": "fast", "OUTPUT": str(tmp_path / "o.tif")})


def test_a_run_writes_nothing_beside_the_input(reseg_provider, tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    source = inputs / "scene.tif"
    source.write_bytes(LANDSAT_RGB.read_bytes())
    run({"INPUT": str(source), "OUTPUT": str(tmp_path / "o.tif")})
    assert sorted(p.name for p in inputs.iterdir()) == ["scene.tif"]


def test_an_output_grid_beyond_the_bound_is_refused_in_qgis_too(reseg_provider, tmp_path):
    with pytest.raises(QgsProcessingException, match="times finer than the raster's own pixels"):
        run({"RESOLUTION": 0.001, "OUTPUT": str(tmp_path / "o.tif")})
    assert list(tmp_path.iterdir()) == []


def test_polygons_statistics_and_a_valid_cog(reseg_provider, tmp_path):
    from osgeo import gdal, ogr
    from osgeo_utils.samples.validate_cloud_optimized_geotiff import validate

    result = run({"OUTPUT": str(tmp_path / "classes.tif"), "VECTOR": str(tmp_path / "classes.gpkg"),
                  "SIEVE": 12, "COG": True, "OVERVIEWS": "nearest"})
    warnings, errors, _ = validate(result["OUTPUT"], full_check=True)
    assert errors == [] and warnings == []
    dataset = gdal.Open(result["OUTPUT"])
    labels = dataset.GetRasterBand(1).ReadAsArray()
    assert dataset.GetRasterBand(1).GetOverviewCount() >= 1
    pixel_area = abs(dataset.GetGeoTransform()[1] * dataset.GetGeoTransform()[5])
    # The polygons, read with OGR: class names, and areas that add up to the raster's class areas.
    source = ogr.Open(result["VECTOR"])
    layer = source.GetLayer(0)
    areas: dict[str, float] = {}
    ground: dict[str, float] = {}
    geometries, small = [], []
    for feature in layer:
        name, value = feature.GetField("class_name"), feature.GetField("class")
        assert name == ["water", "land, island", "cloud"][value - 1]
        geometry = feature.GetGeometryRef().Clone()
        assert feature.GetField("area") == pytest.approx(geometry.GetArea())
        geometries.append(geometry)
        if feature.GetField("area") < 12 * pixel_area:  # under the minimum mapping unit
            small.append(geometry)
        areas[name] = areas.get(name, 0.0) + feature.GetField("area")
        ground[name] = ground.get(name, 0.0) + feature.GetField("area_m2")
    # What the sieve leaves under the unit shares no edge with another class (corners may touch):
    # only nodata is beside it, and it has nothing to merge into.
    assert len(small) < len(geometries) / 10
    for geometry in small:
        assert not any(geometry.Intersection(other).Length() > 0 for other in geometries
                       if other is not geometry)
    assert layer.GetSpatialRef().IsSame(dataset.GetSpatialRef())
    for value, name in enumerate(["water", "land, island", "cloud"], start=1):
        assert areas.get(name, 0.0) == pytest.approx((labels == value).sum() * pixel_area)
        # On the ground: the statistics' m² (measured every 64 pixels) and the polygons' (at each
        # centroid) agree; both differ from the map area by UTM's scale, 160 to 400 km off its meridian.
        statistics = result["CLASS_AREAS"][value]["area_m2"]
        assert ground.get(name, 0.0) == pytest.approx(statistics, rel=1e-4)
        assert statistics == pytest.approx((labels == value).sum() * pixel_area, rel=4e-3)
    # The statistics: in the results, and in a CSV beside the raster.
    assert result["STATISTICS"] == str(tmp_path / "classes_areas.csv")
    rows = (tmp_path / "classes_areas.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "value,class,pixels,area_map_units,area_m2,percent"
    assert [int(row.split(",")[-4]) for row in rows[1:]] == [(labels == v).sum() for v in range(4)]
    assert [area["pixels"] for area in result["CLASS_AREAS"]] == [(labels == v).sum() for v in range(4)]
    assert "land, island: " in result["AREA_TABLE"] and " ha, " in result["AREA_TABLE"]


def test_loaded_polygons_share_the_rasters_colours_names_and_metadata(reseg_provider, layer_tree_view,
                                                                       tmp_path):
    project = QgsProject.instance()
    project.removeAllMapLayers()
    given = QgsRasterLayer(str(LANDSAT_RGB), "Landsat scene")
    project.addMapLayer(given)
    result = processing.runAndLoadResults("reseg:segment", {
        "INPUT": given.id(), "CLASSES": CLASSES, **FAST, "COLORS": "cloud=#ffffff",
        "OUTPUT": str(tmp_path / "loaded.tif"), "VECTOR": str(tmp_path / "loaded.gpkg")})
    QgsApplication.processEvents()
    layers = {layer.name(): layer for layer in project.mapLayers().values()}
    raster, polygons = layers["Landsat scene — classes"], layers["Landsat scene — polygons"]
    assert raster.source() == result["OUTPUT"] and polygons.source().startswith(result["VECTOR"])
    renderer = polygons.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "class"
    raster_classes = [(c.value, c.label, c.color.name()) for c in raster.renderer().classes()]
    polygon_classes = [(int(c.value()), c.label(), c.symbol().color().name()) for c in renderer.categories()]
    assert polygon_classes == raster_classes
    assert raster_classes[2] == (3, "cloud", "#ffffff")
    categories = renderer.categories()
    symbol = categories[2].symbol()
    outline = symbol.symbolLayer(0).strokeColor()
    assert outline.lightness() < 160  # a white class still has a visible edge
    for layer in (raster, polygons):
        abstract = layer.metadata().abstract()
        assert "Landsat scene" in abstract and "1: water\n2: land, island\n3: cloud" in abstract
    project.removeAllMapLayers()


def test_bands_as_text_like_qgis_process_gives_them(reseg_provider, tmp_path):
    import json

    from osgeo import gdal

    result = run({"BANDS": "3,2,1", "OUTPUT": str(tmp_path / "bands.tif")})
    settings = json.loads(gdal.Open(result["OUTPUT"]).GetMetadataItem("RESEG_SETTINGS"))
    assert settings["bands"] == [3, 2, 1]
    with pytest.raises(QgsProcessingException, match="separated by commas, e.g. 3,2,1"):
        run({"BANDS": "3,two,1", "OUTPUT": str(tmp_path / "bad.tif")})
    with pytest.raises(QgsProcessingException, match="1 band .* or 3 bands"):
        run({"BANDS": "3,2", "OUTPUT": str(tmp_path / "bad.tif")})


def test_dissolved_polygons_one_feature_per_class(reseg_provider, tmp_path):
    from osgeo import gdal, ogr

    result = run({"OUTPUT": str(tmp_path / "classes.tif"), "VECTOR": str(tmp_path / "classes.gpkg"),
                  "DISSOLVE": True})
    dataset = gdal.Open(result["OUTPUT"])  # kept: a band outlives no dataset in GDAL's Python
    labels = dataset.GetRasterBand(1).ReadAsArray()
    source = ogr.Open(result["VECTOR"])
    layer = source.GetLayer(0)
    assert ogr.GeometryTypeToName(layer.GetGeomType()) == "Multi Polygon"
    values = [feature.GetField("class") for feature in layer]
    assert values == [value for value in (1, 2, 3) if (labels == value).any()]


@pytest.mark.parametrize("name", ["polygons.csv", "POLYGONS.SHP"])
def test_polygons_named_for_another_format_are_refused_as_on_the_command_line(reseg_provider, tmp_path, name):
    import re

    example = f"{name.split('.')[0]}.gpkg"
    # The engine's words (engine test_hardening.py): the worker refuses the request.
    message = (f"{tmp_path / name}: polygons are written as a GeoPackage, whose name ends in .gpkg; give a "
               f"name such as {example}.")
    with pytest.raises(QgsProcessingException, match=re.escape(message)):
        run({"OUTPUT": str(tmp_path / "o.tif"), "VECTOR": str(tmp_path / name)})
    assert list(tmp_path.iterdir()) == []


def test_dissolving_without_polygons_is_refused_as_on_the_command_line(reseg_provider, tmp_path):
    refusal = "Dissolving makes one polygon per class in the polygons' GeoPackage, but this run writes no "
    with pytest.raises(QgsProcessingException, match=refusal):
        run({"OUTPUT": str(tmp_path / "o.tif"), "DISSOLVE": True})
    assert list(tmp_path.iterdir()) == []
