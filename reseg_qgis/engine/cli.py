"""The engine's command line: ``python -m reseg_qgis.engine COMMAND``.

- ``segment INPUT --classes "water; tree, forest; building" -o OUT.tif``: classify a raster.
- ``models list``: what is installed in the cache, and what each preset still needs.
- ``models download NAME...``: fetch and verify published weights.
- ``models import PATH``: verify files carried in by hand and add them to the cache.
- ``models compose NAME``: merge remote-sensing CLIP variants (see weights/composition.py).
- ``models add NAME --kind clip --architecture ViT-B-16 --file my.pt``: use a checkpoint of your own.
- ``evaluate PREDICTION LABELS [--mapping FILE] [--report R.html]``: accuracy against reference labels.
- ``benchmark DATASET_DIR --dataset loveda --protocol segearth-ov``: a published protocol over a dataset.
- ``check``: whether this Python environment runs the engine (imports, a tiny forward pass).
- ``bundle --platform windows-x86_64``: an offline bundle (environment, Python, models) for a computer
  without internet; ``python -m reseg_qgis.runtime install-bundle FILE`` installs it there.
- ``worker``: the QGIS plugin's worker process (see worker/protocol.py).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import signal
import sys
import threading
import traceback
from dataclasses import MISSING, fields

from .limits import SegmentSettings, settings_of, value_kind
from .translatable import ResegError
from .weights.registry import COMPOSED, MODELS


class UsageError(ResegError):
    """Arguments that do not fit together; the message says how to give them."""


class ProgressBar:
    """tqdm's bar on stderr, shown from the first progress on: of a fraction, ``fraction(value,
    detail)``, or of downloads, ``bytes(done, total)``, where a new file starts it again."""

    def __init__(self, label: str) -> None:
        self.label, self.bar = label, None

    def _shown(self, total: float | None, **style):
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(desc=self.label, total=total, file=sys.stderr, **style)
        return self.bar

    def fraction(self, value: float, detail: str = "") -> None:
        bar = self._shown(1.0, bar_format="{l_bar}{bar}| {elapsed}<{remaining}{postfix}")
        bar.set_postfix_str(detail, refresh=False)
        bar.update(max(0.0, min(1.0, value)) - bar.n)

    def bytes(self, done: int, total: int | None) -> None:
        bar = self._shown(total, unit="B", unit_scale=True)
        if done < bar.n or total != bar.total:
            bar.reset(total)
        bar.update(done - bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exception) -> None:
        self.close()


class ProgressLines(ProgressBar):
    """Progress as a line on stderr at each tenth, ``LABEL: NN% DETAIL``, for a program that follows the
    command: the plugin's bundle maker reads ``bundle: NN%`` (bundle_maker.PROGRESS_LINE)."""

    def __init__(self, label: str) -> None:
        super().__init__(label)
        self.shown = -10

    def fraction(self, value: float, detail: str = "") -> None:
        percent = int(100 * max(0.0, min(1.0, value)))
        if percent >= self.shown + 10:
            self.shown = percent - percent % 10
            print(f"{self.label}: {percent}% {detail}", file=sys.stderr, flush=True)

    def bytes(self, done: int, total: int | None) -> None:
        self.fraction(done / total if total else 0.0,
                      f"{done / 1e6:,.0f}" + (f"/{total / 1e6:,.0f} MB" if total else " MB"))



def progress_bar(label: str) -> ProgressBar:
    """A bar on a terminal; lines at each tenth where stderr is a log (CI, a batch system)."""
    return ProgressBar(label) if sys.stderr.isatty() else ProgressLines(label)

def _store(args):
    from .weights.store import ModelStore

    return ModelStore(args.cache_dir)


def _models_list(args) -> int:
    from .models.presets import PRESETS

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
        missing = [spec.name for spec in store.missing(preset.required_models)]
        print(f"preset {preset.name:<9} " + ("ready" if not missing else "missing: " + ", ".join(missing)))
    return 0


def _models_download(args) -> int:
    store = _store(args)
    bars = [progress_bar(name) for name in args.names]

    def progress(index: int, done: int, total: int | None) -> None:
        for earlier in bars[:index]:
            earlier.close()  # one bar at a time
        bars[index].bytes(done, total)

    try:
        paths = store.download_all(args.names, progress)
    finally:
        for bar in bars:
            bar.close()
    for name, path in zip(args.names, paths):
        print(f"{name}: verified and installed as {path}")
    return 0


def _models_import(args) -> int:
    store = _store(args)
    results = store.import_path(args.path, link=args.link)
    for result in results:
        detail = f" ({result.detail})" if result.detail else ""
        print(f"{result.source}: {result.status}{' as ' + result.model if result.model else ''}{detail}")
    if any(result.status == "mismatch" for result in results):
        print("A file that is not the published one (fine-tuned, or another model) is added as your own: "
              "python -m reseg_qgis.engine models add NAME --kind clip|sam --architecture ARCH --file FILE. "
              "For the published model, fetch its file again.")
    if all(result.status == "unknown" for result in results):  # an import of nothing is a failure
        print(f"Nothing was imported: no file of {args.path} has a published model's file name (models list "
              "names the models). A checkpoint of your own is added with models add.", file=sys.stderr)
        return 1
    return 1 if any(result.status in ("mismatch", "failed") for result in results) else 0


def _models_add(args) -> int:
    spec = _store(args).add_custom(args.name, args.kind, args.architecture, args.file, title=args.title,
                                   licence=args.licence, initialisation=args.initialisation)
    print(f"{spec.name}: {args.file} loads into {args.architecture}; added to the model cache.")
    return 0


def _models_remove(args) -> int:
    _store(args).remove_custom(args.name)
    print(f"{args.name}: removed.")
    return 0


def _models_compose(args) -> int:
    from .weights.composition import compose

    store = _store(args)
    members = COMPOSED[args.name].members if args.name in COMPOSED else tuple(args.name.split(","))
    weighting = args.weights
    if weighting not in ("quality", "uniform"):
        weighting = [float(w) for w in weighting.split(",")]
    probe = {}
    if args.vocabulary:
        from .class_prompts import parse_class_list

        classes = parse_class_list(args.vocabulary)
        probe["vocabulary"] = [term for prompt in classes for term in prompt.synonyms]
    if args.temperature is not None:
        probe["temperature"] = args.temperature
    result = compose(store, members, weighting, allow_download=args.allow_download, **probe)
    for member, weight in zip(result.members, result.weights):
        print(f"{member:<22} weight {weight:.4f}")
    print(("cached: " if result.from_cache else "written: ") + str(result.path))
    return 0


def _numbers(text: str, kind=float, count: int | None = None) -> tuple:
    try:
        values = tuple(kind(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: give numbers separated by commas") from None
    if count is not None and len(values) != count:
        raise argparse.ArgumentTypeError(f"{text!r}: give {count} numbers separated by commas")
    if not values:
        raise argparse.ArgumentTypeError(f"{text!r}: give numbers separated by commas")
    return values


def _segment_request(args, input_path: str, output: str):
    from .session import SegmentRequest

    given = {name: getattr(args, name) for name in settings_of(SegmentRequest) if hasattr(args, name)}
    return SegmentRequest(**{**given, "input": input_path, "output": output})


def _inputs(patterns: list[str]) -> list[str]:
    """The inputs: paths as given, and glob patterns (quoted, so the shell leaves them) expanded."""
    import glob
    import os

    inputs = []
    for pattern in patterns:
        if any(c in pattern for c in "*?[") and not os.path.exists(pattern):
            found = sorted(glob.glob(os.path.expanduser(pattern)))
            if not found:
                raise UsageError("No file matches {pattern}.", pattern=pattern)
            inputs += found
        else:
            inputs.append(pattern)
    return inputs


def _segment(args) -> int:
    from .raster.mosaic_output import TILES_SUFFIX
    from .raster.output import MOSAIC_SUFFIX
    from .raster.pipeline import STAGES
    from .session import EngineSession, RunEvents
    from .weights.store import ModelStore

    inputs = _inputs(args.input)
    if len(inputs) > 1 or args.output_folder:
        return _segment_many(args, inputs)
    if not args.output:
        raise UsageError("Name the output with -o OUT.tif (or, for several rasters, --output-folder FOLDER).")
    if args.output.lower().endswith(MOSAIC_SUFFIX) and not args.dask:
        raise UsageError("A .vrt output is a mosaic of tiles that cluster runs write: add --dask local:N "
                         "(or a scheduler's address), or write a .tif.")
    request = _segment_request(args, inputs[0], args.output)
    loading, bar = progress_bar("downloading weights"), progress_bar("segmenting")

    class Printed(RunEvents):
        def info(self, message: str) -> None:
            print(message, file=sys.stderr)

        def warn(self, message: str) -> None:
            print(f"warning: {message}", file=sys.stderr)

        def stage(self, stage: str, done: int, total: int, percent: float) -> None:
            if stage == "downloading":
                loading.bytes(done, total or None)
            elif stage in STAGES:
                loading.close()  # one bar at a time
                bar.fraction(percent / 100, f"{STAGES[stage]} {done}/{total}" if total > 1 else STAGES[stage])

    with loading, bar:
        if args.dask:
            from .cluster.runs import segment_on_cluster

            with _cluster(args.dask) as client:
                result = segment_on_cluster(request, client, Printed(), cache_dir=args.cache_dir)
        else:
            session = EngineSession(ModelStore(args.cache_dir))
            result = session.segment(request, Printed(), keep_features=False)
    companions = (f"{result.output.stem}{TILES_SUFFIX}/" if result.output.suffix.lower() == MOSAIC_SUFFIX
                  else f"{result.output.name}.aux.xml")
    print(f"Wrote {result.output} ({result.width} x {result.height} px, {len(result.labels)} classes, "
          f"{result.seconds:.1f} s), with {result.output.with_suffix('.qml').name} and {companions}")
    print(area_table(result.areas))
    for path, what in ((result.confidence, "confidence"), (result.vector, "polygons"),
                       (result.statistics, "area statistics")):
        if path:
            print(f"Wrote {path} ({what})")
    return 0


@contextlib.contextmanager
def _cluster(address: str):
    """A Dask client of ``address``, with the scheduler, its workers and its dashboard printed."""
    from .cluster.connection import connected, dashboard

    with connected(address) as client:
        workers = len(client.scheduler_info().get("workers", {}))
        link = dashboard(client)
        print(f"Dask cluster: {client.scheduler.address}, {workers} workers"
              + (f"; dashboard {link}" if link else ""), file=sys.stderr)
        yield client


def _segment_many(args, inputs: list[str]) -> int:
    """Several rasters into an output folder (<name>_classes.tif each): in turn here, or one task per
    raster on a Dask cluster."""
    import os
    from pathlib import Path

    if not args.output_folder:
        raise UsageError("For several rasters, name an output folder with --output-folder FOLDER.")
    if args.output:
        raise UsageError("Give -o for one raster, or --output-folder for several, not both.")
    extras = [name for name in ("confidence", "vector", "statistics") if getattr(args, name)]
    if extras:
        raise UsageError("--{option} names one file; with --output-folder, run the rasters that need it one "
                         "at a time with -o.", option=extras[0])
    folder = Path(args.output_folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError("Cannot make the output folder {folder}: {reason}; choose another.",
                         folder=str(folder), reason=error.strerror or str(error)) from error
    outputs = [str(folder / f"{Path(path).stem}_classes.tif") for path in inputs]
    clashes = sorted({name for name in outputs if outputs.count(name) > 1})
    if clashes:
        raise UsageError("Several inputs would write {path}; give rasters of different names.",
                         path=clashes[0])
    taken = {os.path.realpath(path) for path in inputs}
    overwritten = [name for name in outputs if os.path.realpath(name) in taken]
    if overwritten:
        raise UsageError("{path} is one of the inputs, and another input's result would replace it; choose "
                         "another output folder.", path=overwritten[0])
    requests = [_segment_request(args, path, output) for path, output in zip(inputs, outputs)]
    bar = progress_bar("rasters")
    failed = []

    def done(outcome, count: int, total: int) -> None:
        bar.fraction(count / total, f"{count}/{total}")
        if outcome.error:
            failed.append(f"{outcome.request.input}: {outcome.error}")

    with bar:
        if args.dask:
            from .cluster.runs import segment_many_on_cluster

            with _cluster(args.dask) as client:
                outcomes = segment_many_on_cluster(requests, client, cache_dir=args.cache_dir, done=done)
        else:
            outcomes = _segment_in_turn(requests, args.cache_dir, done)
    for outcome in outcomes:
        if outcome.result:
            result = outcome.result
            print(f"Wrote {result.output} ({result.width} x {result.height} px, {result.seconds:.1f} s)")
    for line in failed:
        print(f"error: {line}", file=sys.stderr)
    return 1 if failed else 0


def _segment_in_turn(requests, cache_dir, done):
    from .cluster.runs import RasterOutcome
    from .session import EngineSession
    from .weights.store import ModelStore

    session, outcomes = EngineSession(ModelStore(cache_dir)), []
    for request in requests:
        outcome = RasterOutcome.of(request, lambda given=request: session.segment(given, keep_features=False))
        outcomes.append(outcome)
        done(outcome, len(outcomes), len(requests))
    return outcomes


def area_table(areas) -> str:
    """The area statistics as a text table: pixels, area (m² when known) and share per class."""
    metric = all(area.area_m2 is not None for area in areas)
    unit = "area (ha)" if metric else "area (map units²)"
    lines = [f"  {'value':>5}  {'class':<32} {'pixels':>12} {unit:>18} {'share':>7}"]
    for area in areas:
        size = area.area_m2 / 1e4 if metric else area.area
        share = "" if area.percent is None else f"{area.percent:5.1f} %"
        lines.append(f"  {area.value:5d}  {area.name:<32} {area.pixels:12,d} {size:18,.2f} {share:>7}")
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:5.1f}"


def _evaluate(args) -> int:
    from .evaluation.request import EvaluationRequest, evaluate

    request = EvaluationRequest(args.prediction, args.labels, field=args.field, layer=args.layer,
                                ignore=tuple(args.ignore or ()), mapping=args.mapping,
                                pairs=tuple(args.map or ()), report=args.report, csv=args.csv, json=args.json)
    with progress_bar("evaluating") as bar:
        result = evaluate(request, progress=bar.fraction)
    print(score_table(result.scores))
    confusion = result.confusion
    print(f"{result.scores.pixels:,} pixels compared; labels matched to classes by {confusion.matched_by}; "
          f"{confusion.left_out:,} labelled pixels of no class left out")
    if confusion.features_left_out:
        print(f"{confusion.features_left_out:,} label features without a geometry or a class value left out")
    for path in result.files.values():
        print(f"Wrote {path}")
    return 0


def score_table(result) -> str:
    """Per-class scores and the overall ones, in percent, as a text table."""
    lines = [f"{'class':<32} {'IoU':>6} {'prec.':>6} {'recall':>6} {'F1':>6} {'pixels':>12}"]
    for item in result.classes:
        lines.append(f"{item.name:<32} {_percent(item.iou):>6} {_percent(item.precision):>6} "
                     f"{_percent(item.recall):>6} {_percent(item.f1):>6} {item.support:12,d}")
    kappa = "–" if result.kappa is None else f"{result.kappa:.4f}"
    lines.append(f"mIoU {_percent(result.miou)} %, overall accuracy {_percent(result.overall_accuracy)} %, "
                 f"kappa {kappa}")
    return "\n".join(lines)


def _benchmark(args) -> int:
    from .benchmark.datasets import dataset
    from .benchmark.protocols import protocol
    from .benchmark.run import run_benchmark
    from .hardware.devices import choose_device
    from .session import EngineSession, ModelChoice
    from .weights.store import ModelStore

    chosen, rules = dataset(args.dataset), protocol(args.protocol)
    session = EngineSession(ModelStore(args.cache_dir))
    device = choose_device(args.device, args.precision, session.store.root)
    with progress_bar("downloading weights") as loading:
        segmenter = session.segmenter(ModelChoice(preset=rules.preset, clip=args.clip, sam=args.sam,
                                                  config=rules.config),
                                      device, args.allow_download, progress=loading.bytes)
    names = list(segmenter.model_names)
    print(f"Device: {device.description}; models: {', '.join(names)}; protocol {rules.name} "
          f"({rules.reference})", file=sys.stderr)
    out = args.out or f"benchmark-{chosen.name}-{rules.name}"
    with progress_bar(f"{chosen.title}, {rules.name}") as bar:
        result = run_benchmark(segmenter, chosen, rules, args.folder, out, split=args.split, limit=args.limit,
                               settings={"models": names,
                                         "sha256": [list(session.pool.version(n)) for n in names],
                                         "precision": device.tags(segmenter.regions is not None)[
                                             "RESEG_PRECISION"]},
                               progress=bar.fraction)
    print(score_table(result.scores))
    published = chosen.published.get(rules.name)
    mine = "–" if result.scores.miou is None else f"{100 * result.scores.miou:.1f}"
    print(f"{chosen.title} ({result.images} images, {result.resumed} from an earlier run), protocol "
          f"{rules.name}: mIoU {mine} %; published: "
          + (f"{published:.1f} %" if published is not None else "no published figure")
          + (" (with SimFeatUp, which this protocol runs without)" if rules.name == "segearth-ov" else ""))
    for path in result.files.values():
        print(f"Wrote {path}")
    return 0


def _label_pair(text: str) -> tuple[int, int]:
    label, _, value = text.partition("=")
    try:
        return int(label), int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: write LABEL=CLASS, e.g. 7=2") from None


def _bundle_models(args, store) -> list[str]:
    """The models a bundle carries: the preset's, then those named (a composed one by its members)."""
    from .models.presets import preset

    names = [] if args.no_models else list(preset(args.preset).required_models)
    for name in filter(None, (part.strip() for part in (args.models or "").split(","))):
        names += list(COMPOSED[name].members) if name in COMPOSED else [name]
    for name in names:
        if name not in store.registry:
            raise UsageError("No model {name!r}; models list names them.", name=name)
    return list(dict.fromkeys(names))


def _bundle(args) -> int:
    from ..runtime import locations
    from ..runtime.bundle_maker import BundleMaker, BundleRequest, PlannedFile, bundle_path, downloads_folder
    from ..runtime.proxies import opener, proxy_environment
    from ..runtime.uv_tool import fetch_uv, find_uv

    store, root = _store(args), locations.data_dir()
    names = _bundle_models(args, store)
    request = BundleRequest(args.platform, args.python, args.torch, args.index_url or "",
                            args.find_links or "")
    request.check()  # before uv is fetched: a target no bundle serves fails at once
    web = opener(proxy_environment())
    uv = find_uv(root / "tools") or fetch_uv(root / "tools", web, args.index_url or "",
                                             lambda line: print(line, file=sys.stderr))
    progress = ProgressLines if args.progress_lines else progress_bar
    bar = progress("bundle")
    maker = BundleMaker(request, uv, downloads_folder(root), web, lambda line: print(line, file=sys.stderr),
                        None if args.plan else bar.fraction)
    models = []
    for name in names:
        spec = store.registry[name]
        if args.plan:
            size = store.path(name).stat().st_size if store.is_installed(name) else spec.size
            models.append(PlannedFile("model", spec.filename, "", None, size, {"model": name}))
            continue
        if not store.is_installed(name):
            with progress(name) as download:
                store.download(name, download.bytes)
        entry = store.exported(name)
        models.append(PlannedFile("model", entry["file"], str(store.path(name)), entry["sha256"],
                                  store.path(name).stat().st_size, {k: entry[k] for k in
                                                                    ("model", "download_sha256", "custom")}))
    with bar:
        plan = maker.plan(models)
        if args.plan:
            return _print_plan(plan, args.json)
        maker.make(plan, bundle_path(args.output, args.platform))
    return 0


def _print_plan(plan, as_json: bool) -> int:
    import json
    from dataclasses import asdict

    if as_json:
        print(json.dumps({"request": asdict(plan.request), "size": plan.size,
                          "files": [asdict(file) | {"path": file.path} for file in plan.files]}, indent=2))
        return 0
    for file in plan.files:
        size = "?" if file.size is None else f"{file.size / 1e6:,.1f} MB"
        print(f"{file.path:<90} {size:>10}")
    unknown = sum(file.size is None for file in plan.files)
    print(f"{len(plan.files)} files, {plan.size / 1e6:,.0f} MB" + (f" and {unknown} of a size known once "
                                                                  "downloaded" if unknown else ""))
    return 0


def _worker(args) -> int:
    from .worker.server import serve_stdio

    return serve_stdio()


def _check(args) -> int:
    import json

    from .worker.self_check import report, summary

    facts = report(args.device)
    print(json.dumps(facts, indent=2) if args.json else summary(facts))
    return 0 if facts["ok"] else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reseg_qgis.engine",
                                     description="ReSeg: open-vocabulary segmentation of rasters.")
    commands = parser.add_subparsers(dest="command", required=True)
    add_segment_parser(commands)
    evaluate = commands.add_parser("evaluate", help="accuracy of a classified raster against labels")
    evaluate.add_argument("prediction", help="the classified raster (ours, or any other)")
    evaluate.add_argument("labels", help="reference labels: a raster on any grid and CRS, or a polygon layer "
                          "(GeoPackage, shapefile, GeoJSON …) with a class field")
    evaluate.add_argument("--field", help="the class field of polygon labels (default: a field named class); "
                          "whole numbers are label values, texts are matched to the class names")
    evaluate.add_argument("--layer", help="the layer of a vector file that holds several (a GeoPackage's)")
    evaluate.add_argument("--ignore", type=lambda t: _numbers(t, int), help="label values to leave out, "
                          "e.g. 0,255 (0 and values of no class are always left out)")
    evaluate.add_argument("--mapping", help="a CSV file of LABEL,CLASS rows: a label value or category name, "
                          "then a class name, a class value or ignore")
    evaluate.add_argument("--map", type=_label_pair, nargs="+", metavar="LABEL=CLASS",
                          help="label values that mean another class value, e.g. 7=2 8=2")
    evaluate.add_argument("--report", help="write an HTML report (tables and a plot) to this file")
    evaluate.add_argument("--csv", help="write the per-class scores to this CSV file")
    evaluate.add_argument("--json", help="write the matrix and the metrics to this JSON file")
    evaluate.set_defaults(run=_evaluate)
    add_benchmark_parser(commands)
    worker = commands.add_parser("worker", help="serve the QGIS plugin (the worker protocol on stdin/stdout)")
    worker.set_defaults(run=_worker)
    check = commands.add_parser("check", help="does this Python run the engine? (imports, tiny forward pass)")
    check.add_argument("--device", default="auto", help="auto, cuda, mps or cpu")
    check.add_argument("--json", action="store_true", help="the full report as JSON")
    check.set_defaults(run=_check)
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
    adding = actions.add_parser("add", help="add a checkpoint of your own (e.g. a fine-tuned CLIP)")
    adding.add_argument("name", help="a name for it: lower-case letters, digits, '.', '_' or '-'")
    adding.add_argument("--kind", required=True, choices=("clip", "sam"))
    adding.add_argument("--architecture", required=True,
                        help="open_clip architecture (e.g. ViT-B-16-quickgelu) or SAM (vit_b, vit_l, "
                             "vit_h), or a .json file with an open_clip model config")
    adding.add_argument("--file", required=True, help="the checkpoint (state_dict, training checkpoint "
                                                      "or safetensors)")
    adding.add_argument("--title", help="a readable name")
    adding.add_argument("--licence", default="the owner's")
    adding.add_argument("--initialisation", default="",
                        help="the weights it was trained from (e.g. openai), to allow composition")
    adding.set_defaults(run=_models_add)
    removing = actions.add_parser("remove", help="remove a model you added")
    removing.add_argument("name")
    removing.set_defaults(run=_models_remove)
    composing = actions.add_parser("compose", help="merge CLIP variants of one architecture")
    composing.add_argument("name", help=f"{', '.join(COMPOSED)}, or member names joined by commas")
    composing.add_argument("--weights", default="quality",
                           help="quality (default), uniform, or one number per member, e.g. 2,1,1")
    composing.add_argument("--vocabulary", help="quality weighting: probe with these terms (a class list, "
                           "e.g. your own classes) instead of the built-in remote-sensing terms")
    composing.add_argument("--temperature", type=float, help="quality weighting: the softmax temperature")
    composing.add_argument("--allow-download", action="store_true", help="download missing members")
    composing.set_defaults(run=_models_compose)
    return parser


def add_setting_arguments(parser, settings, choices: dict) -> None:
    """An option for each setting of ``settings`` (a dataclass of limits.setting fields) that has a flag,
    of its type, default and help; ``choices`` by setting, where the engine names them."""
    for field in fields(settings):
        how = settings_of(settings)[field.name]
        if how.flag is None:
            continue
        names = ["-c", how.flag] if how.flag == "--classes" else [how.flag]
        given = {"dest": field.name, "help": how.help, "metavar": how.metavar}
        if field.type == "bool":
            action = "store_false" if field.default else "store_true"
            parser.add_argument(*names, action=action, dest=field.name, help=how.help)
            continue
        if field.default is MISSING:
            given["required"] = True
        else:
            given["default"] = field.default
        if how.choices or field.name in choices:
            given["choices"] = how.choices or choices[field.name]
        item, listed, _ = value_kind(field.type)
        given["type"] = functools.partial(_numbers, kind=item, count=how.count) if listed else item
        parser.add_argument(*names, **given)


def add_segment_parser(commands) -> None:
    from .hardware import DEVICES, PRECISIONS
    from .models.presets import PRESETS
    from .raster.output import CONFIDENCE_DTYPES

    seg = commands.add_parser("segment", help="classify a raster by class names",
                              description="Classify a raster into the classes you name.")
    seg.add_argument("input", nargs="+",
                     help="the raster (any GDAL path: a file, a VRT mosaic, /vsicurl/, /vsis3/ ...); several "
                          "rasters, or a quoted glob such as 'tiles/*.tif', with --output-folder")
    seg.add_argument("-o", "--output", help="the classified GeoTIFF to write (.tif); with --dask, "
                     "or a mosaic (.vrt) over Cloud-Optimised GeoTIFF tiles in NAME_tiles/")
    seg.add_argument("--output-folder", help="for several rasters: write NAME_classes.tif for each here")
    seg.add_argument("--dask", metavar="SCHEDULER",
                     help="run on a Dask cluster: a scheduler's address (tcp://host:8786), or local:N for N "
                          "worker processes here; one raster's panels, or one task per raster")
    choices = {"preset": sorted(PRESETS), "device": DEVICES, "precision": PRECISIONS,
               "confidence_type": CONFIDENCE_DTYPES}
    add_setting_arguments(seg, SegmentSettings, choices)
    seg.add_argument("--cache-dir", help="the model cache (default: $RESEG_CACHE_DIR or the user cache)")
    seg.set_defaults(run=_segment)


def add_benchmark_parser(commands) -> None:
    from .benchmark.datasets import DATASETS
    from .benchmark.protocols import PROTOCOLS
    from .hardware import DEVICES, PRECISIONS

    add_bundle_parsers(commands)
    bench = commands.add_parser("benchmark", help="a published protocol over a dataset, beside its mIoU",
                                description="Evaluate a dataset folder in its standard layout under a "
                                            "published protocol; an interrupted run resumes.")
    bench.add_argument("folder", help="the dataset folder (e.g. data/LoveDA, with img_dir and ann_dir)")
    bench.add_argument("--dataset", required=True, choices=sorted(DATASETS))
    bench.add_argument("--protocol", required=True, choices=sorted(PROTOCOLS))
    bench.add_argument("--split", help="the split to evaluate (default: the one the papers report)")
    bench.add_argument("--out", help="results folder (default: benchmark-DATASET-PROTOCOL); an interrupted "
                       "run in it resumes")
    bench.add_argument("--limit", type=int, help="only the first N images (in name order)")
    bench.add_argument("--clip", help="CLIP model instead of the protocol's (see: models list)")
    bench.add_argument("--sam", help="SAM model instead of the protocol's")
    bench.add_argument("--device", default="auto", choices=DEVICES, help="auto: CUDA, then MPS, then CPU")
    bench.add_argument("--precision", default="auto", choices=PRECISIONS)
    bench.add_argument("--allow-download", action="store_true", help="download missing model weights")
    bench.add_argument("--cache-dir", help="the model cache (default: $RESEG_CACHE_DIR or the user cache)")
    bench.set_defaults(run=_benchmark)


def add_bundle_parsers(commands) -> None:
    from ..runtime.offline_bundle import PYTHON_VERSIONS, TARGETS, TORCH_BUILDS, this_platform
    from .models.presets import DEFAULT_PRESET, PRESETS

    here = this_platform() if this_platform() in TARGETS else None
    bundle = commands.add_parser("bundle", help="make an offline bundle (environment, Python and models) "
                                 "for a computer without internet")
    bundle.add_argument("--platform", choices=sorted(TARGETS), default=here, required=here is None,
                        help=f"the other computer's platform (default: this one's, {here})")
    bundle.add_argument("--python", choices=PYTHON_VERSIONS, default="3.12")
    bundle.add_argument("--torch", choices=TORCH_BUILDS, default="cpu",
                        help="the PyTorch build: cpu, or the CUDA version the other computer's driver runs")
    bundle.add_argument("--preset", choices=sorted(PRESETS), default=DEFAULT_PRESET,
                        help="carry the models this preset needs")
    bundle.add_argument("--models", help="more models to carry, by name, comma-separated (models list)")
    bundle.add_argument("--no-models", action="store_true", help="carry no models (import them separately)")
    bundle.add_argument("--index-url", help="a package index instead of PyPI (a mirror)")
    bundle.add_argument("--find-links", help="a folder of wheels that take precedence (a torch wheel there "
                        "decides the build)")
    bundle.add_argument("-o", "--output", help="the bundle file, or a folder for it "
                        "(default: reseg-offline-PLATFORM.zip here)")
    bundle.add_argument("--cache-dir", help="the model cache to take the models from")
    bundle.add_argument("--plan", action="store_true",
                        help="list the files and their sizes; download nothing")
    bundle.add_argument("--json", action="store_true", help="with --plan: the list as JSON")
    bundle.add_argument("--progress-lines", action="store_true",
                        help="progress as lines (bundle: NN%%) instead of bars, for a program to follow")
    bundle.set_defaults(run=_bundle)


def _stop_on_signals():
    """SIGTERM (and SIGHUP) end a run as Ctrl-C does: it cleans up, leaves nothing, and the exit code
    is 128 + the signal's number. Returns the handlers to put back."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(number, frame):
        raise SystemExit(128 + number)

    return {number: signal.signal(number, stop)
            for number in (getattr(signal, name, None) for name in ("SIGTERM", "SIGHUP")) if number}


def _what_to_do(error: Exception) -> str:
    """The command-line way out of an error whose message leaves it to the front end."""
    from .weights import messages
    from .weights.store import MissingWeights

    if isinstance(error, MissingWeights):
        return " On the command line, add --allow-download."
    if getattr(error, "template", None) in messages.UNREACHABLE:
        return " " + messages.IMPORT_BY_COMMAND
    return ""


def said_to_user() -> tuple[type[Exception], ...]:
    """The errors whose message says what to do: the engine's, and the plugin runtime's that the
    bundle command meets (a bundle, uv)."""
    from ..runtime.offline_bundle import BundleError
    from ..runtime.uv_tool import UvUnavailable

    return ResegError, BundleError, UvUnavailable


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    previous = _stop_on_signals()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as error:
        if isinstance(error, said_to_user()):
            print(f"error: {error}{_what_to_do(error)}", file=sys.stderr)
            return 2
        traceback.print_exc()
        print("internal error: this is a fault of ReSeg, not of what you gave; please report it with the "
              "traceback above.", file=sys.stderr)
        return 1
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
