"""Báo cáo tab: a year-end report previewed against an independent count, its narrative saved and reopened,
the Word file and the Excel forms written through the tab and read back, refusals shown by the field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog

from .conftest import SCREENSHOTS, sql, type_text

MEMBERS = 150
INTRO = "Thực hiện Hướng dẫn số 12-HD/BTCTU của Ban Tổ chức Tỉnh ủy, Đảng ủy xã báo cáo như sau"
RATINGS_TEXT = "Việc đánh giá được tiến hành nghiêm túc, đúng quy trình, thực chất."
PROPOSALS = "Đề nghị cấp trên quan tâm bồi dưỡng nghiệp vụ cho cấp ủy viên cơ sở."


@pytest.fixture
def demo(db):
    from app.services.demo import generate_demo

    with db.transaction() as s:
        for _ in generate_demo(s, MEMBERS, seed=11):
            pass
    return db


@pytest.fixture
def tab(qtbot, demo):
    from app.ui.reports_tab import ReportsTab

    t = ReportsTab(demo)
    qtbot.addWidget(t)
    t.resize(1366, 768)
    t.show()
    t.refresh()
    qtbot.waitUntil(lambda: not t.loader.busy(), timeout=10000)
    return t


@pytest.fixture
def opened(monkeypatch):
    from PySide6.QtGui import QDesktopServices

    calls = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: calls.append(url) or True))
    return calls


def save_dialog_returns(monkeypatch, path: Path) -> list:
    asked = []

    def fake(parent, caption, default, filter_):
        asked.append((caption, default, filter_))
        return str(path), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def members_on(db, day: str) -> int:
    """Independent hand count: members counted on the list on that day, straight from member_spans."""
    (n,), = sql(db, "SELECT COUNT(DISTINCT member_id) FROM member_spans WHERE counted = 1 AND valid_from <= ? "
                    "AND (valid_to IS NULL OR valid_to > ?)", day, day)
    return n


def year_end_2025(tab):
    tab.set_kind("year_end")
    tab.year.setValue(2025)


def preview(qtbot, tab):
    tab.content = None
    tab.preview_button.click()
    qtbot.waitUntil(lambda: tab.content is not None, timeout=30000)


def wait_written(qtbot, tab, before):
    qtbot.waitUntil(lambda: tab.last_path is not None and tab.last_path != before
                    and tab.docx_button.isEnabled(), timeout=60000)


def test_year_end_preview_save_reopen_and_export_docx(qtbot, tab, demo, tmp_path, monkeypatch, opened):
    import docx

    n = members_on(demo, "2025-12-31")
    assert 0 < n <= MEMBERS
    year_end_2025(tab)
    assert tab.year.isVisible() and not tab.as_of.isVisible() and not tab.title.isVisible()
    preview(qtbot, tab)
    sentences = tab.content.all_sentences()
    count_line = [s for s in sentences if s.startswith("- Về số lượng đảng viên: Tính đến ngày 31/12/2025")]
    assert len(count_line) == 1 and f" có {n} đảng viên" in count_line[0], count_line
    assert f" có {n} đảng viên" in tab.preview.toPlainText()
    assert tab.preview.images, "charts are shown in the preview"
    assert set(tab.preview.images) <= {"ratings", "age", "units", "recruitment"}
    assert all(not img.isNull() and img.width() <= 640 for img in tab.preview.images.values())

    # the clerk's own text, typed (Vietnamese) and pasted
    tab.right_tabs.setCurrentIndex(1)
    type_text(tab.narrative_edits["intro"], INTRO)
    tab.narrative_edits["ratings"].setPlainText(RATINGS_TEXT)
    tab.narrative_edits["proposals"].setPlainText(PROPOSALS)
    tab.save_button.click()
    rows = sql(demo, "SELECT id, kind, date_from, date_to, narrative_json FROM saved_reports")
    assert len(rows) == 1
    rid, kind, d_from, d_to, narrative = rows[0]
    assert (kind, d_from, d_to) == ("year_end", "2025-01-01", "2025-12-31")
    assert json.loads(narrative) == {"intro": INTRO, "ratings": RATINGS_TEXT, "proposals": PROPOSALS}
    qtbot.waitUntil(lambda: tab.saved_list.count() == 1, timeout=10000)

    # saving again updates the same row, not a second one
    tab.save_button.click()
    assert len(sql(demo, "SELECT id FROM saved_reports")) == 1

    # start afresh, then reopen from the saved list
    tab.new_report()
    tab.set_kind("as_of")
    assert all(not e.toPlainText() for e in tab.narrative_edits.values())
    tab.saved_list.setCurrentRow(0)
    tab.open_saved_button.click()
    assert tab.report_id == rid
    assert tab.kind_key() == "year_end" and tab.year.value() == 2025
    assert tab.narrative_edits["intro"].toPlainText() == INTRO
    assert tab.narrative_edits["ratings"].toPlainText() == RATINGS_TEXT
    assert tab.narrative_edits["proposals"].toPlainText() == PROPOSALS
    assert all(cb.isChecked() for cb in tab.section_checks.values())

    # Word: the file name typed without its extension still gets .docx
    asked = save_dialog_returns(monkeypatch, tmp_path / "BaoCaoCuoiNam")
    tab.docx_button.click()
    wait_written(qtbot, tab, None)
    assert asked and asked[0][1].endswith("BaoCao_CuoiNam_2025.docx")
    out = tab.last_path
    assert out == tmp_path / "BaoCaoCuoiNam.docx" and out.stat().st_size > 20_000
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert INTRO in text and RATINGS_TEXT in text and PROPOSALS in text
    assert f"Tính đến ngày 31/12/2025" in text and f" có {n} đảng viên" in text
    assert len(document.inline_shapes) >= 1, "charts are in the document"
    assert "Đã ghi tệp" in tab.status.text()
    # settings the demo leaves blank (số văn bản) are listed for the clerk to check before signing
    assert any("Số văn bản" in w for w in tab.last_result.warnings)
    assert not tab.warnings_label.isHidden() and "Số văn bản" in tab.warnings_label.text()

    assert tab.open_file_button.isEnabled()
    tab.open_file_button.click()
    assert opened == [QUrl.fromLocalFile(str(out))]


def test_forms_xlsx_has_seven_sheets(qtbot, tab, tmp_path, monkeypatch, opened):
    import openpyxl

    year_end_2025(tab)
    save_dialog_returns(monkeypatch, tmp_path / "Bieu.xlsx")
    tab.xlsx_button.click()
    wait_written(qtbot, tab, None)
    assert tab.last_path == tmp_path / "Bieu.xlsx"
    wb = openpyxl.load_workbook(tab.last_path)
    assert len(wb.sheetnames) == 7
    tab.open_file_button.click()
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "Bieu.xlsx"))]


def test_refusals_are_shown_by_the_field_and_nothing_is_written(qtbot, tab, tmp_path, monkeypatch, no_blocking_boxes):
    from datetime import date

    asked = save_dialog_returns(monkeypatch, tmp_path / "x.docx")
    tab.set_kind("period_review")
    assert tab.title.isVisible() and tab.date_from.isVisible()
    tab.title.setText("")
    tab.docx_button.click()
    err = tab.form.errors["title"]
    assert not err.isHidden() and "trích yếu" in err.text()
    assert not asked and not (tmp_path / "x.docx").exists()

    tab.title.setText("Sơ kết 03 năm thực hiện Nghị quyết số 21-NQ/TW")
    tab.date_from.setDate(date(2026, 6, 1))
    tab.date_to.setDate(date(2025, 6, 1))
    tab.preview_button.click()
    err = tab.form.errors["date_from"]
    assert not err.isHidden() and "trước ngày kết thúc" in err.text()
    assert tab.form.errors["title"].isHidden()
    assert not tab.loader.busy()

    tab.set_kind("year_end")
    for cb in tab.section_checks.values():
        cb.setChecked(False)
    tab.save_button.click()
    assert "ít nhất một phần" in tab.status.text()
    assert not sql(tab.db, "SELECT id FROM saved_reports")


def test_preview_runs_on_a_worker_while_the_event_loop_goes_on(qtbot, tab):
    """The figures and charts are computed on a worker: the click returns before the content exists, and
    the event loop delivers timer events until it arrives. (How long the click and the pauses take is
    measured by benchmarks/bench_ui.py, not asserted here.)"""
    year_end_2025(tab)
    for _ in range(2):  # the first preview also imports matplotlib on the worker
        ticks = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(0)
        tab.content = None
        tab.preview_button.click()
        assert tab.content is None  # nothing computed on the UI thread during the click
        qtbot.waitUntil(lambda: tab.content is not None, timeout=30000)
        timer.stop()
        assert ticks  # the loop ran meanwhile


def test_screenshot(qtbot, tab, tmp_path, monkeypatch):
    year_end_2025(tab)
    tab.narrative_edits["intro"].setPlainText(INTRO)
    tab.narrative_edits["members"].setPlainText(RATINGS_TEXT)
    preview(qtbot, tab)
    tab.save_button.click()
    qtbot.waitUntil(lambda: tab.saved_list.count() == 1, timeout=10000)
    save_dialog_returns(monkeypatch, tmp_path / "BaoCao.docx")
    tab.docx_button.click()
    wait_written(qtbot, tab, None)
    tab.resize(1366, 768)
    QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "reports_tab.png"
    assert tab.grab().save(str(path))
    assert path.stat().st_size > 10_000
    tab.right_tabs.setCurrentIndex(1)
    tab.narrative_list.setCurrentRow(0)
    QApplication.processEvents()
    assert tab.grab().save(str(SCREENSHOTS / "reports_tab_loi_van.png"))
    tab.set_kind("period_review")
    QApplication.processEvents()
    assert tab.grab().save(str(SCREENSHOTS / "reports_tab_so_ket.png"))


def test_unsaved_text_is_not_lost_silently(qtbot, tab, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.Cancel] * 2 + [QMessageBox.StandardButton.Discard]
    asked = []

    def fake_ask(parent, what):
        asked.append(what)
        return answers.pop(0)

    monkeypatch.setattr("app.ui.reports_tab.ask_save", fake_ask)
    year_end_2025(tab)
    tab.narrative_edits["assessment"].setPlainText("Nhìn chung, công tác xây dựng Đảng đạt kết quả tốt.")
    tab.new_report()
    assert asked == ["Lời văn báo cáo"]
    assert tab.narrative_edits["assessment"].toPlainText()      # "Quay lại" keeps the text
    assert not tab.maybe_leave()                                # the window would not close either
    tab.new_report()                                            # "Không lưu" clears it
    assert len(asked) == 3 and not tab.narrative_edits["assessment"].toPlainText()
    assert tab.maybe_leave()


def test_delete_saved_report(qtbot, tab, demo, no_blocking_boxes):
    year_end_2025(tab)
    tab.narrative_edits["intro"].setPlainText(INTRO)
    assert tab.save()
    qtbot.waitUntil(lambda: tab.saved_list.count() == 1, timeout=10000)
    tab.saved_list.setCurrentRow(0)
    tab.delete_saved_button.click()
    assert no_blocking_boxes[-1][:2] == ("ask", "Xóa báo cáo đã lưu")   # a button named «Xóa báo cáo»
    assert not sql(demo, "SELECT id FROM saved_reports")
    qtbot.waitUntil(lambda: tab.saved_list.count() == 0, timeout=10000)
    assert tab.report_id is None


def test_cancelled_export_writes_nothing(qtbot, tab, tmp_path, monkeypatch):
    year_end_2025(tab)
    save_dialog_returns(monkeypatch, tmp_path / "Huy.docx")
    tab.docx_button.click()
    assert tab.progress_dialog is not None and not tab.docx_button.isEnabled()
    from PySide6.QtWidgets import QPushButton

    cancel = [b for b in tab.progress_dialog.findChildren(QPushButton) if b.text() == "Hủy"]
    assert len(cancel) == 1
    cancel[0].click()
    qtbot.waitUntil(lambda: tab.docx_button.isEnabled(), timeout=30000)
    assert "hủy" in tab.status.text()
    assert not (tmp_path / "Huy.docx").exists()
    assert tab.last_path is None and not tab.open_file_button.isEnabled()


def test_main_window_has_the_reports_tab(window, qtbot):
    from app.ui.reports_tab import ReportsTab

    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert "Báo cáo" in titles
    tab = window.tabs.widget(titles.index("Báo cáo"))
    assert isinstance(tab, ReportsTab)
    window.open_reports()
    assert window.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: not tab.loader.busy(), timeout=10000)
    assert tab.saved_list.count() == 0
    # in the window (menu bar and tab bar take their share of 768 px)
    window.resize(1366, 768)
    year_end_2025(tab)
    preview(qtbot, tab)
    QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SCREENSHOTS / "6_bao_cao.png"))
