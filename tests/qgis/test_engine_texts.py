"""The engine's messages reach a German user in German, with German numbers, in the Toolbox, the dock
and through the worker; untranslated engine texts pass through unchanged."""

from __future__ import annotations

import string

import processing
import pytest
from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback
from qgis.PyQt.QtCore import QCoreApplication, QLocale

from reseg_qgis import engine_texts, translation, worker_session
from reseg_qgis.engine.class_prompts import ClassListError, parse_class_list
from reseg_qgis.engine.limits import SettingError, check_grid, check_settings
from reseg_qgis.engine.raster import messages
from reseg_qgis.engine.translatable import followed
from reseg_qgis.engine.weights import messages as weights_messages
from reseg_qgis.engine.weights.downloads import DownloadError
from reseg_qgis.engine.worker import protocol
from reseg_qgis.processing_provider.segment_algorithm import SegmentAlgorithm
from reseg_qgis.runtime.install_advice import CREATING, SEE_DETAILS, package_advice
from reseg_qgis.runtime.torch_builds import GpuProbe, choose_torch_build
from reseg_qgis.runtime.worker_client import WorkerRequestError
from tests.helpers.data import LANDSAT_RGB
from tests.helpers.marked_texts import marked_texts
from tests.qgis.conftest import TINY_CLIP


@pytest.fixture
def german(compiled_translations):
    translator = translation.install_translator("de_DE")
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(QLocale.c())
    translation.remove_translator(translator)


def test_every_engine_text_is_translated_with_its_placeholders(german):
    # Translated under the context they are marked with where the engine defines them.
    for english, translated in marked_texts().items():
        german_text = QCoreApplication.translate("engine", english)
        assert german_text == translated  # as the translators wrote it (names such as "CLIP" stay)
        fields = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        assert {name for _, name, _, _ in string.Formatter().parse(german_text) if name} == fields
        german_text.format(**{name: "1" for name in fields})  # values come as localised text


def error(check, *args, **kwargs):
    with pytest.raises((SettingError, ClassListError)) as caught:
        check(*args, **kwargs)
    return engine_texts.error_text(caught.value)


def test_errors_in_german_with_german_numbers(german):
    assert error(check_settings, sieve=-5) == (
        "Die Mindestkartiereinheit muss eine ganze Zahl von Pixeln zwischen 0 (alle Regionen behalten) und "
        "100.000.000 sein; angegeben wurde -5.")
    assert error(check_grid, 120000, 90000, 2.0) .startswith("Die Ausgabe hätte 120.000 x 90.000 Pixel (10,8 "
                                                              "Gigapixel); höchstens 10 Gigapixel")
    assert error(parse_class_list, "water; Water") == (
        "'Water' kommt in den Klassen 1 und 2 vor; jeder Name darf nur einmal vorkommen.")
    assert engine_texts.data_size(1_234_567_890) == "1,2 GB"
    full = {"path": "/d/o.tif", "cause": "No space", "folder": "/d", "free_mb": 12345}
    assert engine_texts.engine_text(messages.DISK_FULL.format(**full), messages.DISK_FULL, full) == (
        "/d/o.tif kann nicht geschrieben werden: No space. Der Datenträger von /d ist voll (12.345 MB "
        "frei): Schaffen Sie dort Platz oder wählen Sie einen anderen Ordner.")


def test_in_english_the_engine_words_stay(compiled_translations):
    assert error(check_settings, sieve=-5).endswith("to 100,000,000; -5 was given.")
    assert engine_texts.engine_text("A message with no translation.") == "A message with no translation."


def test_the_panel_and_the_toolbox_say_one_word_for_bands_in_german(german, reseg_provider, qgis_iface):
    from reseg_qgis.gui.dock import ResegDock

    algorithm = SegmentAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.parameterDefinition("BANDS").description().startswith("Kanäle")
    dock = ResegDock(qgis_iface)
    names = [dock.class_set_box.itemText(index) for index in range(dock.class_set_box.count())]
    assert "Landbedeckung (allgemein)" in names and "LoveDA" in names
    dock.deleteLater()


def test_the_toolbox_and_the_worker_speak_german(german, reseg_provider, tmp_path):
    algorithm = SegmentAlgorithm()
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    ok, message = algorithm.checkParameterValues(
        {"INPUT": str(LANDSAT_RGB), "CLASSES": "water;", "WINDOW": 16, "OUTPUT": str(tmp_path / "o.tif")},
        context)
    assert not ok and message.startswith("Das Fenster muss eine ganze Zahl von Pixeln zwischen 32 und 2.048")

    class Warnings(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.warnings = []

        def pushWarning(self, warning):  # noqa: N802 (QGIS's name)
            self.warnings.append(warning)
            super().pushWarning(warning)

    feedback = Warnings()
    processing.run("reseg:segment", {"INPUT": str(LANDSAT_RGB), "CLASSES": "water", "CLIP_MODEL": TINY_CLIP,
                                     "USE_SAM": False, "WINDOW": 64, "OVERLAP": 32,
                                     "OUTPUT": str(tmp_path / "one.tif")}, feedback=feedback)
    assert any(warning.startswith("Es wurde nur eine Klasse angegeben") for warning in feedback.warnings)
    # An error the worker raises (the grid is checked where the raster is read) comes back in German.
    expected = r"Zielauflösung von 0,001 ist 300\.0\d\d-mal feiner .* 237\.330\.000 x 215\.430\.000 Pixeln"
    with pytest.raises(QgsProcessingException, match=expected):
        processing.run("reseg:segment", {"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                         "CLIP_MODEL": TINY_CLIP, "USE_SAM": False, "RESOLUTION": 0.001,
                                         "OUTPUT": str(tmp_path / "fine.tif")})


def test_a_file_error_of_the_worker_speaks_german(german, reseg_provider, tmp_path):
    """An output error (an OutputError of the engine) comes back through the worker in German."""
    with pytest.raises(QgsProcessingException, match=r"^classes\.png: Die Ausgabe ist ein GeoTIFF; geben Sie "
                                                     r"ihr einen Namen auf \.tif\.$"):
        processing.run("reseg:segment", {"INPUT": str(LANDSAT_RGB), "CLASSES": "water; land",
                                         "CLIP_MODEL": TINY_CLIP, "USE_SAM": False,
                                         "OUTPUT": str(tmp_path / "classes.png")})
    assert not (tmp_path / "classes.png").exists()


def test_a_weights_error_of_the_worker_speaks_german(german, reseg_provider, tmp_path):
    """Errors of the model cache (adding a checkpoint of one's own) come back through the worker in
    German, as the weights manager and the Toolbox show them."""
    def refusal(**params):
        add = {"name": "my-clip", "kind": "clip", "architecture": "tiny-vit",
               "file": str(tmp_path / "gone.pt"), "cache_dir": str(tmp_path / "cache"), **params}
        with pytest.raises(WorkerRequestError) as caught:
            worker_session.client().request(protocol.ADD_MODEL, add)
        return engine_texts.error_text(caught.value)

    assert refusal() == f"{tmp_path / 'gone.pt'} existiert nicht."
    assert refusal(name="My CLIP").startswith("'My CLIP': Verwenden Sie 2 bis 63 Kleinbuchstaben")


def test_the_device_line_and_the_gpu_search_speak_german(german, reseg_provider):
    reply = worker_session.client().request(protocol.DEVICE, {"device": "cpu", "precision": "fp32"})
    threads = reply["line"]["values"]["threads"]
    assert reply["description"] == f"CPU: {threads} threads (fp32)"  # the worker's, and the files', English
    assert engine_texts.device_text(reply) == f"CPU: {threads} Threads (fp32)"
    formats = {"SAM encoder": "bf16", "mask decoder": "fp32", "CLIP": "fp32", "text": "fp32"}
    mixed = {**reply, "formats": formats}
    assert engine_texts.device_text(mixed) == (
        f"CPU: {threads} Threads (SAM-Encoder bf16, Maskendecoder fp32, CLIP fp32, Text fp32)")
    build = choose_torch_build(GpuProbe())
    assert engine_texts.marked_text(build.why, build.values) == "keine NVIDIA-GPU gefunden (kein nvidia-smi)"
    probe = GpuProbe(gpus=["NVIDIA T4, 15360 MiB"], driver="470", cuda=(11, 4), command="smi")
    old = choose_torch_build(probe)
    assert engine_texts.marked_text(old.why, old.values).startswith(
        "NVIDIA T4, 15360 MiB, driver 470 unterstützt nur CUDA 11.4, und die CUDA-Varianten von torch "
        "brauchen 12.6 oder neuer")


def test_the_note_of_torchvisions_fallback_speaks_german(german, reseg_provider):
    reply = worker_session.client().request(protocol.DEVICE, {"device": "cpu", "precision": "fp32"})
    if not reply["notes"]:
        pytest.skip("torchvision's compiled ops load in the worker's Python: nothing is noted")
    values = reply["notes"][0]["values"]
    (note,) = engine_texts.device_notes(reply)
    assert note.startswith(f"torchvision {values['torchvision']} kann seine kompilierten Operatoren mit "
                           f"torch {values['torch']} nicht laden")
    assert "Raster ▸ ReSeg ▸ Python-Umgebung… ▸ Reparieren" in note


def test_a_failed_download_and_a_failed_install_say_what_to_do_in_german(german):
    values = {"host": "127.0.0.1:9", "reason": "Connection refused"}
    first = DownloadError(weights_messages.NO_CONNECTION, **values)
    error = followed(first, weights_messages.FILES_TO_FETCH, files="clip: http://x/c.pt")
    assert engine_texts.error_text(error) == (
        "Keine Verbindung zu 127.0.0.1:9: Connection refused. Herunterzuladende Dateien: clip: "
        "http://x/c.pt. Hat dieser Computer kein Internet, laden Sie die Dateien auf einem Computer mit "
        "Internet herunter und importieren Sie sie dann mit „Importieren…“ im ReSeg-Bedienfeld (oder "
        "ReSeg-Einstellungen und -Gewichte ▸ Aus Ordner importieren…).")
    template, values = package_advice(["Caused by: error sending request for url "
                                       "(https://download.pytorch.org/whl/cpu/torch/)", "dns error"])
    assert engine_texts.marked_text(template, values).startswith(
        "Der Paketindex von PyTorch ist nicht erreichbar: Legen Sie einen Proxy")
    assert engine_texts.marked_text(SEE_DETAILS, {"what": CREATING}).startswith(
        "Das Anlegen der Umgebung ist fehlgeschlagen")
