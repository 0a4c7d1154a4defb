"""Đảng viên: search as you type with and without accents, transfer out changes the counts, the detail
form saves, refuses next to the field, and never drops unsaved changes silently."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from app.models.enums import Standing, TransferScope

from .ask_answers import answers  # noqa: F401  (autouse)
from .conftest import in_dialog, ok, set_date, sql, type_text, wait_loaded


def _on_roll_count(db):
    # an independent count: members on the list today, straight from the spans table
    today = date.today().isoformat()
    return sql(db, "SELECT COUNT(DISTINCT member_id) FROM member_spans WHERE counted = 1 AND valid_from <= ? "
                   "AND (valid_to IS NULL OR valid_to > ?)", today, today)[0][0]


def _show_members(window, qtbot):
    window.tabs.setCurrentWidget(window.members)
    wait_loaded(qtbot, window.members)
    qtbot.waitUntil(lambda: window.members.loaded, timeout=15000)
    return window.members


def test_search_with_and_without_accents(window, qtbot, demo_db):
    tab = _show_members(window, qtbot)
    everyone = tab.model.rowCount()
    expected = sql(demo_db, "SELECT COUNT(*) FROM members WHERE is_on_roll = 1 AND full_name LIKE 'Nguyễn%'")[0][0]
    assert expected > 0
    window.find()  # Ctrl+F
    assert tab.search.hasFocus()
    type_text(tab.search, "Nguyễn")
    with_accents = {tab.model.row_at(i).id for i in range(tab.model.rowCount())}
    assert 0 < len(with_accents) < everyone
    tab.search.clear()
    qtbot.keyClicks(tab.search, "nguyen")
    without = {tab.model.row_at(i).id for i in range(tab.model.rowCount())}
    assert without == with_accents
    # "nguyen" also matches given names, so at least every Nguyễn family member is there
    assert len(without) >= expected
    tab.search.clear()
    type_text(tab.search, "đặng")
    dang = {tab.model.row_at(i).full_name for i in range(tab.model.rowCount())}
    tab.search.clear()
    qtbot.keyClicks(tab.search, "DANG")
    assert {tab.model.row_at(i).full_name for i in range(tab.model.rowCount())} == dang
    assert dang and all("Đặng" in n or "dang" in n.lower() or "Đăng" in n for n in dang)
    # Enter goes to the list and opens the first match
    QTest.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.detail.member_id == tab.model.row_at(0).id
    tab.search.clear()
    assert tab.model.rowCount() == everyone


def test_transfer_out_changes_counts_and_member_stays_findable(window, qtbot, demo_db):
    window.tabs.setCurrentWidget(window.home)
    wait_loaded(qtbot, window.home)
    qtbot.waitUntil(lambda: window.home.snapshot is not None, timeout=15000)
    before = _on_roll_count(demo_db)
    assert window.home.values["members"].text().replace(".", "") == str(before)

    tab = _show_members(window, qtbot)
    target = next(tab.model.row_at(i) for i in range(tab.model.rowCount())
                  if tab.model.row_at(i).unit_id and not tab.model.row_at(i).is_exempt)
    unit_count_before = sql(demo_db, "SELECT COUNT(*) FROM members WHERE current_unit_id = ? AND is_on_roll = 1",
                            target.unit_id)[0][0]
    tab.select_member(target.id)
    assert tab.detail.member_id == target.id

    def fill(dialog):
        set_date(dialog.form.fields["on"], date.today())
        dialog.form.fields["place"].setText("Đảng bộ phường Tân Phong, tỉnh Lai Châu")
        ok(dialog)  # no scope, no letter number: asked for, nothing written
        assert "Biểu 1" in dialog.form.errors["scope"].text() and dialog.isVisible()
        dialog.form.fields["scope"].set_value(TransferScope.OTHER_PROVINCE)
        ok(dialog)
        assert "giấy giới thiệu" in dialog.form.errors["decision_number"].text()
        dialog.form.fields["decision_number"].setText("12-GGT/ĐU")
        ok(dialog)

    assert in_dialog(qtbot, lambda: tab.run_action("transfer_out"), fill)
    assert _on_roll_count(demo_db) == before - 1
    # the clerk sees it: the list hides them by default, the home page counts one fewer
    wait_loaded(qtbot, tab)
    assert tab.model.row_of(target.id) is None
    window.tabs.setCurrentWidget(window.home)
    wait_loaded(qtbot, window.home)
    qtbot.waitUntil(lambda: window.home.values["members"].text().replace(".", "") == str(before - 1), timeout=15000)
    window.tabs.setCurrentWidget(window.units)
    wait_loaded(qtbot, window.units)
    window.units.select_unit(target.unit_id)
    wait_loaded(qtbot, window.units)   # the unit's details are read off the UI thread
    assert window.units.members.rowCount() == unit_count_before - 1
    # kept and findable
    window.tabs.setCurrentWidget(tab)
    from app.ui.member_model import ALL

    tab.f_status.setCurrentIndex(tab.f_status.findData(ALL))
    type_text(tab.search, target.full_name)
    assert tab.model.row_of(target.id) is not None
    assert "Chuyển sinh hoạt đi" in tab.detail.state.text()


def test_action_refused_shows_message_next_to_field(window, qtbot, demo_db):
    tab = _show_members(window, qtbot)
    target = next(tab.model.row_at(i) for i in range(tab.model.rowCount())
                  if tab.model.row_at(i).birth_date and tab.model.row_at(i).is_on_roll)
    tab.select_member(target.id)
    seen = {}

    def fill(dialog):
        # a death before birth is refused by the service; the dialog stays open with the message by the date
        set_date(dialog.form.fields["on"], target.birth_date.replace(year=target.birth_date.year - 1))
        ok(dialog)
        seen["error"] = dialog.form.errors["on"].text()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    assert not in_dialog(qtbot, lambda: tab.run_action("death"), fill)
    assert seen["open"] and "trước ngày sinh" in seen["error"]
    assert sql(demo_db, "SELECT COUNT(*) FROM member_events WHERE member_id = ? AND kind = 'deceased'",
               target.id)[0][0] == 0


def test_edit_save_and_unsaved_changes_guard(window, qtbot, demo_db, monkeypatch):
    tab = _show_members(window, qtbot)
    first, second = tab.model.row_at(0), tab.model.row_at(1)
    tab.select_member(first.id)
    phone = tab.detail.widgets["phone"]
    phone.setText("0987654321")
    phone.textEdited.emit("0987654321")
    assert tab.save_button.isEnabled()
    # moving to another member asks; "Quay lại" keeps the form and the edit
    monkeypatch.setattr("app.ui.members_tab.ask_save", lambda *a: QMessageBox.StandardButton.Cancel)
    tab.view.setCurrentIndex(tab.model.index(1, 0))
    assert tab.detail.member_id == first.id and phone.text() == "0987654321"
    # "Lưu" saves then moves on
    monkeypatch.setattr("app.ui.members_tab.ask_save", lambda *a: QMessageBox.StandardButton.Save)
    tab.view.setCurrentIndex(tab.model.index(1, 0))
    assert tab.detail.member_id == second.id
    assert sql(demo_db, "SELECT phone FROM members WHERE id = ?", first.id)[0][0] == "0987654321"
    # a refused edit is shown beside its field, nothing written
    tab.select_member(second.id)
    cccd = tab.detail.widgets["national_id"]
    cccd.setText("123")
    cccd.textEdited.emit("123")
    assert not tab.save()
    assert "12 chữ số" in tab.detail.form_of("national_id").errors["national_id"].text()
    QTest.keyClick(cccd, Qt.Key.Key_Escape)  # Esc in the form cancels the edit
    assert cccd.text() == (second.national_id or "")
    # year-only birth dates exist in old records
    birth = tab.detail.widgets["birth_date"]
    birth.setText("1958")
    birth.textEdited.emit("1958")
    assert tab.save()
    assert sql(demo_db, "SELECT birth_date, birth_date_precision FROM members WHERE id = ?", second.id)[0] == \
        ("1958-01-01", "year")
    assert tab.detail.widgets["birth_date"].text() == "1958"


def test_new_member_with_ctrl_n_gets_a_party_history(window, qtbot, demo_db, answers):
    """An existing member entered by hand (admitted years ago, in a chi bộ founded only in 2025): the chi bộ
    must be chosen, the dossier's dates are kept, the member is official from them."""
    tab = _show_members(window, qtbot)
    window.new()  # Ctrl+N on the members tab
    assert tab.detail.entry_box.isVisibleTo(tab)
    assert tab.detail.entry_unit.value() is None  # never silently the first chi bộ
    type_text(tab.detail.widgets["full_name"], "Lường Thị Ếch")
    tab.detail.widgets["birth_date"].setText("02/09/1960")
    set_date(tab.detail.entry_admitted, date(1985, 5, 19))
    set_date(tab.detail.entry_official, date(1986, 5, 19))
    set_date(tab.detail.entry_date, date(2025, 8, 1))
    assert not tab.save()
    assert "Chưa chọn chi bộ" in tab.detail.entry.errors["unit_id"].text()
    tab.detail.entry_unit.setCurrentIndex(1)
    unit_id = tab.detail.entry_unit.value()
    set_date(tab.detail.entry_date, date(2024, 3, 1))
    assert not tab.save()  # the demo's units were founded on 1/7/2025: not on the list before that
    assert "không hoạt động" in tab.detail.entry.errors["unit_id"].text()
    set_date(tab.detail.entry_date, date(2025, 8, 1))
    assert tab.save(), tab.detail.entry_error.text()
    rows = sql(demo_db, "SELECT id, is_on_roll, current_unit_id, admitted_on, official_on, current_standing "
                        "FROM members WHERE full_name = 'Lường Thị Ếch'")
    assert len(rows) == 1
    mid, on_roll, unit, admitted, official, standing = rows[0]
    assert (on_roll, unit, admitted, official, standing) == (1, unit_id, "1985-05-19", "1986-05-19", "official")
    wait_loaded(qtbot, tab)
    assert tab.detail.member_id == mid == tab.highlighted_id()
    assert "Ngày vào Đảng: 19/05/1985" in tab.detail.party_info.text()


def test_new_member_transferred_in_asks_where_from(window, qtbot, demo_db, answers):
    tab = _show_members(window, qtbot)
    tab.new_member()
    d = tab.detail
    d.entry_kind.setCurrentIndex(d.entry_kind.findData("transfer_in"))
    assert d.entry_place.isVisibleTo(tab) and d.entry_scope.isVisibleTo(tab)
    type_text(d.widgets["full_name"], "Hà Văn Đến")
    d.entry_unit.setCurrentIndex(2)
    set_date(d.entry_admitted, date(2012, 2, 3))
    set_date(d.entry_official, date(2013, 2, 3))
    set_date(d.entry_date, date(2026, 1, 5))
    assert not tab.save()
    assert "Biểu 1" in d.entry.errors["scope"].text()
    d.entry_scope.set_value(TransferScope.SAME_PROVINCE)
    d.entry_place.setText("Đảng bộ xã Nậm Hàng")
    assert tab.save(), d.entry_error.text()
    assert sql(demo_db, "SELECT e.kind, e.scope, e.place FROM member_events e JOIN members m ON m.id = e.member_id "
                        "WHERE m.full_name = 'Hà Văn Đến'") == [("transferred_in", "same_province",
                                                                 "Đảng bộ xã Nậm Hàng")]


def test_esc_in_the_new_member_form_asks_before_throwing_typing_away(window, qtbot, demo_db, answers):
    tab = _show_members(window, qtbot)
    tab.new_member()
    type_text(tab.detail.widgets["full_name"], "Quàng Văn Gõ")
    answers.replies = ["Quay lại nhập tiếp"]
    QTest.keyClick(tab.detail.widgets["full_name"], Qt.Key.Key_Escape)
    assert answers.last()["title"] == "Bỏ dữ liệu đã nhập?"
    assert tab.detail.widgets["full_name"].text() == "Quàng Văn Gõ" and tab.detail.isEnabled()
    QTest.keyClick(tab.detail.widgets["full_name"], Qt.Key.Key_Escape)  # now answered "Bỏ dữ liệu đã nhập"
    assert tab.detail.widgets["full_name"].text() == "" and not tab.detail.isEnabled()
    # an empty form closes without a question
    asked = len(answers.asked)
    tab.new_member()
    QTest.keyClick(tab.detail.widgets["full_name"], Qt.Key.Key_Escape)
    assert len(answers.asked) == asked and not tab.detail.isEnabled()


def test_every_lifecycle_action_has_a_dialog(window, qtbot, demo_db):
    """Each action of the menu opens its dialog on a member (and cancelling writes nothing)."""
    from app.ui.member_actions import ACTIONS

    tab = _show_members(window, qtbot)
    member = tab.model.row_at(0)
    tab.select_member(member.id)
    before = sql(demo_db, "SELECT COUNT(*) FROM member_events")[0][0]
    titles = []

    def look(dialog):
        titles.append(dialog.windowTitle())
        assert dialog.form.fields  # every field laid out
        dialog.reject()

    for action in ACTIONS:
        assert not in_dialog(qtbot, lambda a=action: tab.run_action(a.key), look)
    assert len(titles) == len(ACTIONS) and all(member.full_name in t for t in titles)
    assert sql(demo_db, "SELECT COUNT(*) FROM member_events")[0][0] == before


def test_suspended_member_is_greyed_in_the_rating_grid(window, qtbot, demo_db):
    tab = _show_members(window, qtbot)
    member = next(tab.model.row_at(i) for i in range(tab.model.rowCount())
                  if tab.model.row_at(i).standing and tab.model.row_at(i).standing.value == "official"
                  and not tab.model.row_at(i).is_exempt and tab.model.row_at(i).admitted_on.year < 2020)
    tab.select_member(member.id)

    def fill(dialog):
        set_date(dialog.form.fields["start"], date(2026, 10, 1))
        dialog.form.fields["reason"].setText("Đang bị xem xét kỷ luật")
        ok(dialog)

    assert in_dialog(qtbot, lambda: tab.run_action("suspend"), fill)
    ev = window.evaluation
    window.tabs.setCurrentWidget(ev)
    wait_loaded(qtbot, ev)
    ev.year.setValue(2026)
    wait_loaded(qtbot, ev)
    row = next(r for r in ev.model.rows if r.member_id == member.id)
    assert not row.can_rate and "đình chỉ" in row.reason.lower()


def _click_row(qtbot, tab, row):
    view = tab.view
    rect = view.visualRect(tab.model.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _edit(tab, name, text):
    w = tab.detail.widgets[name]
    w.setText(text)
    w.textEdited.emit(text)
    return w


def _settled(qtbot, tab):
    qtbot.wait(30)  # the highlight is put back on the next turn of the event loop, after the click's own selection
    return tab.highlighted_id()


def test_highlight_and_open_record_never_drift_apart(window, qtbot, demo_db, monkeypatch, answers):
    tab = _show_members(window, qtbot)
    first, second = tab.model.row_at(0), tab.model.row_at(1)
    _click_row(qtbot, tab, 0)
    assert tab.detail.member_id == first.id == _settled(qtbot, tab)
    phone = _edit(tab, "phone", "0911222333")

    def refused_move(answer):
        monkeypatch.setattr("app.ui.members_tab.ask_save", lambda *a: answer)
        _click_row(qtbot, tab, 1)
        assert _settled(qtbot, tab) == tab.detail.member_id == first.id

    # 1. "Quay lại" on the unsaved-changes question, by mouse and by keyboard
    refused_move(QMessageBox.StandardButton.Cancel)
    assert phone.text() == "0911222333"
    QTest.keyClick(tab.view, Qt.Key.Key_Down)
    assert _settled(qtbot, tab) == tab.detail.member_id == first.id

    # 2. a refused save ("Lưu" chosen, the CCCD is wrong): the form stays, and so does the highlight
    cccd = _edit(tab, "national_id", "123")
    refused_move(QMessageBox.StandardButton.Save)
    assert "12 chữ số" in tab.detail.form_of("national_id").errors["national_id"].text()

    # 3. Hủy / Esc: "Quay lại nhập tiếp" keeps the typing; "Bỏ" reloads; the highlight is the record either way
    answers.replies = ["Quay lại nhập tiếp"]
    assert not tab.cancel()
    assert cccd.text() == "123" and _settled(qtbot, tab) == first.id
    QTest.keyClick(cccd, Qt.Key.Key_Escape)  # answered with the action: throw the typing away
    assert answers.last()["buttons"] == ["Bỏ dữ liệu đã nhập", "Quay lại nhập tiếp"]
    assert cccd.text() == (first.national_id or "") and _settled(qtbot, tab) == tab.detail.member_id == first.id

    # 4. clicking the other row now works at once (the highlight was not left on it)
    _click_row(qtbot, tab, 1)
    assert tab.detail.member_id == second.id == _settled(qtbot, tab)

    # 5. a new member: nothing is highlighted; "Quay lại" keeps it so
    tab.new_member()
    assert _settled(qtbot, tab) is None and tab.detail.member_id is None
    type_text(tab.detail.widgets["full_name"], "Lò Văn Mới")
    monkeypatch.setattr("app.ui.members_tab.ask_save", lambda *a: QMessageBox.StandardButton.Cancel)
    _click_row(qtbot, tab, 0)
    assert _settled(qtbot, tab) is None and tab.detail.member_id is None
    assert tab.detail.widgets["full_name"].text() == "Lò Văn Mới"
    # … and a filter that hides the open record leaves nothing highlighted, never someone else
    monkeypatch.setattr("app.ui.members_tab.ask_save", lambda *a: QMessageBox.StandardButton.Discard)
    _click_row(qtbot, tab, 0)
    assert tab.detail.member_id == first.id
    qtbot.keyClicks(tab.search, "zzzz-khong-ai")
    assert tab.highlighted_id() is None
    tab.search.clear()
    assert tab.highlighted_id() == first.id

    # 6. the event dialog names the person in large type, not only in a cut-off title
    def look(dialog):
        assert first.full_name in dialog.who.text() and dialog.who.isVisible()
        dialog.reject()

    assert not in_dialog(qtbot, lambda: tab.run_action("reward"), look)


def test_event_menu_offers_only_what_the_state_allows(window, qtbot, demo_db):
    tab = _show_members(window, qtbot)
    official = next(tab.model.row_at(i) for i in range(tab.model.rowCount())
                    if tab.model.row_at(i).standing == Standing.OFFICIAL)
    tab.select_member(official.id)
    tab._offer_actions()
    visible = {k for k, item in tab.action_items.items() if item.isVisible()}
    assert "confirm" not in visible and "admit" not in visible and "restore" not in visible
    assert {"transfer_out", "death", "badge"} <= visible
    probationer = next(tab.model.row_at(i) for i in range(tab.model.rowCount())
                       if tab.model.row_at(i).standing == Standing.PROBATIONARY)
    tab.select_member(probationer.id)
    tab._offer_actions()
    assert tab.action_items["confirm"].isVisible()


def test_transfer_out_in_the_future_asks_first(window, qtbot, demo_db, answers):
    from datetime import timedelta

    tab = _show_members(window, qtbot)
    target = next(tab.model.row_at(i) for i in range(tab.model.rowCount()) if tab.model.row_at(i).is_on_roll)
    tab.select_member(target.id)
    seen = {}

    def fill(dialog):
        set_date(dialog.form.fields["on"], date.today() + timedelta(days=40))
        dialog.form.fields["scope"].set_value(TransferScope.SAME_PROVINCE)
        dialog.form.fields["place"].setText("Đảng bộ xã Nậm Hàng")
        dialog.form.fields["decision_number"].setText("7-GGT/ĐU")
        answers.replies = ["Sửa lại ngày"]
        ok(dialog)
        seen["asked"] = answers.last()
        seen["open"] = dialog.isVisible()
        dialog.reject()

    answers.replies = []
    assert not in_dialog(qtbot, lambda: tab.run_action("transfer_out"), fill)
    assert seen["open"] and seen["asked"]["buttons"] == ["Vẫn ghi", "Sửa lại ngày"]
    assert sql(demo_db, "SELECT COUNT(*) FROM member_events WHERE member_id = ? AND kind = 'transferred_out'",
               target.id)[0][0] == 0


def test_delete_event_asks_with_a_button_named_by_the_action(window, qtbot, demo_db, answers):
    tab = _show_members(window, qtbot)
    member = tab.model.row_at(0)
    tab.select_member(member.id)
    before = sql(demo_db, "SELECT COUNT(*) FROM member_events WHERE member_id = ?", member.id)[0][0]
    tab.detail.timeline_view.setCurrentIndex(tab.detail.timeline.index(0, 0))
    answers.replies = ["Quay lại"]
    tab.delete_event()
    assert answers.last()["buttons"] == ["Xóa sự kiện", "Quay lại"]
    assert member.full_name in answers.last()["text"]
    assert sql(demo_db, "SELECT COUNT(*) FROM member_events WHERE member_id = ?", member.id)[0][0] == before


def test_record_shows_ratings_year_by_year_and_ethnicity_is_chosen_from_the_54(window, qtbot, demo_db):
    tab = _show_members(window, qtbot)
    member_id, count = sql(demo_db, "SELECT member_id, COUNT(*) FROM evaluations GROUP BY member_id "
                                    "ORDER BY COUNT(*) DESC LIMIT 1")[0]
    tab.select_member(member_id)
    years = [y for (y,) in sql(demo_db, "SELECT year FROM evaluations WHERE member_id = ? ORDER BY year DESC",
                               member_id)]
    assert tab.detail.ratings.rowCount() == count == len(years)
    assert [int(tab.detail.ratings.index(i, 0).data()) for i in range(count)] == years
    assert tab.detail.tabs.tabText(tab.detail.tabs.count() - 1) == "Đánh giá"
    combo = tab.detail.widgets["ethnicity"]
    assert combo.count() == 54 and combo.findText("Kinh") >= 0 and combo.findText("Mông") >= 0
    combo.completer().setCompletionPrefix("mông")
    assert combo.completer().currentCompletion() == "Mông"
    combo.setText("Tày")
    combo.editTextChanged.emit("Tày")
    assert tab.save()
    assert sql(demo_db, "SELECT ethnicity FROM members WHERE id = ?", member_id) == [("Tày",)]
