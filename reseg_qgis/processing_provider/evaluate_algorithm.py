"""``reseg:evaluate``: the accuracy of a classified raster against reference labels, in the worker."""

from __future__ import annotations

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterRasterLayer,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProviderRegistry,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QLocale

from ..engine.worker import protocol
from ..qgis_enums import POLYGON_LAYERS
from ..translation import tr
from .worker_algorithm import WorkerAlgorithm


class EvaluateAlgorithm(WorkerAlgorithm):
    PREDICTION, LABELS, POLYGONS, FIELD = "PREDICTION", "LABELS", "POLYGONS", "FIELD"
    IGNORE, MAPPING = "IGNORE", "MAPPING"
    REPORT, CSV, JSON = "REPORT", "CSV", "JSON"
    MIOU, OVERALL_ACCURACY, KAPPA, SCORES = "MIOU", "OVERALL_ACCURACY", "KAPPA", "SCORES"

    def name(self) -> str:
        return "evaluate"

    def displayName(self) -> str:
        return tr("Evaluate a classification against reference labels")

    def tags(self) -> list[str]:
        return tr("accuracy,evaluation,validation,confusion matrix,IoU,mIoU,kappa,F1").split(",")

    def createInstance(self) -> EvaluateAlgorithm:
        return EvaluateAlgorithm()

    def shortHelpString(self) -> str:
        return "\n".join([
            tr("Compares a classified raster (ReSeg's, or any other) with reference labels and reports "
               "the confusion matrix, per class IoU, precision, recall and F1, and overall mIoU, accuracy "
               "and Cohen's kappa."),
            tr("Reference labels: either a label raster on any grid and CRS (brought to the classified "
               "raster's grid by nearest neighbour), or polygons with a class field (rasterised onto that "
               "grid). A field of whole numbers gives label values; a text field is matched to the class "
               "names and their synonyms."),
            tr("Label values count for the class of the same value, or, where the labels name their "
               "categories, for the class of the same name. A mapping file (CSV rows 'label,class', "
               "where the class is a name, a value or ignore) maps many values onto one class. Ignored "
               "values and label 0 are left out; an unclassified pixel over a label counts as wrong."),
            tr("mIoU is the mean IoU over the classes present in the labels or the classification, as "
               "the papers compute it. The results are given as fractions (0–1); the HTML report holds "
               "the tables and a plot."),
        ])

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(QgsProcessingParameterRasterLayer(self.PREDICTION, tr("Classified raster")))
        # Two parameters, not one map layer parameter taking both: QGIS (3.22 to 3.44 at least) crashes
        # building the dialog when a field parameter's parent holds a raster.
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.LABELS, tr("Reference label raster (or give polygons below)"), optional=True))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.POLYGONS, tr("Reference polygons with a class field"),
            types=[POLYGON_LAYERS], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.FIELD, tr("Class field of the polygons (default: a field named class)"),
            parentLayerParameterName=self.POLYGONS, optional=True))
        self.addParameter(QgsProcessingParameterString(self.IGNORE, tr("Label values to ignore (e.g. 0,255)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterFile(self.MAPPING, tr("Class mapping (CSV: label,class)"),
                                                     extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, tr("Accuracy report"),
                                                                tr("HTML files (*.html)")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.CSV, tr("Scores per class (CSV)"), tr("CSV files (*.csv)"), optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.JSON, tr("Matrix and scores (JSON)"), tr("JSON files (*.json)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.MIOU, tr("mIoU")))
        self.addOutput(QgsProcessingOutputNumber(self.OVERALL_ACCURACY, tr("Overall accuracy")))
        self.addOutput(QgsProcessingOutputNumber(self.KAPPA, tr("Cohen's kappa")))
        self.addOutput(QgsProcessingOutputString(self.SCORES, tr("Scores per class")))

    def request(self, parameters, context) -> dict:
        """The worker's ``evaluate`` parameters (see engine EvaluationRequest)."""
        prediction = self.parameterAsRasterLayer(parameters, self.PREDICTION, context)
        raster = self.parameterAsRasterLayer(parameters, self.LABELS, context)
        polygons = self.parameterAsVectorLayer(parameters, self.POLYGONS, context)
        if (raster is None) == (polygons is None):
            raise QgsProcessingException(tr("Give the reference labels as a label raster or as polygons, "
                                            "one of the two."))
        labels = raster or polygons
        if prediction is None:
            raise QgsProcessingException(tr("The classified raster cannot be opened."))
        if prediction.providerType() != "gdal":
            raise QgsProcessingException(tr("ReSeg reads rasters through GDAL; save this layer as a GeoTIFF "
                                            "first (Export ▸ Save As…)."))
        request = {"prediction": prediction.source(), "labels": labels.source()}
        if isinstance(labels, QgsRasterLayer):
            if labels.providerType() != "gdal":
                raise QgsProcessingException(tr("ReSeg reads rasters through GDAL; save this layer as a "
                                                 "GeoTIFF first (Export ▸ Save As…)."))
        elif isinstance(labels, QgsVectorLayer):
            parts = QgsProviderRegistry.instance().decodeUri(labels.providerType(), labels.source())
            if labels.providerType() != "ogr" or not parts.get("path") or parts.get("subset"):
                raise QgsProcessingException(tr("Save the label polygons as a GeoPackage first (Export ▸ "
                                                "Save Features As…); ReSeg reads vector files through GDAL."))
            request.update(labels=parts["path"], layer=parts.get("layerName") or None,
                           field=self.parameterAsString(parameters, self.FIELD, context) or None)
        ignore = self.parameterAsString(parameters, self.IGNORE, context)
        try:
            request["ignore"] = [int(v) for v in ignore.replace(";", ",").replace(" ", ",").split(",") if v]
        except ValueError:
            raise QgsProcessingException(tr("Label values to ignore: give whole numbers separated by "
                                            "commas, e.g. 0,255.")) from None
        request["mapping"] = self.parameterAsFile(parameters, self.MAPPING, context) or None
        for key, name in (("report", self.REPORT), ("csv", self.CSV), ("json", self.JSON)):
            request[key] = self.parameterAsFileOutput(parameters, name, context) or None
        return request

    def processAlgorithm(self, parameters, context, feedback):
        request = self.request(parameters, context)
        outputs = [request[key] for key in ("report", "csv", "json")]
        result = self.run_in_worker(protocol.EVALUATE, request, feedback, outputs)
        if result is None:
            return {}
        table = score_table(result)
        feedback.pushInfo(table)
        outputs = {self.MIOU: result["miou"], self.OVERALL_ACCURACY: result["overall_accuracy"],
                   self.KAPPA: result["kappa"], self.SCORES: table, "CLASS_SCORES": result["classes"],
                   "MATRIX": result["matrix"]}
        for key, name in (("report", self.REPORT), ("csv", self.CSV), ("json", self.JSON)):
            if request[key]:
                outputs[name] = request[key]
        return outputs


def score_table(result: dict) -> str:
    """Per class and overall scores in percent, in the user's locale."""
    locale = QLocale()

    def percent(value) -> str:
        return "–" if value is None else locale.toString(100 * value, "f", 1)

    lines = [tr("{name}: IoU {iou} %, precision {precision} %, recall {recall} %, F1 {f1} %, {pixels} "
                "reference pixels").format(name=item["name"], iou=percent(item["iou"]),
                                           precision=percent(item["precision"]),
                                           recall=percent(item["recall"]), f1=percent(item["f1"]),
                                           pixels=locale.toString(item["support"]))
             for item in result["classes"]]
    kappa = "–" if result["kappa"] is None else locale.toString(result["kappa"], "f", 4)
    lines.append(tr("mIoU {miou} %, overall accuracy {accuracy} %, kappa {kappa}; {pixels} pixels compared, "
                    "labels matched to classes by {how}").format(
        miou=percent(result["miou"]), accuracy=percent(result["overall_accuracy"]), kappa=kappa,
        pixels=locale.toString(result["pixels"]),
        how=tr("category names") if result["matched_by"] == "category names" else tr("values")))
    if result.get("left_out"):
        lines.append(tr("{pixels} labelled pixels of no class left out").format(
            pixels=locale.toString(result["left_out"])))
    if result.get("features_left_out"):
        lines.append(tr("{count} label features without a geometry or a class value left out").format(
            count=locale.toString(result["features_left_out"])))
    return "\n".join(lines)
