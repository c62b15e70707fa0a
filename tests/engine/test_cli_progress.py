"""The command line's progress: tqdm's bars, and the lines a program that follows the command reads."""

from __future__ import annotations

from reseg_qgis.engine.cli import ProgressBar, ProgressLines
from reseg_qgis.runtime.bundle_maker import PROGRESS_LINE


def test_a_bar_shows_from_its_first_progress_to_its_end(capsys):
    with ProgressBar("downloading weights"):
        pass  # nothing to download
    assert capsys.readouterr().err == ""
    with ProgressBar("segmenting") as bar:
        for step in range(1, 5):
            bar.fraction(step / 4, f"CLIP windows {step}/4")
    shown = capsys.readouterr().err
    assert shown.startswith("\rsegmenting:") and "100%" in shown and "CLIP windows 4/4" in shown


def test_a_download_bar_starts_again_for_each_file(capsys):
    with ProgressBar("downloading weights") as bar:
        bar.bytes(2_000_000, 4_000_000)
        bar.bytes(4_000_000, 4_000_000)
        bar.bytes(500_000, 1_000_000)  # the next model's file
        assert (bar.bar.n, bar.bar.total) == (500_000, 1_000_000)
        bar.bytes(1_000_000, 1_000_000)
    assert "1.00M/1.00M" in capsys.readouterr().err


def test_progress_lines_are_what_the_bundle_maker_reads(capsys):
    with ProgressLines("bundle") as bundle, ProgressLines("sam") as download:
        download.bytes(37_500_000, 375_000_000)
        for step in range(101):
            bundle.fraction(step / 100)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "sam: 10% 38/375 MB"
    assert [float(PROGRESS_LINE.match(line)[1]) for line in lines[1:]] == list(range(0, 101, 10))
