"""scripts/qt6_check.py finds each kind of Qt5-only construct, passes their Qt6 forms, and finds none in
the plugin. It runs in both QGIS suites: enum members QGIS moved into ``Qgis`` show only on 3.28+."""

from __future__ import annotations

import importlib.util
import sys
import warnings

import pytest
from qgis.core import Qgis

from tests.conftest import REPO_ROOT

spec = importlib.util.spec_from_file_location("qt6_check", REPO_ROOT / "scripts" / "qt6_check.py")
qt6_check = importlib.util.module_from_spec(spec)
sys.modules["qt6_check"] = qt6_check
spec.loader.exec_module(qt6_check)

QT = "from qgis.PyQt.QtCore import Qt\nfrom qgis.core import Qgis, QgsMapLayerProxyModel\n"


def found(source: str) -> list[str]:
    return [finding.message for finding in qt6_check.check_source(QT + source)]


@pytest.mark.parametrize(("source", "says"), [
    ("Qt.AlignLeft", "Qt.AlignLeft: PyQt6 needs the scoped form Qt.AlignmentFlag.AlignLeft"),
    ("Qgis.Critical", "Qgis.Critical: PyQt6 needs the scoped form Qgis.MessageLevel.Critical"),
    ("from qgis.PyQt.QtWidgets import QDialogButtonBox\nQDialogButtonBox.Ok",
     "QDialogButtonBox.Ok: PyQt6 needs the scoped form QDialogButtonBox.StandardButton.Ok"),
    ("from qgis.PyQt import QtCore\nQtCore.Qt.UserRole", "QtCore.Qt.UserRole: PyQt6 needs the scoped form "
                                                         "QtCore.Qt.ItemDataRole.UserRole"),
    ("from qgis.PyQt.QtWidgets import QMessageBox\nQMessageBox.Accepted",  # QDialog's, inherited
     "QMessageBox.Accepted: PyQt6 needs the scoped form QMessageBox.DialogCode.Accepted"),
    ("dialog.exec_()", "exec_() is gone in PyQt6: call exec()"),
    ("from qgis.PyQt.QtWidgets import QAction", "QAction is in QtGui under Qt6"),
    ("from qgis.PyQt.QtCore import QVariant\nfield_type = QVariant.Int",
     "QVariant.Int: field and value types"),
    ("from qgis.PyQt.QtCore import QRegExp", "QRegExp is gone in Qt6: use QRegularExpression"),
    ("from qgis.PyQt import QtWebKit", "Qt6 has no QtWebKit"),
    ("from PyQt5.QtWidgets import QLabel", "import Qt through qgis.PyQt, not PyQt5"),
    ("import sip", "import Qt through qgis.PyQt, not sip"),
])
def test_each_qt5_only_construct_is_found(source, says):
    messages = found(source)
    assert len(messages) == 1 and messages[0].startswith(says), messages


def test_a_moved_qgis_enum_is_found_with_its_new_name_where_qgis_moved_it():
    (message,) = found("QgsMapLayerProxyModel.RasterLayer")
    if hasattr(Qgis, "LayerFilter"):  # 3.34 and later
        assert message.startswith("QgsMapLayerProxyModel.RasterLayer moved: use Qgis.LayerFilter.RasterLayer")
    else:
        assert message.startswith("QgsMapLayerProxyModel.RasterLayer: PyQt6 needs the scoped form "
                                  "QgsMapLayerProxyModel.Filter.RasterLayer")


def test_the_qt6_forms_pass():
    assert found("""
Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
Qgis.MessageLevel.Critical
dialog.exec()
try:
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction
from qgis.PyQt.QtCore import QRegularExpression, QMetaType
field_type = QMetaType.Type.Int
Qt.AlignmentFlag  # an enum type, not a member
""") == []


def test_fix_writes_the_scoped_forms(tmp_path):
    module = tmp_path / "widget.py"
    module.write_text(QT + "flags = Qt.AlignLeft | Qt.AlignTop\nlevel = Qgis.Info\ndialog.exec_()\n")
    left = qt6_check.fix(qt6_check.check_paths([module]))
    assert module.read_text().endswith("flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop\n"
                                       "level = Qgis.MessageLevel.Info\ndialog.exec_()\n")
    assert [finding.message for finding in left] == ["exec_() is gone in PyQt6: call exec()"]


def test_the_plugin_its_scripts_and_its_qgis_tests_are_ready_for_qt6():
    paths = [REPO_ROOT / "reseg_qgis", REPO_ROOT / "scripts", REPO_ROOT / "tests" / "qgis"]
    assert [str(finding) for finding in qt6_check.check_paths(paths)] == []


def test_a_call_that_qgis_deprecates_fails_the_suite():
    """pyproject.toml turns deprecation warnings of our calls into errors: QGIS 3.38+ warns of the calls
    QGIS 4 removes, so the trixie root's run finds them."""
    from qgis.core import QgsField
    from qgis.PyQt import QtCore

    with pytest.raises(DeprecationWarning):
        warnings.warn("a call of ours that a library deprecates", DeprecationWarning, stacklevel=1)
    if Qgis.QGIS_VERSION_INT >= 33800:
        integer = getattr(QtCore.QVariant, "Int")  # noqa: B009 (so spelled, the Qt6 check passes over it)
        with pytest.raises(DeprecationWarning, match="QgsField constructor is deprecated"):
            QgsField("count", integer)
