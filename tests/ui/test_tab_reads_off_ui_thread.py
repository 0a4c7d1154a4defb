"""Issue 15: the members and evaluation tabs read on the Loader's worker only (a leftover of issue 9 read the
units on the UI thread; at 100,000 members each such read froze the window), and what arrives is shown."""

import threading

import pytest

from .conftest import sql, wait_loaded


@pytest.mark.parametrize("tab_name", ["members", "evaluation"])
def test_refreshing_a_tab_opens_no_session_on_the_ui_thread(window, qtbot, demo_db, monkeypatch, tab_name):
    tab = getattr(window, tab_name)
    window.tabs.setCurrentWidget(tab)
    wait_loaded(qtbot, tab)
    db = window.db
    threads = []
    opened = db.session

    def session():
        threads.append(threading.current_thread() is threading.main_thread())
        return opened()

    monkeypatch.setattr(db, "session", session)
    tab.refresh()
    wait_loaded(qtbot, tab)
    assert threads and not any(threads)  # sessions were opened, none of them on the UI thread
    if tab_name == "members":
        on_roll = sql(demo_db, "SELECT COUNT(*) FROM members WHERE is_on_roll = 1")[0][0]
        assert tab.model.rowCount() == on_roll and tab.loaded
        assert tab.f_unit.count() == 1 + sql(demo_db, "SELECT COUNT(*) FROM units WHERE active_to IS NULL")[0][0]
    else:
        assert tab.model.rows and tab.unit.count() > 1
