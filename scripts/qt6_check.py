"""Finds what would break the plugin under QGIS 4 (Qt6, PyQt6):
``python scripts/qt6_check.py [--fix] PATH...``.

Run it with QGIS's Python: it reads the code (ast) and looks each Qt and QGIS name up in the PyQt and
QGIS it runs on, so it knows which attribute is an enum member. Each finding is one line,
``file:line: what, and what to write instead``; the exit code is 1 when there is one. ``--fix`` writes
the scoped form of each unscoped Qt enum member in place (the rest needs a person).

- unscoped enum members (``Qt.AlignLeft``: ``Qt.AlignmentFlag.AlignLeft``), which PyQt6 removed;
- enum members that QGIS moved into ``Qgis`` (3.28 and later; QGIS 4 dropped the old names): found
  where this QGIS has moved them, so run it on 3.40 too;
- ``exec_()``, ``QAction`` from ``QtWidgets`` (it is in ``QtGui`` under Qt6) unless it is the fallback of
  an import from ``QtGui``, ``QVariant`` field types, ``QRegExp``, and modules Qt6 removed;
- Qt imported from ``PyQt5``/``PyQt6``/``sip`` instead of ``qgis.PyQt``.
"""

from __future__ import annotations

import ast
import enum
import importlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

QT_MODULES = ("qgis.PyQt.", "qgis.core", "qgis.gui", "qgis.analysis")
REMOVED_MODULES = ("QtWebKit", "QtWebKitWidgets", "QtXmlPatterns", "QtScript", "QtScriptTools",
                   "QtMultimediaWidgets")
REMOVED_CLASSES = {"QRegExp": "QRegularExpression", "QRegExpValidator": "QRegularExpressionValidator",
                   "QDesktopWidget": "QScreen (QGuiApplication.primaryScreen())",
                   "QStringRef": "str", "QTextCodec": "Python's codecs"}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    written: str = ""  # where --fix can: the code as written, and what replaces it
    scoped: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _enum_type(value) -> type | None:
    """The enum type of ``value`` when it is an enum member (a sip or a Python enum), else None."""
    if isinstance(value, enum.Enum):
        return type(value)
    kind = type(value)
    if isinstance(value, int) and kind not in (int, bool) and "." in kind.__qualname__:
        return kind
    return None


def _member_name(value, attribute: str) -> str:
    return value.name if isinstance(value, enum.Enum) else attribute


class Checker(ast.NodeVisitor):
    def __init__(self, path: str) -> None:
        self.path = path
        self.names: dict[str, object] = {}  # a local name: the Qt or QGIS object it is bound to
        self.findings: list[Finding] = []
        self._fallbacks: set[int] = set()  # lines of imports that are an ImportError fallback

    def report(self, node: ast.AST, message: str, written: str = "", scoped: str = "") -> None:
        self.findings.append(Finding(self.path, node.lineno, message, written, scoped))

    # Imports.

    def visit_Try(self, node: ast.Try) -> None:
        gets_gui_action = any(isinstance(n, ast.ImportFrom) and (n.module or "").endswith("QtGui")
                              and any(a.name == "QAction" for a in n.names) for n in node.body)
        for handler in node.handlers:
            catches = ast.unparse(handler.type) if handler.type else ""
            if gets_gui_action and "ImportError" in catches:
                self._fallbacks.update(n.lineno for n in ast.walk(handler) if isinstance(n, ast.ImportFrom))
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._check_module(node, alias.name)
            if alias.name.startswith(("qgis.", "qgis")) and alias.asname:
                self._bind(alias.asname, alias.name, None)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        self._check_module(node, module)
        for alias in node.names:
            if alias.name in REMOVED_CLASSES and module.startswith("qgis"):
                self.report(node, f"{alias.name} is gone in Qt6: use {REMOVED_CLASSES[alias.name]}")
            fallback = node.lineno in self._fallbacks
            if alias.name == "QAction" and module.endswith("QtWidgets") and not fallback:
                self.report(node, "QAction is in QtGui under Qt6: import it from qgis.PyQt.QtGui, with "
                                  "qgis.PyQt.QtWidgets as the ImportError fallback for QGIS 3")
            if alias.name in REMOVED_MODULES and module == "qgis.PyQt":
                self.report(node, f"Qt6 has no {alias.name}")
            if module.startswith(QT_MODULES) or module == "qgis.PyQt":
                self._bind(alias.asname or alias.name, module, alias.name)

    def _check_module(self, node: ast.AST, module: str) -> None:
        top = module.split(".")[0]
        if top in ("PyQt5", "PyQt6", "sip"):
            self.report(node, f"import Qt through qgis.PyQt, not {top}")
        if any(module.endswith("." + removed) for removed in REMOVED_MODULES):
            self.report(node, f"Qt6 has no {module.rsplit('.', 1)[1]}")

    def _bind(self, name: str, module: str, attribute: str | None) -> None:
        try:
            found = importlib.import_module(module)
            self.names[name] = getattr(found, attribute) if attribute else found
        except (ImportError, AttributeError):
            pass  # not in this Qt or QGIS: nothing to look up

    # Uses.

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "exec_":
            self.report(node, "exec_() is gone in PyQt6: call exec()")
        owner = self._resolve(node.value)
        if owner is not None:
            name = getattr(owner, "__name__", "")
            if name == "QVariant" and node.attr[:1].isupper():
                self.report(node, f"QVariant.{node.attr}: field and value types are QMetaType.Type under Qt6")
            else:
                self._check_member(node, owner, node.value)
        self.generic_visit(node)

    def _resolve(self, node: ast.AST):
        """The Qt or QGIS object an expression of names and attributes stands for, else None."""
        if isinstance(node, ast.Name):
            return self.names.get(node.id)
        if isinstance(node, ast.Attribute):
            owner = self._resolve(node.value)
            return None if owner is None else getattr(owner, node.attr, None)
        return None

    def _check_member(self, node: ast.Attribute, owner, owner_node: ast.AST) -> None:
        if not isinstance(owner, type):
            return
        try:
            value = getattr(owner, node.attr)
        except AttributeError:
            return
        kind = _enum_type(value)
        if kind is None or isinstance(value, type):
            return
        if owner is kind:
            return
        written = ast.unparse(owner_node)
        member = _member_name(value, node.attr)
        holder = kind.__qualname__.split(".")[0]
        if not any(base.__qualname__ == holder for base in owner.__mro__):
            self.report(node, f"{written}.{node.attr} moved: use {kind.__qualname__}.{member} (QGIS 4 has "
                              "only that name; keep the old one as the fallback for QGIS 3.22: "
                              "reseg_qgis/qgis_enums.py)")
        else:
            scoped = f"{written}.{kind.__name__}.{member}"
            self.report(node, f"{written}.{node.attr}: PyQt6 needs the scoped form {scoped}",
                        f"{written}.{node.attr}", scoped)


def check_source(source: str, path: str = "<source>") -> list[Finding]:
    checker = Checker(path)
    checker.visit(ast.parse(source, path))
    return checker.findings


def check_paths(paths: list[Path]) -> list[Finding]:
    findings = []
    for path in paths:
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            findings += check_source(file.read_text(encoding="utf-8"), str(file))
    return findings


def fix(findings: list[Finding]) -> list[Finding]:
    """Write the scoped forms in place; the findings left for a person."""
    left = []
    for path in sorted({finding.path for finding in findings}):
        lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
        for finding in (f for f in findings if f.path == path):
            if not finding.scoped:
                left.append(finding)
                continue
            pattern = re.compile(r"(?<![\w.])" + re.escape(finding.written) + r"(?!\w)")
            lines[finding.line - 1] = pattern.sub(finding.scoped, lines[finding.line - 1])
        Path(path).write_text("".join(lines), encoding="utf-8")
    return left


def main(argv: list[str]) -> int:
    fixing = "--fix" in argv
    argv = [argument for argument in argv if argument != "--fix"]
    findings = check_paths([Path(argument) for argument in argv] or [Path("reseg_qgis")])
    if fixing:
        findings = fix(findings)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} Qt5-only constructs; see scripts/qt6_check.py", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
