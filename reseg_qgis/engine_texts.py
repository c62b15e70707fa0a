"""The engine's messages in the user's language, with numbers in the user's locale.

The engine's settings and class-list errors carry a template and its values (engine limits.py and
class_prompts.py, ``MESSAGES``), also through the worker; its run warnings are fixed texts (engine
raster/run_warnings.py). Each has its translation here. Other engine texts (file and model errors)
reach the user as the engine wrote them.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QLocale

from .translation import tr

# Values shown as the user gave them: no locale formatting.
GIVEN = {"value", "text", "entry", "name", "code"}


def catalogue() -> dict[str, str]:
    """Each engine text, and the same text through ``tr``: a literal, so that pylupdate finds it."""
    texts = [
        tr("The window must be a whole number of pixels from {low} to {high} (or none for the model's "
           "size); {value!r} was given."),
        tr("The window overlap must be a whole number of pixels from 0 to {high}, smaller than the "
           "window (half the window is a good choice); {value!r} was given."),
        tr("Choose 1 band (shown as grey) or 3 bands (red, green, blue), not {count}."),
        tr("A band number must be a whole number from 1 (the first band); {value!r} was given."),
        tr("The extent must be four finite numbers xmin, ymin, xmax, ymax with xmin < xmax and ymin < "
           "ymax; {value!r} was given."),
        tr("Give a processing scale or a target resolution, not both."),
        tr("The processing scale must be from {low} to {high:g} (1 = native); {value!r} was given."),
        tr("The target resolution must be a positive number of map units per pixel; {value!r} was given."),
        tr("The unclassified threshold must be from 0 to 1 (a probability; 0 classifies every pixel); "
           "{value!r} was given."),
        tr("The batch size must be a whole number of windows from 1 to {high}; {value!r} was given."),
        tr("The minimum mapping unit must be a whole number of pixels from 0 (keep every region) to "
           "{high:,}; {value!r} was given."),
        tr("Overviews of classes are made by mode or nearest; {value!r} was given."),
        tr("A target resolution of {resolution:g} is {upsampling:,.0f} times finer than the raster's "
           "own pixels, an output of {width:,} x {height:,} pixels; at most {limit:g} times is allowed. "
           "Give a coarser resolution."),
        tr("This scale is {upsampling:,.0f} times finer than the raster's own pixels, an output of "
           "{width:,} x {height:,} pixels; at most {limit:g} times is allowed. Give a coarser "
           "resolution."),
        tr("The output would be {width:,} x {height:,} pixels ({gigapixels:,.1f} gigapixels); at most "
           "{limit:g} gigapixels are allowed. Choose a smaller extent, or a coarser resolution (a scale "
           "below 1)."),
        tr("The class list holds the invisible character {code} (line {line}, in {text!r}); delete it "
           "and type the names again."),
        tr("Class {position} ({entry!r}) has no name: type a word before or between the commas."),
        tr("{name!r} appears twice in that class; each name may appear once."),
        tr("{name!r} appears in classes {first} and {second}; each name may appear once."),
        tr("The class list is empty: type at least one class, e.g. \"building; road, street; tree, "
           "forest; water\"."),
        tr("{count} classes given; at most {limit} fit in the 8-bit classified raster."),
        tr("The raster has no CRS, so the result has none either; assign one in QGIS (Layer Properties "
           "▸ Source) where it matters."),
        tr("Only one class was given, so every valid pixel gets it (unless the unclassified threshold "
           "says otherwise); name the other things in the scene too."),
    ]
    from .engine import class_prompts, limits
    from .engine.raster import run_warnings

    return dict(zip([*limits.MESSAGES, *class_prompts.MESSAGES, *run_warnings.WARNINGS], texts))


def localised(values: dict) -> dict:
    """Numbers as the user's locale writes them; what the user gave, as given."""
    locale = QLocale()
    shown = {}
    for key, value in values.items():
        if key in GIVEN or isinstance(value, bool) or not isinstance(value, (int, float)):
            shown[key] = value
        elif isinstance(value, int) or float(value).is_integer() or abs(value) >= 100:
            shown[key] = locale.toString(round(value))
        else:
            shown[key] = locale.toString(float(value), "g", 4)
    return shown


def engine_text(message: str, template: str | None = None, values: dict | None = None) -> str:
    """``message`` of the engine in the user's language, where it has a translation."""
    key = template or message
    translation = catalogue().get(key)
    if translation is None or translation == key:
        return message
    try:
        return translation.format(**localised(values or {}))
    except Exception:  # a translation that lost a placeholder, a value QLocale cannot write: the original
        return message


def data_size(size: int) -> str:
    """A file size in the user's locale (SI units, as the engine counts them), e.g. "1,2 GB"."""
    return QLocale().formattedDataSize(int(size), 1 if size >= 1e9 else 0, QLocale.DataSizeSIFormat)


def error_text(error: Exception) -> str:
    """An engine error raised in QGIS's process, in the user's language."""
    return engine_text(str(error), getattr(error, "template", None), getattr(error, "values", None))
