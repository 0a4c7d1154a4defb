"""The window's one way to run work off the UI thread, in the manner of Anki's aqt/operations.

An operation is a service call (a plain function, or a generator of app.common.progress.Progress items and
then its result) run on a worker thread; its hooks run on the UI thread:

    Op(self, lambda: reports.delete_report_in(db, rid), write=True) \\
        .success(self._deleted).failure(self._refused).progress(self._step).run()

- success(value) gets the function's result (a generator's last non-Progress item);
- failure(exc) gets what it raised; without a failure hook a UserError (app/common/errors.py: a refusal, a
  file that cannot be read, a failed backup …) is shown as a Vietnamese message box, Cancelled is quiet, and
  anything else is a bug: logged with its traceback and shown as the error report (app/ui/error_dialog.py);
- progress(Progress) gets each step; with_progress_dialog(title) shows a dialog whose Hủy sets op.token.

Reads run on the global pool, side by side. Writes (write=True) go to one serial executor: a second write
waits until the first has finished, so two transactions of the window never race for the SQLite file (the
single writer the safety lock promises) and an import and an undo cannot interleave. A job that opens its
own session does so on the worker: the UI thread does not wait for the database.

Loader keeps the tabs' "newest request per key wins" reads (typing fast or switching units never shows
stale data) on top of Op.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton, QWidget

from app.common.errors import UserError
from app.common.progress import CancelToken, Cancelled, Progress, drive

log = logging.getLogger(__name__)

_writes: QThreadPool | None = None


def write_pool() -> QThreadPool:
    """The serial executor of the window's writes: one thread, jobs in the order asked."""
    global _writes
    if _writes is None:
        _writes = QThreadPool()
        _writes.setMaxThreadCount(1)
        _writes.setExpiryTimeout(-1)
    return _writes


def wait_for_all(msecs: int = 5000) -> bool:
    """At close: let running jobs finish (they hold connections, a write must commit or roll back)."""
    done = write_pool().waitForDone(msecs)
    return QThreadPool.globalInstance().waitForDone(msecs) and done


class _Runner(QRunnable):
    def __init__(self, op: Op):
        super().__init__()
        self.op = op
        self.setAutoDelete(False)   # the op keeps it: its signals must outlive run()

    def run(self) -> None:
        self.op._work()


class Op(QObject):
    """One operation: build it, attach hooks, run() it. Parented to the widget that asked, so a closed
    window's hooks are simply not called."""

    _finished = Signal(bool, object)
    _stepped = Signal(object)

    def __init__(self, parent: QObject | None, fn: Callable, *, write: bool = False):
        super().__init__(parent)
        self.fn, self.write = fn, write
        self.token = CancelToken()
        self.running = False
        self.done = False
        self._on_success: Callable | None = None
        self._on_failure: Callable | None = None
        self._on_progress: Callable | None = None
        self._dialog: QProgressDialog | None = None
        self._runner: _Runner | None = None
        # queued: the worker emits, the UI thread (where this object lives) runs the hooks
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._stepped.connect(self._step, Qt.ConnectionType.QueuedConnection)

    # --- building ---
    def success(self, fn: Callable) -> Op:
        self._on_success = fn
        return self

    def failure(self, fn: Callable) -> Op:
        self._on_failure = fn
        return self

    def progress(self, fn: Callable) -> Op:
        self._on_progress = fn
        return self

    def with_progress_dialog(self, title: str, parent: QWidget | None = None) -> Op:
        """A window-modal progress dialog with a Hủy button that asks the job to stop (op.token)."""
        owner = parent if parent is not None else self.parent()
        dialog = QProgressDialog(title, "Hủy", 0, 0, owner if isinstance(owner, QWidget) else None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(100)
        dialog.canceled.connect(self.cancel)
        self._dialog = dialog
        return self

    @property
    def dialog(self) -> QProgressDialog | None:
        return self._dialog

    # --- running ---
    def run(self) -> Op:
        self.running = True
        self._runner = _Runner(self)
        (write_pool() if self.write else QThreadPool.globalInstance()).start(self._runner)
        return self

    def cancel(self) -> None:
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def _work(self) -> None:
        """On the worker: call, drive a generator, hand the outcome to the UI thread."""
        try:
            value = drive(self.fn(), self._emit_step)
        except Exception as exc:  # handed to the UI thread, which decides how to show it
            self._emit(False, exc)
        else:
            self._emit(True, value)

    def _emit_step(self, item: Progress) -> None:
        try:
            self._stepped.emit(item)
        except RuntimeError:
            pass  # the widget that asked was closed meanwhile

    def _emit(self, ok: bool, value) -> None:
        try:
            self._finished.emit(ok, value)
        except RuntimeError:
            pass  # the widget that asked was closed meanwhile: nobody is left to tell

    @Slot(object)
    def _step(self, item: Progress) -> None:
        if self.done:
            return
        if self._dialog is not None:
            self._dialog.setMaximum(item.total)
            self._dialog.setValue(min(item.done, item.total) if item.total else 0)
            if item.what:
                self._dialog.setLabelText(item.what)
            for button in self._dialog.findChildren(QPushButton):   # Hủy only while stopping still undoes
                button.setEnabled(item.cancellable)
        if self._on_progress is not None:
            self._on_progress(item)

    @Slot(bool, object)
    def _deliver(self, ok: bool, value) -> None:
        self.running, self.done = False, True
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self.cancel)
            self._dialog.reset()
            self._dialog.hide()
        try:
            if ok:
                if self._on_success is not None:
                    self._on_success(value)
            elif self._on_failure is not None:
                self._on_failure(value)
            else:
                show_failure(self.parent(), value)
        finally:
            self.deleteLater()


def show_failure(parent, exc: BaseException) -> None:
    """How the window shows what went wrong: the clerk's message for a UserError, nothing for a cancel the
    clerk asked for, the error report (logged, with the log's place) for anything else — a bug."""
    if isinstance(exc, Cancelled):
        return
    if isinstance(exc, UserError):
        QMessageBox.warning(parent if isinstance(parent, QWidget) else None, "Không thực hiện được", exc.message)
        return
    from .error_dialog import report_bug

    report_bug(exc)


class Loader(QObject):
    """Reads `fn(session)` in a session of its own on the pool; only the newest request per key is
    delivered, to `callback` on the UI thread (on_error, else show_failure, when it raised)."""

    _ids = itertools.count(1)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.pending: dict[int, str] = {}
        self.latest: dict[str, int] = {}

    def busy(self) -> bool:
        return bool(self.pending)

    def load(self, key: str, fn: Callable, callback: Callable, on_error: Callable | None = None) -> Op:
        job_id = next(self._ids)
        self.pending[job_id] = key
        self.latest[key] = job_id
        db = self.db

        def work():
            with db.session() as s:
                return fn(s)

        def delivered(hook):
            def deliver(value):
                key_of = self.pending.pop(job_id, None)
                if key_of is None or self.latest.get(key_of) != job_id:
                    return   # a newer request for the same key is on its way
                if hook is not None:
                    hook(value)
                else:
                    show_failure(self.parent(), value)
            return deliver

        return Op(self, work).success(delivered(callback)).failure(delivered(on_error)).run()
