"""The unexpected-exception dialog: says what happened and where the log is. Never a silent exit.

`install_excepthook()` sets up the rotating log (if not yet) and routes every uncaught exception — in the
window's thread or a worker's — to the log and to this dialog. The program keeps running: a failed
action was one transaction, rolled back, so the saved data is untouched.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from app import safety

log = logging.getLogger("app")

TITLE = "Đảng vụ — lỗi không mong muốn"


def error_text(exc_type, exc, log_path: Path) -> str:
    what = safety.mask_id_numbers(f"{exc_type.__name__}: {exc}")
    return (f"Chương trình gặp một lỗi không mong muốn:\n\n{what}\n\n"
            "Thao tác vừa làm chưa được lưu; dữ liệu đã lưu trước đó không bị ảnh hưởng.\n"
            f"Chi tiết lỗi đã ghi vào nhật ký:\n{log_path}\n\n"
            "Khi báo lỗi, hãy gửi kèm tệp nhật ký này.")


class ErrorReporter(QObject):
    """Lives in the window's thread; worker threads hand their exceptions over through the signal."""

    raised = Signal(object, object, object)

    def __init__(self, log_path: Path):
        super().__init__()
        self.log_path = log_path
        self.showing = False
        self.last_box: QMessageBox | None = None
        self.last_details = ""
        self.raised.connect(self.show)

    def show(self, exc_type, exc, tb) -> None:
        if self.showing:  # an error inside the dialog's own loop: logged, not stacked
            return
        app = QApplication.instance()
        if app is None:
            return
        self.showing = True
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, TITLE, error_text(exc_type, exc, self.log_path),
                              QMessageBox.StandardButton.Ok, app.activeWindow())
            box.button(QMessageBox.StandardButton.Ok).setText("Đóng")
            open_logs = box.addButton("Mở thư mục nhật ký", QMessageBox.ButtonRole.ActionRole)
            # the traceback goes to the log, not to a "Show Details..." button Qt would label in English
            self.last_details = safety.mask_id_numbers("".join(traceback.format_exception(exc_type, exc, tb)))
            self.last_box = box
            if not getattr(self, "no_exec", False):
                box.exec()
                if box.clickedButton() is open_logs:
                    QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_path.parent)))
        finally:
            self.showing = False


_reporter: ErrorReporter | None = None


def log_bug(exc: BaseException) -> None:
    """An exception nobody expected, to the log with the worker's traceback."""
    safety.log_unhandled(type(exc), exc, exc.__traceback__)


def report_bug(exc: BaseException) -> None:
    """An exception an operation did not expect (app/ui/ops.py): to the log with its traceback, then the same
    error report as an uncaught one (a plain box when the window's reporter is not installed, as in tests)."""
    exc_type, tb = type(exc), exc.__traceback__
    log_bug(exc)
    if _reporter is not None:
        _reporter.show(exc_type, exc, tb)
        return
    QMessageBox.critical(QApplication.activeWindow(), TITLE, error_text(exc_type, exc, safety.log_file()))


def install_excepthook(log_dir: str | Path | None = None) -> ErrorReporter:
    """Call once, after the QApplication exists."""
    global _reporter
    log_path = safety.setup_logging(log_dir)
    _reporter = ErrorReporter(log_path)

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        safety.log_unhandled(exc_type, exc, tb)
        if threading.current_thread() is threading.main_thread():
            _reporter.show(exc_type, exc, tb)
        else:
            _reporter.raised.emit(exc_type, exc, tb)

    def thread_hook(args):
        hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
    log.info("error dialog installed; log at %s", log_path)
    return _reporter
