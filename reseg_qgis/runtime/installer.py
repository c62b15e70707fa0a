"""Creating the engine's Python environment, step by step, with a log, progress and cancel.

1. The torch build: from the GPU ``nvidia-smi`` reports, or the user's choice (torch_builds.py).
2. uv: on PATH, fetched earlier, or fetched now from the package index (uv_tool.py); where uv cannot
   be had, ``python -m venv`` and pip take over.
3. A Python: a uv-managed CPython, downloaded if it can be, else a system Python of a supported
   version (3.11–3.13).
4. The environment, with the pinned requirements and constraints shipped in the plugin.
5. The check: every import, then a tiny forward pass on the device (``check --json``).
A failed or cancelled install leaves no environment behind; the state file, written last, marks
one as complete.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import platform
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..package_files import version
from . import locations, torch_builds
from .install_advice import CREATING, INSTALLING, SEE_DETAILS, package_advice
from .proxies import opener, proxy_environment
from .torch_builds import DEFAULT, GpuProbe, TorchBuild, choose_torch_build, probe_nvidia
from .uv_tool import UvUnavailable, fetch_uv, find_uv, uv_environment
from .wheels import WheelName, WheelPlatform
from .worker_client import BOOTSTRAP, NO_WINDOW, PLUGIN_DIR, engine_command, engine_environment, run_check

PREFERRED_PYTHON = "3.12"  # downloaded where uv can; else any supported system Python
SUPPORTED_PYTHONS = ("3.12", "3.11", "3.13")
KEEP_LOGS = 5


class InstallError(RuntimeError):
    """The environment could not be created; the message says what to do. Where a step failed, its first
    line (``advice``, a template of install_advice with its ``values``) says what to do, and ``details``
    hold the installer's own words."""

    def __init__(self, advice: str, values: dict | None = None, details: str = "") -> None:
        self.advice, self.values, self.details = advice, values or {}, details
        super().__init__(f"{self.first_line}\n{details}" if details else self.first_line)

    @property
    def first_line(self) -> str:
        return self.advice.format(**self.values) if self.values else self.advice


class InstallCancelled(Exception):
    """The user cancelled; nothing was left behind."""


@dataclass
class InstallOptions:
    torch_build: str = "auto"  # auto, cpu, cu126… or default (the index's own torch)
    index_url: str = ""  # a mirror instead of PyPI
    extra_index_url: str = ""
    wheel_folder: str = ""  # local wheels (offline machines); a torch wheel in it decides the build
    offline: bool = False  # only the wheel folder, no index
    base_python: str = ""  # a Python to build from, instead of uv's choice
    use_uv: bool = True  # False: python -m venv and pip
    uv: str = ""  # a uv to use (an offline bundle's)
    proxy: dict[str, str] = field(default_factory=dict)  # HTTP_PROXY, HTTPS_PROXY, NO_PROXY


@dataclass
class Step:
    name: str
    start: float  # percent
    end: float


STEPS = {step.name: step for step in (
    Step("torch build", 0, 2), Step("uv", 2, 10), Step("python", 10, 22), Step("environment", 22, 26),
    Step("packages", 26, 88), Step("check", 88, 100))}
# Lines of uv and pip that mark progress through the package step, as a fraction of it.
PACKAGE_MILESTONES = ((re.compile(r"^(Resolved|Collecting)"), 0.15),
                      (re.compile(r"^(Prepared|Downloading)"), 0.6),
                      (re.compile(r"^(Installed|Installing collected|Successfully installed)"), 1.0))


def local_torch_wheel(folder: str, target: WheelPlatform | None = None,
                      python: str | None = None) -> tuple[Path, str] | None:
    """A torch wheel in ``folder`` for this platform (or ``target``) and any Python (or ``python``),
    and the Python version it is built for."""
    if not folder or not Path(folder).is_dir():
        return None
    for path in sorted(Path(folder).glob("*.whl"), reverse=True):
        wheel = WheelName.parse(path.name)
        if wheel and wheel.name == "torch" and wheel.built_for(target or WheelPlatform.here()):
            versions = [version for version in wheel.python_versions if python in (None, version)]
            if versions:
                return path, versions[-1]
    return None


def _pump(stream, lines: queue.Queue) -> None:
    """The lines of ``stream`` into ``lines``, then None; the stream is closed at its end."""
    with stream:
        for raw in stream:
            lines.put(raw)
    lines.put(None)


def _stop_tree(process: subprocess.Popen, windows: bool) -> None:
    """Kill ``process`` and what it started (uv under the engine, say)."""
    if windows:
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)], capture_output=True,
                       creationflags=NO_WINDOW)
    else:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.kill()
    process.wait()


def stream_command(command: list[str], line: Callable[[str], None], cancelled: Callable[[], bool],
                   environment: dict[str, str], cwd: Path,
                   timeout: float | None = None) -> tuple[int, list[str]]:
    """Run ``command``, each line of its output to ``line`` as it comes; a cancel or the timeout kills
    it (exit code -1). Returns (exit code, lines)."""
    windows = sys.platform.startswith("win")
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL, env=environment, cwd=cwd, creationflags=NO_WINDOW,
                               start_new_session=not windows)  # its own group, to stop its children too
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    output, deadline = [], time.monotonic() + timeout if timeout else None
    while True:
        try:
            raw = lines.get(timeout=0.2)
        except queue.Empty:
            raw = b""
        if raw is None:
            break
        if raw:
            output.append(raw.decode("utf-8", "replace").rstrip())
            line(output[-1])
        if cancelled() or (deadline and time.monotonic() > deadline):
            _stop_tree(process, windows)
            return -1, output + ([] if cancelled() else [f"(stopped after {timeout:.0f} s)"])
    return process.wait(), output


class Installer:
    def __init__(self, options: InstallOptions, root: Path | None = None,
                 log: Callable[[str], None] = print, progress: Callable[[float], None] | None = None,
                 cancelled: Callable[[], bool] | None = None,
                 probe: Callable[[], GpuProbe] = probe_nvidia) -> None:
        self.options = options
        self.root = root or locations.data_dir()
        self.target = locations.environment_dir(self.root)
        self.building = self.target.with_name(self.target.name + ".new")  # swapped in once it works
        self._log, self._progress = log, progress
        self.cancelled = cancelled or (lambda: False)
        self.probe = probe
        self.log_path = self.root / "logs" / f"install-{datetime.datetime.now():%Y%m%d-%H%M%S}.log"
        self._log_file = None
        self.proxy = proxy_environment({k: v for k, v in options.proxy.items() if v})

    # Reporting.

    def log(self, line: str) -> None:
        if self._log_file:
            self._log_file.write(line + "\n")
            self._log_file.flush()
        self._log(line)

    def progress(self, step: str, fraction: float = 0.0) -> None:
        if self._progress:
            span = STEPS[step]
            self._progress(span.start + (span.end - span.start) * max(0.0, min(1.0, fraction)))

    def _check_cancel(self) -> None:
        if self.cancelled():
            raise InstallCancelled()

    def _environment(self) -> dict[str, str]:
        environment = engine_environment(self.proxy)
        for name, value in list(environment.items()):
            if name.endswith("_PROXY") and name.isupper():
                environment.setdefault(name.lower(), value)
        environment = uv_environment(environment)
        environment["UV_PYTHON_INSTALL_DIR"] = str(self.root / "python")
        if self.options.offline:
            environment["UV_OFFLINE"] = "1"
        return environment

    def _run(self, command: list[str], step: str | None = None, timeout: float | None = None,
             quiet: bool = False) -> tuple[int, list[str]]:
        """Run a command, its output into the log; cancel kills it. Returns (exit code, lines)."""
        self._check_cancel()
        self.log("$ " + self._shown(command))
        fraction = [0.0]

        def line(text: str) -> None:
            if not quiet:
                self.log(text)
            for pattern, share in PACKAGE_MILESTONES if step == "packages" else ():
                if pattern.search(text.strip()) and share > fraction[0]:
                    fraction[0] = share
                    self.progress(step, share)

        code, output = stream_command(command, line, self.cancelled, self._environment(), self.root, timeout)
        if self.cancelled():
            raise InstallCancelled()
        return code, output

    def _require(self, command: list[str], step: str, what: str) -> list[str]:
        code, output = self._run(command, step)
        if code != 0:
            tail = "\n".join(output[-12:])
            advice, values = package_advice(output) if step == "packages" else (SEE_DETAILS, {"what": what})
            raise InstallError(advice, values,
                               f"{what} failed (exit code {code}):\n{tail}\nThe log: {self.log_path}")
        return output

    # Steps.

    def _torch_build(self) -> tuple[TorchBuild, tuple[Path, str] | None]:
        """The build, and a torch wheel of the wheel folder with its Python version."""
        self.progress("torch build")
        local = local_torch_wheel(self.options.wheel_folder)
        if local:
            build = TorchBuild(DEFAULT, torch_builds.WHEEL_FOLDER, {"wheel": local[0].name})
        else:
            probe = self.probe()
            for gpu in probe.gpus:
                self.log(f"NVIDIA GPU: {gpu} (driver {probe.driver}, CUDA {probe.cuda})")
            build = choose_torch_build(probe, self.options.torch_build)
            if self.options.offline and build.name != DEFAULT:
                build = TorchBuild(DEFAULT, torch_builds.OFFLINE)
        self.log(f"torch build: {build.name} ({build.reason})")
        return build, local

    def _uv(self) -> Path | None:
        self.progress("uv")
        if self.options.uv:
            return Path(self.options.uv)
        tools = self.root / "tools"
        found = find_uv(tools)
        if found:
            self.log(f"uv: {found}")
            return found
        if self.options.offline:
            self.log("uv is not on PATH and cannot be fetched offline; using python -m venv and pip.")
            return None
        try:
            return fetch_uv(tools, opener(self.proxy), self.options.index_url, self.log)
        except UvUnavailable as error:
            self.log(f"{error} Using python -m venv and pip instead.")
            return None

    def _find_python(self, uv: Path, request: str, preference: str) -> str | None:
        system = ["--system"] if preference == "only-system" else []  # never a virtual environment
        code, output = self._run([str(uv), "python", "find", *system, "--python-preference", preference,
                                  request], "python", quiet=True)
        found = [line for line in output if line.strip() and Path(line.strip()).is_file()]
        return found[-1].strip() if code == 0 and found else None

    def _python_with_uv(self, uv: Path, wanted: str | None) -> str:
        self.progress("python")
        if self.options.base_python:
            return self.options.base_python
        request = wanted or PREFERRED_PYTHON
        python = self._find_python(uv, request, "only-managed")
        if python is None and not self.options.offline:
            code, output = self._run([str(uv), "python", "install", request], "python", timeout=600)
            if code == 0:
                python = self._find_python(uv, request, "only-managed")
            else:
                self.log(f"No managed Python {request} could be downloaded; looking for one on this system.")
        self.progress("python", 0.7)
        for candidate in [request] + ([] if wanted else [v for v in SUPPORTED_PYTHONS if v != request]):
            python = python or self._find_python(uv, candidate, "only-system")
        if python is None:
            raise InstallError(self._no_python_message(wanted))
        self.log(f"Python: {python}")
        return python

    @staticmethod
    def _no_python_message(wanted: str | None) -> str:
        versions = wanted or "3.11, 3.12 or 3.13"
        return (f"No Python {versions} was found on this computer, and none could be downloaded. Install "
                f"Python {wanted or PREFERRED_PYTHON} (python.org, or your system's packages), then try "
                "again; or point ReSeg at a Python environment of your own.")

    def _system_python(self, wanted: str | None) -> str:
        """A system Python with venv, for the pip route."""
        self.progress("python")
        if self.options.base_python:
            return self.options.base_python
        versions = [wanted] if wanted else list(SUPPORTED_PYTHONS)
        names = [f"python{v}" for v in versions] + ["python3", "python"]
        candidates = [shutil.which(name) for name in names]
        if sys.platform.startswith("win"):
            candidates.append(str(Path(sys.prefix) / "python.exe"))  # OSGeo4W's and the installer's
        probe = "import sys, venv, ensurepip; print('%d.%d' % sys.version_info[:2])"
        for candidate in dict.fromkeys(c for c in candidates if c and Path(c).is_file()):
            code, output = self._run([candidate, "-I", "-c", probe], "python", timeout=60, quiet=True)
            if code == 0 and output and output[-1].strip() in versions:
                self.log(f"Python: {candidate} ({output[-1].strip()})")
                return candidate
        raise InstallError(self._no_python_message(wanted))

    def _index_arguments(self, build: TorchBuild, local_torch: Path | None, uv: bool) -> list[str]:
        options, arguments = self.options, []
        if options.offline:
            arguments.append("--no-index")
        elif options.index_url:
            arguments += ["--index-url", options.index_url]
        if options.extra_index_url and not options.offline:
            arguments += ["--extra-index-url", options.extra_index_url]
            if uv:
                arguments += ["--index-strategy", "unsafe-best-match"]
        if options.wheel_folder:
            arguments += ["--find-links", options.wheel_folder]
        if build.name != DEFAULT and local_torch is None and not options.offline:
            if uv:
                arguments += ["--torch-backend", build.name]
            else:
                arguments += ["--extra-index-url", build.index_url]
        return arguments

    def _create(self, uv: Path | None, build: TorchBuild, local_torch: Path | None,
                wanted: str | None) -> None:
        requirements = ["-r", str(locations.REQUIREMENTS), "-c", str(locations.CONSTRAINTS)]
        python_path = str(locations.python_in(self.building))
        if uv:
            base = self._python_with_uv(uv, wanted)
            self.progress("environment")
            self._require([str(uv), "venv", "--relocatable", "--python", base, str(self.building)],
                          "environment", CREATING)
            self.progress("packages")
            self._require([str(uv), "pip", "install", "--python", python_path, *requirements,
                           *self._index_arguments(build, local_torch, uv=True)], "packages", INSTALLING)
        else:
            base = self._system_python(wanted)
            self.progress("environment")
            self._require([base, "-m", "venv", str(self.building)], "environment", CREATING)
            self.progress("packages")
            self._require([python_path, "-m", "pip", "install", "--disable-pip-version-check", *requirements,
                           *self._index_arguments(build, local_torch, uv=False)], "packages",
                          INSTALLING)

    def _check(self, device: str = "auto") -> dict:
        """``check --json`` in the new environment: its report on stdout, its messages into the log."""
        self.progress("check")
        self._check_cancel()
        python = locations.python_in(self.building)
        self.log("$ " + self._shown(engine_command(python, "check", "--json", "--device", device)))
        try:
            report, messages = run_check(python, device, self._environment(), self.root)
        except (OSError, subprocess.SubprocessError) as error:
            raise InstallError(f"The new environment could not run the engine's check: {error}") from error
        for line in messages.splitlines()[-20:]:
            self.log(line)
        if report is None:
            raise InstallError("The new environment could not run the engine's check; the log above says "
                               "why. Repair the environment, or choose another PyTorch build in Install "
                               "options.")
        from ..engine.worker.self_check import summary

        for line in summary(report).splitlines():
            self.log(line)
        if not report["ok"]:
            problems = "; ".join(report["problems"])
            raise InstallError(f"The new environment does not run the engine: {problems}. Where the GPU "
                               "fails, choose the CPU build in Install options and repair.")
        return report

    def _place(self) -> None:
        """Put the working new environment where the old one was; the old one goes only then."""
        old = self.target.with_name(self.target.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        try:
            if self.target.exists():
                os.replace(self.target, old)
            os.replace(self.building, self.target)
        except OSError as error:
            if old.exists() and not self.target.exists():
                os.replace(old, self.target)
            raise InstallError(f"The environment in {self.target} is in use ({error.strerror}); close the "
                               "other QGIS windows that run ReSeg, then repair again.") from error
        shutil.rmtree(old, ignore_errors=True)

    def _prune(self) -> None:
        """Remove the environments of earlier requirement sets (earlier plugin versions)."""
        for other in locations.other_environments(self.root):
            self.log(f"Removing the environment of an earlier plugin version: {other}")
            shutil.rmtree(other, ignore_errors=True)

    def run(self) -> dict:
        """Create (or re-create) the environment; returns the check report."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        for old in sorted(self.log_path.parent.glob("install-*.log"))[:-KEEP_LOGS + 1]:
            old.unlink(missing_ok=True)
        started = time.monotonic()
        with open(self.log_path, "w", encoding="utf-8") as self._log_file:
            self.log(f"ReSeg {version()}: creating the engine's environment in {self.target}")
            shown = {k: v for k, v in asdict(self.options).items() if k != "proxy"}  # may hold a password
            self.log(f"Options: {json.dumps(shown)}")
            try:
                self._refuse_unsupported()
                build, local = self._torch_build()
                uv = self._uv() if self.options.use_uv else None
                shutil.rmtree(self.building, ignore_errors=True)
                self._create(uv, build, local[0] if local else None, local[1] if local else None)
                report = self._check()
                self._place()
                report["executable"] = str(locations.python_in(self.target))
                seconds = round(time.monotonic() - started, 1)
                state = {"complete": True, "created": datetime.datetime.now().isoformat(timespec="seconds"),
                         "plugin_version": version(), "requirement_key": locations.requirement_key(),
                         "installer": f"uv ({uv})" if uv else "venv and pip", "torch_build": build.name,
                         "torch_reason": build.reason, "seconds": seconds, "log": str(self.log_path),
                         "check": report}
                (self.target / locations.STATE_FILE).write_text(json.dumps(state, indent=2), encoding="utf-8")
                self._prune()
                self.log(f"Done in {seconds} s.")
                self.progress("check", 1.0)
                return report
            except InstallCancelled:
                self.log("Cancelled.")
                self._remove_partial()
                raise
            except BaseException as error:  # the output above holds the details
                self.log(f"Failed: {error.first_line if isinstance(error, InstallError) else error}")
                self._remove_partial()
                raise
            finally:
                self._log_file = None

    def _remove_partial(self) -> None:
        shutil.rmtree(self.building, ignore_errors=True)

    def _refuse_unsupported(self) -> None:
        if sys.platform == "darwin" and platform.machine().lower() in ("x86_64", "amd64"):
            raise InstallError("PyTorch publishes no builds for Intel Macs after version 2.2, and ReSeg "
                               "needs 2.13: use a Mac with Apple silicon, Linux or Windows.")

    @staticmethod
    def _shown(command: list[str]) -> str:
        return " ".join(command).replace(f"-I -X utf8 -c {BOOTSTRAP} {PLUGIN_DIR}", "-m reseg_qgis.engine")


def remove_environment(root: Path | None = None) -> Path:
    """Delete the managed environment (its models stay in the model cache). It stops counting as
    installed first, so a removal that stops halfway (a file in use) leaves no half environment that
    passes for a complete one."""
    target = locations.environment_dir(root)
    (target / locations.STATE_FILE).unlink(missing_ok=True)
    if target.exists():
        shutil.rmtree(target)
    return target


def last_log(root: Path | None = None) -> Path | None:
    logs = sorted(((root or locations.data_dir()) / "logs").glob("install-*.log"))
    return logs[-1] if logs else None

