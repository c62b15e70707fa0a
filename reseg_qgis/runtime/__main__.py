"""``python -m reseg_qgis.runtime install-bundle FILE``: the engine's environment and models from an
offline bundle, with no network. It runs in any Python 3.9 or newer (QGIS's own too), since the
engine's packages are what it installs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .bundle_install import BundleInstaller
from .installer import InstallCancelled, InstallError
from .offline_bundle import BundleCancelled, BundleError


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reseg_qgis.runtime")
    commands = parser.add_subparsers(dest="command", required=True)
    install = commands.add_parser("install-bundle", help="install the engine's environment and models from "
                                  "an offline bundle (made with python -m reseg_qgis.engine bundle)")
    install.add_argument("bundle", help="the bundle file (reseg-offline-PLATFORM.zip)")
    install.add_argument("--data-dir",
                         help="the plugin's data folder (default: $RESEG_DATA_DIR or the user's)")
    install.add_argument("--cache-dir", help="the model cache (default: $RESEG_CACHE_DIR or the user cache)")
    given = parser.parse_args(arguments)
    shown = [-10.0]

    def progress(percent: float) -> None:
        if percent >= shown[0] + 10:
            shown[0] = percent - percent % 10
            print(f"install: {shown[0]:.0f}%", file=sys.stderr, flush=True)

    root = Path(given.data_dir) if given.data_dir else None
    installer = BundleInstaller(given.bundle, root, given.cache_dir,
                                lambda line: print(line, file=sys.stderr, flush=True), progress)
    try:
        report = installer.run()
    except (BundleError, InstallError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except (InstallCancelled, BundleCancelled, KeyboardInterrupt):
        print("Cancelled; nothing was changed.", file=sys.stderr)
        return 130
    print(f"Installed: {report['executable']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
