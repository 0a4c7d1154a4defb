"""The import wizard driven page by page on a real database with the shared sample sheets.

Counts are checked against the engine's own dry run (what the preview must show) and against the samples'
expected.json through independent SQL (what must be written); undo and cancel leave no member behind.
"""

import json
import os
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.importing import plan_import, read_workbooks
from app.ui import import_wizard as W

from .conftest import SCREENSHOTS, sql

OUT = Path(os.environ.get("DANGVU_SCREENSHOTS", SCREENSHOTS))
XLS = "DSDV_XaThanhLong_2023.xls"
XLSX = "DSDV_ThanhLong_2024.xlsx"


def expected(samples_dir, name):
    return json.loads((samples_dir / (Path(name).stem + ".expected.json")).read_text(encoding="utf-8"))


def count(db, table="members"):
    return sql(db, f"SELECT COUNT(*) FROM {table}")[0][0]


@pytest.fixture
def copies(samples_dir, tmp_path):
    def copy(*names):
        out = []
        for name in names:
            dest = tmp_path / "in" / name
            dest.parent.mkdir(exist_ok=True)
            shutil.copyfile(samples_dir / name, dest)
            out.append(dest)
        return out
    return copy


@pytest.fixture
def wizard(qtbot, db):
    w = W.ImportWizard(db)
    qtbot.addWidget(w)
    w.resize(1100, 720)
    w.show()
    yield w
    qtbot.waitUntil(lambda: not w.busy(), timeout=20000)


def shot(widget, name):
    OUT.mkdir(parents=True, exist_ok=True)
    QApplication.processEvents()
    path = OUT / f"import_{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 10_000


def choose_files(qtbot, wizard, paths):
    page = wizard.files_page
    page.add_files([str(p) for p in paths])
    qtbot.waitUntil(page.isComplete, timeout=20000)
    return page


def to_preview(qtbot, wizard):
    wizard.next()
    assert wizard.currentId() == W.PAGE_SHEETS
    wizard.next()
    assert wizard.currentId() == W.PAGE_PREVIEW
    page = wizard.preview_page
    qtbot.waitUntil(lambda: not page.planning, timeout=20000)
    assert page.plan is not None, page.error.text()
    return page


def engine_counts(db, paths, as_of):
    """The engine's own dry run on freshly read tables (what the preview must show)."""
    tables = read_workbooks(paths)
    with db.session() as s:
        plan = plan_import(s, tables, as_of)
    out = {k: 0 for k in W.STATUS_WORDS}
    for r in plan.rows:
        out[r.status] += 1
    return out, plan


def finish_import(qtbot, wizard):
    wizard.next()
    assert wizard.currentId() == W.PAGE_CONFIRM
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_RESULT, timeout=60000)


def test_import_both_samples_then_undo(qtbot, wizard, db, copies, samples_dir):
    paths = copies(XLS, XLSX)
    page = choose_files(qtbot, wizard, paths)
    # the two files carry different years: the later one is filled in and the user is told
    assert page.as_of.text() == "31/12/2024"
    assert "khác nhau" in page.as_of_note.text()
    assert "5 trang có danh sách" in page.status.text()
    shot(wizard, "1_tep")

    wizard.next()
    sheets = wizard.sheets_page
    assert sheets.sheets.rowCount() == 5
    assert [sheets.sheets.item(r, 5).text() for r in range(5)] == ["21", "18", "9", "6", "120"]
    assert sheets.mapping.rowCount() == 10
    assert sheets.combo(1).currentData() == "full_name"
    assert sheets.combo(7).currentData() == "rating" and sheets.year_box(7).value() == 2022
    shot(wizard, "2_trang_tinh")

    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.planning, timeout=20000)
    mine, plan = engine_counts(db, paths, date(2024, 12, 31))
    assert preview.status_counts() == mine
    assert mine["new"] == 54 + 120
    assert preview.rows_model.rowCount() == len(plan.rows)
    assert preview.problems_model.rowCount() == len(plan.all_problems())
    assert f"mới: <b>{mine['new']}</b>" in preview.counts_label.text()
    # every problem names where it is
    for p in preview.problems_model.problems:
        assert p.file in (XLS, XLSX)
    shot(wizard, "3_xem_truoc")
    preview.tabs.setCurrentIndex(1)
    shot(wizard, "3b_van_de")
    preview.tabs.setCurrentIndex(0)

    wizard.next()
    assert wizard.currentId() == W.PAGE_CONFIRM
    text = wizard.confirm_page.summary.text()
    assert "Thêm mới <b>174</b>" in text and "sao lưu" in text
    assert count(db) == 0  # nothing written before the commit page
    shot(wizard, "4_xac_nhan")

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_RESULT, timeout=60000)
    assert wizard.outcome == "done" and wizard.changed
    exp = expected(samples_dir, XLS)["members"] + expected(samples_dir, XLSX)["members"]
    assert count(db) == exp == wizard.result.members_created
    assert sql(db, "SELECT COUNT(*) FROM import_batches")[0][0] == 1
    assert wizard.result.backup_path is None  # an empty file has nothing to back up (issue 18)
    assert wizard.result_page.undo_button.isVisible()
    shot(wizard, "6_ket_qua")

    wizard.result_page.undo()
    qtbot.waitUntil(lambda: wizard.result_page.undone is not None, timeout=30000)
    assert count(db) == 0
    assert count(db, "evaluations") == 0 and count(db, "units") == 0
    assert not wizard.result_page.undo_button.isEnabled()
    assert "Đã hoàn tác" in wizard.result_page.undo_status.text()
    shot(wizard, "6b_hoan_tac")


def test_left_out_sheet_and_unticked_row_are_not_written(qtbot, wizard, db, copies, samples_dir):
    paths = copies(XLS)
    choose_files(qtbot, wizard, paths)
    assert wizard.files_page.as_of.text() == "31/12/2023"
    wizard.next()
    sheets = wizard.sheets_page
    police = next(r for r, t in enumerate(sheets.tables) if t.sheet == "Công an xã")
    sheets.set_included(police, False)
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.planning, timeout=20000)
    assert preview.status_counts()["new"] == 54 - 6
    model = preview.rows_model
    first = model.index(0, 0)
    name = model.rows[0].full_name
    assert model.setData(first, Qt.CheckState.Unchecked.value, Qt.ItemDataRole.CheckStateRole)
    assert preview.resolutions() == {model.rows[0].key: "skip"}
    finish_import(qtbot, wizard)
    per_unit = expected(samples_dir, XLS)["per_unit"]
    assert count(db) == 54 - per_unit["Chi bộ Công an xã"] - 1
    assert sql(db, "SELECT COUNT(*) FROM members WHERE full_name = ?", name)[0][0] == 0
    assert sql(db, "SELECT COUNT(*) FROM units WHERE name = 'Chi bộ Công an xã'")[0][0] == 0


def test_conflicts_keep_or_take_the_sheet_per_field(qtbot, wizard, db, copies):
    from app.importing import apply_plan, run

    paths = copies(XLS)
    tables = read_workbooks(paths)
    with db.session() as s:
        run(apply_plan(db, plan_import(s, tables)))
    (a, a_eth), (b, b_eth) = sql(db, "SELECT full_name, ethnicity FROM members WHERE ethnicity = 'Tày' "
                                     "ORDER BY id LIMIT 2")
    import sqlite3
    con = sqlite3.connect(str(db.path))
    con.execute("UPDATE members SET ethnicity = 'Mường' WHERE full_name IN (?, ?)", (a, b))
    con.commit()
    con.close()

    choose_files(qtbot, wizard, paths)
    preview = to_preview(qtbot, wizard)
    mine, _plan = engine_counts(db, paths, date(2023, 12, 31))
    assert preview.status_counts() == mine
    assert mine["conflict"] == 2 and mine["unchanged"] == 52
    preview.filter.setCurrentIndex(preview.filter.findData("conflict"))
    visible = [i for i in range(preview.rows_model.rowCount()) if not preview.rows_view.isRowHidden(i)]
    assert len(visible) == 2
    rows = {preview.rows_model.rows[i].full_name: i for i in visible}
    preview.rows_view.setCurrentIndex(preview.rows_model.index(rows[a], 2))
    assert preview.conflicts.rowCount() == 1
    assert preview.conflicts.item(0, 0).text() == "Dân tộc"
    assert preview.conflicts.item(0, 1).text() == "Mường" and preview.conflicts.item(0, 2).text() == "Tày"
    combo = preview.conflicts.cellWidget(0, 3)
    combo.setCurrentIndex(combo.findData("sheet"))
    shot(wizard, "3c_xung_dot")
    preview.rows_view.setCurrentIndex(preview.rows_model.index(rows[b], 2))
    assert preview.conflicts.cellWidget(0, 3).currentData() == "keep"
    wizard.next()
    assert "1 trường lấy theo tệp, 1 trường giữ" in wizard.confirm_page.summary.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_RESULT, timeout=60000)
    assert sql(db, "SELECT ethnicity FROM members WHERE full_name = ?", a) == [(a_eth,)]
    assert sql(db, "SELECT ethnicity FROM members WHERE full_name = ?", b) == [("Mường",)]
    assert count(db) == 54
    # undo puts the overwritten value back
    wizard.result_page.undo()
    qtbot.waitUntil(lambda: wizard.result_page.undone is not None, timeout=30000)
    assert sql(db, "SELECT ethnicity FROM members WHERE full_name = ?", a) == [("Mường",)]
    assert count(db) == 54


def test_cancel_during_the_import_writes_nothing(qtbot, wizard, db, copies, monkeypatch):
    from app.services import imports as A

    real_backup = A.backup_database
    cancel_clicked = threading.Event()

    def slow_backup(database):
        # hold the worker before its first row until the user has pressed "Hủy nhập"
        cancel_clicked.wait(20)
        return real_backup(database)

    monkeypatch.setattr(A, "backup_database", slow_backup)
    paths = copies(XLS, XLSX)
    choose_files(qtbot, wizard, paths)
    to_preview(qtbot, wizard)
    wizard.next()
    wizard.next()
    assert wizard.currentId() == W.PAGE_PROGRESS
    progress = wizard.progress_page
    qtbot.waitUntil(lambda: "Sao lưu" in progress.message.text(), timeout=10000)
    shot(wizard, "5_dang_nhap")
    assert progress.cancel_button.isEnabled()
    # closing the window while it runs only asks to cancel: the wizard stays until the rollback is done
    wizard.reject()
    assert wizard.isVisible()
    cancel_clicked.set()
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_RESULT, timeout=60000)
    assert wizard.outcome == "cancelled" and not wizard.changed
    assert count(db) == 0 and count(db, "units") == 0 and count(db, "evaluations") == 0
    assert count(db, "import_batches") == 0 and count(db, "member_events") == 0
    assert "không thay đổi" in wizard.result_page.summary.text()
    assert not wizard.result_page.undo_button.isVisible()
    shot(wizard, "6c_da_huy")


def test_cancel_button_stops_a_running_import(qtbot, wizard, db, copies, monkeypatch):
    """The button itself, pressed while rows are being written (the engine checks it per row)."""
    from app.services import imports as A

    paths = copies(XLS, XLSX)
    choose_files(qtbot, wizard, paths)
    to_preview(qtbot, wizard)
    real = A._build_member
    reached = threading.Event()
    go_on = threading.Event()

    def slow(*args, **kw):
        reached.set()
        go_on.wait(20)
        return real(*args, **kw)

    monkeypatch.setattr(A, "_build_member", slow)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(reached.is_set, timeout=10000)
    qtbot.mouseClick(wizard.progress_page.cancel_button, Qt.MouseButton.LeftButton)
    go_on.set()
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_RESULT, timeout=60000)
    assert wizard.outcome == "cancelled"
    assert count(db) == 0 and count(db, "import_batches") == 0 and count(db, "units") == 0


def test_a_corrected_mapping_is_used_and_remembered(qtbot, wizard, db, copies):
    from app.importing import load_remembered

    paths = copies(XLS)
    choose_files(qtbot, wizard, paths)
    wizard.next()
    sheets = wizard.sheets_page
    # the notes column (J) carries "Miễn SH" / "Dự bị": leave it out
    notes = next(r for r in range(sheets.mapping.rowCount()) if sheets.combo(r).currentData() == "notes")
    sheets.combo(notes).setCurrentIndex(0)
    assert sheets.tables[0].columns[notes].field is None
    assert sheets.mapping.item(notes, 5).text() == ""
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.planning, timeout=20000)
    remembered = load_remembered()
    assert remembered[sheets.tables[0].layout_key][notes] == (None, None)
    # the next reading of a sheet with that layout maps itself the same way
    again = read_workbooks(paths)
    assert again[0].columns[notes].field is None
    tables = read_workbooks(paths)
    for t in tables:
        t.set_mapping({notes: None})
    with db.session() as s:
        plan = plan_import(s, tables, date(2023, 12, 31))
    assert preview.plan.counts == plan.counts


def test_bad_files_and_dates_are_refused_in_vietnamese(qtbot, wizard, tmp_path):
    page = wizard.files_page
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"not a workbook")
    other = tmp_path / "ghi_chu.txt"
    other.write_text("x")
    page.add_files([str(other)])
    assert "ghi_chu.txt" in page.refused.text() and not page.isComplete()
    page.add_files([str(bad)])
    qtbot.waitUntil(lambda: not page.reading, timeout=10000)
    assert not page.isComplete()
    assert "Không tìm thấy danh sách" in page.status.text()
    page.list.item(0).setSelected(True)
    page.remove_selected()
    assert page.paths == [] and not page.isComplete()


def test_wrong_date_is_refused(qtbot, wizard, copies):
    page = choose_files(qtbot, wizard, copies(XLSX))
    page.as_of.setText("31/02/2024")
    page.user_date = True
    assert not page.validatePage()
    assert "không hợp lệ" in page.as_of_note.text()
    page.as_of.setText("15/06/2024")
    assert page.validatePage()
    assert wizard.as_of == date(2024, 6, 15) and wizard.as_of_source == "người dùng nhập"


def test_main_window_menu_opens_the_wizard_and_refreshes_after_an_import(window, monkeypatch):
    calls, refreshed = [], []
    monkeypatch.setattr(W, "open_import_wizard", lambda *a: calls.append(a) or True)
    monkeypatch.setattr(window, "data_changed", lambda *a: refreshed.append(a))
    action = window.import_action
    assert action.text() == "Nhập từ Excel…"
    assert action.shortcut().toString() == "Ctrl+I"
    action.trigger()
    assert calls and window.db in calls[0] and window in calls[0]
    assert refreshed
    # nothing imported (closed at once): no reload
    monkeypatch.setattr(W, "open_import_wizard", lambda *a: False)
    refreshed.clear()
    action.trigger()
    assert refreshed == []


def test_open_import_wizard_returns_whether_the_data_changed(qtbot, db, monkeypatch):
    from PySide6.QtCore import QTimer

    seen = []

    def close_soon():
        wizard = QApplication.activeModalWidget()
        seen.append(type(wizard).__name__)
        wizard.reject()

    QTimer.singleShot(50, close_soon)
    assert W.open_import_wizard(None, db) is False
    assert seen == ["ImportWizard"]


def test_problems_say_where_and_a_default_unit_lets_rows_in(qtbot, wizard, db, tmp_path):
    import openpyxl

    path = tmp_path / "ds_khong_chi_bo.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["DANH SÁCH ĐẢNG VIÊN"])
    ws.append(["Tính đến ngày 30/06/2025"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Ngày vào Đảng", "Ngày chính thức"])
    ws.append([1, "Nguyễn Văn An", "Nam", "12/03/1980", "Kinh", "15/05/2010", "15/05/2011"])
    ws.append([2, "Trần Thị Bình", "Nữ", "31/02/1985", "Kinh", "20/07/2012", "20/07/2013"])
    ws.append([3, "Lê Văn Cường", "Nam", "01/01/1990", "Kinh", "01/09/2015", "abc"])
    wb.save(path)
    page = choose_files(qtbot, wizard, [path])
    assert page.as_of.text() == "30/06/2025" and "tiêu đề" in page.as_of_note.text()
    preview = to_preview(qtbot, wizard)
    # no unit anywhere: every row is refused, the user is told why and where to fix it
    assert preview.status_counts()["skipped"] == 3 and not preview.isComplete()
    assert preview.error.isVisible() and "Chi bộ cho các dòng" in preview.error.text()
    cells = [preview.problems_model.cells(p) for p in preview.problems_model.problems]
    assert ["Cảnh báo", path.name, "Sheet1", "6", "D", "Ngày sinh", "Ngày sinh: Ngày «31/02/1985» không có thật."] \
        in cells
    assert any(c[3:6] == ["7", "G", "Ngày chính thức"] and "«abc»" in c[6] for c in cells)
    assert any(c[0] == "Lỗi" and c[3] == "5" and c[5] == "Chi bộ" for c in cells)
    preview.tabs.setCurrentIndex(1)
    panel = preview.problems_view
    panel.view.setCurrentIndex(preview.problems_model.index(0, 0))
    assert panel.detail.text().startswith(f"{path.name}, trang «Sheet1», dòng 5: Không biết đảng viên")
    shot(wizard, "3d_loi_tung_o")
    wizard.back()
    assert wizard.currentId() == W.PAGE_SHEETS
    wizard.sheets_page.default_unit.setEditText("Chi bộ thôn Đông")
    wizard.next()
    qtbot.waitUntil(lambda: not preview.planning, timeout=20000)
    assert preview.status_counts()["new"] == 3 and preview.isComplete() and preview.error.isHidden()
    preview.filter.setCurrentIndex(preview.filter.findData("problems"))
    shown = [preview.rows_model.rows[i].row for i in range(3) if not preview.rows_view.isRowHidden(i)]
    assert shown == [6, 7]
    finish_import(qtbot, wizard)
    assert count(db) == 3
    assert sql(db, "SELECT COUNT(*) FROM members m JOIN units u ON u.id = m.current_unit_id "
                   "WHERE u.name = 'Chi bộ thôn Đông'") == [(3,)]


def test_an_unreadable_file_beside_a_good_one_is_listed_as_skipped(qtbot, wizard, copies, tmp_path):
    bad = tmp_path / "hong.xls"
    bad.write_bytes(b"\x00not an excel file at all" * 10)
    page = choose_files(qtbot, wizard, [*copies(XLSX), bad])
    assert "1 trang bỏ qua" in page.status.text()
    wizard.next()
    sheets = wizard.sheets_page
    row = next(r for r, t in enumerate(sheets.tables) if t.file == "hong.xls")
    assert sheets.sheets.item(row, 6).text().startswith("Bỏ qua: ")
    assert not (sheets.sheets.item(row, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable)
    sheets.sheets.setCurrentCell(row, 1)
    assert "không được nhập" in sheets.mapping_title.text() and sheets.mapping.rowCount() == 0
    shot(wizard, "2b_tep_hong")
    wizard.next()
    qtbot.waitUntil(lambda: not wizard.preview_page.planning, timeout=20000)
    assert wizard.preview_page.status_counts()["new"] == 120
    assert any(p.file == "hong.xls" and p.severity == "error" for p in wizard.preview_page.problems_model.problems)


def test_a_failure_while_writing_is_reported_and_nothing_is_written(qtbot, wizard, db, copies, monkeypatch):
    from app.services import imports as A

    def broken_backup(_db):
        raise OSError("Ổ đĩa đầy")

    monkeypatch.setattr(A, "backup_database", broken_backup)
    choose_files(qtbot, wizard, copies(XLS))
    to_preview(qtbot, wizard)
    finish_import(qtbot, wizard)
    assert wizard.outcome == "error" and not wizard.changed
    assert "Ổ đĩa đầy" in wizard.result_page.summary.text()
    assert count(db) == 0 and count(db, "import_batches") == 0
