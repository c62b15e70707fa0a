"""Work in QGIS's task manager, with progress and cancel, that keeps its result or its error."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from ..engine_texts import error_text


class BackgroundTask(QgsTask):
    """Runs ``work(task)``; the exceptions of ``cancels`` end it as cancelled, any other is kept in
    ``error`` for the dialog to show (a task must not raise). ``line`` carries log lines to the GUI."""

    line = pyqtSignal(str)

    def __init__(self, description: str, work: Callable,
                 cancels: tuple[type[BaseException], ...] = ()) -> None:
        super().__init__(description, QgsTask.Flag.CanCancel)
        self.work, self.cancels = work, cancels
        self.error = ""
        self.exception: Exception | None = None  # the error itself, for a caller that shows more of it
        self.result = None

    def run(self) -> bool:
        try:
            self.result = self.work(self)
            return True
        except self.cancels:
            return False
        except Exception as error:  # shown by the caller
            self.error, self.exception = error_text(error), error
            return False
