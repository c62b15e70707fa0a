"""The plugin as QGIS drives it: classFactory, initGui, initProcessing, unload; translations."""

from __future__ import annotations

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication

import reseg_qgis
from reseg_qgis import translation
from reseg_qgis.processing_provider.provider import PROVIDER_ID
from reseg_qgis.processing_provider.segment_algorithm import SegmentAlgorithm
from tests.conftest import run_python


def registered_provider():
    return QgsApplication.processingRegistry().providerById(PROVIDER_ID)


@pytest.fixture
def plugin(qgis_iface):
    plugin = reseg_qgis.classFactory(qgis_iface)
    yield plugin
    plugin.unload()


def test_init_gui_registers_the_provider_and_unload_removes_it(plugin, qgis_iface):
    assert registered_provider() is None
    plugin.initGui()
    provider = registered_provider()
    assert provider is plugin.provider
    assert provider.name() == "ReSeg"
    assert not provider.icon().isNull()
    assert sorted(a.id() for a in provider.algorithms()) == ["reseg:evaluate", "reseg:segment"]
    assert plugin.dock is not None and plugin.dock.isHidden()
    assert [action.text() for action in plugin.actions] == ["ReSeg segmentation panel",
                                                            "ReSeg settings and weights…",
                                                            "Python environment…"]
    plugin.actions[0].setChecked(True)
    assert not plugin.dock.isHidden()
    plugin.unload()
    assert registered_provider() is None
    assert plugin.provider is None and plugin.dock is None and not plugin.actions


def test_init_processing_alone_registers_once(plugin):
    """qgis_process calls initProcessing without initGui; the desktop may call both."""
    plugin.initProcessing()
    plugin.initGui()
    providers = [p for p in QgsApplication.processingRegistry().providers() if p.id() == PROVIDER_ID]
    assert len(providers) == 1


def test_plugin_can_be_reloaded(qgis_iface):
    for _ in range(2):
        plugin = reseg_qgis.classFactory(qgis_iface)
        plugin.initGui()
        assert registered_provider() is not None
        plugin.unload()
        assert registered_provider() is None


def test_german_translation_is_loaded_for_a_german_locale(compiled_translations):
    english = "ReSeg open-vocabulary segmentation"
    translator = translation.install_translator("de_DE")
    try:
        assert translator is not None
        assert translation.tr(english) == "ReSeg-Segmentierung mit offenem Vokabular"
        algorithm = SegmentAlgorithm()
        assert algorithm.displayName() == "Raster nach Klassenbegriffen segmentieren"
        assert "Jedes Pixel geht an die ähnlichste Klasse" in algorithm.shortHelpString()
    finally:
        translation.remove_translator(translator)
    assert translation.tr(english) == english


def test_loading_the_plugin_does_not_load_torch():
    """QGIS starts fast and the plugin loads even where torch is missing: the engine loads on use."""
    script = """
import sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
from reseg_qgis.processing_provider.provider import ResegProvider
provider = ResegProvider()
QgsApplication.processingRegistry().addProvider(provider)
assert sorted(a.id() for a in provider.algorithms()) == ["reseg:evaluate", "reseg:segment"]
import reseg_qgis.gui.dock, reseg_qgis.gui.settings_dialog, reseg_qgis.plugin
print(sorted(m for m in ("torch", "open_clip", "segment_anything", "rasterio") if m in sys.modules))
"""
    result = run_python(script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_unknown_locale_installs_nothing():
    assert translation.install_translator("xx_YY") is None
    assert QCoreApplication.translate(translation.CONTEXT, "ReSeg") == "ReSeg"
