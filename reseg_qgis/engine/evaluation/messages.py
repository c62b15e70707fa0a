"""The errors of an evaluation, as templates the QGIS side translates (engine_texts.py). Plain Python:
QGIS imports it without rasterio."""

CRS_ON_ONE_SIDE = ("One of the two layers has a CRS and the other has none; assign the same CRS to both (in "
                   "QGIS: Layer Properties ▸ Source).")
NO_OVERLAP = "The labels do not overlap the prediction; check that they cover the prediction's area."
NO_SHARED_PIXEL = ("The layers share no labelled pixel: the labels are all ignored, nodata or outside the "
                   "prediction.")
NO_SHARED_CLASS = ("The labels share no class with the prediction ({classes}). Map the label values to the "
                   "classes with a mapping file, or name the label categories as the classes are named.")
LABEL_RANGE = "Label values must be whole numbers from 0 to 65535; found {value}."
NO_FIELD = "The layer {path} has no field {field}; its fields are {fields}."
CHOOSE_FIELD = "Choose the class field of {path}: one of {fields}."
NOT_A_LAYER = "Cannot open {path} as a raster or a vector layer: {reason}"
MAPPING_LINE = ("Line {line} of {path}: write a label value, a comma and the class (its name, its value, or "
                "ignore), e.g. 7,building.")
MAPPING_CLASS = "Line {line} of {path}: {name!r} is no class of the prediction; its classes are {classes}."
UNKNOWN_SETTINGS = "Unknown evaluation settings: {names}."
NEEDS = "An evaluation needs {names}."
OUTPUT_IS_INPUT = "The {output} would overwrite the {input} ({path}); choose another file for the {output}."
SAME_OUTPUTS = "The {first} and the {second} are both {path}; give each its own file."
MESSAGES = (CRS_ON_ONE_SIDE, NO_OVERLAP, NO_SHARED_PIXEL, NO_SHARED_CLASS, LABEL_RANGE, NO_FIELD,
            CHOOSE_FIELD, NOT_A_LAYER, MAPPING_LINE, MAPPING_CLASS, UNKNOWN_SETTINGS, NEEDS, OUTPUT_IS_INPUT,
            SAME_OUTPUTS)
