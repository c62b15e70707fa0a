"""What to do when installing packages fails, read from uv's or pip's output: the first line an install
error says. The raw output stays for the details. The advice is marked for translation
(engine/translatable.py)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..engine.translatable import QT_TRANSLATE_NOOP

UNREACHABLE = QT_TRANSLATE_NOOP("engine", "{index} cannot be reached: set a proxy (QGIS ▸ Settings ▸ "
                                          "Options ▸ Network), a mirror or a folder of wheels in Install "
                                          "options, then install again.")
UNTRUSTED = QT_TRANSLATE_NOOP("engine", "{index} answered with a certificate this computer does not trust "
                                        "(a company proxy that inspects traffic?): add that certificate to "
                                        "the system's, or set a mirror or a folder of wheels in Install "
                                        "options.")
PROXY_LOGIN = QT_TRANSLATE_NOOP("engine", "The proxy asks for a user name and password: give them in QGIS ▸ "
                                          "Settings ▸ Options ▸ Network, then install again.")
NOT_FOUND = QT_TRANSLATE_NOOP("engine", "No {package} for this computer's platform and Python was found: "
                                        "where a mirror or a folder of wheels is set in Install options, it "
                                        "must hold it; else choose another PyTorch build there.")
NONE_FITS = QT_TRANSLATE_NOOP(
    "engine", "The packages for this computer's platform and Python were not all found: where a mirror or a "
    "folder of wheels is set in Install options, it must hold them; else choose another PyTorch build there.")
DISK_FULL = QT_TRANSLATE_NOOP("engine", "The disk is full: free some space (PyTorch needs about 1 GB, "
                                        "several with CUDA), then install again.")
NO_PERMISSION = QT_TRANSLATE_NOOP("engine", "Permission denied while installing: another program (a virus "
                                            "scanner, a second QGIS) may hold the files; close it, then "
                                            "install again.")
NETWORK_OR_WHEELS = QT_TRANSLATE_NOOP("engine", "Installing the packages failed: check the network (a proxy "
                                                "in QGIS's settings, a mirror) or give a folder of wheels "
                                                "in Install options, then install again.")
SEE_DETAILS = QT_TRANSLATE_NOOP("engine", "{what} failed: the details say why; Copy diagnostics puts them "
                                          "on the clipboard.")
CREATING = QT_TRANSLATE_NOOP("engine", "Creating the environment")
INSTALLING = QT_TRANSLATE_NOOP("engine", "Installing packages")
INDEX_NAMES = {"download.pytorch.org": QT_TRANSLATE_NOOP("engine", "PyTorch's package index"),
               "pypi.org": QT_TRANSLATE_NOOP("engine", "PyPI"),
               "files.pythonhosted.org": QT_TRANSLATE_NOOP("engine", "PyPI")}

# (pattern, advice), first match wins; the patterns are uv's and pip's own words.
_SIGNS = (
    (re.compile(r"Proxy Authentication Required|status code 407|\b407 Proxy", re.I), PROXY_LOGIN),
    (re.compile(r"certificate verify failed|invalid peer certificate|UnknownIssuer|SSLError|"
                r"self[- ]signed certificate", re.I), UNTRUSTED),
    (re.compile(r"dns error|Name or service not known|Temporary failure in name resolution|"
                r"getaddrinfo failed|Connection refused|tcp connect error|timed out|"
                r"Failed to establish a new connection|Max retries exceeded|ProxyError|error sending request|"
                r"Could not fetch URL|Network is unreachable", re.I), UNREACHABLE),
    (re.compile(r"No space left on device|not enough space on the disk", re.I), DISK_FULL),
    (re.compile(r"Permission denied|Access is denied", re.I), NO_PERMISSION),
    (re.compile(r"No solution found|was not found in the package registry|not found in the provided package "
                r"locations|no matching distribution|Could not find a version that satisfies|has no wheels? "
                r"with a matching|no version of", re.I), NOT_FOUND),
)
_PACKAGES = (
    re.compile(r"Because (?:there is no version of |only )?`?([A-Za-z][\w.\-]*(?:[=<>!~]=[^\s,`]+)?)"),
    re.compile(r"No matching distribution found for (\S+)"),
    re.compile(r"satisfies the requirement (\S+)"),
    re.compile(r"\b([A-Za-z][\w.\-]*==\d[^\s,;`]*)"))
_URL = re.compile(r"https?://[^\s`'\"<>)]+")


def package_advice(output: list[str]) -> tuple[str, dict]:
    """The advice (a template of this module) and its values, for the output of a failed package step."""
    text = "\n".join(output)
    for pattern, advice in _SIGNS:
        if pattern.search(text):
            return _values(advice, text)
    return NETWORK_OR_WHEELS, {}


def _values(advice: str, text: str) -> tuple[str, dict]:
    if advice in (UNREACHABLE, UNTRUSTED):
        host = next((urlparse(url).hostname for url in _URL.findall(text) if urlparse(url).hostname), "")
        index = INDEX_NAMES.get(host, host or QT_TRANSLATE_NOOP("engine", "The package index"))
        return advice, {"index": index}
    if advice == NOT_FOUND:
        found = next((match for pattern in _PACKAGES if (match := pattern.search(text))), None)
        return (advice, {"package": found[1]}) if found else (NONE_FITS, {})
    return advice, {}
