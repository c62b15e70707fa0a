"""Run by test_offline_bundle.py in a network namespace with no interface (``unshare --net``), on the
bundle it made: not collected by itself (its name does not start with test_)."""

from __future__ import annotations

import os
import shutil
import zipfile

import processing
from qgis.core import QgsApplication, QgsRasterLayer

from reseg_qgis import worker_session
from reseg_qgis.gui.environment_dialog import EnvironmentDialog
from reseg_qgis.plugin_settings import PluginSettings
from reseg_qgis.processing_provider.provider import ResegProvider
from reseg_qgis.runtime import locations
from tests.helpers.data import LANDSAT_RGB
from tests.qgis.conftest import TINY_CLIP, TINY_SAM
from tests.qgis.test_dock import wait_until
from tests.qgis.test_environment_dialog import fresh_data  # noqa: F401 (a fixture)

BUNDLE = os.environ.get("RESEG_TEST_BUNDLE", "")


def test_install_from_the_bundle_then_classify_with_the_network_cut(
        fresh_data, qgis_processing, tmp_path):  # noqa: F811
    assert BUNDLE, "run by tests/qgis/test_offline_bundle.py, which names the bundle"
    PluginSettings(cache_dir=str(tmp_path / "cache"), allow_downloads=False, device="cpu").save()
    provider = ResegProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    try:
        dialog = EnvironmentDialog()
        dialog.install_bundle(BUNDLE)
        assert dialog.cancel_button.isEnabled() and not dialog.bundle_button.isEnabled()
        wait_until(lambda: dialog.task is None, timeout=900)
        log = dialog.log_view.toPlainText()
        assert dialog.progress_bar.value() == 100, log[-3000:]
        assert [item.text() for item in dialog.message_bar.items()] == [
            "The Python environment and the bundle's models are installed, and they work."]
        assert "Forward pass: CPU" in log and f"added as your own as {TINY_CLIP}" in log
        environment = locations.environment_dir()
        assert locations.read_state(environment)["check"]["ok"]
        assert dialog.status_label.text().startswith("<b>Installed</b>")

        output = tmp_path / "offline.tif"
        result = processing.run("reseg:segment", {
            "INPUT": str(LANDSAT_RGB), "CLASSES": "water; land", "CLIP_MODEL": TINY_CLIP,
            "SAM_MODEL": TINY_SAM, "USE_SAM": True, "WINDOW": 64, "OVERLAP": 32, "OUTPUT": str(output)})
        assert worker_session.client().command[0] == str(locations.python_in(environment))
        source, classified = QgsRasterLayer(str(LANDSAT_RGB)), QgsRasterLayer(result["OUTPUT"])
        assert classified.isValid() and classified.crs() == source.crs()
        assert (classified.extent(), classified.width(), classified.height()) == (
            source.extent(), source.width(), source.height())

        truncated = tmp_path / "truncated.zip"  # a copy cut short: refused, and the environment stays
        with open(BUNDLE, "rb") as whole, open(truncated, "wb") as part:
            shutil.copyfileobj(whole, part)
            part.truncate(os.path.getsize(BUNDLE) // 3)
        assert not zipfile.is_zipfile(truncated)
        dialog.install_bundle(str(truncated))
        wait_until(lambda: dialog.task is None, timeout=120)
        assert [item.text() for item in dialog.message_bar.items()] == [
            "truncated.zip is damaged or truncated (File is not a zip file); copy it again, or make it "
            "again."]
        assert locations.read_state(environment)["check"]["ok"] and dialog.status_label.text().startswith(
            "<b>Installed</b>")
    finally:
        worker_session.stop()
        QgsApplication.processingRegistry().removeProvider(provider)
        PluginSettings().save()
