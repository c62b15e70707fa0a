"""The command line's malloc settings: applied once on Linux, never over the caller's choice."""

from __future__ import annotations

from reseg_qgis.engine import malloc_tuning


def test_linux_gets_the_settings_once(monkeypatch):
    monkeypatch.setattr(malloc_tuning.sys, "platform", "linux")
    for key in malloc_tuning.MALLOC_TUNING:
        monkeypatch.delenv(key, raising=False)
    environment = malloc_tuning.tuned_environment()
    assert environment["MALLOC_MMAP_THRESHOLD_"] == str(1 << 31)
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "0")  # the caller's own choice, or the restarted run
    assert malloc_tuning.tuned_environment() is None


def test_other_systems_are_left_alone(monkeypatch):
    monkeypatch.setattr(malloc_tuning.sys, "platform", "win32")
    assert malloc_tuning.tuned_environment() is None
