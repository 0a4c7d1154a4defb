"""Kết nạp: a candidate entered, admitted (carrying their data over), then confirmed official after 12
months — refused before; targets edited in place with % of plan and of membership."""

from datetime import date

from PySide6.QtCore import Qt

from .ask_answers import answers  # noqa: F401  (autouse)
from .conftest import in_dialog, ok, set_date, sql, type_text, wait_loaded

NAME = "Giàng Thị Dợ"


def _tab(window, qtbot):
    window.tabs.setCurrentWidget(window.recruitment)
    wait_loaded(qtbot, window.recruitment)
    return window.recruitment


def _select_candidate(tab, name):
    row = next(i for i, r in enumerate(tab.candidates.rows) if r.full_name == name)
    tab.candidate_view.setCurrentIndex(tab.candidates.index(row, 0))
    return tab.candidates.rows[row]


def test_admit_a_candidate_then_confirm_after_twelve_months(window, qtbot, demo_db, answers):
    tab = _tab(window, qtbot)
    unit = next(u for u in tab.units if u.kind.value == "cell")

    def add(dialog):
        type_text(dialog.field("full_name"), NAME)
        dialog.field("gender").setCurrentIndex(dialog.field("gender").findText("Nữ"))
        set_date(dialog.field("birth_date"), date(1998, 5, 12))
        type_text(dialog.field("ethnicity"), "H'Mông")
        dialog.field("general_education_text").setText("12/12")
        dialog.field("unit_id").set_value(unit.id)
        set_date(dialog.field("introduced_on"), date(2025, 3, 1))
        type_text(dialog.field("introducer_1"), "Lò Văn Minh")
        type_text(dialog.field("introducer_2"), "Vàng Thị Sua")
        ok(dialog)

    assert in_dialog(qtbot, window.new, add)  # Ctrl+N on this tab adds a candidate
    wait_loaded(qtbot, tab)   # the lists are read again off the UI thread
    _select_candidate(tab, NAME)
    seen = {}

    def admit_refused(dialog):
        set_date(dialog.field("decision_date"), date(2025, 8, 10))
        ok(dialog)
        seen["error"] = dialog.form.general_error.text()
        dialog.reject()

    assert not in_dialog(qtbot, tab.admit, admit_refused)
    assert "lớp bồi dưỡng nhận thức" in seen["error"]

    def certificate(dialog):
        set_date(dialog.field("class_certificate_on"), date(2025, 6, 15))
        dialog.field("class_certificate_number").setText("123/GCN")
        ok(dialog)

    _select_candidate(tab, NAME)
    assert in_dialog(qtbot, tab.edit_candidate, certificate)
    wait_loaded(qtbot, tab)
    assert _select_candidate(tab, NAME).stage.value == "class_done"

    def admit(dialog):
        set_date(dialog.field("decision_date"), date(2025, 8, 10))
        set_date(dialog.field("ceremony_date"), date(2025, 8, 20))
        dialog.field("decision_number").setText("310-QĐ/ĐU")
        ok(dialog)

    assert in_dialog(qtbot, tab.admit, admit)
    wait_loaded(qtbot, tab)
    member_id = tab.admitted_member_id
    assert answers.last()["title"] == "Đã kết nạp" and NAME in answers.last()["text"]  # the clerk is told
    row = sql(demo_db, "SELECT full_name, ethnicity, birth_date, gender, current_standing, current_unit_id, "
                       "admitted_on, ceremony_on, general_education_text FROM members WHERE id = ?", member_id)[0]
    assert row == (NAME, "Mông", "1998-05-12", "female", "probationary", unit.id, "2025-08-10", "2025-08-20", "12/12")
    assert sql(demo_db, "SELECT introducers, decision_number FROM member_events WHERE member_id = ? AND kind = "
                        "'admitted'", member_id) == [("Lò Văn Minh; Vàng Thị Sua", "310-QĐ/ĐU")]
    assert NAME not in {r.full_name for r in tab.candidates.rows}  # no longer pending

    # probationers with the day their 12 months end
    tab.tabs.setCurrentIndex(2)
    prow = next(i for i, r in enumerate(tab.probation.rows) if r.member_id == member_id)
    assert tab.probation.rows[prow].probation_end == date(2026, 8, 20)
    tab.probation_view.setCurrentIndex(tab.probation.index(prow, 0))

    def confirm(dialog):
        set_date(dialog.form.fields["decision_date"], date(2026, 5, 4))  # before the 12 months end
        ok(dialog)
        seen["confirm_error"] = dialog.form.errors["decision_date"].text()
        set_date(dialog.form.fields["decision_date"], date(2026, 9, 15))
        dialog.form.fields["decision_number"].setText("402-QĐ/ĐU")
        ok(dialog)

    assert in_dialog(qtbot, tab.confirm, confirm)
    wait_loaded(qtbot, tab)
    assert "Chưa đủ 12 tháng" in seen["confirm_error"] and "20/08/2026" in seen["confirm_error"]
    # official from the day the 12 months end, even though decided later (Điều lệ Đảng, Điều 5)
    assert sql(demo_db, "SELECT current_standing, official_on FROM members WHERE id = ?", member_id) == \
        [("official", "2026-08-20")]
    assert member_id not in {r.member_id for r in tab.probation.rows}


def test_targets_with_percent_of_plan_and_membership(window, qtbot, demo_db):
    tab = _tab(window, qtbot)
    tab.tabs.setCurrentIndex(1)
    tab.year.setValue(2026)
    wait_loaded(qtbot, tab)
    model = tab.targets
    row = next(i for i, r in enumerate(model.rows) if r["members"] > 0)
    r = model.rows[row]
    assert model.setData(model.index(row, 1), 4, Qt.ItemDataRole.EditRole)
    assert sql(demo_db, "SELECT target FROM recruitment_targets WHERE unit_id = ? AND year = 2026", r["unit_id"]) == [(4,)]
    admitted = sql(demo_db, "SELECT COUNT(*) FROM member_events WHERE kind = 'admitted' AND unit_id = ? AND "
                            "event_date BETWEEN '2026-01-01' AND '2026-12-31'", r["unit_id"])[0][0]
    assert model.data(model.index(row, 2)) == str(admitted)
    from decimal import ROUND_HALF_UP, Decimal

    share = (Decimal(admitted * 100) / 4).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    assert model.data(model.index(row, 3)) == f"{share}%".replace(".", ",")
    assert not model.setData(model.index(row, 1), -1, Qt.ItemDataRole.EditRole)
    assert "không âm" in tab.target_total.text()
    total_target = sql(demo_db, "SELECT SUM(target) FROM recruitment_targets WHERE year = 2026")[0][0]
    assert f"/{total_target} quần chúng" in tab.target_total.text()


def test_esc_in_a_new_candidate_asks_before_throwing_typing_away(window, qtbot, demo_db, answers):
    tab = _tab(window, qtbot)
    before = sql(demo_db, "SELECT COUNT(*) FROM candidates")[0][0]
    seen = {}

    def esc(dialog):
        from PySide6.QtTest import QTest

        type_text(dialog.field("full_name"), "Vàng Seo Chờ")
        answers.replies = ["Quay lại nhập tiếp"]
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        seen["kept"] = dialog.isVisible() and dialog.field("full_name").text() == "Vàng Seo Chờ"
        seen["asked"] = answers.last()["title"]
        QTest.keyClick(dialog, Qt.Key.Key_Escape)  # answered "Bỏ dữ liệu đã nhập"
        seen["closed"] = not dialog.isVisible()

    assert not in_dialog(qtbot, window.new, esc)
    assert seen == {"kept": True, "asked": "Bỏ dữ liệu đã nhập?", "closed": True}
    assert sql(demo_db, "SELECT COUNT(*) FROM candidates")[0][0] == before
