"""Questions and standard dialogs in Vietnamese; the first start, the help (F1), the window on small or changed
screens, the backup to a chosen folder."""

from datetime import date

from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from .ask_answers import answers  # noqa: F401  (autouse)
from .conftest import sql, wait_loaded


def test_questions_name_the_action_and_qt_speaks_vietnamese(qtbot, answers):
    from app.ui.ask import ask_discard, confirm, install_vietnamese

    assert install_vietnamese(QApplication.instance())
    answers.replies = ["Quay lại"]
    assert not confirm(None, "Phục hồi dữ liệu", "Phục hồi?", "Phục hồi", danger=True)
    assert answers.last()["buttons"] == ["Phục hồi", "Quay lại"]
    assert ask_discard(None, "Thêm quần chúng")
    # Qt's own standard buttons (used by dialogs that are not ours yet) through resources/i18n/qt_vi.qm
    box = QMessageBox(QMessageBox.Icon.Question, "t", "x", QMessageBox.StandardButton.Yes
                      | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Có", "Hủy", "Không"]
    bb = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    assert sorted(b.text() for b in bb.buttons()) == ["Hủy", "Đồng ý"]


def test_file_dialogs_are_labelled_in_vietnamese(qtbot):
    from PySide6.QtWidgets import QFileDialog

    from app.ui.ask import _file_dialog

    d = _file_dialog(None, "Chọn tệp", "", "Excel (*.xlsx)")
    qtbot.addWidget(d)
    assert d.labelText(QFileDialog.DialogLabel.LookIn) == "Tìm trong:"
    assert d.labelText(QFileDialog.DialogLabel.FileName) == "Tên tệp:"
    assert d.labelText(QFileDialog.DialogLabel.Reject) == "Hủy"


def test_first_start_on_an_empty_database_shows_where_to_begin(qtbot, tmp_path, settings):
    from app.db import Database, migrate
    from app.ui.main_window import MainWindow

    db = Database(tmp_path / "empty.sqlite3")
    migrate(db.engine, db.url)
    w = MainWindow(db, settings)
    qtbot.addWidget(w)
    w.show()
    w.start()
    wait_loaded(qtbot, w.home)
    qtbot.waitUntil(lambda: w.home.snapshot is not None, timeout=15000)
    assert w.first_start.isVisible()
    assert "Nhập từ Excel" in w.first_start.import_button.text()
    # no chart with axes of −0.04 … 0.04: a sentence instead
    assert all(not chart.bars and "Chưa có đảng viên" in chart.message for chart in w.home.chart_views)
    # the title names the file; Qt adds the program's name itself
    assert w.windowTitle() == str(tmp_path / "empty.sqlite3") and "Đảng vụ" not in w.windowTitle()
    db.dispose()


def test_help_opens_offline_with_f1(window, qtbot):
    window.help_action.trigger()
    dialog = window.help_dialog
    assert dialog.isVisible() and dialog.windowTitle() == "Hướng dẫn sử dụng"
    text = dialog.browser.toPlainText()
    assert "Hướng dẫn sử dụng Đảng vụ" in text and "Nhập từ Excel" in text and "Ctrl+N" in text
    assert window.help_action.shortcut().toString() == "F1"
    dialog.close()


def test_window_fits_the_screen_and_comes_back_from_a_lost_monitor(qtbot, settings):
    from PySide6.QtGui import QGuiApplication

    from app.ui.main_window import MainWindow, fit_on_screen

    area = QGuiApplication.primaryScreen().availableGeometry()
    w = MainWindow(None, settings)
    qtbot.addWidget(w)
    assert w.width() <= area.width() and w.height() <= area.height()  # first start, no saved size
    w.move(area.right() + 3000, area.bottom() + 2000)  # saved on a second monitor that is gone
    fit_on_screen(w)
    assert area.intersects(w.frameGeometry()) and area.contains(w.frameGeometry().topLeft())


def test_filters_are_never_cut_on_a_narrow_list(window, qtbot):
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    window.resize(1024, 768)
    qtbot.wait(50)
    for combo in (tab.f_standing, tab.f_exempt, tab.f_status):
        needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
        assert combo.width() > needed + 20, (combo.currentText(), combo.width(), needed)


def test_backup_to_a_chosen_folder_is_a_checked_copy(qtbot, demo_db, tmp_path, answers):
    from app.ui.backup_dialog import BackupDialog

    usb = tmp_path / "usb"
    usb.mkdir()
    dialog = BackupDialog(demo_db)
    qtbot.addWidget(dialog)
    answers.files = [[str(usb)]]
    copy = dialog.save_copy_to()
    assert copy is not None and copy.parent == usb and copy.suffix == ".sqlite3"
    import sqlite3

    con = sqlite3.connect(str(copy))
    try:
        assert con.execute("SELECT COUNT(*) FROM members").fetchone()[0] == \
            sql(demo_db, "SELECT COUNT(*) FROM members")[0][0] > 0
    finally:
        con.close()
    assert "Đã lưu bản sao" in dialog.status.text()
    # the restore question says what it does, with a button named by the action
    dialog.backup_button.click()   # a write operation on the worker (app/ui/ops.py)
    qtbot.waitUntil(lambda: bool(dialog.items), timeout=10000)
    answers.replies = ["Quay lại"]
    assert not dialog.confirm_restore(dialog.items[0])
    assert answers.last()["buttons"] == ["Phục hồi", "Quay lại"]
    assert answers.last()["text"].startswith("Phục hồi dữ liệu từ bản sao lưu này?")
