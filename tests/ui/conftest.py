"""Qt runs offscreen (tests/conftest.py); each test gets its own copy of a demo database file."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

DEMO_MEMBERS = 400
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "out" / "screenshots"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> Path:
    from app.db import Database
    from app.services.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = Database(path)
    with db.transaction() as s:
        for _ in generate_demo(s, DEMO_MEMBERS, seed=7):
            pass
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_template, tmp_path):
    from app.db import Database

    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    db = Database(path)
    yield db
    db.dispose()


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, demo_db, settings):
    from app.ui.main_window import MainWindow

    w = MainWindow(demo_db, settings)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.start()
    yield w
    # nothing unsaved is left in tests; close without asking
    w.settings.sync()


def wait_loaded(qtbot, *tabs, timeout=15000):
    """Wait until the tabs' background loads have been delivered."""
    qtbot.waitUntil(lambda: all(not t.loader.busy() for t in tabs if hasattr(t, "loader")), timeout=timeout)


def in_dialog(qtbot, start, fill, timeout=5000):
    """Call `start()` (which opens a modal dialog); `fill(dialog)` runs inside it. Returns start()'s result."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    state = {"done": False, "error": None}

    def poke():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, poke)
            return
        try:
            fill(dialog)
        except BaseException as exc:  # surfaced after exec returns
            state["error"] = exc
            dialog.reject()
        state["done"] = True

    QTimer.singleShot(0, poke)
    result = start()
    if state["error"] is not None:
        raise state["error"]
    assert state["done"], "no dialog was opened"
    return result


def type_text(widget, text: str) -> None:
    """Type any text, Vietnamese included (qtbot.keyClicks aborts on non-ASCII)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier)


def set_date(field, d: date | None) -> None:
    field.setText(d.strftime("%d/%m/%Y") if d else "")


def ok(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def sql(db, query: str, *args):
    """An independent count straight from the file, not through the code under test."""
    import sqlite3

    con = sqlite3.connect(str(db.path))
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


@pytest.fixture(autouse=True)
def no_blocking_boxes(monkeypatch):
    """Message boxes would wait for a click forever offscreen: record them and answer Yes/OK instead.

    Tests that need another answer to "unsaved changes?" patch ask_save themselves."""
    from PySide6.QtWidgets import QMessageBox

    shown = []

    def record(kind, answer):
        def box(parent, title, text, *args, **kw):
            shown.append((kind, title, text))
            return answer
        return staticmethod(box)

    monkeypatch.setattr(QMessageBox, "question", record("question", QMessageBox.StandardButton.Yes))
    monkeypatch.setattr(QMessageBox, "information", record("information", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "warning", record("warning", QMessageBox.StandardButton.Ok))
    monkeypatch.setattr(QMessageBox, "critical", record("critical", QMessageBox.StandardButton.Ok))
    def accept(box):   # app.ui.ask's questions: the action button (tests that care use ask_answers)
        shown.append(("ask", box.windowTitle(), box.text()))
        buttons = box.buttons()
        chosen = [b for b in buttons if box.buttonRole(b) in (QMessageBox.ButtonRole.AcceptRole,
                                                              QMessageBox.ButtonRole.YesRole)]
        return chosen[0] if chosen else buttons[0]

    monkeypatch.setattr("app.ui.ask._exec", accept)
    monkeypatch.setattr("app.ui.ask._exec_file", lambda dialog: [])
    discard = lambda *a: QMessageBox.StandardButton.Discard  # noqa: E731
    for module in ("app.ui.members_tab", "app.ui.evaluation_tab"):
        monkeypatch.setattr(f"{module}.ask_save", discard)
    return shown
