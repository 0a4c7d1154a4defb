"""app/ui/ops.py, the window's one operation runner: real Qt offscreen, real worker threads."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QWidget

from app.common.progress import Cancelled, Progress
from app.services.errors import DomainError
from app.ui.ops import Op


@pytest.fixture
def owner(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


def test_success_runs_on_the_ui_thread_with_the_workers_result(qtbot, owner):
    main = threading.get_ident()
    seen = {}

    def job():
        seen["worker"] = threading.get_ident()
        return 6 * 7

    op = Op(owner, job).success(lambda v: seen.update(value=v, hook=threading.get_ident())).run()
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["worker"] != main and seen["hook"] == main
    assert op.done and not op.running


def test_a_generators_progress_comes_in_order_then_its_result(qtbot, owner):
    steps, out = [], []

    def job():
        for i in range(3):
            yield Progress(i, 3, f"bước {i + 1}")
        yield Progress(3, 3, "xong")
        yield "kết quả"

    Op(owner, job).progress(steps.append).success(out.append).run()
    qtbot.waitUntil(lambda: bool(out), timeout=5000)
    assert [(p.done, p.total, p.what) for p in steps] == [(0, 3, "bước 1"), (1, 3, "bước 2"), (2, 3, "bước 3"),
                                                          (3, 3, "xong")]
    assert out == ["kết quả"]


def test_failure_hook_gets_the_exception_and_success_is_not_called(qtbot, owner):
    got, ok = [], []

    def job():
        raise DomainError("Không có đảng viên mã 9.", "member")

    Op(owner, job).success(ok.append).failure(got.append).run()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert ok == [] and isinstance(got[0], DomainError) and got[0].field == "member"


def test_a_write_waits_while_another_write_runs_but_a_read_does_not(qtbot, owner):
    release = threading.Event()
    order = []

    def first():
        order.append("first start")
        assert release.wait(10)
        order.append("first end")
        return 1

    def second():
        order.append("second start")
        return 2

    def read():
        order.append("read")
        return 3

    finished = []
    Op(owner, first, write=True).success(finished.append).run()
    qtbot.waitUntil(lambda: "first start" in order, timeout=5000)
    Op(owner, second, write=True).success(finished.append).run()
    Op(owner, read).success(finished.append).run()
    qtbot.waitUntil(lambda: 3 in finished, timeout=5000)   # a read is not queued behind the writes
    qtbot.wait(200)
    assert "second start" not in order                      # the second write is still waiting
    release.set()
    qtbot.waitUntil(lambda: len(finished) == 3, timeout=5000)
    assert order.index("first end") < order.index("second start")
    assert finished == [3, 1, 2]


def test_a_user_error_is_a_vietnamese_message_box_not_a_bug(qtbot, owner, no_blocking_boxes, caplog):
    from app.importing import ImportFileError

    def job():
        raise ImportFileError("ds.xlsx", "Tệp «ds.xlsx», trang «Chi bộ 1», dòng 7, cột D: ngày sinh không đọc được.")

    op = Op(owner, job).run()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert no_blocking_boxes == [("warning", "Không thực hiện được",
                                  "Tệp «ds.xlsx», trang «Chi bộ 1», dòng 7, cột D: ngày sinh không đọc được.")]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_every_error_the_clerk_is_shown_shares_one_base():
    from app.backup import BackupError
    from app.common.errors import UserError
    from app.importing import ImportFileError, PlanError

    for cls in (DomainError, PlanError, ImportFileError, BackupError):
        assert issubclass(cls, UserError), cls
    assert not issubclass(ValueError, UserError)


def test_a_bug_is_logged_with_its_traceback_and_reported(qtbot, owner, no_blocking_boxes, caplog):
    def job():
        return {}["missing"]

    caplog.set_level(logging.INFO, logger="app")
    op = Op(owner, job).run()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    bugs = [r for r in caplog.records if r.levelno >= logging.CRITICAL]
    assert len(bugs) == 1 and bugs[0].exc_info[0] is KeyError
    assert "in job" in caplog.text   # the worker's traceback, not only the message
    [(kind, title, text)] = no_blocking_boxes
    assert kind == "critical" and "lỗi không mong muốn" in text and "KeyError" in text


def test_a_cancel_the_clerk_asked_for_shows_nothing(qtbot, owner, no_blocking_boxes):
    started, release = threading.Event(), threading.Event()

    def job():
        started.set()
        release.wait(10)
        yield Progress(1, 2, "…")
        op.token.check()   # where stopping is safe
        yield "không tới đây"

    out = []
    op = Op(owner, job).success(out.append).with_progress_dialog("Đang thử…")
    op.run()
    assert started.wait(5)
    from PySide6.QtWidgets import QPushButton

    [hủy] = [b for b in op.dialog.findChildren(QPushButton) if b.text() == "Hủy"]
    hủy.click()
    release.set()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert op.cancelled and out == [] and no_blocking_boxes == []


def test_cancelled_reaches_a_failure_hook(qtbot, owner):
    got = []

    def job():
        raise Cancelled()

    Op(owner, job).failure(got.append).run()
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert isinstance(got[0], Cancelled)


def test_loader_delivers_only_the_newest_read_per_key(qtbot, db):
    from app.ui.ops import Loader

    loader = Loader(db)
    seen = []
    loader.load("k", lambda s: "cũ", seen.append)
    loader.load("k", lambda s: "mới", seen.append)
    loader.load("other", lambda s: s.connection().exec_driver_sql("select 5").scalar(), seen.append)
    qtbot.waitUntil(lambda: not loader.busy(), timeout=5000)
    assert sorted(seen, key=str) == [5, "mới"]


def test_the_midnight_restamp_waits_behind_a_running_write(window, qtbot, demo_db):
    """Just after midnight the window re-stamps the members' current flags (issue 9); while an import (any
    write operation) is running, the re-stamp waits for it instead of racing it for the file."""
    import sqlite3
    from datetime import date, timedelta

    def stamp(value=None):
        con = sqlite3.connect(str(demo_db.path))
        try:
            if value is not None:
                with con:
                    con.execute("UPDATE settings SET value = ? WHERE key = 'member_state_as_of'", (value,))
            return con.execute("SELECT value FROM settings WHERE key = 'member_state_as_of'").fetchone()[0]
        finally:
            con.close()

    yesterday = (date.today() - timedelta(days=1)).isoformat()
    assert stamp(yesterday) == yesterday
    release, started = threading.Event(), threading.Event()

    def long_write():
        started.set()
        assert release.wait(10)

    running = Op(window, long_write, write=True).run()
    assert started.wait(5)
    window._new_day()
    qtbot.wait(300)
    assert stamp() == yesterday          # queued behind the write
    release.set()
    qtbot.waitUntil(lambda: running.done and stamp() == date.today().isoformat(), timeout=10000)
