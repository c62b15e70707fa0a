"""What the algorithms and the dock share: the model choices, the area statistics' path, and how a
worker's run is reported (stage texts, progress, the area table)."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import QLocale

from ..engine.translatable import ResegError
from ..engine.weights.registry import MODELS, read_custom_models
from ..engine.weights.registry import model_names as registered_names
from ..engine.worker import protocol
from ..engine_texts import data_size, engine_text
from ..translation import tr

DEFAULT_MODEL = "default"


def model_names(kind: str, cache_dir: str) -> list[str]:
    """Registry, composed and user-added model names of a kind, for the model parameters."""
    try:
        from ..engine.weights.store import cache_dir as resolve

        custom = read_custom_models(resolve(cache_dir or None))
    except (ResegError, OSError):  # an unreadable list of one's own models: the published ones
        custom = {}
    return registered_names(kind, {**MODELS, **custom})


def statistics_path(output: str) -> str | None:
    """The area statistics' CSV beside the classified raster: ``<name>_areas.csv``."""
    if not output:
        return None
    path = Path(output)
    return str(path.with_name(f"{path.stem}_areas.csv"))


def area_table(areas: list[dict]) -> str:
    """Pixels, area (hectares where the CRS gives metres) and share per class, in the user's locale."""
    locale = QLocale()
    metric = all(area["area_m2"] is not None for area in areas)
    lines = []
    for area in areas:
        name = tr("unclassified / nodata") if area["value"] == 0 else area["class"]
        size = (tr("{} ha").format(locale.toString(area["area_m2"] / 1e4, "f", 2)) if metric
                else tr("{} map units²").format(locale.toString(area["area_map_units"], "f", 2)))
        share = "" if area["percent"] is None else f", {locale.toString(area['percent'], 'f', 1)} %"
        pixels = tr("{} pixels").format(locale.toString(area["pixels"]))
        lines.append(f"{area['value']:3d}  {name}: {pixels}, {size}{share}")
    return "\n".join(lines)


def stage_text(message: dict) -> str:
    """What a progress message of the worker says, for the progress bar's text."""
    stage, done, total = message.get("stage"), message.get("done", 0), message.get("total", 0)
    if stage == "downloading":
        return tr("Downloading model weights: {} of {}").format(data_size(done),
                                                               data_size(total) if total else "?")
    texts = {"loading": tr("Loading the models"), "classes": tr("Embedding the class names"),
             "writing": tr("Writing"), "sam": tr("SAM regions {}/{}"), "clip": tr("CLIP windows {}/{}"),
             "sieve": tr("Removing small regions"), "polygons": tr("Making polygons"),
             "cog": tr("Writing the cloud-optimised GeoTIFF"), "evaluating": tr("Comparing with the labels")}
    return texts.get(stage, stage or "").format(done, total)


class WorkerProgress:
    """A run's worker messages on the algorithm's feedback. The bar never goes back. The progress text
    (Processing logs each one) changes with the stage, not with each count; SAM contexts and CLIP
    windows take turns, so they are one stage whose counts only rise. A feedback that shows counts as
    they come (the panel's) gets each through its ``show_counts``."""

    COUNTED = ("sam", "clip")

    def __init__(self, feedback) -> None:
        self.feedback = feedback
        self.stage: str | None = None
        self.counts: dict[str, dict] = {}
        self.percent = 0.0

    def __call__(self, message: dict) -> None:
        kind = message.get("type")
        if kind == protocol.PROGRESS:
            self._progress(message)
        elif kind == protocol.LOG:
            self.feedback.pushInfo(message.get("message", ""))
        elif kind == protocol.WARNING:
            self.feedback.pushWarning(engine_text(message.get("message", "")))

    def _progress(self, message: dict) -> None:
        stage = message.get("stage")
        if stage in self.COUNTED:
            self.counts[stage] = message
            text = " · ".join(stage_text(self.counts[name]) for name in self.COUNTED if name in self.counts)
            stage = "segmenting"
        else:
            text = stage_text(message)
        if stage != self.stage:
            self.stage = stage
            self.feedback.setProgressText(text)
        show_counts = getattr(self.feedback, "show_counts", None)
        if show_counts is not None:
            show_counts(text)
        if message.get("stage") not in ("loading", "downloading"):
            self.percent = max(self.percent, float(message.get("percent", 0.0)))
            self.feedback.setProgress(self.percent)
