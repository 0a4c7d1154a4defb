"""The backup dialog and the error dialog, driven with pytest-qt on real files."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtWidgets import QMessageBox

from app import backup
from app.db import Database

from .helpers import dump


@pytest.fixture
def quiet_boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    return shown


def test_backup_dialog_lists_backs_up_and_restores(qtbot, filled_db, quiet_boxes, tmp_path):
    from app.models import Member
    from app.services import evaluations as ev
    from app.ui.backup_dialog import COL_DATE, COL_REASON, COL_SIZE, open_backup_dialog

    path, ids = filled_db
    before = dump(path)
    db = Database(path)
    dialog = open_backup_dialog(db)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Sao lưu / Phục hồi"
    assert dialog.table.rowCount() == 0 and not dialog.restore_button.isEnabled()

    dialog.backup_button.click()   # a write operation on the worker (app/ui/ops.py)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=10000)
    assert dialog.status.text().startswith("Đã sao lưu vào ") and dialog.backup_button.isEnabled()
    info = backup.list_backups(path)[0]
    assert dialog.table.item(0, COL_DATE).text() == f"{info.created:%d/%m/%Y %H:%M:%S}"
    assert dialog.table.item(0, COL_REASON).text() == "Sao lưu thủ công"
    assert dialog.table.item(0, COL_SIZE).text() == f"{round(info.size / 1024)} KB"
    assert dialog.restore_button.isEnabled()
    dialog.grab().save(str(tmp_path / "backup_dialog.png"))

    with db.transaction() as s:
        ev.rate_members(s, 2024, {i: "HTTNV" for i in ids})
    dialog.table.selectRow(0)
    assert dialog.restore_selected(confirm=lambda info: True)
    assert dialog.restored
    # the restored file is in use at once through the same Database object
    with db.session() as s:
        assert s.query(Member).count() == len(ids)
    db.dispose()
    assert dump(path) == before
    # the list now also shows the copy of the file that was replaced
    assert dialog.table.rowCount() == 2
    assert dialog.table.item(0, COL_REASON).text() == "Trước khi phục hồi"
    assert "Đã phục hồi" in quiet_boxes[-1]


def test_backup_dialog_refuses_restore_when_read_only(qtbot, filled_db):
    from app.ui.backup_dialog import BackupDialog

    path, _ = filled_db
    backup.create_backup(path, "manual")
    db = Database(path, read_only=True)
    dialog = BackupDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert not dialog.restore_button.isEnabled()
    assert not dialog.restore_selected(confirm=lambda info: True)
    db.dispose()


@pytest.fixture
def hooks():
    saved = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = saved
    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_dangvu", False):
            root.removeHandler(h)
            h.close()


def test_unexpected_exception_shows_what_and_where_the_log_is(qtbot, tmp_path, hooks):
    from app.ui import error_dialog

    reporter = error_dialog.install_excepthook(tmp_path / "logs")
    reporter.no_exec = True
    try:
        raise RuntimeError("bad record for CCCD 001203004567")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    box = reporter.last_box
    assert box is not None
    text = box.text()
    assert "RuntimeError: bad record for CCCD *********567" in text
    assert str(tmp_path / "logs" / "dangvu.log") in text
    assert "001203004567" not in reporter.last_details and "Traceback" in reporter.last_details
    box.show()
    qtbot.waitExposed(box)
    box.grab().save(str(tmp_path / "error_dialog.png"))
    box.close()
    for h in logging.getLogger().handlers:
        h.flush()
    logged = (tmp_path / "logs" / "dangvu.log").read_text(encoding="utf-8")
    assert "unhandled exception" in logged and "*********567" in logged and "001203004567" not in logged


def test_exception_in_a_worker_thread_reaches_the_dialog(qtbot, tmp_path, hooks):
    from app.ui import error_dialog

    reporter = error_dialog.install_excepthook(tmp_path / "logs")
    reporter.no_exec = True

    def work():
        raise ValueError("worker failed")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: reporter.last_box is not None, timeout=2000)
    assert "ValueError: worker failed" in reporter.last_box.text()
