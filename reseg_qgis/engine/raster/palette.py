"""Class colours: the user's, else a colour that suits the class name, else a distinct default; and the
legend of a classified raster that every written legend (colour table, category names, style) is made
from."""

from __future__ import annotations

import colorsys
import re
from collections.abc import Sequence

from ..class_prompts import ClassPrompt
from ..translatable import ResegError
from . import messages

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]
UNCLASSIFIED = "unclassified"  # the name of value 0: nodata, or below the unclassified threshold

# Colours that readers expect for common land-cover names, matched on whole words; a second class of
# the same kind gets the next shade. Each keeps some contrast against white and black (light and dark
# canvases and legends): near-white things (cloud, snow) get a pale tint, not white.
NAMED_COLOURS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("water", "river", "lake", "sea", "ocean", "pond", "reservoir", "canal"),
     ("#2b7bba", "#7fbce6", "#0b3d6e")),
    (("tree", "trees", "forest", "woodland", "woods"), ("#1b7837", "#4d9f5a")),
    (("grass", "meadow", "lawn", "vegetation", "shrub", "shrubs", "pasture", "rangeland"),
     ("#8cc04f", "#b8dc7c")),
    (("agriculture", "agricultural", "farmland", "crop", "crops", "cropland", "field", "fields"),
     ("#e8c547", "#f3dc8a")),
    (("building", "buildings", "house", "houses", "roof", "roofs"), ("#d7301f", "#f08060")),
    (("road", "roads", "street", "streets", "highway", "pavement", "impervious"), ("#8c8c8c", "#b5b5b5")),
    (("bare", "barren", "soil", "sand", "desert", "rock", "dirt", "land", "island"), ("#c8a46e", "#e0c89a")),
    (("car", "cars", "vehicle", "vehicles", "truck"), ("#e7298a",)),
    (("wetland", "marsh", "swamp"), ("#35978f",)),
    (("railway", "railroad", "rail"), ("#6a3d9a",)),
    (("parking",), ("#bdbdbd",)),
    (("snow", "ice", "glacier"), ("#b8e2ee",)),
    (("cloud", "clouds"), ("#c9d1d9",)),
    (("shadow", "shadows"), ("#3f3f3f",)),
    (("background", "clutter", "other"), ("#d9d9d9",)),
)

# Distinct colours for everything else (a colour-blind-aware qualitative set, then more).
DEFAULT_COLOURS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
    "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)


class PaletteError(ResegError):
    """User colours that cannot be used; the message is a template of messages.py."""


def parse_colour(text: str) -> RGB:
    match = re.fullmatch(r"#?([0-9a-fA-F]{6})", text.strip())
    if not match:
        raise PaletteError(messages.NOT_A_COLOUR, text=text)
    value = match.group(1)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _named(prompt: ClassPrompt) -> tuple[str, ...]:
    """Shades that suit the class name, first synonym first; empty if none does."""
    for synonym in prompt.synonyms:
        words = set(re.findall(r"[a-z]+", synonym.lower()))
        for names, shades in NAMED_COLOURS:
            if words.intersection(names):
                return shades
    return ()


def _generated(index: int) -> str:
    """Further distinct colours by golden-angle hue steps."""
    r, g, b = colorsys.hsv_to_rgb((index * 0.618034) % 1.0, 0.65, 0.85)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def class_colours(classes: Sequence[ClassPrompt], user: str | Sequence[str] | None = None) -> list[RGB]:
    """One colour per class.

    ``user`` is a list of ``#rrggbb`` in class order, or text: ``"#2b7bba, #1b7837"`` (in order) or
    ``"water=#2b7bba; forest=#1b7837"`` (by any synonym of the class). Classes without a user colour
    get a fitting colour for their name, else a distinct default.
    """
    chosen: dict[int, RGB] = {}
    if user:
        entries = [e.strip() for e in re.split(r"[;,\n]", user)] if isinstance(user, str) else list(user)
        entries = [e for e in entries if e]
        if all("=" in entry for entry in entries):
            lookup = {s.casefold(): i for i, c in enumerate(classes) for s in c.synonyms}
            for entry in entries:
                name, colour = (part.strip() for part in entry.split("=", 1))
                if name.casefold() not in lookup:
                    raise PaletteError(messages.NO_SUCH_CLASS, name=name)
                chosen[lookup[name.casefold()]] = parse_colour(colour)
        elif any("=" in entry for entry in entries):
            raise PaletteError(messages.MIXED_COLOURS)
        else:
            if len(entries) > len(classes):
                raise PaletteError(messages.TOO_MANY_COLOURS, given=len(entries), count=len(classes))
            chosen.update((i, parse_colour(entry)) for i, entry in enumerate(entries))
    used = {colour for colour in chosen.values()}
    spare = (parse_colour(c) for c in DEFAULT_COLOURS)
    extra = 0
    colours = []
    for index, prompt in enumerate(classes):
        if index in chosen:
            colours.append(chosen[index])
            continue
        colour = next((c for c in map(parse_colour, _named(prompt)) if c not in used), None)
        while colour is None or colour in used:
            colour = next(spare, None)
            if colour is None:
                colour = parse_colour(_generated(extra))
                extra += 1
        used.add(colour)
        colours.append(colour)
    return colours


def hex_colour(colour: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*colour)


def legend_entries(labels: Sequence[str], colours: Sequence[RGB]) -> list[tuple[int, str, RGBA]]:
    """Value, name and colour of each value of a classified raster: 0 (nodata or unclassified)
    transparent, then the classes 1..N opaque."""
    classes = enumerate(zip(labels, colours), start=1)
    return [(0, UNCLASSIFIED, (0, 0, 0, 0)), *((value, name, (*rgb, 255)) for value, (name, rgb) in classes)]


def colour_table(labels: Sequence[str], colours: Sequence[RGB]) -> dict[int, RGBA]:
    """The GDAL colour table of a classified raster."""
    return {value: colour for value, _, colour in legend_entries(labels, colours)}
