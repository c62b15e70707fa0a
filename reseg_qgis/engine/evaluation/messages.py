"""The errors of an evaluation, as templates the QGIS side translates (engine_texts.py). Plain Python:
QGIS imports it without rasterio."""

from ..translatable import QT_TRANSLATE_NOOP

CRS_ON_ONE_SIDE = QT_TRANSLATE_NOOP("engine", "One of the two layers has a CRS and the other has none; "
                                              "assign the same CRS to both (in QGIS: Layer Properties ▸ "
                                              "Source).")
NO_OVERLAP = QT_TRANSLATE_NOOP("engine", "The labels do not overlap the prediction; check that they cover "
                                         "the prediction's area.")
NO_SHARED_PIXEL = QT_TRANSLATE_NOOP("engine", "The layers share no labelled pixel: the labels are all "
                                              "ignored, nodata or outside the prediction.")
NO_SHARED_CLASS = QT_TRANSLATE_NOOP("engine", "The labels share no class with the prediction ({classes}). "
                                              "Map the label values to the classes with a mapping file, or "
                                              "name the label categories as the classes are named.")
LABEL_RANGE = QT_TRANSLATE_NOOP("engine", "Label values must be whole numbers from 0 to 65535; found "
                                          "{value}.")
NO_FIELD = QT_TRANSLATE_NOOP("engine", "The layer {path} has no field {field}; its fields are {fields}.")
CHOOSE_FIELD = QT_TRANSLATE_NOOP("engine", "Choose the class field of {path}: one of {fields}.")
PREDICTION_UNREADABLE = QT_TRANSLATE_NOOP("engine", "Cannot open the classified raster {path}: {reason}")
NOT_A_LAYER = QT_TRANSLATE_NOOP("engine", "Cannot open {path} as a raster or a vector layer: {reason}")
MAPPING_LINE = QT_TRANSLATE_NOOP("engine", "Line {line} of {path}: write a label value, a comma and the "
                                           "class (its name, its value, or ignore), e.g. 7,building.")
MAPPING_CLASS = QT_TRANSLATE_NOOP("engine", "Line {line} of {path}: {name!r} is no class of the prediction; "
                                            "its classes are {classes}.")
UNKNOWN_SETTINGS = QT_TRANSLATE_NOOP("engine", "Unknown evaluation settings: {names}.")
NEEDS = QT_TRANSLATE_NOOP("engine", "An evaluation needs {names}.")
OUTPUT_IS_INPUT = QT_TRANSLATE_NOOP("engine", "The {output} would overwrite the {input} ({path}); choose "
                                              "another file for the {output}.")
SAME_OUTPUTS = QT_TRANSLATE_NOOP("engine", "The {first} and the {second} are both {path}; give each its own "
                                           "file.")
# Wrong numbers refused: values that are no label, no class, or are given twice; files checked first.
WHOLE_LABELS = QT_TRANSLATE_NOOP("engine", "Label values must be whole numbers from 0 to 65535; {path} "
                                           "holds {value}. Round or reclassify the labels first.")
LABELS_NAN = QT_TRANSLATE_NOOP("engine", "{path} holds NaN (not a number) as a label and declares no nodata "
                                         "value: declare NaN as its nodata (gdal_edit -a_nodata nan) or "
                                         "fill those pixels.")
PREDICTION_VALUES = QT_TRANSLATE_NOOP("engine", "The classified raster's values must be whole numbers, one "
                                                "per class; {path} holds {value}. Give a classification, "
                                                "not a continuous raster.")
PREDICTION_NAN = QT_TRANSLATE_NOOP(
    "engine", "The classified raster {path} holds NaN (not a number) and declares no nodata value: declare "
    "NaN as its nodata (gdal_edit -a_nodata nan) or fill those pixels with 0 (unclassified).")
TOO_MANY_CLASSES = QT_TRANSLATE_NOOP("engine", "The layers hold more than {limit:,} distinct classes (e.g. "
                                               "{values}); a classification has one value per class. Check "
                                               "that {path} is a classified raster.")
TEXT_NO_CLASS = QT_TRANSLATE_NOOP("engine", "The class names in field {field} of {path} ({names}) match no "
                                            "class of the prediction ({classes}). Name them as the classes "
                                            "are named, or map them with a mapping file (rows such as "
                                            "urban,building).")
LABEL_VALUE = QT_TRANSLATE_NOOP("engine", "{what}: {value!r} is no label value; give whole numbers from 0 "
                                          "to 65535.")
CLASS_VALUE = QT_TRANSLATE_NOOP("engine", "{what}: {value!r} is no class value of the prediction (its "
                                          "classes: {classes}).")
MAPPING_TWICE = QT_TRANSLATE_NOOP("engine", "Line {line} of {path} maps {label} to {target}, but line "
                                            "{first} maps it to {earlier}; keep one of the two.")
NAN_COORDINATES = QT_TRANSLATE_NOOP("engine", "{count:,} features of {path} (e.g. feature {fid}) have "
                                              "coordinates that are not numbers (NaN); fix or delete them "
                                              "(Vector ▸ Geometry Tools ▸ Check Validity shows them).")
NO_GEOMETRY = QT_TRANSLATE_NOOP("engine", "{path} holds a table without geometries; give polygons (or "
                                          "points) with a class field, or a label raster.")
RASTER_WITH_FIELD = QT_TRANSLATE_NOOP("engine", "{path} is a raster: a class field (or a layer) is chosen "
                                                "for polygon labels only; leave it out for a label raster.")
MAPPING_NOT_TEXT = QT_TRANSLATE_NOOP("engine", "The mapping file {path} is not UTF-8 text ({reason}); save "
                                               "it as CSV in UTF-8 (in a spreadsheet: CSV UTF-8).")
NOT_A_FILE = QT_TRANSLATE_NOOP("engine", "The {what} {path} does not exist or is not a file.")
OUTPUT_FOLDER = QT_TRANSLATE_NOOP("engine", "The folder of the {output}, {folder}, does not exist; create "
                                            "it or choose another file.")
OUTPUT_NOT_FILE = QT_TRANSLATE_NOOP("engine", "The {output} {path} is a folder or another non-file; choose "
                                              "a file name.")
CANNOT_WRITE = QT_TRANSLATE_NOOP("engine", "Cannot write the {output} {path}: {reason}. Nothing was "
                                           "written; check that {folder} is writable and its disk has room.")
NEEDS_WHOLE = QT_TRANSLATE_NOOP("engine", "{what} must be whole numbers; {value!r} was given.")
NEEDS_TEXT = QT_TRANSLATE_NOOP("engine", "The {what} must be given as text (a path or a name); {value!r} "
                                         "was given.")
MAP_TWICE = QT_TRANSLATE_NOOP("engine", "--map gives label {label} two classes ({first} and {second}); keep "
                                        "one.")
IGNORED_AND_MAPPED = QT_TRANSLATE_NOOP("engine", "Label {label} is both ignored and mapped to class "
                                                 "{value}; keep one of the two.")
TEXT_BY_NUMBER = QT_TRANSLATE_NOOP(
    "engine", "The labels in field {field} of {path} are texts, which ReSeg numbers for itself: {what} "
    "cannot name them by number ({value}). Name them instead (in a mapping file: urban,building).")
FIELD_NOT_VALUES = QT_TRANSLATE_NOOP("engine", "Field {field} of {path} holds lists or objects (e.g. in "
                                               "feature {fid}), not class values; choose a field of whole "
                                               "numbers or texts.")
ONE_BAND = QT_TRANSLATE_NOOP("engine", "{path} has {count} bands; a {what} has one band of class values: "
                                       "extract that band first (gdal_translate -b N).")
OUTPUT_NOT_WRITABLE = QT_TRANSLATE_NOOP("engine", "The folder of the {output}, {folder}, is not writable "
                                                  "({reason}); choose another folder.")
MAPPING_CSV = QT_TRANSLATE_NOOP("engine", "Line {line} of {path} cannot be read as CSV ({reason}); write a "
                                          "label value, a comma and the class, e.g. 7,building.")
NO_LAYER = QT_TRANSLATE_NOOP("engine", "{path} has no layer {layer}; its layers are {layers}.")
NO_FEATURES = QT_TRANSLATE_NOOP("engine", "{path} holds no feature with a geometry and a class value "
                                          "({count:,} features in all); give labels whose class field is "
                                          "filled in.")
MAPPING_EMPTY = QT_TRANSLATE_NOOP("engine", "The mapping file {path} holds no mapping rows; write rows such "
                                            "as 7,building, or leave it out.")
OUTPUT_SUFFIX = QT_TRANSLATE_NOOP("engine", "The {output} is written as {format}; give it a name ending in "
                                            "{suffix} (not {path}).")
BY_GCPS = QT_TRANSLATE_NOOP("engine", "{path} is georeferenced by ground control points (or RPCs), not by a "
                                      "grid; warp it to a grid first (Raster ▸ Projections ▸ Warp, or "
                                      "gdalwarp).")
