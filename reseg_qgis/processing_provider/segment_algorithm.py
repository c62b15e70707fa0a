"""``reseg:segment``: classify a raster by typed class names (ReSeg-CLIP), in the background."""

from __future__ import annotations

import json
from dataclasses import fields

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputString,
    QgsProcessingParameterBand,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExtent,
    QgsProcessingParameterNumber,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorDestination,
)
from qgis.PyQt.QtCore import QUrl

from ..engine.class_prompts import ClassListError, parse_class_list
from ..engine.limits import (
    MAX_SCALE,
    MAX_SIEVE,
    MAX_WINDOW,
    MIN_SCALE,
    OVERVIEW_RESAMPLINGS,
    SETTINGS,
    SegmentSettings,
    SettingError,
    check_settings,
)
from ..engine.models.presets import DEFAULT_PRESET, PRESETS
from ..engine.weights.messages import FILES_TO_FETCH
from ..engine.worker import protocol
from ..engine_texts import data_size, engine_text, error_text
from ..package_files import resource_path
from ..plugin_settings import DEVICES, PRECISIONS, PluginSettings
from ..qgis_enums import ADVANCED, DOUBLE, INTEGER, POLYGON_LAYERS
from ..runtime.worker_client import WorkerRequestError
from ..translation import tr
from .legend_style import LegendPostProcessor
from .run_support import DEFAULT_MODEL, area_table, model_names, statistics_path
from .worker_algorithm import WorkerAlgorithm

# A setting's type → how a parameter of its value is read.
PLAIN_READERS = {"bool": "parameterAsBoolean", "int": "parameterAsInt", "float": "parameterAsDouble"}


class SegmentAlgorithm(WorkerAlgorithm):
    INPUT, CLASSES, BANDS, EXTENT = "INPUT", "CLASSES", "BANDS", "EXTENT"
    PRESET, CLIP_MODEL, SAM_MODEL, USE_SAM = "PRESET", "CLIP_MODEL", "SAM_MODEL", "USE_SAM"
    WINDOW, OVERLAP, SCALE, RESOLUTION = "WINDOW", "OVERLAP", "SCALE", "RESOLUTION"
    THRESHOLD, DEVICE, ALLOW_DOWNLOAD, COLORS = "THRESHOLD", "DEVICE", "ALLOW_DOWNLOAD", "COLORS"
    PRECISION = "PRECISION"
    OUTPUT, CONFIDENCE = "OUTPUT", "CONFIDENCE"
    SIEVE, VECTOR, DISSOLVE, COG, OVERVIEWS = "SIEVE", "VECTOR", "DISSOLVE", "COG", "OVERVIEWS"
    STATISTICS, AREA_TABLE, CLASS_NAMES = "STATISTICS", "AREA_TABLE", "CLASS_NAMES"

    def name(self) -> str:
        return "segment"

    def displayName(self) -> str:
        return tr("Segment raster by class prompts")

    def tags(self) -> list[str]:
        return tr("segmentation,classification,land cover,CLIP,SAM,open vocabulary,zero-shot,AI").split(",")

    def createInstance(self) -> SegmentAlgorithm:
        return SegmentAlgorithm()

    def helpUrl(self) -> str:
        return QUrl.fromLocalFile(str(resource_path("help", "segment.html"))).toString()

    def shortHelpString(self) -> str:
        # Plain text, one paragraph per line: the Toolbox shows each line as a paragraph, and
        # qgis_process prints it as it is.
        return "\n".join([
            tr("Classifies every pixel of a raster into the classes you type, with no training and no labels "
               "(ReSeg-CLIP: CLIP whose attention is confined to Segment Anything regions)."),
            tr("Classes: one class per line or separated by ';', commas between synonyms, e.g. "
               "'water; tree, forest; building'. Name the other things in the scene too: every pixel goes "
               "to the most similar class."),
            tr("Bands: 1 band (grey) or 3 bands (red, green, blue), e.g. 3,2,1; default bands 1-3. 16-bit "
               "and float data are stretched between their 2nd and 98th percentiles. Extent: only this part "
               "of the raster."),
            tr("Model preset: fast (CLIP ViT-B/16 without SAM, quick previews), balanced (ViT-B/16 with "
               "SAM ViT-B; the default) or quality (ViT-L/14 with SAM ViT-H, as published; use a GPU). "
               "CLIP model and SAM model replace the preset's (by name, e.g. composed-rs-vit-b-32). Use "
               "SAM regions off runs CLIP alone. Device: auto, cuda, cpu or mps; auto uses the GPU when "
               "there is one."),
            tr("Precision: auto runs bf16 or fp16 on a GPU; on a CPU it runs each stage (SAM's encoder, its "
               "mask decoder, CLIP, the text) in bf16 where this CPU measured it faster than fp32 (CPUs with "
               "AVX512-BF16 or AMX), measured once and kept in the model cache. fp32 runs every stage in "
               "fp32: the same labels on any CPU. bf16 runs every stage in bf16. The log and the output's "
               "metadata name each stage's format."),
            tr("Window and overlap (pixels): the raster is processed in overlapping windows whose scores "
               "are blended without seams; by default the CLIP model's input size (224 px) and half of "
               "it. Processing scale resamples first (0.5 = half resolution) so objects reach the size "
               "CLIP sees; or give a target resolution in map units. Unclassified threshold: pixels whose "
               "top class probability is below it get 0."),
            tr("Allow downloads fetches missing model weights (verified) into the model cache; without "
               "it, import them in ReSeg > Settings and weights."),
            tr("Output: a GeoTIFF on the input's grid, 0 = nodata or unclassified and classes 1..N in the "
               "order typed, with a colour table and a legend of your class names; area statistics per "
               "class go to a CSV beside it (<name>_areas.csv) and to the log. Class colours: #rrggbb in "
               "class order, or name=#rrggbb. Confidence optionally writes the top probability."),
            tr("Minimum mapping unit: regions smaller than this many pixels merge into their largest "
               "neighbour (GDAL's sieve), in the raster and the polygons. Polygons: a GeoPackage with one "
               "polygon per region (or, dissolved, one per class), its class, name and area (map units "
               "and m²). Cloud-optimised "
               "GeoTIFF: tiled, with overviews made by mode or nearest (never averaged)."),
        ])

    def initAlgorithm(self, config=None) -> None:
        settings = PluginSettings.load()
        advanced = ADVANCED

        def add(parameter, is_advanced=False):
            if is_advanced:
                parameter.setFlags(parameter.flags() | advanced)
            self.addParameter(parameter)

        add(QgsProcessingParameterRasterLayer(self.INPUT, tr("Input raster")))
        add(QgsProcessingParameterString(self.CLASSES, tr("Classes (one per line or ';', commas between "
                                                         "synonyms)"), multiLine=True))
        add(QgsProcessingParameterBand(self.BANDS, tr("Bands (1 or 3; default 1–3)"), None, self.INPUT,
                                       optional=True, allowMultiple=True))
        add(QgsProcessingParameterExtent(self.EXTENT, tr("Extent (default: whole raster)"),
                                         optional=True))
        add(QgsProcessingParameterEnum(self.PRESET, tr("Model preset"), options=list(PRESETS),
                                       defaultValue=DEFAULT_PRESET, usesStaticStrings=True))
        add(QgsProcessingParameterEnum(self.CLIP_MODEL, tr("CLIP model (default: the preset's)"),
                                       options=[DEFAULT_MODEL] + model_names("clip", settings.cache_dir),
                                       defaultValue=DEFAULT_MODEL, usesStaticStrings=True), True)
        add(QgsProcessingParameterEnum(self.SAM_MODEL, tr("SAM model (default: the preset's)"),
                                       options=[DEFAULT_MODEL] + model_names("sam", settings.cache_dir),
                                       defaultValue=DEFAULT_MODEL, usesStaticStrings=True), True)
        add(QgsProcessingParameterBoolean(self.USE_SAM, tr("Use SAM regions"), defaultValue=True))
        add(QgsProcessingParameterNumber(self.WINDOW, tr("Window size in pixels (0 = the CLIP model's "
                                                         "input size)"),
                                         INTEGER, 0, minValue=0,
                                         maxValue=MAX_WINDOW), True)
        add(QgsProcessingParameterNumber(self.OVERLAP, tr("Window overlap in pixels (-1 = half the window)"),
                                         INTEGER, -1, minValue=-1,
                                         maxValue=MAX_WINDOW - 1), True)
        add(QgsProcessingParameterNumber(self.SCALE, tr("Processing scale (1 = native resolution)"),
                                         DOUBLE, 1.0, minValue=MIN_SCALE,
                                         maxValue=MAX_SCALE), True)
        add(QgsProcessingParameterNumber(self.RESOLUTION, tr("Target resolution in map units (0 = use "
                                                            "the scale)"),
                                         DOUBLE, 0.0, minValue=0.0), True)
        add(QgsProcessingParameterNumber(self.THRESHOLD, tr("Unclassified threshold (top probability)"),
                                         DOUBLE, 0.0, minValue=0.0,
                                         maxValue=1.0))
        add(QgsProcessingParameterEnum(self.DEVICE, tr("Device"), options=list(DEVICES),
                                       defaultValue=settings.device, usesStaticStrings=True))
        add(QgsProcessingParameterEnum(self.PRECISION, tr("Precision"), options=list(PRECISIONS),
                                       defaultValue=settings.precision, usesStaticStrings=True), True)
        add(QgsProcessingParameterBoolean(self.ALLOW_DOWNLOAD,
                                          tr("Allow downloading missing model weights"),
                                          defaultValue=settings.allow_downloads))
        add(QgsProcessingParameterString(self.COLORS, tr("Class colours (#rrggbb in class order, or "
                                                        "name=#rrggbb)"), optional=True), True)
        add(QgsProcessingParameterRasterDestination(self.OUTPUT, tr("Classified raster")))
        add(QgsProcessingParameterRasterDestination(self.CONFIDENCE, tr("Confidence raster"),
                                                    optional=True, createByDefault=False))
        add(QgsProcessingParameterNumber(self.SIEVE, tr("Minimum mapping unit in pixels (0 = keep every "
                                                       "region)"),
                                         INTEGER, 0, minValue=0,
                                         maxValue=MAX_SIEVE))
        add(QgsProcessingParameterVectorDestination(self.VECTOR, tr("Polygons (GeoPackage)"),
                                                    POLYGON_LAYERS, optional=True,
                                                    createByDefault=False))
        add(QgsProcessingParameterBoolean(self.DISSOLVE, tr("Polygons: one feature per class (dissolved)"),
                                          defaultValue=False))
        add(QgsProcessingParameterBoolean(self.COG, tr("Write Cloud-Optimised GeoTIFFs (with overviews)"),
                                          defaultValue=False))
        add(QgsProcessingParameterEnum(self.OVERVIEWS, tr("Overviews of the classes made by"),
                                       options=list(OVERVIEW_RESAMPLINGS),
                                       defaultValue=OVERVIEW_RESAMPLINGS[0], usesStaticStrings=True), True)
        self.addOutput(QgsProcessingOutputFile(self.STATISTICS, tr("Area statistics (CSV)")))
        self.addOutput(QgsProcessingOutputString(self.AREA_TABLE, tr("Area statistics")))
        self.addOutput(QgsProcessingOutputString(self.CLASS_NAMES, tr("Class names of the values 1 to N "
                                                                      "(a JSON list)")))

    def checkParameterValues(self, parameters, context):
        """The class list first (an empty one in the engine's words, not as a missing value), then
        the parameters and settings; the run itself uses the worker's parse of the list."""
        try:
            parse_class_list(self.parameterAsString(parameters, self.CLASSES, context))
        except ClassListError as error:
            return False, error_text(error)
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        try:
            if layer is not None:  # the same checks, and words, as the command line and the worker
                settings = self.settings(parameters, context, layer)
                check_settings(**{name: value for name, value in settings.items() if name in SETTINGS})
        except SettingError as error:
            return False, error_text(error)
        return True, ""

    def request(self, parameters, context, layer) -> dict:
        """The worker's ``segment`` parameters (see engine SegmentRequest), as JSON values."""
        output = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        return {**self.settings(parameters, context, layer), "input": layer.source(), "output": output,
                "confidence": self.parameterAsOutputLayer(parameters, self.CONFIDENCE, context) or None,
                "vector": self.parameterAsOutputLayer(parameters, self.VECTOR, context) or None,
                "statistics": statistics_path(output), "cache_dir": PluginSettings.load().cache_dir or None}

    def settings(self, parameters, context, layer) -> dict:
        """The run's settings without its files: checking them names no destination, so no
        temporary output is made up (and registered to load) before the run."""
        extent = None
        if parameters.get(self.EXTENT) not in (None, ""):
            rectangle = self.parameterAsExtent(parameters, self.EXTENT, context, layer.crs())
            if not rectangle.isNull() and not rectangle.isEmpty():
                extent = [rectangle.xMinimum(), rectangle.yMinimum(), rectangle.xMaximum(),
                          rectangle.yMaximum()]
        resolution = self.parameterAsDouble(parameters, self.RESOLUTION, context) or None
        scale = None if resolution else self.parameterAsDouble(parameters, self.SCALE, context)
        overlap = self.parameterAsInt(parameters, self.OVERLAP, context)

        def model(name):
            value = self.parameterAsEnumString(parameters, name, context)
            return None if value in ("", DEFAULT_MODEL) else value

        return {
            **self.plain_settings(parameters, context),
            "classes": self.parameterAsString(parameters, self.CLASSES, context),
            "preset": self.parameterAsEnumString(parameters, self.PRESET, context) or DEFAULT_PRESET,
            "clip": model(self.CLIP_MODEL), "sam": model(self.SAM_MODEL),
            "bands": self.bands(parameters, context), "extent": extent,
            "scale": None if scale == 1.0 else scale, "resolution": resolution,
            "window": self.parameterAsInt(parameters, self.WINDOW, context) or None,
            "overlap": None if overlap < 0 else overlap,
            "colours": self.parameterAsString(parameters, self.COLORS, context) or None,
        }

    def plain_settings(self, parameters, context) -> dict:
        """Each setting (engine limits.SegmentSettings) that a parameter of this algorithm gives as it is:
        a flag, a number, or a choice (its default where none is made)."""
        values = {}
        for field in fields(SegmentSettings):
            how = SETTINGS[field.name]
            definition = self.parameterDefinition(how.parameter) if how.parameter else None
            if definition is None:
                continue
            if isinstance(definition, QgsProcessingParameterEnum) and field.type == "str":
                value = self.parameterAsEnumString(parameters, how.parameter, context) or field.default
            elif field.type in PLAIN_READERS:
                value = getattr(self, PLAIN_READERS[field.type])(parameters, how.parameter, context)
            else:
                continue
            values[field.name] = value
        return values

    def bands(self, parameters, context) -> list[int] | None:
        """The band numbers; also as text ("3,2,1"), as qgis_process and Python callers give them."""
        value = parameters.get(self.BANDS)
        if isinstance(value, str) and value.strip():
            try:
                return [int(part) for part in value.replace(";", ",").replace(" ", ",").split(",") if part]
            except ValueError:
                raise SettingError(tr("Bands: give band numbers separated by commas, e.g. 3,2,1; "
                                      "{value!r} was given."), value=value) from None
        return list(self.parameterAsInts(parameters, self.BANDS, context)) or None

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsRasterLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(tr("The input raster cannot be opened."))
        if layer.providerType() != "gdal":
            raise QgsProcessingException(tr("ReSeg reads rasters through GDAL; save this layer as a GeoTIFF "
                                            "first (Export ▸ Save As…)."))
        try:
            request = self.request(parameters, context, layer)
        except SettingError as error:
            raise QgsProcessingException(error_text(error)) from error
        outputs = (request["output"], request["confidence"], request["vector"], request["statistics"])
        result = self.run_in_worker(protocol.SEGMENT, request, feedback, outputs)
        if result is None:
            return {}
        table = area_table(result["areas"])
        feedback.pushInfo(table)
        # The destinations as QGIS gave them (the worker's are absolute paths in the system's spelling,
        # which QGIS's lookups of layers to load would miss on Windows).
        output = request["output"]
        vector = request["vector"] if result["vector"] else None
        names = {output: tr("{} — classes"), vector: tr("{} — polygons")}
        for path, name in names.items():
            if path and context.willLoadLayerOnCompletion(path):
                details = context.layerToLoadOnCompletionDetails(path)
                details.name = name.format(layer.name())
                details.setPostProcessor(LegendPostProcessor.create(output, layer.name()))
        outputs = {self.OUTPUT: output, self.STATISTICS: result["statistics"], self.AREA_TABLE: table,
                   self.CLASS_NAMES: json.dumps(result["labels"], ensure_ascii=False),
                   "CLASS_AREAS": result["areas"], "COLOURS": result["colours"]}
        if result["confidence"]:
            outputs[self.CONFIDENCE] = request["confidence"]
        if vector:
            outputs[self.VECTOR] = vector
        return outputs

    def refusal(self, error: WorkerRequestError) -> str:
        if error.kind == protocol.MISSING_WEIGHTS:
            return self._missing_message(error.details)
        return error_text(error)

    @staticmethod
    def _missing_message(details: dict) -> str:
        names = ", ".join(f"{m['title']} ({m['name']}, {data_size(m['size'])})" if m.get("size")
                          else f"{m['title']} ({m['name']})" for m in details.get("models", []))
        message = tr("Model weights are not installed: {names}. Tick “Allow downloading missing model "
                     "weights” (or set it in ReSeg ▸ Settings and weights) to fetch them into {cache}, or "
                     "import the published files from a folder in ReSeg ▸ Settings and weights.")
        message = message.format(names=names, cache=details.get("cache", ""))
        files = (details.get("values") or {}).get("files")
        fetch = engine_text(details.get("fetch", ""), FILES_TO_FETCH, {"files": files}) if files else \
            details.get("fetch", "")
        return f"{message} {fetch}".strip()
