"""The window: entry point, remembered size and tab, Giới thiệu, home page counts and reminders."""

from datetime import date

from .conftest import sql, wait_loaded


def test_home_counts_and_reminders_open_the_member(window, qtbot, demo_db):
    home = window.home
    window.tabs.setCurrentWidget(home)
    wait_loaded(qtbot, home)
    qtbot.waitUntil(lambda: home.snapshot is not None, timeout=15000)
    today = date.today().isoformat()
    spans = "FROM member_spans WHERE counted = 1 AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)"
    members = sql(demo_db, f"SELECT COUNT(DISTINCT member_id) {spans}", today, today)[0][0]
    probationary = sql(demo_db, f"SELECT COUNT(*) {spans} AND standing = 'probationary'", today, today)[0][0]
    exempt = sql(demo_db, f"SELECT COUNT(*) {spans} AND exempt = 1", today, today)[0][0]
    assert home.values["members"].text() == f"{members}"
    assert home.values["probationary"].text() == str(probationary)
    assert home.values["exempt"].text() == str(exempt)
    direct = sql(demo_db, "SELECT COUNT(*) FROM units WHERE parent_id = (SELECT id FROM units WHERE kind = 'commune')"
                          " AND (active_to IS NULL OR active_to > ?)", today)[0][0]
    assert home.values["units"].text() == str(direct)
    # both charts painted with their bars (app/ui/bar_chart.py; tests/ui/test_bar_chart.py checks the figures)
    qtbot.waitUntil(home.data_shown, timeout=15000)
    assert all(chart.painted for chart in home.chart_views)
    # the reminders come grouped (kind and unit); a group opens its members, a member opens the record
    assert home.groups.rowCount() > 0
    home.group_view.doubleClicked.emit(home.groups.index(0, 1))
    assert home.pages.currentIndex() == 1
    qtbot.waitUntil(lambda: home.reminders.rowCount() == home.groups.rows[0].count, timeout=15000)
    first = home.reminders.rows[0]
    home.view.doubleClicked.emit(home.reminders.index(0, 1))
    assert window.tabs.currentWidget() is window.members
    wait_loaded(qtbot, window.members)
    qtbot.waitUntil(lambda: window.members.detail.member_id == first.member_id, timeout=15000)
    assert window.members.detail.title.text() == first.full_name


def test_window_remembers_size_and_last_tab(qtbot, demo_db, settings):
    from app.ui.main_window import MainWindow

    w = MainWindow(demo_db, settings)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    w.tabs.setCurrentIndex(3)
    w.close()
    again = MainWindow(demo_db, settings)
    qtbot.addWidget(again)
    again.show()
    assert again.tabs.currentIndex() == 3
    assert settings.value("window/geometry") is not None
    # the offscreen screen is 800 pixels wide, so Qt clamps the width on restore; the height comes back
    assert again.height() == 700
    assert again.minimumSizeHint().width() <= 1024  # the window fits a 1024×768 screen


def test_about_shows_version_and_data_file(window):
    import app
    from app.ui.main_window import AboutDialog

    dialog = AboutDialog(window.db, window)
    text = dialog.text.text()
    assert app.__version__ in text
    assert str(window.db.path) in text


def test_menu_hooks_open_the_import_wizard_and_the_reports_tab(window, monkeypatch, no_blocking_boxes):
    """Both parts are always there: the menu opens them, never a «sắp có» box (a broken module fails loudly)."""
    from app.ui import import_wizard as W
    from app.ui.reports_tab import ReportsTab

    shown = []
    monkeypatch.setattr(W.ImportWizard, "exec", lambda self: shown.append((type(self).__name__, self.db)) or 0)
    window.open_import()
    assert shown == [("ImportWizard", window.db)]
    window.tabs.setCurrentIndex(0)
    window.open_reports()
    assert isinstance(window.tabs.currentWidget(), ReportsTab) and window.tabs.currentWidget() is window.reports
    assert no_blocking_boxes == []


def test_run_entry_point_starts_and_quits(qtbot, demo_db, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui import main_window

    import sys
    import threading

    # run() installs the error dialog's hooks; put pytest's back afterwards
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    path = demo_db.path
    shown = []

    def quit_soon():
        shown.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, main_window.MainWindow) and w.isVisible())
        QApplication.instance().exit(0)

    monkeypatch.setattr(main_window, "QSettings", lambda *a: __import__("PySide6.QtCore").QtCore.QSettings(
        str(tmp_path / "run.ini"), __import__("PySide6.QtCore").QtCore.QSettings.Format.IniFormat))
    # closing the last window would post a Quit that stops the event loops of the tests that follow
    QApplication.setQuitOnLastWindowClosed(False)
    try:
        QTimer.singleShot(1500, quit_soon)
        assert main_window.run(path) == 0
    finally:
        for w in shown:
            w.close()
        QApplication.setQuitOnLastWindowClosed(True)
    assert shown[0].db is not None and shown[0].db.path == path  # the database was opened and attached
    assert shown[0].tabs.count() >= 5
    assert shown and str(path) in shown[0].windowTitle()
