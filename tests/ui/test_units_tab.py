"""Tổ chức: found a unit (refused without a name, beside the field), rename, dissolve; past units kept."""

from datetime import date

from .ask_answers import answers  # noqa: F401  (autouse)
from .conftest import in_dialog, ok, set_date, sql, type_text, wait_loaded


def _tab(window, qtbot):
    window.tabs.setCurrentWidget(window.units)
    wait_loaded(qtbot, window.units)   # the tree and the details are read off the UI thread
    return window.units


def test_create_rename_and_dissolve_a_unit(window, qtbot, demo_db):
    tab = _tab(window, qtbot)
    root = next(u for u in tab.units if u.kind.value == "commune")
    tab.select_unit(root.id)
    wait_loaded(qtbot, tab)
    before = sql(demo_db, "SELECT COUNT(*) FROM units")[0][0]
    seen = {}

    def fill(dialog):
        ok(dialog)  # no name yet
        seen["error"] = dialog.form.errors["name"].text()
        type_text(dialog.field("name"), "Chi bộ thôn Nà Khương")
        set_date(dialog.field("founded_on"), date(2026, 1, 15))
        dialog.field("decision_number").setText("205-QĐ/ĐU")
        set_date(dialog.field("decision_date"), date(2026, 1, 10))
        ok(dialog)

    assert in_dialog(qtbot, window.new, fill)  # Ctrl+N on this tab founds a unit
    wait_loaded(qtbot, tab)
    assert "Chưa nhập tên" in seen["error"]
    rows = sql(demo_db, "SELECT id, parent_id, kind, active_from FROM units WHERE name = 'Chi bộ thôn Nà Khương'")
    assert len(rows) == 1 and rows[0][1] == root.id and rows[0][2] == "cell" and rows[0][3] == "2026-01-15"
    assert sql(demo_db, "SELECT COUNT(*) FROM units")[0][0] == before + 1
    new_id = rows[0][0]
    assert tab.current_id == new_id and tab.title.text() == "Chi bộ thôn Nà Khương"
    assert tab.events.rows[0]["label"] == "Thành lập" and tab.events.rows[0]["decision_number"] == "205-QĐ/ĐU"

    def rename(dialog):
        field = dialog.field("new_name")
        field.clear()
        type_text(field, "Chi bộ bản Nà Khương")
        set_date(dialog.field("on"), date(2026, 3, 1))
        dialog.field("decision_number").setText("230-QĐ/ĐU")
        ok(dialog)

    assert in_dialog(qtbot, tab.rename_unit, rename)
    wait_loaded(qtbot, tab)
    assert sql(demo_db, "SELECT name FROM units WHERE id = ?", new_id) == [("Chi bộ bản Nà Khương",)]
    assert [e["label"] for e in tab.events.rows] == ["Thành lập", "Đổi tên"]

    def dissolve(dialog):
        set_date(dialog.field("on"), date(2026, 1, 1))  # before it was founded: refused beside the date
        ok(dialog)
        seen["dissolve_error"] = dialog.form.errors["on"].text()
        set_date(dialog.field("on"), date(2026, 6, 30))
        dialog.field("decision_number").setText("260-QĐ/ĐU")
        ok(dialog)

    assert in_dialog(qtbot, tab.dissolve_unit, dissolve)
    wait_loaded(qtbot, tab)
    assert "không còn hoạt động" in seen["dissolve_error"]
    assert sql(demo_db, "SELECT active_to FROM units WHERE id = ?", new_id) == [("2026-06-30",)]
    # never deleted: hidden from today's tree, shown on request
    names = lambda: {tab.model.item(i).text() for i in range(tab.model.rowCount())} | {  # noqa: E731
        tab.model.item(i).child(j).text() for i in range(tab.model.rowCount())
        for j in range(tab.model.item(i).rowCount())}
    assert "Chi bộ bản Nà Khương" not in names()
    tab.show_ended.setChecked(True)
    wait_loaded(qtbot, tab)
    assert "Chi bộ bản Nà Khương" in names()
    assert "Chi bộ Trạm Khuyến nông" in names()  # the demo's unit dissolved in 2025


def test_dissolving_a_unit_with_members_is_refused(window, qtbot, demo_db):
    tab = _tab(window, qtbot)
    busy = max((u for u in tab.units if u.kind.value == "cell"), key=lambda u: u.member_count)
    tab.select_unit(busy.id)
    wait_loaded(qtbot, tab)
    assert tab.members.rowCount() == busy.member_count > 0
    seen = {}

    def fill(dialog):
        ok(dialog)
        seen["error"] = dialog.form.general_error.text()
        dialog.reject()

    assert not in_dialog(qtbot, tab.dissolve_unit, fill)
    wait_loaded(qtbot, tab)
    assert "còn" in seen["error"] and "đảng viên" in seen["error"]
    assert sql(demo_db, "SELECT active_to FROM units WHERE id = ?", busy.id) == [(None,)]


def test_merge_moves_members(window, qtbot, demo_db):
    tab = _tab(window, qtbot)
    cells = sorted((u for u in tab.units if u.kind.value == "cell" and u.depth == 1), key=lambda u: u.member_count)
    small, big = cells[0], cells[-1]
    tab.select_unit(small.id)
    wait_loaded(qtbot, tab)

    def fill(dialog):
        dialog.field("into_unit_id").set_value(big.id)
        set_date(dialog.field("on"), date.today())
        ok(dialog)

    assert in_dialog(qtbot, tab.merge_unit, fill)
    wait_loaded(qtbot, tab)
    assert sql(demo_db, "SELECT COUNT(*) FROM members WHERE current_unit_id = ? AND is_on_roll = 1", small.id) == [(0,)]
    tab.select_unit(big.id)
    wait_loaded(qtbot, tab)
    assert tab.members.rowCount() == small.member_count + big.member_count
