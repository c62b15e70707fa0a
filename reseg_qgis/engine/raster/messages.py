"""The errors of reading the input raster, writing the outputs and choosing class colours, as templates
the QGIS side translates (engine_texts.py). Plain Python: QGIS imports it without rasterio."""

from ..translatable import QT_TRANSLATE_NOOP

# The input raster (source.py).
BAND_CHOICE = QT_TRANSLATE_NOOP("engine", "The raster has {count} bands; choose 1 band (shown as grey) or 3 "
                                          "bands (as red, green, blue).")
NO_SUCH_BAND = QT_TRANSLATE_NOOP("engine", "Band {band} does not exist; the raster has bands 1 to {count}.")
BANDS_CHOSEN = QT_TRANSLATE_NOOP("engine", "{count} bands chosen; choose 1 band or 3 bands (red, green, "
                                           "blue).")
CANNOT_OPEN = QT_TRANSLATE_NOOP("engine", "Cannot open {path} as a raster: {reason}")
NO_PIXELS = QT_TRANSLATE_NOOP("engine", "{path} has no pixels.")
BY_GCPS = QT_TRANSLATE_NOOP("engine", "{path} is georeferenced by ground control points, not by a grid; "
                                      "warp it to a grid first (Raster ▸ Projections ▸ Warp, or gdalwarp).")
BY_RPCS = QT_TRANSLATE_NOOP("engine", "{path} is georeferenced by RPC coefficients, not by a grid; warp it "
                                      "to a grid first (Raster ▸ Projections ▸ Warp, or gdalwarp).")
ROTATED_EXTENT = QT_TRANSLATE_NOOP("engine", "An extent cannot be applied to a rotated raster; process the "
                                             "whole raster, or warp it to a north-up grid first.")
EMPTY_EXTENT = QT_TRANSLATE_NOOP("engine", "The extent is empty: give xmin < xmax and ymin < ymax.")
NO_OVERLAP = QT_TRANSLATE_NOOP("engine", "The extent does not overlap the raster (check that it is in the "
                                         "raster's CRS).")
CANNOT_READ = QT_TRANSLATE_NOOP("engine", "Cannot read {path} (processing rows {first} to {last}): {cause}. "
                                          "The file may be truncated or damaged: check it with gdalinfo "
                                          "-checksum, or export it again.")
ONLY_NODATA = QT_TRANSLATE_NOOP("engine", "{path} holds only nodata in the processed area.")

# The outputs (output.py).
CONFIDENCE_TYPE = QT_TRANSLATE_NOOP("engine", "The confidence type must be one of {types}.")
OWN_NAMES = QT_TRANSLATE_NOOP("engine", "Each output needs its own file name.")
PRODUCT_SUFFIX = QT_TRANSLATE_NOOP("engine", "{name}: give it one of the suffixes .gpkg (a GeoPackage), "
                                             ".csv (a CSV table).")
IS_INPUT = QT_TRANSLATE_NOOP("engine", "{path} is the input raster; choose another output file name.")
INPUT_STYLE = QT_TRANSLATE_NOOP("engine", "{name} would replace the style file of the input {input}; choose "
                                          "another output file name.")
NOT_TIF = QT_TRANSLATE_NOOP("engine", "{name}: the output is a GeoTIFF; give it a .tif name.")
NO_FOLDER = QT_TRANSLATE_NOOP("engine", "The output folder {folder} does not exist.")
NOT_WRITABLE = QT_TRANSLATE_NOOP("engine", "The output folder {folder} is not writable ({reason}); choose "
                                           "another one.")
READ_ONLY = QT_TRANSLATE_NOOP("engine", "{path} exists and cannot be replaced (read-only).")
A_FOLDER = QT_TRANSLATE_NOOP("engine", "{path} is a folder, which ReSeg will not replace; choose a file "
                                       "name that does not clash with it (e.g. {example}).")
NOT_A_FILE = QT_TRANSLATE_NOOP("engine", "{path} is not a regular file, which ReSeg will not replace; "
                                         "choose a file name that does not clash with it (e.g. {example}).")
CANNOT_CREATE = QT_TRANSLATE_NOOP("engine", "Cannot write {path}: {reason}")
WRITE_FAILED = QT_TRANSLATE_NOOP("engine", "Cannot write {path}: {cause}. Check that {folder} is writable "
                                           "and its disk has room.")
DISK_FULL = QT_TRANSLATE_NOOP("engine", "Cannot write {path}: {cause}. The disk holding {folder} is full "
                                        "({free_mb:,} MB free): free some space there, or choose another "
                                        "folder.")
CANNOT_REPLACE = QT_TRANSLATE_NOOP("engine", "Cannot replace {path}: {reason}. Close it in other programs "
                                             "(or remove it from the QGIS project) and run again.")

TILES_IN_THE_WAY = QT_TRANSLATE_NOOP("engine", "{folder} is in the way of the mosaic's tiles, which go to a "
                                               "folder of that name; move it, or choose another output name.")

# Class colours (palette.py).
NOT_A_COLOUR = QT_TRANSLATE_NOOP("engine", "{text!r} is not a colour; write it as #rrggbb, e.g. #2b7bba.")
NO_SUCH_CLASS = QT_TRANSLATE_NOOP("engine", "The colour for {name!r} names no class of the class list.")
MIXED_COLOURS = QT_TRANSLATE_NOOP("engine", "Give the colours either all in class order or all as "
                                            "name=#rrggbb.")
TOO_MANY_COLOURS = QT_TRANSLATE_NOOP("engine", "{given} colours given for {count} classes.")

# The run's products, checked against the format each is written in (output.py).
VECTOR_SUFFIX = QT_TRANSLATE_NOOP("engine", "{path}: polygons are written as a GeoPackage, whose name ends "
                                            "in .gpkg; give a name such as {example}.")
STATISTICS_SUFFIX = QT_TRANSLATE_NOOP("engine", "{path}: area statistics are written as a CSV table, whose "
                                                "name ends in .csv; give a name such as {example}.")

