"""The engine's command line: ``python -m reseg_qgis.engine COMMAND``.

- ``models list``: what is installed in the cache, and what each preset still needs.
- ``models download NAME...``: fetch and verify published weights.
- ``models import PATH``: verify files carried in by hand and add them to the cache.
- ``models compose NAME``: merge remote-sensing CLIP variants (see composition.py).
"""

from __future__ import annotations

import argparse
import sys
import time

from .model_registry import COMPOSED, MODELS


class TerminalProgress:
    """A one-line progress bar on stderr (plain lines when stderr is not a terminal)."""

    def __init__(self, label: str, stream=None) -> None:
        self.label, self.stream = label, stream or sys.stderr
        self.live = self.stream.isatty()
        self._last = -1.0
        self._shown = -10

    def fraction(self, value: float, detail: str = "") -> None:
        percent = int(100 * max(0.0, min(1.0, value)))
        now = time.monotonic()
        if self.live and (now - self._last > 0.1 or percent == 100):
            bar = "#" * (percent // 4)
            self.stream.write(f"\r{self.label} [{bar:<25}] {percent:3d}% {detail}".ljust(79))
            self.stream.flush()
            self._last = now
        elif not self.live and percent >= self._shown + 10:
            self.stream.write(f"{self.label}: {percent}% {detail}\n")
            self._shown = percent - percent % 10

    def bytes(self, done: int, total: int | None) -> None:
        detail = f"{done / 1e6:,.0f}" + (f"/{total / 1e6:,.0f} MB" if total else " MB")
        self.fraction(done / total if total else 0.0, detail)

    def close(self) -> None:
        if self.live:
            self.stream.write("\n")


def _store(args):
    from .model_store import ModelStore

    return ModelStore(args.cache_dir)


def _models_list(args) -> int:
    from .presets import PRESETS

    store = _store(args)
    print(f"Model cache: {store.root}")
    print(f"{'name':<22} {'installed':<10} {'size':>9}  {'licence':<28} title")
    for status in store.status():
        size = "?" if status.size is None else f"{status.size / 1e6:,.0f} MB"
        mark = "yes" + (" (pinned)" if status.pinned else "") if status.installed else "no"
        print(f"{status.spec.name:<22} {mark:<10} {size:>9}  {status.spec.licence:<28} {status.spec.title}")
    for name, spec in COMPOSED.items():
        missing = store.missing(list(spec.members))
        state = "ready" if not missing else "needs " + ", ".join(m.name for m in missing)
        print(f"{name:<22} {'composed':<10} {'':>9}  {'':<28} {spec.title}: {state}")
    print()
    for preset in PRESETS.values():
        needed = [preset.clip_models[-1]] + ([preset.sam_model] if preset.sam_model else [])
        missing = [spec.name for spec in store.missing(needed)]
        print(f"preset {preset.name:<9} " + ("ready" if not missing else "missing: " + ", ".join(missing)))
    return 0


def _models_download(args) -> int:
    store = _store(args)
    for name in args.names:
        progress = TerminalProgress(f"{name}")
        try:
            path = store.download(name, progress=progress.bytes)
        finally:
            progress.close()
        print(f"{name}: verified and installed as {path}")
    return 0


def _models_import(args) -> int:
    store = _store(args)
    results = store.import_path(args.path, link=args.link)
    for result in results:
        detail = f" ({result.detail})" if result.detail else ""
        print(f"{result.source}: {result.status}{' as ' + result.model if result.model else ''}{detail}")
    return 1 if any(result.status == "mismatch" for result in results) else 0


def _models_compose(args) -> int:
    from .composition import compose

    store = _store(args)
    members = COMPOSED[args.name].members if args.name in COMPOSED else tuple(args.name.split(","))
    weighting = args.weights
    if weighting not in ("quality", "uniform"):
        weighting = [float(w) for w in weighting.split(",")]
    result = compose(store, members, weighting, allow_download=args.allow_download)
    for member, weight in zip(result.members, result.weights):
        print(f"{member:<22} weight {weight:.4f}")
    print(("cached: " if result.from_cache else "written: ") + str(result.path))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reseg_qgis.engine",
                                     description="ReSeg: open-vocabulary segmentation of rasters.")
    commands = parser.add_subparsers(dest="command", required=True)
    models = commands.add_parser("models", help="list, download, import or compose model weights")
    models.add_argument("--cache-dir", help="the model cache (default: $RESEG_CACHE_DIR or the user cache)")
    actions = models.add_subparsers(dest="action", required=True)
    actions.add_parser("list", help="what is installed, and what each preset needs").set_defaults(
        run=_models_list)
    download = actions.add_parser("download", help="download and verify published weights")
    download.add_argument("names", nargs="+", choices=sorted(MODELS), metavar="NAME")
    download.set_defaults(run=_models_download)
    importing = actions.add_parser("import", help="verify and install files carried in by hand")
    importing.add_argument("path", help="a published file, or a folder of them")
    importing.add_argument("--link", action="store_true", help="hard-link instead of copying")
    importing.set_defaults(run=_models_import)
    composing = actions.add_parser("compose", help="merge CLIP variants of one architecture")
    composing.add_argument("name", help=f"{', '.join(COMPOSED)}, or member names joined by commas")
    composing.add_argument("--weights", default="quality",
                           help="quality (default), uniform, or one number per member, e.g. 2,1,1")
    composing.add_argument("--allow-download", action="store_true", help="download missing members")
    composing.set_defaults(run=_models_compose)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except (RuntimeError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
