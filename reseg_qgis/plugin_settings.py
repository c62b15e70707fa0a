"""The plugin's settings, kept in QGIS's settings: model cache, downloads, device and precision, the
dock's output folder, the worker and its environment; and QGIS's proxy, for the installer."""

from __future__ import annotations

from dataclasses import dataclass, fields
from urllib.parse import quote

from qgis.core import QgsSettings

from .engine.hardware import DEVICES, PRECISIONS

PREFIX = "reseg_qgis/"


@dataclass
class PluginSettings:
    cache_dir: str = ""  # empty: $RESEG_CACHE_DIR, else the platform's cache folder
    allow_downloads: bool = False
    device: str = "auto"
    precision: str = "auto"
    output_folder: str = ""  # the dock's results go here when it names no file; empty: temporary files
    replace_temporary: bool = False  # a raster's new temporary result replaces its last one in the project
    dock_clip: str = ""  # the dock's CLIP and SAM choices, kept across QGIS sessions; empty: the preset's
    dock_sam: str = ""
    worker_python: str = ""  # a Python environment of the user's own; empty: the one the plugin installs
    idle_minutes: int = 10  # the worker stops after this long without a run (0: never)
    torch_build: str = "auto"  # the installer's torch build
    index_url: str = ""  # a package index mirror for the installer
    extra_index_url: str = ""
    wheel_folder: str = ""  # local wheels for offline installs
    offline: bool = False

    @classmethod
    def load(cls) -> PluginSettings:
        settings = QgsSettings()
        values = {}
        for item in fields(cls):
            default = item.default
            values[item.name] = settings.value(PREFIX + item.name, default, type=type(default))
        loaded = cls(**values)
        if loaded.device not in DEVICES:
            loaded.device = "auto"
        if loaded.precision not in PRECISIONS:
            loaded.precision = "auto"
        loaded.idle_minutes = max(0, loaded.idle_minutes)
        return loaded

    def save(self) -> None:
        settings = QgsSettings()
        for item in fields(self):
            settings.setValue(PREFIX + item.name, getattr(self, item.name))


def qgis_proxy() -> dict[str, str]:
    """HTTP_PROXY, HTTPS_PROXY and NO_PROXY from QGIS's network settings, when a proxy is set there."""
    settings = QgsSettings()
    if not settings.value("proxy/proxyEnabled", False, type=bool):
        return {}
    if settings.value("proxy/proxyType", "DefaultProxy", type=str) not in ("HttpProxy", "HttpCachingProxy"):
        return {}  # the system's proxy: runtime.proxies reads it
    host = settings.value("proxy/proxyHost", "", type=str).strip()
    if not host:
        return {}
    port = settings.value("proxy/proxyPort", "", type=str).strip()
    user = settings.value("proxy/proxyUser", "", type=str)
    password = settings.value("proxy/proxyPassword", "", type=str)
    credentials = f"{quote(user, safe='')}:{quote(password, safe='')}@" if user else ""
    url = f"http://{credentials}{host}{':' + port if port else ''}"
    excluded = settings.value("proxy/proxyExcludedUrls", "", type=str)
    hosts = [item.split("//")[-1].split("/")[0] for item in excluded.split("|") if item.strip()]
    proxy = {"HTTP_PROXY": url, "HTTPS_PROXY": url}
    if hosts:
        proxy["NO_PROXY"] = ",".join(hosts)
    return proxy
