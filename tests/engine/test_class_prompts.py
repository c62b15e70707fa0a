"""Class lists: one class per line or per ';', commas between synonyms."""

from __future__ import annotations

import pytest

from reseg_qgis.engine.class_prompts import (
    MAX_CLASSES,
    ClassListError,
    format_class_list,
    parse_class_list,
)


def synonyms(text: str) -> list[tuple[str, ...]]:
    return [prompt.synonyms for prompt in parse_class_list(text)]


def test_semicolons_and_commas():
    classes = parse_class_list("building; road, street; tree, forest; water")
    assert [c.synonyms for c in classes] == [("building",), ("road", "street"), ("tree", "forest"),
                                             ("water",)]
    assert [c.label for c in classes] == ["building", "road, street", "tree, forest", "water"]


def test_lines_whitespace_and_empty_entries():
    text = "  low   vegetation , grass \n\n building;\r\n;water ;  "
    assert synonyms(text) == [("low vegetation", "grass"), ("building",), ("water",)]


def test_empty_synonyms_between_commas_are_skipped():
    assert synonyms("tree,, forest,") == [("tree", "forest")]


@pytest.mark.parametrize("text", ["", "   ", ";;\n ;", None])
def test_empty_list_is_refused(text):
    with pytest.raises(ClassListError, match="empty"):
        parse_class_list(text)


def test_class_without_a_name_is_refused():
    with pytest.raises(ClassListError, match="Class 2"):
        parse_class_list("water; , ; tree")


@pytest.mark.parametrize("text,where", [
    ("water; Water", "classes 1 and 2"),
    ("tree, forest; grass; forest", "classes 1 and 3"),
    ("road, street, Road", "twice in that class"),
])
def test_duplicates_are_refused(text, where):
    with pytest.raises(ClassListError, match=where):
        parse_class_list(text)


def test_at_most_255_classes():
    names = [f"class {i}" for i in range(MAX_CLASSES + 1)]
    assert len(parse_class_list("; ".join(names[:MAX_CLASSES]))) == 255
    with pytest.raises(ClassListError, match="at most 255"):
        parse_class_list("; ".join(names))


def test_format_round_trips():
    classes = parse_class_list("building\nroad,street\n tree , forest")
    assert format_class_list(classes) == "building; road, street; tree, forest"
    assert parse_class_list(format_class_list(classes)) == classes
