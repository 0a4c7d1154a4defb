"""Đánh giá: 50 members rated by keyboard (keys 1–4, one key each), live counts, the 20% warning,
greyed members skipped, organisations rated, lock and reopen with a kept reason."""

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .ask_answers import answers  # noqa: F401  (autouse)
from .conftest import in_dialog, ok, sql, wait_loaded

YEAR = 2026  # the demo holds ratings up to last year; this year's grid starts empty


def _tab(window, qtbot):
    tab = window.evaluation
    window.tabs.setCurrentWidget(tab)
    wait_loaded(qtbot, tab)
    tab.year.setValue(YEAR)
    wait_loaded(qtbot, tab)
    return tab


def test_rate_fifty_members_by_keyboard(window, qtbot, demo_db):
    tab = _tab(window, qtbot)
    rows = tab.model.rows
    rateable = [r for r in rows if r.can_rate]
    greyed = [r for r in rows if not r.can_rate]
    assert len(rateable) >= 50 and greyed, "the demo has exempt and new members who cannot be rated"
    assert all(r.reason for r in greyed)
    assert all(r.rating is None for r in rows)
    view = tab.view
    view.setFocus()
    # one key per member: 5 HTXSNV, 40 HTTNV, 4 HTNV, 1 KHTNV
    keys = [Qt.Key.Key_1] * 5 + [Qt.Key.Key_2] * 40 + [Qt.Key.Key_3] * 4 + [Qt.Key.Key_4]
    for key in keys:
        QTest.keyClick(view, key)
    assert len(tab.model.pending) == 50
    rated_ids = list(tab.model.pending)
    # the cursor skipped every greyed row: exactly the first 50 rateable members were rated, in order
    assert rated_ids == [r.member_id for r in rateable[:50]]
    assert Counter(tab.model.pending.values()) == {"HTXSNV": 5, "HTTNV": 40, "HTNV": 4, "KHTNV": 1}
    assert f"Đã xếp loại 50/{len(rateable)}" in tab.counts.text()
    assert "HTTNV trở lên: 45/50 (90,0%)" in tab.counts.text()
    assert "HTXSNV: 5 (10,0%)" in tab.counts.text()
    # a greyed row does not take a rating
    grey_row = rows.index(greyed[0])
    view.setCurrentIndex(tab.model.index(grey_row, 3))
    QTest.keyClick(view, Qt.Key.Key_1)
    assert greyed[0].member_id not in tab.model.pending
    # Ctrl+S through the window
    QTest.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_loaded(qtbot, tab)
    saved = dict(sql(demo_db, "SELECT member_id, rating FROM evaluations WHERE year = ?", YEAR))
    assert len(saved) == 50 and set(saved) == set(rated_ids)
    assert Counter(saved.values()) == {"HTXSNV": 5, "HTTNV": 40, "HTNV": 4, "KHTNV": 1}
    assert not tab.model.pending


def test_quota_warning_and_clearing(window, qtbot, demo_db):
    tab = _tab(window, qtbot)
    unit_id = Counter(r.unit_id for r in tab.model.rows if r.can_rate).most_common(1)[0][0]
    tab.unit.set_value(unit_id)
    wait_loaded(qtbot, tab)
    rateable = [r for r in tab.model.rows if r.can_rate]
    assert len(rateable) >= 6
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(rateable[0]), 3))
    # 3 HTXSNV of 6 rated: 50% > 20% of HTTNV-or-better
    for key in [Qt.Key.Key_1] * 3 + [Qt.Key.Key_2] * 3:
        QTest.keyClick(tab.view, key)
    assert "vượt 20%" in tab.warnings.text() and "3/6" in tab.warnings.text()
    # 0 clears the current row's rating; the warning follows live: 2 of 5 is still over, 1 of 4 too (25%)
    tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(rateable[0]), 3))
    QTest.keyClick(tab.view, Qt.Key.Key_0)
    assert "2/5" in tab.warnings.text()
    tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(rateable[1]), 3))
    QTest.keyClick(tab.view, Qt.Key.Key_Delete)
    assert "1/4" in tab.warnings.text()
    # 1 HTXSNV of 6 (16,7%) is within the quota
    for r in rateable[3:5]:
        tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(r), 3))
        QTest.keyClick(tab.view, Qt.Key.Key_2)
    tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(rateable[5]), 3))
    QTest.keyClick(tab.view, Qt.Key.Key_2)
    tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(rateable[0]), 3))
    QTest.keyClick(tab.view, Qt.Key.Key_2)
    tab.view.setCurrentIndex(tab.model.index(tab.model.rows.index(rateable[1]), 3))
    QTest.keyClick(tab.view, Qt.Key.Key_2)
    assert sorted(tab.model.pending.values()) == ["HTTNV"] * 5 + ["HTXSNV"]
    assert tab.warnings.text() == ""
    assert tab.save()
    assert sql(demo_db, "SELECT COUNT(*) FROM evaluations WHERE year = ?", YEAR)[0][0] == 6


def test_rate_units_lock_and_reopen_with_reason(window, qtbot, demo_db, no_blocking_boxes, answers):
    tab = _tab(window, qtbot)
    assert tab.unit_model.rowCount() > 0
    tab.unit_view.setFocus()
    tab.unit_view.setCurrentIndex(tab.unit_model.index(0, 3))
    QTest.keyClick(tab.unit_view, Qt.Key.Key_2)
    QTest.keyClick(tab.unit_view, Qt.Key.Key_1)
    first, second = tab.unit_model.rows[0].unit_id, tab.unit_model.rows[1].unit_id
    assert "1/2 tổ chức HTXSNV (50,0%)" in tab.unit_counts.text()  # over the 20% ceiling: warned
    assert tab.save()
    assert dict(sql(demo_db, "SELECT unit_id, rating FROM unit_evaluations WHERE year = ?", YEAR)) == \
        {first: "HTTNV", second: "HTXSNV"}
    rated = sql(demo_db, "SELECT COUNT(*) FROM evaluations WHERE year = ? AND rating IS NOT NULL", YEAR)[0][0]
    tab.lock()  # confirmed through the (recorded) question box, which says how many are still unrated
    asked = answers.last()
    assert asked["buttons"] == [f"Khóa năm {YEAR}", "Quay lại"]
    assert f"Mới xếp loại {rated:,} / ".replace(",", ".") in asked["text"] and "chưa xếp loại" in asked["text"]
    wait_loaded(qtbot, tab)
    assert sql(demo_db, "SELECT locked FROM year_locks WHERE year = ?", YEAR) == [(1,)]
    assert "Đã khóa" in tab.lock_label.text()
    row = next(i for i, r in enumerate(tab.model.rows) if r.can_rate)
    tab.view.setCurrentIndex(tab.model.index(row, 3))
    QTest.keyClick(tab.view, Qt.Key.Key_2)
    assert not tab.model.pending  # locked: keys do nothing

    seen = {}

    def fill(dialog):
        ok(dialog)  # no reason: refused beside the field
        seen["error"] = dialog.form.errors["reason"].text()
        dialog.form.fields["reason"].setPlainText("Cấp trên yêu cầu xem lại xếp loại chi bộ Trường THPT")
        ok(dialog)

    assert in_dialog(qtbot, tab.reopen, fill)
    wait_loaded(qtbot, tab)
    assert "lý do" in seen["error"]
    assert sql(demo_db, "SELECT locked FROM year_locks WHERE year = ?", YEAR) == [(0,)]
    assert sql(demo_db, "SELECT action, reason FROM year_lock_entries WHERE year = ? ORDER BY id", YEAR) == \
        [("lock", None), ("reopen", "Cấp trên yêu cầu xem lại xếp loại chi bộ Trường THPT")]
    assert "Cấp trên yêu cầu" in tab.lock_label.text()


def test_unsaved_ratings_are_not_lost_when_changing_year(window, qtbot, demo_db, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    tab = _tab(window, qtbot)
    tab.view.setFocus()
    QTest.keyClick(tab.view, Qt.Key.Key_2)
    monkeypatch.setattr("app.ui.evaluation_tab.ask_save", lambda *a: QMessageBox.StandardButton.Cancel)
    tab.year.setValue(YEAR - 1)
    assert tab.year.value() == YEAR and len(tab.model.pending) == 1
    monkeypatch.setattr("app.ui.evaluation_tab.ask_save", lambda *a: QMessageBox.StandardButton.Save)
    tab.year.setValue(YEAR - 1)
    wait_loaded(qtbot, tab)
    assert sql(demo_db, "SELECT COUNT(*) FROM evaluations WHERE year = ?", YEAR)[0][0] == 1
    assert tab._scope[0] == YEAR - 1
    assert any(r.rating for r in tab.model.rows)  # last year's demo ratings are shown
