"""Layer schedules: ReSeg-CLIP's defaults, the text form, and the checks."""

from __future__ import annotations

import pytest

from reseg_qgis.engine.models.layer_schedule import LayerSchedule, ScheduleError


@pytest.mark.parametrize("depth,levels,segearth,expected", [
    (24, 4, False, "free:18,sam:4,self:2"),
    (12, 4, False, "free:6,sam:4,self:2"),
    (12, 2, False, "free:8,sam:2,self:2"),
    (12, 0, False, "free:10,self:2"),
    (12, 0, True, "free:11,segearth:1"),
    (24, 4, True, "free:18,sam:4,self:1,segearth:1"),
])
def test_defaults(depth, levels, segearth, expected):
    schedule = LayerSchedule.default(depth, levels, segearth)
    assert str(schedule) == expected
    assert schedule.depth == depth
    assert schedule.sam_blocks == levels


def test_text_round_trip_and_level_order():
    schedule = LayerSchedule.parse("free:2, sam:3 ,self, segearth")
    assert schedule.modes == ("free", "free", "sam", "sam", "sam", "self", "segearth")
    assert LayerSchedule.parse(str(schedule)) == schedule
    assert schedule.sam_level_of_block() == {2: 0, 3: 1, 4: 2}


@pytest.mark.parametrize("text,message", [
    ("free:10,masked:2", "Unknown block modes"),
    ("free:10,segearth,self", "Only the last block"),
    ("free=10", "Cannot read"),
])
def test_bad_text(text, message):
    with pytest.raises(ScheduleError, match=message):
        LayerSchedule.parse(text)


def test_checks_against_the_model_and_levels():
    schedule = LayerSchedule.parse("free:6,sam:4,self:2")
    schedule.check(12, 4)
    schedule.check(12, 0)  # without SAM the sam blocks run free
    with pytest.raises(ScheduleError, match="model has 24"):
        schedule.check(24, 4)
    with pytest.raises(ScheduleError, match="3 SAM levels"):
        schedule.check(12, 3)
    with pytest.raises(ScheduleError, match="do not fit"):
        LayerSchedule.default(4, 4)
