"""The window's start (main_window.run): the start-up checks run on a worker and ask their questions on the UI
thread; the tab shown is built and loaded first, the others are built once its data is in and load only when
shown."""

import threading

from app.db import Database


def test_the_checks_on_a_worker_ask_the_password_on_the_ui_thread(qtbot, demo_db):
    from app.services import security
    from app.ui.startup_checks import PromptsFromWorker, close_database, open_database
    from app.ui.ui_thread import OnUiThread

    path = demo_db.path
    with demo_db.transaction() as s:
        security.set_password(s, "dung-mat-khau")
    demo_db.dispose()

    asked = []

    class Clerk:   # answers like the dialog would; records on which thread it was asked
        def password(self, attempt):
            asked.append((attempt, threading.current_thread() is threading.main_thread()))
            return "sai" if attempt == 1 else "dung-mat-khau"

    ui = OnUiThread()
    out = {}

    def worker():
        out["opened"] = open_database(path, PromptsFromWorker(Clerk(), ui))
        out["thread"] = threading.current_thread() is threading.main_thread()

    t = threading.Thread(target=worker)
    t.start()
    qtbot.waitUntil(lambda: "opened" in out, timeout=20000)   # the UI thread's event loop answers meanwhile
    t.join()
    assert asked == [(1, True), (2, True)]       # both questions on the UI thread
    assert out["thread"] is False                # the checks themselves were not
    assert out["opened"] is not None and not out["opened"].read_only
    close_database(out["opened"])


def test_a_question_that_raises_raises_in_the_worker(qtbot):
    from app.ui.ui_thread import OnUiThread

    ui = OnUiThread()
    out = {}

    def fails():
        raise ValueError("không đọc được")

    def worker():
        try:
            ui(fails)
        except ValueError as exc:
            out["raised"] = str(exc)
        out["value"] = ui(lambda: threading.current_thread() is threading.main_thread())

    t = threading.Thread(target=worker)
    t.start()
    qtbot.waitUntil(lambda: "value" in out, timeout=5000)
    t.join()
    assert out == {"raised": "không đọc được", "value": True}


def _recording(monkeypatch, window_box, events):
    from app.ui.members_tab import MembersTab

    built, refresh = MembersTab.__init__, MembersTab.refresh

    def init(self, *a, **k):
        home = window_box[0].home
        events.append(("members built", home.snapshot is not None and home.groups_loaded))
        built(self, *a, **k)

    def refreshed(self, *a, **k):
        events.append(("members loaded", window_box[0].tabs.currentWidget() is self))
        return refresh(self, *a, **k)

    monkeypatch.setattr(MembersTab, "__init__", init)
    monkeypatch.setattr(MembersTab, "refresh", refreshed)


def _started(qtbot, settings, monkeypatch, db):
    """(window, events): the window as run() starts it — the shell shown, then attach(gradual) and start() —
    with the members tab's building and loading recorded in events."""
    from app.ui.main_window import MainWindow

    events, box = [], []
    _recording(monkeypatch, box, events)
    w = MainWindow(settings=settings)
    box.append(w)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    w.attach(db, gradual=True)
    w.start()
    return w, events


def test_the_home_loads_first_and_the_members_tab_only_when_shown(qtbot, demo_db, settings, monkeypatch):
    w, events = _started(qtbot, settings, monkeypatch, demo_db)
    # what run() offers at first start («Cài đặt») waits for every tab, after the home's data
    w.when_tabs_ready(lambda: events.append(("offer", w.home.snapshot is not None, w.tabs_ready)))
    assert w.current() is w.home and not w.tabs_ready
    assert getattr(w, "members", None) is None   # not built before the home's data is in
    qtbot.waitUntil(w.home.data_shown, timeout=20000)
    qtbot.waitUntil(lambda: len(events) == 2, timeout=20000)
    assert [t.__class__.__name__ for t in (w.tabs.widget(i) for i in range(w.tabs.count()))] == \
        ["HomeTab", "UnitsTab", "MembersTab", "EvaluationTab", "RecruitmentTab", "ReportsTab"]
    # built after the home's reads, and not loaded
    assert events == [("members built", True), ("offer", True, True)]
    w.tabs.setCurrentWidget(w.members)
    qtbot.waitUntil(lambda: w.members.loaded, timeout=20000)
    assert events[2:] == [("members loaded", True)]
    members = sql_count(demo_db)
    assert w.members.model.rowCount() > 0 and len(w.members.model.rows) >= members


def test_a_tab_picked_while_the_others_are_built_is_built_and_loaded(qtbot, demo_db, settings, monkeypatch):
    from app.ui.main_window import TAB_MEMBERS

    w, events = _started(qtbot, settings, monkeypatch, demo_db)
    w.tabs.setCurrentIndex(TAB_MEMBERS)           # the clerk does not wait for the home page
    qtbot.waitUntil(lambda: w.tabs_ready, timeout=20000)
    assert w.current() is w.members
    qtbot.waitUntil(lambda: w.members.loaded, timeout=20000)
    assert ("members loaded", True) in events
    # and the home, left before its data came, still has it when shown again
    w.tabs.setCurrentWidget(w.home)
    qtbot.waitUntil(w.home.data_shown, timeout=20000)


def sql_count(db: Database) -> int:
    from .conftest import sql

    return sql(db, "SELECT COUNT(*) FROM members WHERE is_on_roll = 1")[0][0]


def test_the_integrity_check_begun_beside_the_imports_is_used_for_its_own_file_only(demo_db, tmp_path):
    import shutil

    from app.ui.early_check import EarlyCheck
    from app.ui.startup_checks import close_database, open_database

    from tests.safety.helpers import damage

    path = demo_db.path
    demo_db.dispose()
    damaged = tmp_path / "hong.sqlite3"
    shutil.copy(path, damaged)
    damage(damaged)

    early = EarlyCheck(damaged)   # a real quick_check of the damaged copy, on its own thread
    assert early.result_for(damaged).ok is False
    assert early.result_for(path) is None          # another file: the caller checks it itself

    class Clerk:
        asked = []

        def damaged_no_backup(self, result):
            self.asked.append("damaged")

        def restore_damaged(self, result):
            self.asked.append("restore")
            return False

    # the sound file opened with the damaged copy's early result: checked again itself, opens
    opened = open_database(path, Clerk(), early)
    assert opened is not None and Clerk.asked == []
    close_database(opened)
    # the damaged copy with its own early result: refused, as the check found (no backup of it exists)
    assert open_database(damaged, Clerk(), EarlyCheck(damaged)) is None
    assert Clerk.asked == ["damaged"]
