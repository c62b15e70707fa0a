"""The range of every number a run takes, and the bound on the output grid: one place, so the command
line, the worker and the QGIS algorithm refuse the same values with the same words. With them, the
words of the shared helpers' errors (device, request), so the QGIS side can translate them all.

Plain Python: QGIS's side imports it without torch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field, fields, make_dataclass
from typing import Any

from .translatable import QT_TRANSLATE_NOOP, ResegError

MIN_WINDOW, MAX_WINDOW = 32, 2048  # CLIP window, pixels
MAX_BATCH = 256  # CLIP windows per forward pass
MIN_SCALE, MAX_SCALE = 0.01, 16.0  # processing scale; a target resolution may not be finer than 16x
MAX_OUTPUT_PIXELS = 10_000_000_000  # 10 gigapixels: beyond, a run takes days and fills disks
MAX_SIEVE = 100_000_000  # minimum mapping unit, pixels
OVERVIEW_RESAMPLINGS = ("mode", "nearest")  # COG overviews of classes: never averaged


class SettingError(ResegError):
    """A number outside its range; the message gives the range, the value and what to change."""


# The messages of a SettingError.
WINDOW = QT_TRANSLATE_NOOP("engine", "The window must be a whole number of pixels from {low} to {high} (or "
                                     "none for the model's size); {value!r} was given.")
OVERLAP = QT_TRANSLATE_NOOP("engine", "The window overlap must be a whole number of pixels from 0 to "
                                      "{high}, smaller than the window (half the window is a good choice); "
                                      "{value!r} was given.")
BAND_COUNT = QT_TRANSLATE_NOOP("engine", "Choose 1 band (shown as grey) or 3 bands (red, green, blue), not "
                                         "{count}.")
BAND = QT_TRANSLATE_NOOP("engine", "A band number must be a whole number from 1 (the first band); {value!r} "
                                   "was given.")
EXTENT = QT_TRANSLATE_NOOP("engine", "The extent must be four finite numbers xmin, ymin, xmax, ymax with "
                                     "xmin < xmax and ymin < ymax; {value!r} was given.")
SCALE_OR_RESOLUTION = QT_TRANSLATE_NOOP("engine", "Give a processing scale or a target resolution, not both.")
SCALE = QT_TRANSLATE_NOOP("engine", "The processing scale must be from {low} to {high:g} (1 = native); "
                                    "{value!r} was given.")
RESOLUTION = QT_TRANSLATE_NOOP("engine", "The target resolution must be a positive number of map units per "
                                         "pixel; {value!r} was given.")
THRESHOLD = QT_TRANSLATE_NOOP("engine", "The unclassified threshold must be from 0 to 1 (a probability; 0 "
                                        "classifies every pixel); {value!r} was given.")
BATCH = QT_TRANSLATE_NOOP("engine", "The batch size must be a whole number of windows from 1 to {high}; "
                                    "{value!r} was given.")
SIEVE = QT_TRANSLATE_NOOP("engine", "The minimum mapping unit must be a whole number of pixels from 0 (keep "
                                    "every region) to {high:,}; {value!r} was given.")
OVERVIEWS = QT_TRANSLATE_NOOP("engine", "Overviews of classes are made by mode or nearest; {value!r} was "
                                        "given.")
TOO_FINE_RESOLUTION = QT_TRANSLATE_NOOP(
    "engine", "A target resolution of {resolution:g} is {upsampling:,.0f} times finer than the raster's own "
    "pixels, an output of {width:,} x {height:,} pixels; at most {limit:g} times is allowed. Give a coarser "
    "resolution.")
TOO_FINE_SCALE = QT_TRANSLATE_NOOP("engine", "This scale is {upsampling:,.0f} times finer than the raster's "
                                             "own pixels, an output of {width:,} x {height:,} pixels; at "
                                             "most {limit:g} times is allowed. Give a coarser resolution.")
TOO_LARGE = QT_TRANSLATE_NOOP(
    "engine", "The output would be {width:,} x {height:,} pixels ({gigapixels:,.1f} gigapixels); at most "
    "{limit:g} gigapixels are allowed. Choose a smaller extent, or a coarser resolution (a scale below 1).")


# The device and precision (hardware/devices.py), and a segment request (session.py): shared, plain Python.
UNKNOWN_DEVICE = QT_TRANSLATE_NOOP("engine", "Unknown device {value!r}; choose one of {choices}.")
NO_CUDA = QT_TRANSLATE_NOOP("engine", "CUDA was requested, but torch {torch} (CUDA {cuda}) sees no usable "
                                      "NVIDIA GPU. Choose 'auto' or 'cpu', or install a CUDA build of torch "
                                      "that matches your driver.")
NO_CUDA_BUILD = QT_TRANSLATE_NOOP("engine", "CUDA was requested, but torch {torch} (no CUDA support) sees "
                                            "no usable NVIDIA GPU. Choose 'auto' or 'cpu', or install a "
                                            "CUDA build of torch that matches your driver.")
NO_MPS = QT_TRANSLATE_NOOP("engine", "Apple MPS was requested but is not available; choose 'auto' or 'cpu'.")
UNKNOWN_PRECISION = QT_TRANSLATE_NOOP("engine", "Unknown precision {value!r}; choose one of {choices}.")
GPU_ONLY = QT_TRANSLATE_NOOP("engine", "{value} runs on GPUs only; use 'auto', 'fp32' or 'bf16' on the CPU.")
UNKNOWN_SETTINGS = QT_TRANSLATE_NOOP("engine", "Unknown segment settings: {names}.")
RUN_NEEDS = QT_TRANSLATE_NOOP("engine", "A segment run needs {names}.")
UNKNOWN_RUN_MODEL = QT_TRANSLATE_NOOP("engine", "Unknown {kind} model {name!r}; choose one of {known}.")

# Options that do something only with another one (session.py), and a sieve larger than the grid.
DISSOLVE_WITHOUT_POLYGONS = QT_TRANSLATE_NOOP(
    "engine", "Dissolving makes one polygon per class in the polygons' GeoPackage, but this run writes no "
    "polygons: name a GeoPackage for the polygons too, or leave dissolving off.")
OVERVIEWS_WITHOUT_COG = QT_TRANSLATE_NOOP(
    "engine", "Overviews by {value} are made only for a Cloud-Optimised GeoTIFF, which this run does not "
    "write: ask for a Cloud-Optimised GeoTIFF too, or leave the overviews at mode.")
TYPE_WITHOUT_CONFIDENCE = QT_TRANSLATE_NOOP("engine", "A confidence type ({value}) was given, but this run "
                                                      "writes no confidence raster: name a file for the "
                                                      "confidence raster too, or leave the type out.")
SIEVE_OVER_GRID = QT_TRANSLATE_NOOP(
    "engine", "A minimum mapping unit of {value} pixels is more than the whole processed raster holds "
    "({width:,} x {height:,} = {pixels:,} pixels), so no region could reach it. Give the size of the "
    "smallest region to keep, far below {pixels:,} pixels, or 0 to keep every region.")
EMPTY_NAME = QT_TRANSLATE_NOOP("engine", "The {what} was given an empty name; give its name, or leave it "
                                         "out.")
SAM_UNUSED = QT_TRANSLATE_NOOP("engine", "{sam} is a SAM model, but this run uses no SAM ({why}): run with "
                                         "SAM (the balanced or quality preset), or leave the SAM model out.")


def _number(template: str, value, **values) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise SettingError(template, value=value, **values) from None
    if not math.isfinite(number):
        raise SettingError(template, value=value, **values)
    return number


def _whole(template: str, value, minimum: int, maximum: int, **values) -> int:
    number = _number(template, value, **values)
    if number != int(number) or not minimum <= number <= maximum:
        raise SettingError(template, value=value, **values)
    return int(number)


def _number_in(template: str, value, minimum: float, maximum: float, **values) -> float:
    number = _number(template, value, **values)
    if not minimum <= number <= maximum:
        raise SettingError(template, value=value, **values)
    return number


def check_settings(definitions: dict | None = None, **values) -> None:
    """Raise :class:`SettingError` for the first of ``values`` (settings by name, as ``definitions``
    describes them, default :class:`SegmentSettings`'; None: the default) outside its range."""
    for name, value in values.items():
        how = (definitions or SETTINGS)[name]
        if value is not None and how.low is not None:
            check = _whole if how.whole else _number_in
            check(how.message, value, how.low, how.high, low=how.low, high=how.high)
        if value is not None and how.choices and value not in how.choices:
            raise SettingError(how.message, value=value)
    window, overlap = values.get("window"), values.get("overlap")
    if overlap is not None:
        check_overlap(int(window) if window is not None else MAX_WINDOW, overlap)
    bands, extent = values.get("bands"), values.get("extent")
    if bands is not None:
        if len(bands) not in (1, 3):
            raise SettingError(BAND_COUNT, count=len(bands))
        for band in bands:
            _whole(BAND, band, 1, 65535)
    if extent is not None:
        if len(extent) != SETTINGS["extent"].count:
            raise SettingError(EXTENT, value=list(extent))
        xmin, ymin, xmax, ymax = (_number(EXTENT, value) for value in extent)
        if xmin >= xmax or ymin >= ymax:
            raise SettingError(EXTENT, value=list(extent))
    scale, resolution = values.get("scale"), values.get("resolution")
    if scale is not None and resolution is not None:
        raise SettingError(SCALE_OR_RESOLUTION)
    if resolution is not None and _number(RESOLUTION, resolution) <= 0:
        raise SettingError(RESOLUTION, value=resolution)


def check_overlap(window: int, overlap) -> None:
    """The overlap against the window in use (the model's, when none was given)."""
    top = int(window) - 1
    _whole(OVERLAP, overlap, 0, top, high=top)


def check_grid(width: int, height: int, upsampling: float, resolution=None, limit: int | None = None) -> None:
    """Refuse a processing grid finer than ``MAX_SCALE`` times the raster's or larger than ``limit``
    pixels (default ``MAX_OUTPUT_PIXELS``), before anything is read or written."""
    limit = limit or MAX_OUTPUT_PIXELS
    if upsampling > MAX_SCALE * (1 + 1e-9):
        size = {"upsampling": upsampling, "width": width, "height": height, "limit": MAX_SCALE}
        if resolution is not None:
            raise SettingError(TOO_FINE_RESOLUTION, resolution=resolution, **size)
        raise SettingError(TOO_FINE_SCALE, **size)
    if width * height > limit:
        raise SettingError(TOO_LARGE, width=width, height=height, gigapixels=width * height / 1e9,
                           limit=limit / 1e9)


def check_sieve(sieve, width: int, height: int) -> None:
    """Refuse a minimum mapping unit of more pixels than a ``width`` x ``height`` grid holds."""
    pixels = width * height
    if sieve and int(sieve) > pixels:
        raise SettingError(SIEVE_OVER_GRID, value=sieve, width=width, height=height, pixels=pixels)


def request_values(names: Sequence[str], values, required: Sequence[str], unknown: str, needs: str) -> dict:
    """A request's JSON-like values, lists as tuples; an unknown or a missing required name is a
    :class:`ResegError` of ``unknown`` or ``needs``."""
    extra = sorted(set(values) - set(names))
    if extra:
        raise ResegError(unknown, names=", ".join(extra))
    missing = [name for name in required if not values.get(name)]
    if missing:
        raise ResegError(needs, names=", ".join(missing))
    return {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}


@dataclass(frozen=True)
class Setting:
    """How one setting of a segment run is given and checked: the command line, the worker's schema, the
    range check, the output's tags and the Processing algorithm all read it here."""

    help: str  # the command line's help
    flag: str | None = None  # the command line's option; None where it is given otherwise
    parameter: str | None = None  # the Processing parameter that gives it
    low: float | None = None  # the range, with the message that gives it (``message``)
    high: float | None = None
    whole: bool = False
    message: str = ""
    choices: tuple[str, ...] = ()
    count: int | None = None  # a list's length
    metavar: str | None = None
    pipeline: bool = True  # the raster pipeline takes it (raster/pipeline.py RasterOptions)
    tagged: bool = True  # kept in the output's RESEG_SETTINGS


def setting(help: str, default: Any = MISSING, **how) -> Any:
    """A field of a segment run's settings, described by :class:`Setting`."""
    return field(default=default, metadata={"setting": Setting(help, **how)})


def required_of(kind) -> tuple[str, ...]:
    """The settings of ``kind`` that have no default: a request must give them."""
    return tuple(f.name for f in fields(kind) if f.default is MISSING)


def value_kind(annotation: str) -> tuple[type, bool, bool]:
    """What a setting's annotation (as written, e.g. ``tuple[int, ...] | None``) takes: the type of its
    value (of a list's items), whether it is a list, and whether it may be None."""
    optional = annotation.endswith(" | None")
    base = annotation[:-len(" | None")] if optional else annotation
    listed = base.startswith("tuple[")
    item = base[len("tuple["):-len(", ...]")] if listed else base
    return {"str": str, "int": int, "float": float, "bool": bool}[item], listed, optional


def settings_of(kind) -> dict[str, Setting]:
    """Each setting of the dataclass ``kind`` (its fields made by :func:`setting`), by name."""
    return {f.name: f.metadata["setting"] for f in fields(kind) if "setting" in f.metadata}


@dataclass(frozen=True)
class SegmentSettings:
    """Every setting of one segment run, defined once; session.SegmentRequest adds the checks that
    need the raster and the models."""

    input: str = setting("the raster", parameter="INPUT", pipeline=False, tagged=False)
    output: str = setting("the classified GeoTIFF", parameter="OUTPUT", pipeline=False, tagged=False)
    classes: str = setting('class list: one class per ";" (or line), commas between synonyms, e.g. "water; '
                           'tree, forest; building"', flag="--classes", parameter="CLASSES", pipeline=False,
                           tagged=False)
    preset: str | None = setting("model preset (default: balanced)", None, flag="--preset",
                                 parameter="PRESET", pipeline=False, tagged=False)
    clip: str | None = setting("CLIP model instead of the preset's (see: models list)", None, flag="--clip",
                               parameter="CLIP_MODEL", pipeline=False, tagged=False)
    sam: str | None = setting("SAM model instead of the preset's (see: models list)", None, flag="--sam",
                              parameter="SAM_MODEL", pipeline=False, tagged=False)
    use_sam: bool = setting("run without SAM regions", True, flag="--no-sam", parameter="USE_SAM",
                            pipeline=False, tagged=False)
    window: int | None = setting("CLIP window in pixels (default: the model's, 224)", None, flag="--window",
                                 parameter="WINDOW", low=MIN_WINDOW, high=MAX_WINDOW, whole=True,
                                 message=WINDOW)
    overlap: int | None = setting("window overlap in pixels (default: half the window)", None,
                                  flag="--overlap", parameter="OVERLAP")
    bands: tuple[int, ...] | None = setting("1 or 3 bands, e.g. 4,3,2", None, flag="--bands",
                                            parameter="BANDS")
    extent: tuple[float, ...] | None = setting("xmin,ymin,xmax,ymax in the raster's CRS", None,
                                               flag="--extent", parameter="EXTENT", count=4)
    scale: float | None = setting("processing scale, e.g. 0.5 for half resolution", None, flag="--scale",
                                  parameter="SCALE", low=MIN_SCALE, high=MAX_SCALE, message=SCALE)
    resolution: float | None = setting("processing pixel size in CRS units", None, flag="--resolution",
                                       parameter="RESOLUTION")
    threshold: float = setting("pixels whose top probability is below this are unclassified (0)", 0.0,
                               flag="--threshold", parameter="THRESHOLD", low=0, high=1, message=THRESHOLD)
    colours: str | None = setting('class colours: "#2b7bba,#1b7837" in class order, or "water=#2b7bba"', None,
                                  flag="--colors", parameter="COLORS", tagged=False)
    confidence: str | None = setting("also write the top probability to this GeoTIFF (.tif)", None,
                                     flag="--confidence", parameter="CONFIDENCE", tagged=False)
    confidence_type: str = setting("with --confidence: float32 (default) or uint8 scaled to 1..255",
                                   "float32", flag="--confidence-type")
    batch_size: int = setting("CLIP windows per forward pass", 8, flag="--batch-size", low=1, high=MAX_BATCH,
                              whole=True, message=BATCH)
    device: str = setting("auto: CUDA, then MPS, then CPU", "auto", flag="--device", parameter="DEVICE",
                          pipeline=False, tagged=False)
    precision: str = setting("number format of the models (auto: the fastest accurate one here)", "auto",
                             flag="--precision", parameter="PRECISION", pipeline=False, tagged=False)
    allow_download: bool = setting("download missing model weights", False, flag="--allow-download",
                                   parameter="ALLOW_DOWNLOAD", pipeline=False, tagged=False)
    sieve: int = setting("minimum mapping unit: merge regions under PIXELS pixels into their largest "
                         "neighbour, in the raster and the polygons (GDAL's sieve; default 0, off)", 0,
                         flag="--sieve", parameter="SIEVE", low=0, high=MAX_SIEVE, whole=True, message=SIEVE,
                         metavar="PIXELS")
    cog: bool = setting("write Cloud-Optimised GeoTIFFs (with overviews)", False, flag="--cog",
                        parameter="COG")
    overviews: str = setting("with --cog (or a .vrt mosaic): how overviews of the classes are made (default "
                             "mode; never averaged)", OVERVIEW_RESAMPLINGS[0], flag="--overviews",
                             parameter="OVERVIEWS", choices=OVERVIEW_RESAMPLINGS, message=OVERVIEWS)
    vector: str | None = setting("also write the classes as polygons to this GeoPackage; the only format, so "
                                 "its name ends in .gpkg", None, flag="--vector", parameter="VECTOR",
                                 tagged=False)
    dissolve: bool = setting("with --vector (refused without it): one (multi)polygon per class instead of "
                             "one polygon per region", False, flag="--dissolve", parameter="DISSOLVE")
    statistics: str | None = setting("also write the area per class to this CSV table; the only format, so "
                                     "its name ends in .csv", None, flag="--statistics", tagged=False)

    def __post_init__(self) -> None:
        definitions = settings_of(self)
        check_settings(definitions, **{name: getattr(self, name) for name in definitions})


SETTINGS = settings_of(SegmentSettings)


def pipeline_options(settings, *extra: tuple) -> type:
    """The raster pipeline's options: a frozen dataclass of the settings of ``settings`` it takes (their
    types, defaults and descriptions), and ``extra`` fields (name, type, field) of its own."""
    taken = [(f.name, f.type, field(default=f.default, metadata=f.metadata)) for f in fields(settings)
             if f.metadata["setting"].pipeline]
    return make_dataclass("RasterOptions", [*taken, *extra], frozen=True)
