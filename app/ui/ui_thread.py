"""A call from a worker thread run on the UI thread, the worker waiting for its result (the start-up checks ask
their questions this way: app/ui/startup_checks.PromptsFromWorker). Imports nothing but Qt's core, so the
window can make one before SQLAlchemy is loaded."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal, Slot


class OnUiThread(QObject):
    """Make it on the UI thread; `ui(fn)` from any other thread runs fn there and returns what it returned (or
    raises what it raised). Never call it from the UI thread itself: a blocking queued call to one's own
    thread deadlocks."""

    _call = Signal(object)

    def __init__(self):
        super().__init__()
        self._outcome = None
        self._call.connect(self._run, Qt.ConnectionType.BlockingQueuedConnection)

    @Slot(object)
    def _run(self, fn) -> None:
        try:
            self._outcome = (True, fn())
        except BaseException as exc:  # handed back to the waiting worker, which raises it there
            self._outcome = (False, exc)

    def __call__(self, fn):
        self._call.emit(fn)
        (ok, value), self._outcome = self._outcome, None
        if not ok:
            raise value
        return value
