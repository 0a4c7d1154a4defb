"""Tổng quan: reminders grouped by kind and unit; a group opens its members; dismiss, postpone, badge given."""

from datetime import date

from tests.services.factories import admitted, commune, made_up_name

DAY = date(2026, 3, 1)


def _commune(db):
    # unit a: 12 members admitted 1990 (none rated for 2025, all due the 30-year badge); unit b: 1 member
    with db.transaction() as s:
        _, a, b = commune(s)
        for i in range(12):
            admitted(s, a, name=made_up_name(i, "Lò Văn"), born=date(1960, 1, 1), on=date(1990, 3, 1))
        admitted(s, b, name="Trần Thị Dung")
        return a.id, b.id


def _groups(home):
    return {(g.kind, g.unit_name): g.count for g in home.groups.rows}


def test_grouped_reminders_open_their_list_and_take_the_clerks_marks(qtbot, db):
    from app.ui.home_tab import HomeTab

    _commune(db)
    home = HomeTab(db, today=DAY)
    qtbot.addWidget(home)
    home.resize(1366, 700)
    home.show()
    home.refresh()
    qtbot.waitUntil(home.data_shown, timeout=15000)
    # 25 items in three lines, not 25 lines
    assert _groups(home) == {("not_rated", "Chi bộ bản Nà Sla"): 12, ("not_rated", "Chi bộ Trường Tiểu học"): 1,
                             ("badge_due", "Chi bộ bản Nà Sla"): 12}
    assert home.reminder_title.text() == "Việc cần làm (25 việc, 3 nhóm)"

    badge_row = next(i for i, g in enumerate(home.groups.rows) if g.kind == "badge_due")
    home.group_view.doubleClicked.emit(home.groups.index(badge_row, 0))
    qtbot.waitUntil(lambda: home.reminders.rowCount() == 12, timeout=15000)
    assert home.pages.currentIndex() == 1 and home.badge_button.isVisible()
    assert "12 người" in home.group_title.text()
    # two badges were given long ago (not in the sheet): marked, the group shrinks to 10
    home.view.selectRow(0)
    home.view.selectionModel().select(home.reminders.index(1, 0),
                                      home.view.selectionModel().SelectionFlag.Select
                                      | home.view.selectionModel().SelectionFlag.Rows)
    home.badge_button.click()
    qtbot.waitUntil(lambda: home.reminders.rowCount() == 10, timeout=15000)
    assert _groups(home)[("badge_due", "Chi bộ bản Nà Sla")] == 10

    home.show_groups()
    rated_row = next(i for i, g in enumerate(home.groups.rows) if g.kind == "not_rated" and g.count == 12)
    home.group_view.doubleClicked.emit(home.groups.index(rated_row, 0))
    qtbot.waitUntil(lambda: home.reminders.rowCount() == 12 and home.reminders.rows[0].kind == "not_rated",
                    timeout=15000)
    assert not home.badge_button.isVisible()
    home.view.selectRow(0)
    home.dismiss_button.click()
    qtbot.waitUntil(lambda: home.reminders.rowCount() == 11, timeout=15000)
    home.view.selectRow(0)
    home.postpone_button.click()
    qtbot.waitUntil(lambda: home.reminders.rowCount() == 10, timeout=15000)
    assert _groups(home)[("not_rated", "Chi bộ bản Nà Sla")] == 10

    # 30 days on, the postponed item is back; the dismissed one is not
    later = HomeTab(db, today=date(2026, 3, 31))
    qtbot.addWidget(later)
    later.refresh()
    qtbot.waitUntil(lambda: later.groups_loaded, timeout=15000)
    assert _groups(later)[("not_rated", "Chi bộ bản Nà Sla")] == 11


def test_an_empty_group_list_says_so(qtbot, db):
    from app.ui.home_tab import HomeTab

    home = HomeTab(db, today=DAY)
    qtbot.addWidget(home)
    home.refresh()
    qtbot.waitUntil(lambda: home.groups_loaded, timeout=15000)
    assert home.groups.rowCount() == 0
    assert home.reminder_title.text() == "Việc cần làm (0 việc, 0 nhóm)"
