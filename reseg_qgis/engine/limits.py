"""The range of every number a run takes, and the bound on the output grid: one place, so the command
line, the worker and the QGIS algorithm refuse the same values with the same words.

Plain Python: QGIS's side imports it without torch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MIN_WINDOW, MAX_WINDOW = 32, 2048  # CLIP window, pixels
MAX_BATCH = 256  # CLIP windows per forward pass
MIN_SCALE, MAX_SCALE = 0.01, 16.0  # processing scale; a target resolution may not be finer than 16x
MAX_OUTPUT_PIXELS = 10_000_000_000  # 10 gigapixels: beyond, a run takes days and fills disks
MAX_SIEVE = 100_000_000  # minimum mapping unit, pixels
OVERVIEW_RESAMPLINGS = ("mode", "nearest")  # COG overviews of classes: never averaged


class SettingError(ValueError):
    """A number outside its range; the message gives the range, the value and what to change."""


def _number(name: str, value, rule: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise SettingError(f"{name} must be {rule}; {value!r} was given.") from None
    if not math.isfinite(number):
        raise SettingError(f"{name} must be {rule}; {value!r} was given.")
    return number


def _whole(name: str, value, low: int, high: int, rule: str) -> int:
    number = _number(name, value, rule)
    if number != int(number) or not low <= number <= high:
        raise SettingError(f"{name} must be {rule}; {value!r} was given.")
    return int(number)


def check_settings(*, window=None, overlap=None, bands: Sequence | None = None,
                   extent: Sequence | None = None, scale=None, resolution=None, threshold=0.0,
                   batch_size=8, sieve=0, overviews="mode") -> None:
    """Raise :class:`SettingError` for the first value outside its range (None: the default)."""
    if window is not None:
        _whole("The window", window, MIN_WINDOW, MAX_WINDOW,
               f"a whole number of pixels from {MIN_WINDOW} to {MAX_WINDOW} (or none for the model's size)")
    if overlap is not None:
        check_overlap(int(window) if window is not None else MAX_WINDOW, overlap)
    if bands is not None:
        if len(bands) not in (1, 3):
            raise SettingError(f"Choose 1 band (shown as grey) or 3 bands (red, green, blue), not "
                               f"{len(bands)}.")
        for band in bands:
            _whole("A band number", band, 1, 65535, "a whole number from 1 (the first band)")
    if extent is not None:
        rule = "four finite numbers xmin, ymin, xmax, ymax with xmin < xmax and ymin < ymax"
        if len(extent) != 4:
            raise SettingError(f"The extent must be {rule}; {list(extent)!r} was given.")
        xmin, ymin, xmax, ymax = (_number("The extent", value, rule) for value in extent)
        if xmin >= xmax or ymin >= ymax:
            raise SettingError(f"The extent must be {rule}; {list(extent)!r} was given.")
    if scale is not None and resolution is not None:
        raise SettingError("Give a processing scale or a target resolution, not both.")
    if scale is not None:
        rule = f"from {MIN_SCALE} to {MAX_SCALE:g} (1 = native)"
        if not MIN_SCALE <= _number("The processing scale", scale, rule) <= MAX_SCALE:
            raise SettingError(f"The processing scale must be {rule}; {scale!r} was given.")
    if resolution is not None:
        rule = "a positive number of map units per pixel"
        if _number("The target resolution", resolution, rule) <= 0:
            raise SettingError(f"The target resolution must be {rule}; {resolution!r} was given.")
    rule = "from 0 to 1 (a probability; 0 classifies every pixel)"
    if threshold is not None and not 0 <= _number("The unclassified threshold", threshold, rule) <= 1:
        raise SettingError(f"The unclassified threshold must be {rule}; {threshold!r} was given.")
    if batch_size is not None:
        _whole("The batch size", batch_size, 1, MAX_BATCH, f"a whole number of windows from 1 to {MAX_BATCH}")
    if sieve is not None:
        _whole("The minimum mapping unit", sieve, 0, MAX_SIEVE,
               f"a whole number of pixels from 0 (keep every region) to {MAX_SIEVE:,}")
    if overviews is not None and overviews not in OVERVIEW_RESAMPLINGS:
        raise SettingError(f"Overviews of classes are made by {' or '.join(OVERVIEW_RESAMPLINGS)}; "
                           f"{overviews!r} was given.")


def check_overlap(window: int, overlap) -> None:
    """The overlap against the window in use (the model's, when none was given)."""
    top = int(window) - 1
    _whole("The window overlap", overlap, 0, top,
           f"a whole number of pixels from 0 to {top}, smaller than the window (half the window is a good "
           "choice)")


def check_grid(width: int, height: int, upsampling: float, resolution=None) -> None:
    """Refuse a processing grid finer than ``MAX_SCALE`` times the raster's or larger than
    ``MAX_OUTPUT_PIXELS``, before anything is read or written."""
    if upsampling > MAX_SCALE * (1 + 1e-9):
        given = f"A target resolution of {resolution:g}" if resolution is not None else "This scale"
        raise SettingError(f"{given} is {upsampling:,.0f} times finer than the raster's own pixels, an "
                           f"output of {width:,} x {height:,} pixels; at most {MAX_SCALE:g} times is "
                           "allowed. Give a coarser resolution.")
    if width * height > MAX_OUTPUT_PIXELS:
        raise SettingError(f"The output would be {width:,} x {height:,} pixels "
                           f"({width * height / 1e9:,.1f} gigapixels); at most {MAX_OUTPUT_PIXELS / 1e9:g} "
                           "gigapixels are allowed. Choose a smaller extent, or a coarser resolution (a "
                           "scale below 1).")
