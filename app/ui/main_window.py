"""The main window: five tabs over the services, menus, shortcuts, remembered size and last tab.

`run(db_path)` is the entry point used by `python -m app` and `python dev.py demo`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QLabel, QMainWindow, QMessageBox,
                               QTabWidget, QVBoxLayout)

import app
from app.connection import display_url

ORG, APP_KEY = "DangVu", "DangVu"
TAB_HOME, TAB_UNITS, TAB_MEMBERS, TAB_EVALUATION, TAB_RECRUITMENT = range(5)


class MainWindow(QMainWindow):
    """The window. Built as a shell first (menus, tab bar: paints at once), then `attach(db)` fills the tabs,
    so the clerk sees the window while the database is opened and checked."""

    TITLES = ("Tổng quan", "Tổ chức", "Đảng viên", "Đánh giá", "Kết nạp")

    def __init__(self, db=None, settings: QSettings | None = None):
        super().__init__()
        self.db = None
        self.settings = settings or QSettings(ORG, APP_KEY)
        self.setWindowTitle(app.APP_NAME)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title in self.TITLES:
            waiting = QLabel("Đang mở tệp dữ liệu…")
            waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.tabs.addTab(waiting, title)
        self.setCentralWidget(self.tabs)
        self._menus()
        self._shortcuts()
        self._last_tab = 0
        self.tabs_ready = False   # attach(): every tab built and in place
        self._when_ready: list = []   # run once they are (when_tabs_ready)
        self._tabs_connected = False
        self._restore()
        if db is not None:
            self.attach(db)

    def attach(self, db, gradual: bool = False, restamped: int | None = None) -> None:
        """Put the real tabs in place over the open database (imports the services: not before first paint).

        restamped: the start-up re-stamp of the members' flags already done off the UI thread (run(): how many
        members it changed); None: it is done here, before the tabs read.

        gradual (the program's start): the tab to show is built first; the others are built once its data is
        shown (or the clerk picks another tab), one per turn of the event loop: built meanwhile, they took the
        interpreter from the first tab's reads (the members tab took 0.5 s instead of 0.05 s, the home's data
        came 0.5 s later) and held the window. `tabs_ready` says when all are in place. Tests and callers that
        use the tabs at once build them all."""
        self.db = db
        read_only = getattr(db, "read_only", False)
        if not read_only:
            self._refresh_day(changed=restamped)
        # the application display name is added by Qt itself: the title says only which file is open
        self.setWindowTitle(f"{db.path or display_url(db.url)}" + (" (chỉ xem)" if read_only else ""))
        titles = list(self.TITLES) + ["Báo cáo"]
        self.tabs_ready = False
        self.tabs.blockSignals(True)
        while self.tabs.count() < len(titles):  # a place for the Báo cáo tab too
            self.tabs.addTab(QLabel("Đang mở tệp dữ liệu…", alignment=Qt.AlignmentFlag.AlignCenter),
                             titles[self.tabs.count()])
        wanted = self._last_tab if 0 <= self._last_tab < len(titles) else 0
        self.tabs.setCurrentIndex(wanted)
        self._shown_at_start = wanted
        self.tabs.blockSignals(False)
        order = [wanted] + [i for i in range(len(titles)) if i != wanted]
        self._build_tab(db, order[0], titles)
        if gradual:
            self._after_first_load(db, order[1:], titles)
        else:
            self._build_rest(db, order[1:], titles, at_once=True)

    def when_tabs_ready(self, then) -> None:
        """`then()` once every tab is in place (at start: after the first tab's data is shown)."""
        if self.tabs_ready:
            QTimer.singleShot(0, then)
        else:
            self._when_ready.append(then)

    TAB_NAMES = ("home", "units", "members", "evaluation", "recruitment", "reports")

    def _build_tab(self, db, index: int, titles) -> None:
        from .evaluation_tab import EvaluationTab
        from .home_tab import HomeTab
        from .members_tab import MembersTab
        from .recruitment_tab import RecruitmentTab
        from .reports_tab import ReportsTab
        from .units_tab import UnitsTab

        kind = (HomeTab, UnitsTab, MembersTab, EvaluationTab, RecruitmentTab, ReportsTab)[index]
        tab = kind(db)
        setattr(self, self.TAB_NAMES[index], tab)
        tab.stale = True
        if hasattr(tab, "data_changed"):
            tab.data_changed.connect(lambda t=tab: self.data_changed(t))
        if hasattr(tab, "open_member"):
            tab.open_member.connect(self.show_member)
        self.tabs.blockSignals(True)
        current = self.tabs.currentIndex()
        old = self.tabs.widget(index)
        self.tabs.removeTab(index)
        old.deleteLater()
        self.tabs.insertTab(index, tab, titles[index])
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)

    def _after_first_load(self, db, indexes: list[int], titles, waited: int = 0) -> None:
        first = self.tabs.widget(self._shown_at_start)
        loading = getattr(first, "stale", False) or getattr(getattr(first, "loader", None), "busy", bool)()
        moved = self.tabs.currentIndex() != self._shown_at_start
        if loading and not moved and waited < 10_000 and self.db is db:
            QTimer.singleShot(20, lambda: self._after_first_load(db, indexes, titles, waited + 20))
            return
        QTimer.singleShot(0, lambda: self._build_rest(db, indexes, titles))

    def _build_rest(self, db, indexes: list[int], titles, at_once: bool = False) -> None:
        if self.db is not db:
            return  # another database was attached meanwhile
        if at_once:
            for index in indexes:
                self._build_tab(db, index, titles)
        elif indexes:
            self._build_tab(db, indexes[0], titles)
            if len(indexes) > 1:
                QTimer.singleShot(0, lambda: self._build_rest(db, indexes[1:], titles))
                return
        self._last_tab = self.tabs.currentIndex()
        if not self._tabs_connected:
            self.tabs.currentChanged.connect(self._tab_shown)
            self._tabs_connected = True
        self.tabs_ready = True
        for then in self._when_ready:
            QTimer.singleShot(0, then)
        self._when_ready.clear()
        if self.tabs.currentIndex() != self._shown_at_start:
            self._tab_shown(self.tabs.currentIndex())  # the clerk moved to a tab while they were being built
        from .first_start import update_first_start
        from .print_menu import install as install_printing

        update_first_start(self)
        install_printing(self)  # In… / Xuất Excel… in each tab's context menu

    # --- menus and keys ---
    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        self.backup_action = file_menu.addAction("Sao lưu / Phục hồi…")
        self.backup_action.triggered.connect(self.open_backup)
        self.import_action = file_menu.addAction("Nhập từ Excel…")
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.triggered.connect(self.open_import)
        self.completion_action = file_menu.addAction("Hoàn thiện dữ liệu…")
        self.completion_action.triggered.connect(self.open_completion)
        self.reports_action = file_menu.addAction("Báo cáo, biểu thống kê…")
        self.reports_action.triggered.connect(self.open_reports)
        self._print_actions(file_menu)
        self.settings_action = file_menu.addAction("Cài đặt…")  # app/ui/settings_dialog.py
        self.settings_action.triggered.connect(self.open_settings)
        self.password_action = file_menu.addAction("Mật khẩu khi mở…")
        self.password_action.triggered.connect(self.change_password)
        self.connect_action = file_menu.addAction("Kết nối máy chủ…")  # app/ui/connect_dialog.py (issue 16)
        self.connect_action.triggered.connect(self.open_connect)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("Thoát")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        help_menu = bar.addMenu("T&rợ giúp")
        self.help_action = help_menu.addAction("Hướng dẫn sử dụng")
        self.help_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        self.help_action.triggered.connect(self.show_help)
        about = help_menu.addAction("Giới thiệu")
        about.triggered.connect(self.about)

    def _print_actions(self, menu) -> None:
        """In… (Ctrl+P), Lưu PDF…, Xuất Excel…: the current tab's list (app/ui/print_menu.py)."""
        for text, keys, action in (("In…", "Ctrl+P", "preview"), ("Lưu PDF…", None, "pdf"),
                                   ("Xuất Excel…", None, "xlsx")):
            act = menu.addAction(text)
            if keys:
                act.setShortcut(QKeySequence(keys))
            act.triggered.connect(lambda _=False, a=action: self._run_print(a))
            setattr(self, f"print_{action}_action", act)

    def _run_print(self, action: str):
        from .print_menu import run_current

        return run_current(self, action) if self.db is not None else None

    def _shortcuts(self) -> None:
        for keys, slot in (("Ctrl+F", self.find), ("Ctrl+N", self.new), ("Ctrl+S", self.save)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
        # Esc belongs to the widget that has focus (a dialog, a cell editor); the member form takes it itself

    def current(self):
        return self.tabs.currentWidget()

    def find(self) -> None:
        if not self.tabs_ready:
            return
        self.tabs.setCurrentWidget(self.members)
        self.members.focus_search()

    def new(self):
        """Ctrl+N: a new unit, candidate or member, depending on the tab (a member elsewhere)."""
        tab = self.current()
        if hasattr(tab, "new_item"):
            return tab.new_item()
        if not self.tabs_ready:
            return None
        self.tabs.setCurrentWidget(self.members)
        return self.members.new_member()

    def save(self) -> None:
        tab = self.current()
        if hasattr(tab, "save"):
            tab.save()

    # --- data flow between tabs ---
    def _tab_shown(self, index: int) -> None:
        self._last_tab = index
        tab = self.tabs.widget(index)
        if getattr(tab, "stale", False):
            tab.stale = False
            if hasattr(tab, "refresh"):
                tab.refresh()

    def data_changed(self, source=None) -> None:
        """A change anywhere: every other tab reloads when next shown; the visible one now."""
        members = getattr(self, "members", None)  # None while attach(gradual=True) is still building the tabs
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if tab is source:
                if tab is members:
                    tab.refresh()
                continue
            tab.stale = True
        current = self.current()
        if current is not source and current.stale and hasattr(current, "refresh"):
            current.stale = False
            current.refresh()
        if source is not None and members is not None and source is not members:
            members.stale = True
        if self.db is not None:
            from .first_start import update_first_start

            update_first_start(self)

    def show_member(self, member_id: int) -> None:
        if not self.tabs_ready:
            return
        self.tabs.setCurrentWidget(self.members)
        self.members.select_member(member_id)

    def refresh_current(self) -> None:
        tab = self.current()
        tab.stale = False
        if hasattr(tab, "refresh"):
            tab.refresh()

    def _refresh_day(self, background: bool = False, changed: int | None = None) -> None:
        """The members' current flags follow the calendar (a transfer dated ahead, an exemption that ends):
        re-stamped at start and again just after every midnight while the window is open. At start nothing else
        runs yet and the tabs must read today's flags, so it is done before they exist (by run() on the opening
        thread: `changed` is its count); at midnight it is a write operation (app/ui/ops.py), queued behind an
        import that may be running."""
        from datetime import datetime, timedelta

        db = self.db
        if background:
            from .ops import Op

            Op(self, lambda: restamp_today(db), write=True).success(self._day_restamped).run()
        else:
            self._day_restamped(restamp_today(db) if changed is None else changed)
        now = datetime.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        timer = getattr(self, "_midnight", None)
        if timer is None:
            timer = self._midnight = QTimer(self)
            timer.setSingleShot(True)
            timer.timeout.connect(self._new_day)
        timer.start(int((midnight - now).total_seconds() * 1000) + 5000)

    def _day_restamped(self, changed: int) -> None:
        if changed and getattr(self, "home", None) is not None:
            self.data_changed()

    def _new_day(self) -> None:
        if self.db is not None:
            self._refresh_day(background=True)   # the timer runs only for a writable file (attach)
            for tab in (self.tabs.widget(i) for i in range(self.tabs.count())):
                if hasattr(tab, "today"):
                    from datetime import date

                    tab.today = date.today()
            self.data_changed()

    # --- other parts of the program ---
    def open_backup(self) -> None:
        if self.db is None:
            return
        from .backup_dialog import open_backup_dialog

        open_backup_dialog(self.db, self).exec()
        self.data_changed()  # a restore replaces everything

    def open_connect(self) -> None:
        from .connect_dialog import open_connect_dialog

        open_connect_dialog(self)  # takes effect at the next start (the open tabs keep their database)

    def change_password(self) -> None:
        if self.db is not None:
            from .startup_checks import change_password

            change_password(self.db, self)

    def open_import(self) -> None:
        if self.db is None:
            return
        from .import_wizard import open_import_wizard

        if open_import_wizard(self, self.db):
            self.db.optimize(analyze=True)
            self.data_changed()
            self.open_completion(only_if_lacking=True)
            from .settings_dialog import offer_settings

            offer_settings(self, self.db)  # the first import names the commune: offer «Cài đặt» from it

    def open_completion(self, only_if_lacking: bool = False) -> None:
        """«Hoàn thiện dữ liệu»: after an import, shown when the records lack what the statistics need."""
        if self.db is not None:
            from .completion_dialog import open_completion

            if open_completion(self, self.db, only_if_lacking=only_if_lacking):
                self.data_changed()

    def open_settings(self) -> None:
        if self.db is not None:
            from .settings_dialog import open_settings

            if open_settings(self.db, self):
                self.data_changed()

    def open_reports(self) -> None:
        if self.tabs_ready:
            self.tabs.setCurrentWidget(self.reports)

    def show_help(self) -> None:
        from .help_dialog import HelpDialog

        self.help_dialog = HelpDialog(self)
        self.help_dialog.show()

    def about(self) -> None:
        AboutDialog(self.db, self).exec()

    # --- window state ---
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)
        fit_on_screen(self)
        tab = int(self.settings.value("window/tab", 0) or 0)
        if 0 <= tab < self.tabs.count():
            self.tabs.setCurrentIndex(tab)
            self._last_tab = tab

    def start(self) -> None:
        """Load the visible tab's data after the first paint (start-up stays fast)."""
        QTimer.singleShot(0, self.refresh_current)

    def unsaved_tabs(self):
        return [self.tabs.widget(i) for i in range(self.tabs.count())
                if hasattr(self.tabs.widget(i), "maybe_leave")]

    def closeEvent(self, event) -> None:
        for tab in self.unsaved_tabs():
            if not tab.maybe_leave():
                event.ignore()
                return
        self.settings.setValue("window/geometry", self.saveGeometry())
        if self.db is not None:
            self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        event.accept()


def fit_on_screen(window) -> None:
    """The window fits the screen it is on (a 1024×768 laptop at first start) and is on a screen at all (a
    position saved on a second monitor that is gone, or a projector)."""
    from PySide6.QtGui import QGuiApplication

    frame = window.frameGeometry()
    screens = QGuiApplication.screens()
    if not screens:
        return
    screen = next((sc for sc in screens if sc.availableGeometry().intersects(frame)), None)
    if screen is None or screen.availableGeometry().intersected(frame).width() < 200:
        screen = QGuiApplication.primaryScreen() or screens[0]
        window.move(screen.availableGeometry().topLeft())
    area = screen.availableGeometry()
    # the frame (title bar, borders) is outside geometry(): leave it room
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    w, h = min(window.width(), area.width() - extra_w), min(window.height(), area.height() - extra_h)
    if (w, h) != (window.width(), window.height()):
        window.resize(w, h)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() - frame.width() + 1)
    y = min(max(frame.y(), area.y()), area.bottom() - frame.height() + 1)
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class AboutDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Giới thiệu")
        lay = QVBoxLayout(self)
        where = str(db.path) if db.path else display_url(db.url)
        self.text = QLabel(
            f"<h2>{app.APP_NAME}</h2>"
            f"<p>Quản lý hồ sơ đảng viên, đánh giá, kết nạp và báo cáo của Đảng bộ xã.</p>"
            f"<p>Phiên bản: <b>{app.__version__}</b></p>"
            f"<p>Tệp dữ liệu:<br><code>{where}</code></p>")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setWordWrap(True)
        lay.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.setMinimumWidth(440)


def _today():
    """The window's clock for the day's re-stamp (a test moves it, as app.cli._today)."""
    from datetime import date

    return date.today()


def restamp_today(db) -> int:
    """Today's flags of every member whose spans changed state since the last re-stamp (one transaction)."""
    from app.services.lifecycle import refresh_current_state

    with db.transaction() as s:
        return refresh_current_state(s, _today())


def _install_error_hook() -> None:
    try:
        from .error_dialog import install_excepthook
    except ImportError:
        return
    install_excepthook()


# Alembic is not among them: app.db tells a current schema without it (imported only to migrate)
PRELOAD = ("app.db", "app.ui.startup_checks", "app.ui.home_tab", "app.ui.units_tab", "app.ui.members_tab",
           "app.ui.evaluation_tab", "app.ui.recruitment_tab", "app.ui.reports_tab",
           # imported lazily by attach(), the members tab and the first start's offer: here, not on the UI thread
           "app.ui.first_start", "app.ui.print_menu", "app.ui.occupation_hint", "app.ui.settings_dialog",
           # what Tổng quan's two reads import on their workers: here, before they start, not between them
           "app.services.statistics", "app.services.reminders", "app.services.units")


def _preload(done) -> None:
    import importlib

    try:
        for name in PRELOAD:
            try:
                importlib.import_module(name)
            except ImportError:
                pass  # an optional part; a real problem shows again when the UI thread imports it
    finally:
        done.set()


def run(db_path=None) -> int:
    """Create the application, show the window, open the database (start-up checks), run the event loop.

    The window paints first and the database is opened on the next turn of the event loop: the clerk sees
    the program at once, and the start-up questions (damaged file, locked by another copy, password)
    are asked over it.
    """
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setOrganizationName(ORG)
    qt_app.setApplicationName(APP_KEY)
    qt_app.setApplicationDisplayName(app.APP_NAME)
    from .ask import install_vietnamese

    install_vietnamese(qt_app)
    _install_error_hook()
    window = MainWindow()
    window.show()
    # paint now: a 0-ms timer would otherwise open the database before the window's first paint event
    qt_app.processEvents()
    window.repaint()
    opened = []
    # the heavy imports (SQLAlchemy, the services, the tabs: ≈ 0.7 s) and then the start-up checks (write lock,
    # integrity check, migration, password: ≈ 0.3 s at 20,000 members) run on a thread, so the painted window
    # stays alive meanwhile; the checks' questions are asked on the UI thread (PromptsFromWorker)
    import gc
    import logging
    import threading

    from .early_check import EarlyCheck
    from .ui_thread import OnUiThread

    ui = OnUiThread()
    outcome: dict = {}
    finished = threading.Event()
    # a server's URL stays a URL (Path() would fold its "//")
    where = db_path if db_path and "://" in str(db_path) else (Path(db_path) if db_path else None)
    early = EarlyCheck(where)  # the file's integrity check, beside the imports (sqlite3 only)

    def imports_then_checks():
        try:
            _preload(threading.Event())
            # what the imports made (modules, classes, SQLAlchemy's and Qt's tables) lives as long as the program:
            # out of the collector's reach, a full collection on a worker no longer walks it while holding the GIL
            # (60–95 ms of UI-thread stall during the home's first reads at 20,000 members, issue 15)
            gc.freeze()
            from .startup_checks import Prompts, PromptsFromWorker, open_database as checks

            result = outcome["result"] = checks(where, PromptsFromWorker(Prompts(window), ui), early)
            if result is not None and not result.db.read_only:
                try:
                    # a day's changes (a transfer dated ahead, exemptions that end) are a write of many rows after
                    # a day away: here, not on the UI thread in attach() (0.7 s of frozen window at 20,000)
                    outcome["restamped"] = restamp_today(result.db)
                except Exception:  # attach() does it again on the UI thread, where a bug is reported
                    logging.getLogger(__name__).exception("start-up re-stamp failed")
        except Exception as exc:  # a file that cannot be opened at all: said on the UI thread
            outcome["error"] = exc
        finally:
            finished.set()

    def opened_or_not():
        QApplication.restoreOverrideCursor()
        if "error" in outcome:  # say so, do not show a traceback
            QMessageBox.critical(window, app.APP_NAME, f"Không mở được tệp dữ liệu {db_path or ''}:\n"
                                                       f"{outcome['error']}")
            qt_app.exit(1)
            return
        result = outcome["result"]
        if result is None:  # the clerk chose to quit (damaged file, locked, wrong password)
            qt_app.exit(1)
            return
        opened.append(result)
        window.attach(result.db, gradual=True, restamped=outcome.get("restamped"))
        window.start()
        from .settings_dialog import offer_settings

        # first start: «Cài đặt» (it reads the database on the UI thread: not while the home's data is read)
        window.when_tabs_ready(lambda: offer_settings(window, result.db))

    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    threading.Thread(target=imports_then_checks, daemon=True, name="open").start()
    poll = QTimer(window)
    poll.setInterval(15)

    def when_opened():
        if finished.is_set():
            poll.stop()
            opened_or_not()

    poll.timeout.connect(when_opened)
    poll.start()
    code = qt_app.exec()
    from .ops import wait_for_all

    wait_for_all(5000)  # operations still running hold connections; a write must commit or roll back
    if opened:
        from .startup_checks import close_database

        close_database(opened[0])
    return code
