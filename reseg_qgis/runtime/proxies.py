"""The proxy for what the plugin fetches and what its child processes fetch (uv, pip, the worker's
weight downloads): QGIS's proxy when one is set there, else the system's."""

from __future__ import annotations

import urllib.request

VARIABLES = {"http": "HTTP_PROXY", "https": "HTTPS_PROXY", "no": "NO_PROXY"}


def proxy_environment(chosen: dict[str, str] | None = None) -> dict[str, str]:
    """``HTTP_PROXY``, ``HTTPS_PROXY`` and ``NO_PROXY`` for a child process: ``chosen`` (QGIS's) when
    given, else the system's as urllib reads it (the environment; the registry on Windows, the
    network settings on macOS), which a child process would not see by itself on those systems."""
    if chosen:
        return dict(chosen)
    found = urllib.request.getproxies()
    return {variable: found[scheme] for scheme, variable in VARIABLES.items() if found.get(scheme)}


def opener(proxy: dict[str, str]) -> urllib.request.OpenerDirector:
    """An opener that uses ``proxy`` (as :func:`proxy_environment` gives it)."""
    schemes = {scheme: proxy[variable] for scheme, variable in VARIABLES.items()
               if scheme != "no" and proxy.get(variable)}
    return urllib.request.build_opener(urllib.request.ProxyHandler(schemes)) if schemes \
        else urllib.request.build_opener()
