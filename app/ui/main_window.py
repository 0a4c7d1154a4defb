"""The main window: five tabs over the services, menus, shortcuts, remembered size and last tab.

`run(db_path)` is the entry point used by `python -m app` and `python dev.py demo`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QDialogButtonBox, QLabel, QMainWindow, QMessageBox,
                               QTabWidget, QVBoxLayout)

import app
from app.db import Database

ORG, APP_KEY = "DangVu", "DangVu"
TAB_HOME, TAB_UNITS, TAB_MEMBERS, TAB_EVALUATION, TAB_RECRUITMENT = range(5)


class MainWindow(QMainWindow):
    def __init__(self, db: Database, settings: QSettings | None = None):
        super().__init__()
        from .home_tab import HomeTab
        from .members_tab import MembersTab
        from .evaluation_tab import EvaluationTab
        from .recruitment_tab import RecruitmentTab
        from .units_tab import UnitsTab

        self.db = db
        self.settings = settings or QSettings(ORG, APP_KEY)
        self.setWindowTitle(f"{app.APP_NAME} — {db.path or db.url}")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.home = HomeTab(db)
        self.units = UnitsTab(db)
        self.members = MembersTab(db)
        self.evaluation = EvaluationTab(db)
        self.recruitment = RecruitmentTab(db)
        for tab, title in ((self.home, "Tổng quan"), (self.units, "Tổ chức"), (self.members, "Đảng viên"),
                           (self.evaluation, "Đánh giá"), (self.recruitment, "Kết nạp")):
            self.tabs.addTab(tab, title)
            tab.stale = True
            if hasattr(tab, "data_changed"):
                tab.data_changed.connect(lambda t=tab: self.data_changed(t))
            if hasattr(tab, "open_member"):
                tab.open_member.connect(self.show_member)
        self.setCentralWidget(self.tabs)
        self._menus()
        self._shortcuts()
        self.tabs.currentChanged.connect(self._tab_shown)
        self._last_tab = self.tabs.currentIndex()
        self._restore()

    # --- menus and keys ---
    def _menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Tệp")
        self.backup_action = file_menu.addAction("Sao lưu / Phục hồi…")
        self.backup_action.triggered.connect(self.open_backup)
        self.import_action = file_menu.addAction("Nhập dữ liệu từ bảng tính…")
        self.import_action.triggered.connect(self.open_import)
        self.reports_action = file_menu.addAction("Báo cáo, biểu thống kê…")
        self.reports_action.triggered.connect(self.open_reports)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("Thoát")
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        help_menu = bar.addMenu("T&rợ giúp")
        about = help_menu.addAction("Giới thiệu")
        about.triggered.connect(self.about)

    def _shortcuts(self) -> None:
        for keys, slot in (("Ctrl+F", self.find), ("Ctrl+N", self.new), ("Ctrl+S", self.save)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(slot)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.activated.connect(self.cancel)

    def current(self):
        return self.tabs.currentWidget()

    def find(self) -> None:
        self.tabs.setCurrentWidget(self.members)
        self.members.focus_search()

    def new(self):
        """Ctrl+N: a new unit, candidate or member, depending on the tab (a member elsewhere)."""
        tab = self.current()
        if hasattr(tab, "new_item"):
            return tab.new_item()
        self.tabs.setCurrentWidget(self.members)
        return self.members.new_member()

    def save(self) -> None:
        tab = self.current()
        if hasattr(tab, "save"):
            tab.save()

    def cancel(self) -> None:
        tab = self.current()
        if hasattr(tab, "cancel"):
            tab.cancel()

    # --- data flow between tabs ---
    def _tab_shown(self, index: int) -> None:
        previous = self.tabs.widget(self._last_tab)
        self._last_tab = index
        tab = self.tabs.widget(index)
        if getattr(tab, "stale", False):
            tab.stale = False
            tab.refresh()
        del previous

    def data_changed(self, source=None) -> None:
        """A change anywhere: every other tab reloads when next shown; the visible one now."""
        for i in range(self.tabs.count()):
            tab = self.tabs.widget(i)
            if tab is source:
                if tab is self.members:
                    tab.refresh()
                continue
            tab.stale = True
        current = self.current()
        if current is not source and current.stale:
            current.stale = False
            current.refresh()
        if source is not None and source is not self.members:
            self.members.stale = True

    def show_member(self, member_id: int) -> None:
        self.tabs.setCurrentWidget(self.members)
        self.members.select_member(member_id)

    def refresh_current(self) -> None:
        tab = self.current()
        tab.stale = False
        tab.refresh()

    # --- other parts of the program ---
    def open_backup(self) -> None:
        try:
            from . import backup_dialog
        except ImportError:
            QMessageBox.information(self, "Sao lưu / Phục hồi", "Chức năng sao lưu đang được hoàn thiện.")
            return
        opener = getattr(backup_dialog, "open_backup_dialog", None) or getattr(backup_dialog, "BackupDialog")
        dialog = opener(self.db, self) if opener.__name__ != "BackupDialog" else opener(self.db, self)
        if isinstance(dialog, QDialog):
            dialog.exec()
        self.data_changed()

    def open_import(self) -> None:
        try:
            from . import import_wizard
        except ImportError:
            QMessageBox.information(self, "Nhập dữ liệu", "Chức năng nhập dữ liệu từ bảng tính sắp có.")
            return
        import_wizard.open_import_wizard(self.db, self)
        self.data_changed()

    def open_reports(self) -> None:
        try:
            from . import reports_tab
        except ImportError:
            QMessageBox.information(self, "Báo cáo", "Chức năng báo cáo, biểu thống kê sắp có.")
            return
        reports_tab.open_reports(self.db, self)

    def about(self) -> None:
        AboutDialog(self.db, self).exec()

    # --- window state ---
    def _restore(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 740)
        tab = int(self.settings.value("window/tab", 0) or 0)
        if 0 <= tab < self.tabs.count():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(tab)
            self.tabs.blockSignals(False)
            self._last_tab = tab

    def start(self) -> None:
        """Load the visible tab's data after the first paint (start-up stays fast)."""
        QTimer.singleShot(0, self.refresh_current)

    def unsaved_tabs(self):
        return [t for t in (self.members, self.evaluation, self.units, self.recruitment)
                if hasattr(t, "maybe_leave")]

    def closeEvent(self, event) -> None:
        for tab in self.unsaved_tabs():
            if not tab.maybe_leave():
                event.ignore()
                return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.tabs.currentIndex())
        self.settings.sync()
        event.accept()


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Giới thiệu")
        lay = QVBoxLayout(self)
        where = str(db.path) if db.path else db.url
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


def _install_error_hook() -> None:
    try:
        from . import error_dialog
    except ImportError:
        return
    for name in ("install_excepthook", "install", "install_hook"):
        hook = getattr(error_dialog, name, None)
        if callable(hook):
            hook()
            return


def run(db_path=None) -> int:
    """Create the application, open the database, show the window, run the event loop."""
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setOrganizationName(ORG)
    qt_app.setApplicationName(APP_KEY)
    qt_app.setApplicationDisplayName(app.APP_NAME)
    _install_error_hook()
    try:
        db = Database(Path(db_path) if db_path else None)
    except Exception as exc:  # a damaged or locked file: tell the clerk, do not show a traceback
        QMessageBox.critical(None, app.APP_NAME, f"Không mở được tệp dữ liệu {db_path or ''}:\n{exc}")
        return 1
    window = MainWindow(db)
    window.show()
    window.start()
    code = qt_app.exec()
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(5000)  # readers still running hold connections
    db.dispose()
    return code
