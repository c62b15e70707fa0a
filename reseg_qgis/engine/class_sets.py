"""Class lists for common remote-sensing label sets, with synonyms that help CLIP."""

from __future__ import annotations

CLASS_SETS = {
    "Land cover (general)": "water; tree, forest; grass, meadow; farmland, crop field; building, roof; "
                            "road, street; bare soil, sand",
    "LoveDA": "background, clutter; building, roof; road, street; water, river, lake; barren, bare soil; "
              "forest, tree; agriculture, farmland, crop field",
    "ISPRS Potsdam / Vaihingen": "impervious surface, pavement, road; building, roof; low vegetation, "
                                 "grass; tree; car, vehicle; clutter, background",
    "OpenEarthMap": "bareland, bare soil; rangeland, grass; developed space, pavement; road; tree, forest; "
                    "water; agriculture land, farmland; building, roof",
}
