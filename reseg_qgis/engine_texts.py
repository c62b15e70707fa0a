"""The engine's messages in the user's language, with numbers in the user's locale.

The engine's settings, class-list, input-raster, output and class-colour errors carry a template and
its values (engine limits.py, class_prompts.py and raster/messages.py, ``MESSAGES``), also through the
worker; its run warnings are fixed texts (engine raster/run_warnings.py). Each has its translation
here. Other engine texts (model and weight errors, say) reach the user as the engine wrote them.
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
        tr("The raster has {count} bands; choose 1 band (shown as grey) or 3 bands (as red, green, blue)."),
        tr("Band {band} does not exist; the raster has bands 1 to {count}."),
        tr("{count} bands chosen; choose 1 band or 3 bands (red, green, blue)."),
        tr("Cannot open {path} as a raster: {reason}"),
        tr("{path} has no pixels."),
        tr("{path} is georeferenced by ground control points, not by a grid; warp it to a grid first "
           "(Raster ▸ Projections ▸ Warp, or gdalwarp)."),
        tr("{path} is georeferenced by RPC coefficients, not by a grid; warp it to a grid first (Raster ▸ "
           "Projections ▸ Warp, or gdalwarp)."),
        tr("An extent cannot be applied to a rotated raster; process the whole raster, or warp it to a "
           "north-up grid first."),
        tr("The extent is empty: give xmin < xmax and ymin < ymax."),
        tr("The extent does not overlap the raster (check that it is in the raster's CRS)."),
        tr("Cannot read {path} (processing rows {first} to {last}): {cause}. The file may be truncated or "
           "damaged: check it with gdalinfo -checksum, or export it again."),
        tr("{path} holds only nodata in the processed area."),
        tr("The confidence type must be one of {types}."),
        tr("Each output needs its own file name."),
        tr("{name}: give it one of the suffixes .gpkg (a GeoPackage), .csv (a CSV table)."),
        tr("{path} is the input raster; choose another output file name."),
        tr("{name} would replace the style file of the input {input}; choose another output file name."),
        tr("{name}: the output is a GeoTIFF; give it a .tif name."),
        tr("The output folder {folder} does not exist."),
        tr("The output folder {folder} is not writable ({reason}); choose another one."),
        tr("{path} exists and cannot be replaced (read-only)."),
        tr("{path} is a folder, which ReSeg will not replace; choose a file name that does not clash with "
           "it (e.g. {example})."),
        tr("{path} is not a regular file, which ReSeg will not replace; choose a file name that does not "
           "clash with it (e.g. {example})."),
        tr("Cannot write {path}: {reason}"),
        tr("Cannot write {path}: {cause}. Check that {folder} is writable and its disk has room."),
        tr("Cannot write {path}: {cause}. The disk holding {folder} is full ({free_mb:,} MB free): free "
           "some space there, or choose another folder."),
        tr("Cannot replace {path}: {reason}. Close it in other programs (or remove it from the QGIS "
           "project) and run again."),
        tr("{text!r} is not a colour; write it as #rrggbb, e.g. #2b7bba."),
        tr("The colour for {name!r} names no class of the class list."),
        tr("Give the colours either all in class order or all as name=#rrggbb."),
        tr("{given} colours given for {count} classes."),
    ]
    from .engine import class_prompts, limits
    from .engine.raster import messages, run_warnings

    return dict(zip([*limits.MESSAGES, *class_prompts.MESSAGES, *run_warnings.WARNINGS, *messages.MESSAGES],
                    texts))


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
    """An engine error raised in QGIS's process, in the user's language: any error with ``template``
    and ``values`` (a TemplatedError, or one made by the engine's ``limits.templated``)."""
    return engine_text(str(error), getattr(error, "template", None), getattr(error, "values", None))
