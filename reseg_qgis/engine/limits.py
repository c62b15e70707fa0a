"""The range of every number a run takes, and the bound on the output grid: one place, so the command
line, the worker and the QGIS algorithm refuse the same values with the same words. With them, the
words of the shared helpers' errors (device, request), so the QGIS side can translate them all.

Plain Python: QGIS's side imports it without torch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .translatable import QT_TRANSLATE_NOOP, ResegError

MIN_WINDOW, MAX_WINDOW = 32, 2048  # CLIP window, pixels
MAX_BATCH = 256  # CLIP windows per forward pass
MIN_SCALE, MAX_SCALE = 0.01, 16.0  # processing scale; a target resolution may not be finer than 16x
MAX_OUTPUT_PIXELS = 10_000_000_000  # 10 gigapixels: beyond, a run takes days and fills disks
MAX_SIEVE = 100_000_000  # minimum mapping unit, pixels
OVERVIEW_RESAMPLINGS = ("mode", "nearest")  # COG overviews of classes: never averaged


class SettingError(ResegError):
    """A number outside its range; the message gives the range, the value and what to change."""


# Every message of a SettingError, for translations.
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
    "engine",
    "A target resolution of {resolution:g} is {upsampling:,.0f} times finer than the raster's own pixels, "
    "an output of {width:,} x {height:,} pixels; at most {limit:g} times is allowed. Give a coarser "
    "resolution.")
TOO_FINE_SCALE = QT_TRANSLATE_NOOP("engine", "This scale is {upsampling:,.0f} times finer than the raster's "
                                             "own pixels, an output of {width:,} x {height:,} pixels; at "
                                             "most {limit:g} times is allowed. Give a coarser resolution.")
TOO_LARGE = QT_TRANSLATE_NOOP(
    "engine",
    "The output would be {width:,} x {height:,} pixels ({gigapixels:,.1f} gigapixels); at most {limit:g} "
    "gigapixels are allowed. Choose a smaller extent, or a coarser resolution (a scale below 1).")
MESSAGES = (WINDOW, OVERLAP, BAND_COUNT, BAND, EXTENT, SCALE_OR_RESOLUTION, SCALE, RESOLUTION, THRESHOLD,
            BATCH, SIEVE, OVERVIEWS, TOO_FINE_RESOLUTION, TOO_FINE_SCALE, TOO_LARGE)


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
    "engine",
    "Dissolving makes one polygon per class in the polygons' GeoPackage, but this run writes no polygons: "
    "name a GeoPackage for the polygons too, or leave dissolving off.")
OVERVIEWS_WITHOUT_COG = QT_TRANSLATE_NOOP(
    "engine",
    "Overviews by {value} are made only for a Cloud-Optimised GeoTIFF, which this run does not write: ask "
    "for a Cloud-Optimised GeoTIFF too, or leave the overviews at mode.")
TYPE_WITHOUT_CONFIDENCE = QT_TRANSLATE_NOOP("engine", "A confidence type ({value}) was given, but this run "
                                                      "writes no confidence raster: name a file for the "
                                                      "confidence raster too, or leave the type out.")
SIEVE_OVER_GRID = QT_TRANSLATE_NOOP(
    "engine",
    "A minimum mapping unit of {value} pixels is more than the whole processed raster holds ({width:,} x "
    "{height:,} = {pixels:,} pixels), so no region could reach it. Give the size of the smallest region to "
    "keep, far below {pixels:,} pixels, or 0 to keep every region.")
EMPTY_NAME = QT_TRANSLATE_NOOP("engine", "The {what} was given an empty name; give its name, or leave it "
                                         "out.")
SAM_UNUSED = QT_TRANSLATE_NOOP("engine", "{sam} is a SAM model, but this run uses no SAM ({why}): run with "
                                         "SAM (the balanced or quality preset), or leave the SAM model out.")
RUNS = (UNKNOWN_DEVICE, NO_CUDA, NO_CUDA_BUILD, NO_MPS, UNKNOWN_PRECISION, GPU_ONLY, UNKNOWN_SETTINGS,
        RUN_NEEDS, UNKNOWN_RUN_MODEL, DISSOLVE_WITHOUT_POLYGONS, OVERVIEWS_WITHOUT_COG,
        TYPE_WITHOUT_CONFIDENCE, SIEVE_OVER_GRID, EMPTY_NAME, SAM_UNUSED)


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


def check_settings(*, window=None, overlap=None, bands: Sequence | None = None,
                   extent: Sequence | None = None, scale=None, resolution=None, threshold=0.0,
                   batch_size=8, sieve=0, overviews="mode") -> None:
    """Raise :class:`SettingError` for the first value outside its range (None: the default)."""
    if window is not None:
        _whole(WINDOW, window, MIN_WINDOW, MAX_WINDOW, low=MIN_WINDOW, high=MAX_WINDOW)
    if overlap is not None:
        check_overlap(int(window) if window is not None else MAX_WINDOW, overlap)
    if bands is not None:
        if len(bands) not in (1, 3):
            raise SettingError(BAND_COUNT, count=len(bands))
        for band in bands:
            _whole(BAND, band, 1, 65535)
    if extent is not None:
        if len(extent) != 4:
            raise SettingError(EXTENT, value=list(extent))
        xmin, ymin, xmax, ymax = (_number(EXTENT, value) for value in extent)
        if xmin >= xmax or ymin >= ymax:
            raise SettingError(EXTENT, value=list(extent))
    if scale is not None and resolution is not None:
        raise SettingError(SCALE_OR_RESOLUTION)
    if scale is not None:
        if not MIN_SCALE <= _number(SCALE, scale, low=MIN_SCALE, high=MAX_SCALE) <= MAX_SCALE:
            raise SettingError(SCALE, value=scale, low=MIN_SCALE, high=MAX_SCALE)
    if resolution is not None and _number(RESOLUTION, resolution) <= 0:
        raise SettingError(RESOLUTION, value=resolution)
    if threshold is not None and not 0 <= _number(THRESHOLD, threshold) <= 1:
        raise SettingError(THRESHOLD, value=threshold)
    if batch_size is not None:
        _whole(BATCH, batch_size, 1, MAX_BATCH, high=MAX_BATCH)
    if sieve is not None:
        _whole(SIEVE, sieve, 0, MAX_SIEVE, high=MAX_SIEVE)
    if overviews is not None and overviews not in OVERVIEW_RESAMPLINGS:
        raise SettingError(OVERVIEWS, value=overviews)


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
