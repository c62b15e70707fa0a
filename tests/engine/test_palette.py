"""Class colours: the user's, then colours that suit the names, then distinct defaults."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import rasterio

from reseg_qgis.engine.class_prompts import parse_class_list
from reseg_qgis.engine.raster.palette import (
    DEFAULT_COLOURS,
    NAMED_COLOURS,
    PaletteError,
    _generated,
    class_colours,
    hex_colour,
    legend_entries,
    parse_colour,
)
from reseg_qgis.engine.raster.pipeline import RasterOptions, segment_raster
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.fake_segmenter import PixelFunctionSegmenter


def colours(text, user=None):
    return [hex_colour(c) for c in class_colours(parse_class_list(text), user)]


def test_common_names_get_fitting_colours():
    assert colours("water; tree, forest; building; road") == ["#2b7bba", "#1b7837", "#d7301f", "#8c8c8c"]
    assert colours("Low vegetation; impervious surfaces")[0] == "#8cc04f"


def test_other_names_get_distinct_colours():
    result = colours("; ".join(f"thing {i}" for i in range(60)))
    assert len(set(result)) == 60


def test_two_classes_that_suit_one_colour_get_shades_of_it():
    assert colours("lake; river; sea; ocean")[:3] == ["#2b7bba", "#7fbce6", "#0b3d6e"]
    assert len(set(colours("lake; river; sea; ocean"))) == 4


def test_user_colours_in_order_or_by_name():
    assert colours("water; land", "#112233, #445566") == ["#112233", "#445566"]
    assert colours("water; tree, forest", "forest=#00ff00")[1] == "#00ff00"
    assert colours("water; land; cloud", ["#010101"])[0] == "#010101"


@pytest.mark.parametrize("user,message", [("#12345", "not a colour"), ("sea=#112233", "names no class"),
                                          ("#112233, land=#445566", "either all"),
                                          ("#111111,#222222,#333333", "3 colours given for 2")])
def test_bad_user_colours(user, message):
    with pytest.raises(PaletteError, match=message):
        colours("water; land", user)


def test_parse_colour():
    assert parse_colour("#FFa000") == (255, 160, 0) and parse_colour("00ff00") == (0, 255, 0)


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    def linear(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = map(linear, parse_colour(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: str, second: str) -> float:
    """WCAG 2 contrast ratio, 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


EVERY_COLOUR = ([(names[0], shade) for names, shades in NAMED_COLOURS for shade in shades]
                + [("default", colour) for colour in DEFAULT_COLOURS]
                + [("generated", _generated(index)) for index in range(60)])


@pytest.mark.parametrize("name,colour", EVERY_COLOUR)
def test_every_colour_shows_on_white_and_on_black(name, colour):
    """On a light canvas, a dark one, and the legend of either theme: not white, not black."""
    assert contrast(colour, "#ffffff") >= 1.3, f"{name} {colour} is too close to white"
    assert contrast(colour, "#000000") >= 1.3, f"{name} {colour} is too close to black"


def test_near_white_classes_are_tinted():
    assert colours("cloud; snow") == ["#c9d1d9", "#b8e2ee"]
    assert contrast("#f7f7f7", "#ffffff") < 1.3  # the old cloud colour, for the record of the check


def test_every_legend_written_with_the_classes_is_the_palettes(tmp_path):
    """The colour table, the category names and attribute table (.aux.xml) and the QGIS style (.qml)
    hold one palette: value 0 transparent and unnamed as a class, then the classes in their colours."""
    result = segment_raster(str(LANDSAT_RGB), str(tmp_path / "classes.tif"), PixelFunctionSegmenter(),
                            "water; tree, forest; cloud", RasterOptions(colours="water=#2255aa"))
    entries = legend_entries(result.labels, result.colours)
    assert entries[:2] == [(0, "unclassified", (0, 0, 0, 0)), (1, "water", (0x22, 0x55, 0xAA, 255))]
    assert len(entries) == 4
    with rasterio.open(result.output) as dataset:
        table = dataset.colormap(1)
    assert [(value, table[value]) for value, _, _ in entries] == [(value, c) for value, _, c in entries]
    auxiliary = ET.parse(f"{result.output}.aux.xml").getroot()
    assert [category.text for category in auxiliary.iter("Category")] == [name for _, name, _ in entries]
    rows = [[cell.text for cell in row] for row in auxiliary.iter("Row")]
    assert rows == [[str(value), name, *map(str, colour)] for value, name, colour in entries]
    style = ET.parse(result.output.with_suffix(".qml")).getroot()
    assert [(int(e.get("value")), e.get("label"), (*parse_colour(e.get("color")), int(e.get("alpha"))))
            for e in style.iter("paletteEntry")] == entries[1:]
