"""A segment run's settings are defined once (limits.SegmentSettings): a setting added there reaches the
command line, the worker's schema, the range check, the pipeline's options and the output's tags without
another edit."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, fields
from types import SimpleNamespace

import pytest

from reseg_qgis.engine import cli, limits
from reseg_qgis.engine.class_prompts import parse_class_list
from reseg_qgis.engine.limits import SETTINGS, SegmentSettings, SettingError, pipeline_options, setting
from reseg_qgis.engine.raster.pipeline import RasterOptions, run_tags
from reseg_qgis.engine.session import SegmentRequest
from reseg_qgis.engine.worker import protocol

SMOOTHING = "The smoothing must be a whole number from {low} to {high}; {value!r} was given."


@dataclass(frozen=True)
class WithSmoothing(SegmentSettings):
    """The settings with one more: what a developer adds to SegmentSettings."""

    smoothing: int = setting("passes of a majority filter", 0, flag="--smoothing", parameter="SMOOTHING",
                             low=0, high=9, whole=True, message=SMOOTHING)


GIVEN = {"input": "in.tif", "output": "out.tif", "classes": "water; land"}


def test_a_new_setting_reaches_the_command_line_the_schema_and_the_range_check():
    parser = argparse.ArgumentParser()
    cli.add_setting_arguments(parser, WithSmoothing, {})
    args = parser.parse_args(["--classes", "water; land", "--smoothing", "3", "--no-sam", "--bands", "4,3,2"])
    assert (args.smoothing, args.use_sam, args.bands, args.threshold) == (3, False, (4, 3, 2), 0.0)
    assert protocol.schema_of(WithSmoothing)["smoothing"] == (protocol.WHOLE, False, None)
    assert WithSmoothing(**GIVEN, smoothing=args.smoothing).smoothing == 3
    with pytest.raises(SettingError) as caught:
        WithSmoothing(**GIVEN, smoothing=12)
    assert (caught.value.template, caught.value.values) == (SMOOTHING, {"value": 12, "low": 0, "high": 9})
    options = pipeline_options(WithSmoothing)(smoothing=3, sieve=4)  # the pipeline takes it, and tags it
    source = SimpleNamespace(bands=(1, 2, 3), path="in.tif")
    tags = run_tags(parse_class_list("water; land"), options, source, 224, 112, {})
    assert json.loads(tags["RESEG_SETTINGS"])["smoothing"] == 3


def test_every_entry_point_derives_the_settings_it_takes():
    segment = cli.build_parser()._subparsers._group_actions[0].choices["segment"]
    options = {action.dest for action in segment._actions}
    assert {name for name, how in SETTINGS.items() if how.flag} <= options
    assert set(protocol.SEGMENT_PARAMETERS) == {f.name for f in fields(SegmentRequest)} | {"cache_dir"}
    tagged = {name for name, how in SETTINGS.items() if how.tagged}
    assert tagged <= {f.name for f in fields(RasterOptions)}  # every tagged setting reaches the pipeline
    request = SegmentRequest(**GIVEN, sieve=4, cog=True, overviews="nearest")
    assert request.options().sieve == 4 and request.options().overviews == "nearest"
    assert request.preset == "balanced"  # the default preset, where none is given


def test_a_request_from_the_command_line_is_the_settings_given(tmp_path):
    args = cli.build_parser().parse_args(["segment", "in.tif", "-o", str(tmp_path / "o.tif"), "-c", "water",
                                          "--sieve", "9", "--colors", "water=#2b7bba", "--threshold", "0.2"])
    request = cli._segment_request(args, "in.tif", str(tmp_path / "o.tif"))
    assert (request.sieve, request.colours, request.threshold, request.use_sam) == (
        9, "water=#2b7bba", 0.2, True)
    assert json.dumps(protocol.schema_of(SegmentSettings)["extent"][0][0].__name__) == '"list"'
    with pytest.raises(SettingError, match="batch size"):
        limits.check_settings(batch_size=0)
