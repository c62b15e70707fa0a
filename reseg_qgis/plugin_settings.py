"""The plugin's settings, kept in QGIS's settings: model cache, downloads, default device."""

from __future__ import annotations

from dataclasses import dataclass

from qgis.core import QgsSettings

PREFIX = "reseg_qgis/"
DEVICES = ("auto", "cuda", "cpu", "mps")


@dataclass
class PluginSettings:
    cache_dir: str = ""  # empty: $RESEG_CACHE_DIR, else the platform's cache folder
    allow_downloads: bool = False
    device: str = "auto"

    @classmethod
    def load(cls) -> PluginSettings:
        settings = QgsSettings()
        device = settings.value(PREFIX + "device", "auto", type=str)
        return cls(cache_dir=settings.value(PREFIX + "cache_dir", "", type=str),
                   allow_downloads=settings.value(PREFIX + "allow_downloads", False, type=bool),
                   device=device if device in DEVICES else "auto")

    def save(self) -> None:
        settings = QgsSettings()
        settings.setValue(PREFIX + "cache_dir", self.cache_dir)
        settings.setValue(PREFIX + "allow_downloads", self.allow_downloads)
        settings.setValue(PREFIX + "device", self.device)
