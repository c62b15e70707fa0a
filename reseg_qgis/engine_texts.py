"""The engine's messages in the user's language, with numbers in the user's locale.

The engine's errors that a user can meet (settings, class lists, input raster, outputs, class colours,
run locks, devices, segment requests, model weights: downloads, the model cache, checkpoints) carry a
template and its values (engine limits.py ``MESSAGES`` and ``RUNS``, class_prompts.py, raster/messages.py
and weights/messages.py), also through the worker; its run warnings are fixed texts (engine
raster/run_warnings.py). Each has its translation here. A value may carry a further message under
``then`` (a list of template and values), translated and appended in turn.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication, QLocale

from .engine.hardware import formats_text
from .engine.translatable import CONTEXT as MARKED
from .engine.weights import messages as weights_messages
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
        tr("{path} could not be locked."),
        tr("{path}: polygons are written as a GeoPackage, whose name ends in .gpkg; give a name such as "
           "{example}."),
        tr("{path}: area statistics are written as a CSV table, whose name ends in .csv; give a name such "
           "as {example}."),
        tr("Unknown device {value!r}; choose one of {choices}."),
        tr("CUDA was requested, but torch {torch} (CUDA {cuda}) sees no usable NVIDIA GPU. Choose 'auto' or "
           "'cpu', or install a CUDA build of torch that matches your driver."),
        tr("CUDA was requested, but torch {torch} (no CUDA support) sees no usable NVIDIA GPU. Choose 'auto' "
           "or 'cpu', or install a CUDA build of torch that matches your driver."),
        tr("Apple MPS was requested but is not available; choose 'auto' or 'cpu'."),
        tr("Unknown precision {value!r}; choose one of {choices}."),
        tr("{value} runs on GPUs only; use 'auto', 'fp32' or 'bf16' on the CPU."),
        tr("Unknown segment settings: {names}."),
        tr("A segment run needs {names}."),
        tr("Unknown {kind} model {name!r}; choose one of {known}."),
        tr("Dissolving makes one polygon per class in the polygons' GeoPackage, but this run writes no "
           "polygons: name a GeoPackage for the polygons too, or leave dissolving off."),
        tr("Overviews by {value} are made only for a Cloud-Optimised GeoTIFF, which this run does not "
           "write: ask for a Cloud-Optimised GeoTIFF too, or leave the overviews at mode."),
        tr("A confidence type ({value}) was given, but this run writes no confidence raster: name a file "
           "for the confidence raster too, or leave the type out."),
        tr("A minimum mapping unit of {value} pixels is more than the whole processed raster holds "
           "({width:,} x {height:,} = {pixels:,} pixels), so no region could reach it. Give the size of "
           "the smallest region to keep, far below {pixels:,} pixels, or 0 to keep every region."),
        tr("The {what} was given an empty name; give its name, or leave it out."),
        tr("{sam} is a SAM model, but this run uses no SAM ({why}): run with SAM (the balanced or quality "
           "preset), or leave the SAM model out."),
        tr("The server refused access to {url} (HTTP {code})."),
        tr("Downloading {url} failed: HTTP {code} {reason}. The file may have moved."),
        tr("Cannot connect to {host}: {reason}."),
        tr("Cannot write {path}: {reason}. Free some disk space, or choose another model cache folder."),
        tr("{url} answered a resume request with the wrong range."),
        tr("The transfer of {url} broke off after {received} bytes ({cause}). Run the download again to "
           "resume."),
        tr("Download cancelled; run it again to resume."),
        tr("The download of {url} does not match: the server's file is {total} bytes, {expected} were "
           "published. Nothing was kept; try again later, or import a verified copy."),
        tr("The download of {url} does not match: {received} bytes arrived, {expected} were published. "
           "Nothing was kept; try again later, or import a verified copy."),
        tr("The download of {url} does not match: its sha256 is {digest}, the published one is {expected}. "
           "Nothing was kept; try again later, or import a verified copy."),
        tr("Files to fetch: {files}."),
        tr("Model weights are not installed: {names}. Allow downloads to fetch them into {cache}, or import "
           "the published files from a folder (python -m reseg_qgis.engine models import FOLDER, or the "
           "plugin's weights manager)."),
        tr("Model weights are not installed: {names}. Allow downloads to fetch them into {cache}, or import "
           "the published files from a folder (python -m reseg_qgis.engine models import FOLDER, or the "
           "plugin's weights manager). Files to fetch: {files}."),
        tr("The model cache {folder} lies inside the plugin folder, which QGIS replaces on every upgrade; "
           "choose a folder outside it."),
        tr("The model cache manifest {path} is damaged ({cause}); delete it and import or download the "
           "models again."),
        tr("{name} is not the published archive ({cause}); nothing was kept."),
        tr("The cached weights {path} of {title} ({name}) have changed since they were verified: sha256 "
           "{digest}, recorded {expected}. Delete the file, then download it again (python -m "
           "reseg_qgis.engine models download {name}, or ReSeg ▸ Settings and weights ▸ Download selected), "
           "or import the published file."),
        tr("The cached weights {path} of {title} ({name}) have changed since they were verified: sha256 "
           "{digest}, recorded {expected}. Delete the file, then add it again from its file (models add), or "
           "import the published file."),
        tr("{name} is a model you added from a file; it has nothing to download. Add it again from its "
           "file."),
        tr("{name!r}: use 2-63 lower-case letters, digits, '.', '_' or '-', "
           "beginning with a letter or digit."),
        tr("{name} is a published model's name; choose another."),
        tr("The kind must be clip or sam."),
        tr("{name} is not a model you added."),
        tr("{name} is a model you added; remove it instead (models remove {name})."),
        tr("{path} does not exist."),
        tr("{path} is damaged ({cause}); fix or delete it, then add your models again (models add)."),
        tr("Unknown model {name!r}; known models: {known}."),
        tr("{name} is not a {kind} model."),
        tr("{name} is not a readable safetensors file: {cause}"),
        tr("{name} is not a readable torch checkpoint; it starts with {start!r} (an HTML page, or an "
           "interrupted copy?)."),
        tr("{name} is a TorchScript archive (like OpenAI's original .pt files), which cannot be loaded "
           "safely. Use the open_clip weights the registry names."),
        tr("{name} was refused: it holds Python objects or code, not only tensors, and loading it could run "
           "that code. ({cause})"),
        tr("{name} is not a readable torch checkpoint (truncated or corrupt?): {cause}"),
        tr("{name} is neither a state_dict nor an open_clip training checkpoint (found {found})."),
        tr("{source} does not fit the model architecture: {problems}. Check that the file belongs to this "
           "model."),
        tr("The {argument} of a model to add must be text; {value} was given."),
        tr("Give the checkpoint file of the model to add (its path, as text); {value} was given."),
        tr("The architecture must be a name (e.g. ViT-B-16-quickgelu for CLIP, vit_b for SAM), a .json "
           "file holding a model config, or that config as an object; {value} was given."),
        tr("{architecture!r} is not a {kind} architecture ReSeg can use; choose one of {known}, or give a "
           ".json file holding a model config."),
        tr("The architecture file {path} cannot be used: {cause}. It must hold one JSON object: an "
           "open_clip model config (CLIP) or SAM's sizes."),
        tr("ReSeg cannot use the {kind} architecture {architecture}: {cause}. Check its fields and values "
           "against an open_clip model config (CLIP) or SAM's sizes."),
        tr("{path} is a folder; give the checkpoint file itself (e.g. a .pt, .pth or .safetensors file), "
           "not its folder."),
        tr("{path} is not a regular file (a device, pipe or socket?); give the checkpoint file itself."),
        tr("Cannot read {path}: {reason}. Check that you may read it, or copy it to where you may."),
        tr("{name} is empty (0 bytes): an interrupted copy? Copy or download it again."),
        tr("{name} is not a torch checkpoint or a safetensors file (it starts with {start!r}); give the "
           "checkpoint file itself, as torch.save or safetensors wrote it."),
        tr("{name} is a zip archive, not a torch checkpoint (it holds {members}); unpack it and give the "
           "checkpoint inside."),
        tr("Give the file or folder to import (its path, as text); {value} was given."),
        tr("{path} is neither a regular file nor a folder (a device, pipe or socket?); give a model file, "
           "or a folder of them."),
        tr("There are no files in {folder}; give the folder that holds the model files you fetched, or one "
           "of those files."),
        tr("One of the two layers has a CRS and the other has none; assign the same CRS to both (in QGIS: "
           "Layer Properties ▸ Source)."),
        tr("The labels do not overlap the prediction; check that they cover the prediction's area."),
        tr("The layers share no labelled pixel: the labels are all ignored, nodata or outside the "
           "prediction."),
        tr("The labels share no class with the prediction ({classes}). Map the label values to the classes "
           "with a mapping file, or name the label categories as the classes are named."),
        tr("Label values must be whole numbers from 0 to 65535; found {value}."),
        tr("The layer {path} has no field {field}; its fields are {fields}."),
        tr("Choose the class field of {path}: one of {fields}."),
        tr("Cannot open {path} as a raster or a vector layer: {reason}"),
        tr("Line {line} of {path}: write a label value, a comma and the class (its name, its value, or "
           "ignore), e.g. 7,building."),
        tr("Line {line} of {path}: {name!r} is no class of the prediction; its classes are {classes}."),
        tr("Unknown evaluation settings: {names}."),
        tr("An evaluation needs {names}."),
        tr("The {output} would overwrite the {input} ({path}); choose another file for the {output}."),
        tr("The {first} and the {second} are both {path}; give each its own file."),
        tr("Label values must be whole numbers from 0 to 65535; {path} holds {value}. Round or reclassify "
           "the labels first."),
        tr("{path} holds NaN (not a number) as a label and declares no nodata value: declare NaN as its "
           "nodata (gdal_edit -a_nodata nan) or fill those pixels."),
        tr("The classified raster's values must be whole numbers, one per class; {path} holds {value}. "
           "Give a classification, not a continuous raster."),
        tr("The classified raster {path} holds NaN (not a number) and declares no nodata value: declare "
           "NaN as its nodata (gdal_edit -a_nodata nan) or fill those pixels with 0 (unclassified)."),
        tr("The layers hold more than {limit:,} distinct classes (e.g. {values}); a classification has one "
           "value per class. Check that {path} is a classified raster."),
        tr("The class names in field {field} of {path} ({names}) match no class of the prediction "
           "({classes}). Name them as the classes are named, or map them with a mapping file (rows such as "
           "urban,building)."),
        tr("{what}: {value!r} is no label value; give whole numbers from 0 to 65535."),
        tr("{what}: {value!r} is no class value of the prediction (its classes: {classes})."),
        tr("Line {line} of {path} maps {label} to {target}, but line {first} maps it to {earlier}; keep "
           "one of the two."),
        tr("{count:,} features of {path} (e.g. feature {fid}) have coordinates that are not numbers (NaN); "
           "fix or delete them (Vector ▸ Geometry Tools ▸ Check Validity shows them)."),
        tr("{path} holds a table without geometries; give polygons (or points) with a class field, or a "
           "label raster."),
        tr("{path} is a raster: a class field (or a layer) is chosen for polygon labels only; leave it out "
           "for a label raster."),
        tr("The mapping file {path} is not UTF-8 text ({reason}); save it as CSV in UTF-8 (in a "
           "spreadsheet: CSV UTF-8)."),
        tr("The {what} {path} does not exist or is not a file."),
        tr("The folder of the {output}, {folder}, does not exist; create it or choose another file."),
        tr("The {output} {path} is a folder or another non-file; choose a file name."),
        tr("Cannot write the {output} {path}: {reason}. Nothing was written; check that {folder} is "
           "writable and its disk has room."),
        tr("{what} must be whole numbers; {value!r} was given."),
        tr("The {what} must be given as text (a path or a name); {value!r} was given."),
        tr("--map gives label {label} two classes ({first} and {second}); keep one."),
        tr("Label {label} is both ignored and mapped to class {value}; keep one of the two."),
        tr("The labels in field {field} of {path} are texts, which ReSeg numbers for itself: {what} cannot "
           "name them by number ({value}). Name them instead (in a mapping file: urban,building)."),
        tr("Field {field} of {path} holds lists or objects (e.g. in feature {fid}), not class values; "
           "choose a field of whole numbers or texts."),
        tr("{path} has {count} bands; a {what} has one band of class values: extract that band first "
           "(gdal_translate -b N)."),
        tr("The folder of the {output}, {folder}, is not writable ({reason}); choose another folder."),
        tr("Line {line} of {path} cannot be read as CSV ({reason}); write a label value, a comma and the "
           "class, e.g. 7,building."),
        tr("{path} has no layer {layer}; its layers are {layers}."),
        tr("{path} holds no feature with a geometry and a class value ({count:,} features in all); give "
           "labels whose class field is filled in."),
        tr("The mapping file {path} holds no mapping rows; write rows such as 7,building, or leave it out."),
        tr("The {output} is written as {format}; give it a name ending in {suffix} (not {path})."),
        tr("{path} is georeferenced by ground control points (or RPCs), not by a grid; warp it to a grid "
           "first (Raster ▸ Projections ▸ Warp, or gdalwarp)."),
    ]
    from .engine import class_prompts, limits
    from .engine.evaluation import messages as evaluation_messages
    from .engine.raster import messages, run_warnings

    return dict(zip([*limits.MESSAGES, *class_prompts.MESSAGES, *run_warnings.WARNINGS, *messages.MESSAGES,
                     *limits.RUNS, *weights_messages.MESSAGES, *evaluation_messages.MESSAGES], texts))


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
    """``message`` of the engine in the user's language, where it has a translation; after a download
    that could not reach its server, how to import the files in QGIS instead."""
    key = template or message
    text = _translated(message, key, dict(values or {}))
    if key in weights_messages.UNREACHABLE:
        text += " " + tr("Where this computer has no internet, fetch the files on one that has, then import "
                         "them with Import… in the ReSeg panel (or ReSeg settings and weights ▸ Import from "
                         "folder…).")
    return text


def _translated(message: str, key: str, values: dict) -> str:
    then = values.pop("then", None)
    translation = catalogue().get(key)
    if translation is None or translation == key:
        return message
    try:
        text = translation.format(**localised(values))
        for part in then or []:  # e.g. the files to fetch after a failed download
            english = part["template"].format(**part["values"])
            text += " " + engine_text(english, part["template"], part["values"])
        return text
    except Exception:  # a translation that lost a placeholder, a value QLocale cannot write: the original
        return message


def data_size(size: int) -> str:
    """A file size in the user's locale (SI units, as the engine counts them), e.g. "1,2 GB"."""
    return QLocale().formattedDataSize(int(size), 1 if size >= 1e9 else 0,
                                       QLocale.DataSizeFormat.DataSizeSIFormat)


def error_text(error: Exception) -> str:
    """An engine error in the user's language: any error with ``template`` and ``values`` (a
    TemplatedError, or one made by the engine's ``limits.templated``), or with them in ``details`` (the
    worker's errors: WorkerRequestError)."""
    details = getattr(error, "details", None)
    found = details if isinstance(details, dict) and "template" in details else error.__dict__
    return engine_text(str(error), found.get("template"), found.get("values"))


def marked_text(template: str, values: dict | None = None) -> str:
    """A text the engine marked with ``QT_TRANSLATE_NOOP("engine", …)``, in the user's language; its text
    values are looked up too (names the engine marked, such as "PyPI")."""
    translated = QCoreApplication.translate(MARKED, template)
    if not values:
        return translated
    shown = {key: QCoreApplication.translate(MARKED, value) if isinstance(value, str) else value
             for key, value in localised(values).items()}
    try:
        return translated.format(**shown)
    except Exception:  # a translation that lost a placeholder: the English
        return template.format(**values)


def device_text(reply: dict) -> str:
    """The worker's device line (its ``device`` reply, or its check's forward pass), in the user's
    language."""
    line = reply.get("line")
    if not isinstance(line, dict):
        return str(reply.get("description", ""))
    values = dict(line.get("values") or {})
    if isinstance(reply.get("formats"), dict):
        values["formats"] = formats_text(reply["formats"], marked_text)
    return marked_text(line["template"], values)
