"""The day's re-stamp at start (issue 9's moving clock, issue 15's start-up): opened eight days after a transfer
out dated next week and an exemption ending tomorrow were recorded, the window re-stamps both members' flags
on the thread that opens the database, before Tổng quan is built — not on the UI thread, where after a day
away it froze the window (0.7 s at 20,000 members, 7 s on a new 100,000-member demo)."""

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

from app.db import Database
from tests.services.factories import leaving_next_week_and_resting_till_tomorrow

ROOT = Path(__file__).resolve().parents[2]

# the real entry point (python -m app --db F) with the window's clock eight days on; records on which thread
# the re-stamp ran and when Tổng quan was built, and leaves once its data is shown
CHILD = r"""
import json, runpy, sys, threading
from datetime import timedelta
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
qt = QApplication(sys.argv[:1])
import app.services.lifecycle as lifecycle
import app.ui.home_tab as home_tab
import app.ui.main_window as main_window
events = []
real_today = main_window._today
main_window._today = lambda: real_today() + timedelta(days=8)
real_restamp, real_home = lifecycle.refresh_current_state, home_tab.HomeTab.__init__
def restamp(session, day=None):
    changed = real_restamp(session, day)
    events.append(["restamp", threading.current_thread() is threading.main_thread(), changed])
    return changed
def home(self, *a, **k):
    events.append(["home built", threading.current_thread() is threading.main_thread()])
    real_home(self, *a, **k)
lifecycle.refresh_current_state, home_tab.HomeTab.__init__ = restamp, home
def poll():
    window = next((w for w in qt.topLevelWidgets() if type(w).__name__ == "MainWindow"), None)
    home = getattr(window, "home", None)
    if home is None or not home.data_shown():
        QTimer.singleShot(20, poll)
        return
    print("EVENTS " + json.dumps(events), flush=True)
    window.close()
    qt.exit(0)
QTimer.singleShot(0, poll)
sys.argv = ["app", "--db", sys.argv[1]]
try:
    runpy.run_module("app", run_name="__main__")
except SystemExit:
    pass
"""


def test_the_start_restamps_on_the_opening_thread_before_the_home_reads(tmp_path):
    path = tmp_path / "xa.sqlite3"
    db = Database(path)
    with db.transaction() as s:
        leaving_next_week_and_resting_till_tomorrow(s, date.today())
    db.dispose()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DANGVU_DATA_DIR=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("EVENTS ")), None)
    assert line is not None, done.stdout + done.stderr
    # once, off the UI thread, both members changed, and before the home tab existed
    assert json.loads(line[len("EVENTS "):]) == [["restamp", False, 2], ["home built", True]]
    raw = sqlite3.connect(path)
    flags = dict(((name, (on_roll, exempt)) for name, on_roll, exempt in
                  raw.execute("SELECT full_name, is_on_roll, is_exempt FROM members")))
    raw.close()
    # eight days on: the transfer (in 7 days) has happened, the exemption (until tomorrow) is over
    assert flags == {"Lò Văn Đi": (0, 0), "Hà Thị Nghỉ": (1, 0), "Trần Văn Ở": (1, 0)}
