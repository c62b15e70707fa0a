"""What a run warns of, as fixed texts the QGIS side translates. Plain Python: QGIS imports it."""

from ..translatable import QT_TRANSLATE_NOOP

NO_CRS = QT_TRANSLATE_NOOP("engine", "The raster has no CRS, so the result has none either; assign one in "
                                     "QGIS (Layer Properties ▸ Source) where it matters.")
ONE_CLASS = QT_TRANSLATE_NOOP("engine", "Only one class was given, so every valid pixel gets it (unless the "
                                        "unclassified threshold says otherwise); name the other things in "
                                        "the scene too.")
