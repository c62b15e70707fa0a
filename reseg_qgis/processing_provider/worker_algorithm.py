"""The base of the algorithms that run in the worker: one way to call it, and one way its failures
and cancels become what Processing shows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from .. import worker_session
from ..engine.run_files import remove_stale
from ..engine_texts import error_text
from ..package_files import icon_path
from ..runtime.locations import EnvironmentProblem
from ..runtime.worker_client import WorkerCancelled, WorkerError, WorkerRequestError
from ..translation import tr
from .run_support import WorkerProgress


class WorkerAlgorithm(QgsProcessingAlgorithm):
    def group(self) -> str:
        return tr("Segmentation")

    def groupId(self) -> str:
        return "segmentation"

    def icon(self) -> QIcon:
        return QIcon(str(icon_path()))

    def run_in_worker(self, kind: str, request: dict, feedback, outputs: Iterable[str]) -> dict | None:
        """The worker's result of ``request``; None when the user cancelled (nothing was written).
        ``outputs``: the files the run writes, whose folders are cleaned of its leftovers when the
        worker had to be stopped."""
        folders = {Path(path).parent for path in outputs if path}

        def clean_up() -> None:  # after a worker was stopped: its lock is gone, its files are stale
            for folder in folders:
                remove_stale(folder)

        client = None
        try:
            client = worker_session.client()
            return client.request(kind, request, on_message=WorkerProgress(feedback),
                                  cancelled=feedback.isCanceled)
        except WorkerCancelled as cancelled:
            if cancelled.killed:
                clean_up()
                feedback.pushWarning(tr("The worker did not stop within {} s and was stopped: the next run "
                                        "starts it again and loads the models anew.").format(
                                            round(client.cancel_grace)))
            feedback.pushInfo(tr("Cancelled; nothing was written."))
            return None
        except WorkerRequestError as error:
            raise QgsProcessingException(self.refusal(error)) from error
        except WorkerError as error:
            clean_up()
            raise QgsProcessingException(str(error)) from error
        except EnvironmentProblem as error:
            raise QgsProcessingException(error_text(error)) from error

    def refusal(self, error: WorkerRequestError) -> str:
        """What to show for a request the worker refused (an algorithm may say more)."""
        return error_text(error)
