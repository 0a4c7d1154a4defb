"""Two clerks on one database (issue 16 part 3), seen in the window: the window is clerk A; clerk B is a second
Database on the same file, saving between A's opening and A's save. A is told who saved first and when, and
«Tải lại» brings B's values; nothing of A's refused save is written."""

from __future__ import annotations

import pytest

from app.db import Database
from app.models.enums import Rating
from app.services import evaluations as E, members as M, ui_queries

from .ask_answers import answers  # noqa: F401  (autouse)
from .conftest import sql, wait_loaded
from .test_evaluation_tab import YEAR, _tab

LAN = "lan@VP-02"


@pytest.fixture
def clerk_b(demo_db):
    other = Database(demo_db.path)
    yield other
    other.dispose()


def _save_as_lan(clerk_b, work):
    with clerk_b.transaction() as s:
        s.info["clerk"] = LAN
        work(s)


def _type(widget, text):
    widget.setText(text)
    widget.textEdited.emit(text)


def _open_first_member(window, qtbot):
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    wait_loaded(qtbot, tab)
    qtbot.waitUntil(lambda: tab.loaded, timeout=15000)
    member_id = tab.model.row_at(0).id
    tab.select_member(member_id)
    return tab, member_id


def test_member_editor_refuses_a_stale_save_and_reload_brings_the_other_clerks_values(
        window, qtbot, demo_db, clerk_b, answers):
    tab, member_id = _open_first_member(window, qtbot)          # A opens the record …
    name = tab.detail.title.text()

    def b_saves(s):                                              # … B opens it and saves a new phone
        opened = ui_queries.member_record(s, member_id)
        M.update_member(s, member_id, {"phone": "0912 345 678"}, loaded_version=opened["version"])

    _save_as_lan(clerk_b, b_saves)
    _type(tab.detail.widgets["phone"], "0987 000 111")         # A types over the phone and the residence
    _type(tab.detail.widgets["residence"], "Thôn Đông, xã Thanh Bình")
    assert not tab.save()
    box = answers.last()
    assert box["title"] == "Hồ sơ đã được người khác lưu"
    assert box["text"].startswith(f"Hồ sơ của đồng chí {name} đã được người khác lưu trước (lan — máy VP-02, ")
    assert "Bấm \"Tải lại\"" in box["text"] and box["buttons"] == ["Tải lại", "Để sau"]
    # «Tải lại» (the default answer): B's values on screen, A's typing gone, nothing of A's written
    assert tab.detail.widgets["phone"].text() == "0912 345 678"
    assert tab.detail.widgets["residence"].text() == (sql(demo_db, "SELECT residence FROM members WHERE id = ?",
                                                          member_id)[0][0] or "")
    assert sql(demo_db, "SELECT phone, updated_by FROM members WHERE id = ?", member_id)[0] == ("0912 345 678", LAN)
    assert not tab.detail.is_dirty()
    # typed again on B's version, A's save goes through
    _type(tab.detail.widgets["residence"], "Thôn Đông, xã Thanh Bình")
    assert tab.save()
    assert sql(demo_db, "SELECT phone, residence FROM members WHERE id = ?", member_id)[0] == \
        ("0912 345 678", "Thôn Đông, xã Thanh Bình")


def test_later_keeps_what_the_clerk_typed_unsaved(window, qtbot, demo_db, clerk_b, answers):
    tab, member_id = _open_first_member(window, qtbot)
    _save_as_lan(clerk_b, lambda s: M.update_member(s, member_id, {"phone": "0912 345 678"}))
    _type(tab.detail.widgets["phone"], "0987 000 111")
    answers.replies.append("Để sau")
    assert not tab.save()
    assert tab.detail.widgets["phone"].text() == "0987 000 111" and tab.detail.is_dirty()
    assert sql(demo_db, "SELECT phone FROM members WHERE id = ?", member_id)[0][0] == "0912 345 678"


def _sheet(window, qtbot):
    tab = _tab(window, qtbot)
    rows = [i for i, r in enumerate(tab.model.rows) if r.can_rate]
    return tab, rows[0], rows[1]


def test_rating_sheet_refuses_a_stale_save_and_reload_keeps_the_rest_of_the_typing(
        window, qtbot, demo_db, clerk_b, answers):
    tab, x, y = _sheet(window, qtbot)
    mx, my = tab.model.rows[x].member_id, tab.model.rows[y].member_id
    tab.model.set_rating(x, Rating.EXCELLENT)                  # A rates two members …
    tab.model.set_rating(y, Rating.DONE)
    _save_as_lan(clerk_b, lambda s: E.rate_members(s, YEAR, {mx: Rating.GOOD}, loaded={mx: None}))  # … B saves X
    assert not tab.save()
    box = answers.last()
    assert box["title"] == "Kết quả đánh giá đã thay đổi"
    assert box["text"].startswith(f"Xếp loại năm {YEAR} của đồng chí {tab.model.rows[x].full_name} đã được người "
                                  "khác lưu trước (lan — máy VP-02, ")
    wait_loaded(qtbot, tab)
    # after «Tải lại»: X shows B's rating, Y still holds A's unsaved one; the file has only B's
    rows = {r.member_id: r for r in tab.model.rows}
    assert rows[mx].rating == "HTTNV" and mx not in tab.model.pending
    assert tab.model.pending == {my: "HTNV"}
    assert sql(demo_db, "SELECT member_id, rating FROM evaluations WHERE year = ?", YEAR) == [(mx, "HTTNV")]
    assert tab.save()
    assert dict(sql(demo_db, "SELECT member_id, rating FROM evaluations WHERE year = ?", YEAR)) == \
        {mx: "HTTNV", my: "HTNV"}


def test_a_year_locked_by_another_clerk_while_the_sheet_is_open_refuses_the_save(
        window, qtbot, demo_db, clerk_b, answers):
    tab, x, _ = _sheet(window, qtbot)
    tab.model.set_rating(x, Rating.GOOD)
    _save_as_lan(clerk_b, lambda s: E.lock_year(s, YEAR))
    assert not tab.save()
    assert answers.last()["text"].startswith(f"Kết quả đánh giá năm {YEAR} đã được khóa (lan — máy VP-02, ")
    wait_loaded(qtbot, tab)
    assert "Đã khóa" in tab.lock_label.text() and not tab.save_button.isEnabled() and not tab.model.pending
    assert sql(demo_db, "SELECT COUNT(*) FROM evaluations WHERE year = ?", YEAR)[0][0] == 0
