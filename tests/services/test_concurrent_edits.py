"""Two clerks, one database (issue 16 part 3): two Database objects on the same SQLite file or PostgreSQL
database (`db_url`: both backends with DANGVU_TEST_POSTGRES=1), steps interleaved as two windows would.

A save made on what someone else saved since it was opened is refused with a message naming them and when;
their change stays, and nothing of the refused save is written."""

from __future__ import annotations

import re
import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.models import Evaluation, Member, YearLockEntry
from app.models.enums import Rating
from app.services import evaluations as E, lifecycle, members as M, ui_queries
from app.services.versioning import EditConflict

from .factories import admitted, commune

LAN, HUNG = "lan@VP-02", "hung@VP-05"


@pytest.fixture
def clerk_b(db_url, db):
    """The second clerk's window: its own engine and sessions on the same database."""
    other = Database(db_url)
    yield other
    other.dispose()


def _as(db, clerk):
    """A transaction saved in the name of `clerk` (what the window passes as the clerk's name)."""
    tx = db.transaction()

    class _Tx:
        def __enter__(self):
            s = tx.__enter__()
            s.info["clerk"] = clerk
            return s

        def __exit__(self, *exc):
            return tx.__exit__(*exc)

    return _Tx()


def _two_members(db):
    with _as(db, HUNG) as s:
        _, a, b = commune(s)
        an = admitted(s, a, name="Nguyễn Văn An", born=date(1980, 1, 2)).id
        binh = admitted(s, b, name="Trần Thị Bình", born=date(1985, 3, 4)).id
    return an, binh


def _record(db, member_id):
    with db.session() as s:
        return ui_queries.member_record(s, member_id)


def test_the_second_save_of_a_member_is_refused_naming_who_saved_first(db, clerk_b):
    an, _ = _two_members(db)
    opened_a = _record(db, an)                   # A opens the record
    opened_b = _record(clerk_b, an)              # B opens it too
    with _as(clerk_b, LAN) as s:                 # B saves first
        M.update_member(s, an, {"phone": "0912 345 678"}, loaded_version=opened_b["version"])
    saved_b = _record(clerk_b, an)
    with pytest.raises(EditConflict) as err, _as(db, HUNG) as s:   # A saves what A typed
        M.update_member(s, an, {"phone": "0987 000 111", "residence": "Thôn Đông"},
                        loaded_version=opened_a["version"])
    message = err.value.message
    assert message.startswith("Hồ sơ của đồng chí Nguyễn Văn An đã được người khác lưu trước (lan — máy VP-02, ")
    assert f"{saved_b['updated_at']:%H:%M %d/%m/%Y}" in message
    assert re.search(r"\d\d:\d\d \d\d/\d\d/\d{4}\) sau khi anh/chị mở ra\. Thay đổi của anh/chị chưa được lưu\. "
                     r"Bấm \"Tải lại\"", message)
    assert err.value.saved_by == LAN
    # B's change intact, nothing of A's two fields written
    now = _record(db, an)
    assert (now["phone"], now["residence"], now["updated_by"]) == ("0912 345 678", None, LAN)
    assert now["version"] == opened_a["version"] + 1
    # «Tải lại»: A's save on the new version goes through, and is the next version
    with _as(db, HUNG) as s:
        M.update_member(s, an, {"residence": "Thôn Đông"}, loaded_version=now["version"])
    final = _record(clerk_b, an)
    assert (final["phone"], final["residence"], final["updated_by"]) == ("0912 345 678", "Thôn Đông", HUNG)
    assert final["version"] == now["version"] + 1


def test_an_event_added_by_another_clerk_counts_as_a_change_of_the_record(db, clerk_b):
    """An event changes the record's derived state (standing, unit): a form opened before it is stale."""
    an, binh = _two_members(db)
    opened_a = _record(db, an)
    with _as(clerk_b, LAN) as s:   # moved to Bình's chi bộ
        M.move_member(s, an, unit_id=s.get(Member, binh).current_unit_id, on=date(2025, 2, 3))
    with pytest.raises(EditConflict, match="lan — máy VP-02"), _as(db, HUNG) as s:
        M.update_member(s, an, {"phone": "0987 000 111"}, loaded_version=opened_a["version"])
    assert _record(db, an)["phone"] is None


def test_a_save_that_changes_nothing_leaves_the_version(db, clerk_b):
    an, _ = _two_members(db)
    before = _record(db, an)
    with _as(clerk_b, LAN) as s:
        M.update_member(s, an, {"phone": None}, loaded_version=before["version"])   # the value it had
    after = _record(db, an)
    assert (after["version"], after["updated_by"]) == (before["version"], before["updated_by"])


def test_the_daily_refresh_of_the_flags_is_not_a_clerk_s_change(db, clerk_b):
    """The window re-stamps today's flags at start and midnight: an open form must not become stale by it."""
    an, _ = _two_members(db)
    with _as(clerk_b, LAN) as s:   # leaves next year: on the list until then
        M.transfer_out(s, an, on=date(2027, 1, 15), scope="same_province", place="Xã Sơn Bình",
                       decision_number="12-GGT", temporary=False)
    opened = _record(db, an)
    assert opened["is_on_roll"] is True
    with _as(clerk_b, LAN) as s:
        assert lifecycle.refresh_current_state(s, today=date(2027, 2, 1)) >= 1
    after = _record(db, an)
    assert after["is_on_roll"] is False                  # the refresh did change the row …
    assert after["version"] == opened["version"]         # … and the record's version is the one the form has
    with _as(db, HUNG) as s:
        M.update_member(s, an, {"phone": "0987 000 111"}, loaded_version=opened["version"])


def test_unchecked_updates_still_bump_the_version(db, clerk_b):
    """An import's update (no loaded version) is a change too: a form opened before it is refused."""
    an, _ = _two_members(db)
    opened = _record(db, an)
    with _as(clerk_b, LAN) as s:
        M.update_member(s, an, {"phone": "0912 345 678"})
    with pytest.raises(EditConflict), _as(db, HUNG) as s:
        M.update_member(s, an, {"phone": "0987 000 111"}, loaded_version=opened["version"])


def _sheet(db, year):
    with db.session() as s:
        return {r.member_id: r for r in E.rating_sheet(s, year)}


def _ratings(db, year):
    with db.session() as s:
        return dict(s.execute(select(Evaluation.member_id, Evaluation.rating).where(Evaluation.year == year)).all())


def test_the_second_save_of_a_rating_sheet_is_refused(db, clerk_b):
    an, binh = _two_members(db)
    with _as(db, HUNG) as s:           # An had a rating already; Bình none
        E.rate_members(s, 2025, {an: Rating.DONE})
    sheet_a, sheet_b = _sheet(db, 2025), _sheet(clerk_b, 2025)
    assert sheet_a[an].version == 1 and sheet_a[binh].version is None
    with _as(clerk_b, LAN) as s:       # B rates both and saves first
        E.rate_members(s, 2025, {an: Rating.GOOD, binh: Rating.GOOD},
                       loaded={m: sheet_b[m].version for m in (an, binh)})
    with pytest.raises(EditConflict) as err, _as(db, HUNG) as s:
        E.rate_members(s, 2025, {an: Rating.EXCELLENT, binh: Rating.FAILED},
                       loaded={m: sheet_a[m].version for m in (an, binh)})
    message = err.value.message
    assert message.startswith("Xếp loại năm 2025 của các đồng chí Nguyễn Văn An, Trần Thị Bình đã được người "
                              "khác lưu trước (lan — máy VP-02, ")
    assert re.search(r"\(lan — máy VP-02, \d\d:\d\d \d\d/\d\d/\d{4}\) sau khi anh/chị mở danh sách\. Thay "
                     r"đổi của anh/chị chưa được lưu\.", message)
    assert set(err.value.keys) == {an, binh}
    assert _ratings(db, 2025) == {an: "HTTNV", binh: "HTTNV"}


def test_ratings_saved_by_two_clerks_name_each(db, clerk_b):
    an, binh = _two_members(db)
    sheet_a = _sheet(db, 2025)
    with _as(clerk_b, LAN) as s:
        E.rate_members(s, 2025, {an: Rating.GOOD})
    with _as(clerk_b, "mai@VP-03") as s:
        E.rate_members(s, 2025, {binh: Rating.GOOD})
    with pytest.raises(EditConflict) as err, _as(db, HUNG) as s:
        E.rate_members(s, 2025, {an: Rating.DONE, binh: Rating.DONE}, loaded={an: None, binh: None})
    assert re.match(r"Xếp loại năm 2025 của các đồng chí Nguyễn Văn An \(lan — máy VP-02, [^)]+\), Trần Thị Bình "
                    r"\(mai — máy VP-03, [^)]+\) đã được người khác lưu trước sau khi", err.value.message)
    assert sheet_a[an].version is None


def test_a_sheet_save_touching_only_other_members_goes_through(db, clerk_b):
    an, binh = _two_members(db)
    sheet_a, sheet_b = _sheet(db, 2025), _sheet(clerk_b, 2025)
    with _as(clerk_b, LAN) as s:
        E.rate_members(s, 2025, {an: Rating.GOOD}, loaded={an: sheet_b[an].version})
    with _as(db, HUNG) as s:
        E.rate_members(s, 2025, {binh: Rating.EXCELLENT}, loaded={binh: sheet_a[binh].version})
    assert _ratings(db, 2025) == {an: "HTTNV", binh: "HTXSNV"}
    with db.session() as s:
        assert dict(s.execute(select(Evaluation.member_id, Evaluation.entered_by)).all()) == {an: LAN, binh: HUNG}


def test_a_refused_sheet_save_writes_none_of_its_ratings(db, clerk_b):
    an, binh = _two_members(db)
    sheet_a, sheet_b = _sheet(db, 2025), _sheet(clerk_b, 2025)
    with _as(clerk_b, LAN) as s:
        E.rate_members(s, 2025, {binh: Rating.GOOD}, loaded={binh: sheet_b[binh].version})
    with pytest.raises(EditConflict) as err, _as(db, HUNG) as s:
        E.rate_members(s, 2025, {an: Rating.EXCELLENT, binh: Rating.DONE},
                       loaded={m: sheet_a[m].version for m in (an, binh)})
    assert err.value.keys == (binh,) and "Nguyễn Văn An" not in err.value.message
    assert _ratings(db, 2025) == {binh: "HTTNV"}   # An's rating, not in conflict, was not written either


def test_a_year_locked_while_the_sheet_is_open_refuses_the_save(db, clerk_b):
    an, binh = _two_members(db)
    sheet_a = _sheet(db, 2025)
    with _as(clerk_b, LAN) as s:
        E.lock_year(s, 2025)
    with pytest.raises(EditConflict) as err, _as(db, HUNG) as s:
        E.rate_members(s, 2025, {an: Rating.GOOD}, loaded={an: sheet_a[an].version})
    assert err.value.message.startswith("Kết quả đánh giá năm 2025 đã được khóa (lan — máy VP-02, ")
    assert "sau khi anh/chị mở danh sách" in err.value.message
    assert _ratings(db, 2025) == {}
    with clerk_b.session() as s:
        assert s.scalars(select(YearLockEntry.by)).all() == [LAN]
    # the organisations' ratings are refused the same way
    with db.session() as s:
        row = next(r for r in ui_queries.unit_rating_sheet(s, 2025))
    with pytest.raises(EditConflict, match="đã được khóa"), _as(db, HUNG) as s:
        E.rate_unit(s, row.unit_id, 2025, Rating.GOOD, loaded_version=row.version)


def test_a_unit_rating_saved_by_another_clerk_refuses_the_second(db, clerk_b):
    _two_members(db)
    with db.session() as s:
        row = next(r for r in ui_queries.unit_rating_sheet(s, 2025))
    with _as(clerk_b, LAN) as s:
        E.rate_unit(s, row.unit_id, 2025, Rating.GOOD, entered_by=LAN, loaded_version=row.version)
    with pytest.raises(EditConflict, match=r"của «.+» đã được người khác lưu trước \(lan — máy VP-02, "), \
            _as(db, HUNG) as s:
        E.rate_unit(s, row.unit_id, 2025, Rating.EXCELLENT, loaded_version=row.version)
    with db.session() as s:
        assert ui_queries.unit_rating_sheet(s, 2025)[0].rating == "HTTNV"


def _postgres_only(backend):
    if backend != "postgresql":
        pytest.skip("two transactions open at once: SQLite lets one writer at a time (the second waits on the "
                    "file lock, then gets 'database is locked'); PostgreSQL's row locks are what is tested here")


def _year_row_exists(db):
    """The year was locked once and reopened: its lock row is there before the clerks start (a first save would
    create it, and two creations block each other on the key anyway, which would hide a missing FOR UPDATE)."""
    with _as(db, HUNG) as s:
        E.lock_year(s, 2025)
        E.reopen_year(s, 2025, reason="Chi bộ bản Nà Sla họp lại")


def _blocked_on_a_lock(db, done=lambda: False) -> bool:
    """Wait until another connection of the database waits on a row lock (the server says so), or `done()`."""
    import time

    with db.engine.connect() as conn:
        for _ in range(400):
            waiting = conn.exec_driver_sql(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'").scalar()
            if waiting or done():
                return bool(waiting)
            time.sleep(0.05)
    return False


def test_a_lock_taken_while_a_rating_save_is_under_way_waits_for_it(backend, db, clerk_b):
    """PostgreSQL: the save holds the year's lock row; the lock committed after it, so the approved year holds
    the rating (never a rating slipped in after the lock)."""
    _postgres_only(backend)
    an, _ = _two_members(db)
    _year_row_exists(db)
    sheet = _sheet(db, 2025)
    done = threading.Event()
    with _as(db, HUNG) as s:
        E.rate_members(s, 2025, {an: Rating.GOOD}, loaded={an: sheet[an].version})

        def lock():
            with _as(clerk_b, LAN) as s2:
                E.lock_year(s2, 2025)
            done.set()

        t = threading.Thread(target=lock)
        t.start()
        assert _blocked_on_a_lock(db, done.is_set), "the lock did not wait for the save under way"
        assert not done.is_set()
    t.join(10)
    assert done.is_set()
    assert _ratings(db, 2025) == {an: "HTTNV"}
    with db.session() as s:
        assert E.is_locked(s, 2025)


def _a_saves_meanwhile(db, member_id, rating, version):
    """A's rating save in its own thread; returned (thread, outcome) once the server says it waits on a lock."""
    outcome = {}

    def save():
        try:
            with _as(db, HUNG) as s:
                E.rate_members(s, 2025, {member_id: rating}, loaded={member_id: version})
            outcome["saved"] = True
        except EditConflict as exc:
            outcome["refused"] = exc.message

    t = threading.Thread(target=save)
    t.start()
    assert _blocked_on_a_lock(db, lambda: not t.is_alive()), "A's save did not wait for B's transaction"
    assert t.is_alive()
    return t, outcome


def test_a_save_started_while_a_lock_is_under_way_is_refused_after_it(backend, db, clerk_b):
    _postgres_only(backend)
    an, _ = _two_members(db)
    _year_row_exists(db)
    sheet = _sheet(db, 2025)
    with _as(clerk_b, LAN) as s:
        E.lock_year(s, 2025)
        t, outcome = _a_saves_meanwhile(db, an, Rating.GOOD, sheet[an].version)
    t.join(10)
    assert "đã được khóa (lan — máy VP-02" in outcome.get("refused", "")
    assert _ratings(db, 2025) == {}


def test_two_first_ratings_of_one_member_at_once_refuse_the_second(backend, db, clerk_b):
    """No rating row yet, so none to lock: the year's row serialises the two saves and the second sees the first."""
    _postgres_only(backend)
    an, _ = _two_members(db)
    _year_row_exists(db)
    sheet = _sheet(db, 2025)
    with _as(clerk_b, LAN) as s:
        E.rate_members(s, 2025, {an: Rating.GOOD}, loaded={an: None})
        t, outcome = _a_saves_meanwhile(db, an, Rating.DONE, sheet[an].version)
    t.join(10)
    assert "Nguyễn Văn An đã được người khác lưu trước (lan — máy VP-02" in outcome.get("refused", "")
    assert _ratings(db, 2025) == {an: "HTTNV"}


def test_a_save_slipping_between_check_and_write_is_refused_by_the_database(backend, db, clerk_b):
    """A session holding an old copy of the record (no check asked): the UPDATE … WHERE version = ? matches
    nothing, and the clerk is told, not the other's change overwritten."""
    _postgres_only(backend)
    an, _ = _two_members(db)
    with pytest.raises(EditConflict), _as(db, HUNG) as s:
        _copy = s.get(Member, an)                           # A's copy (kept: the session holds it weakly) …
        with _as(clerk_b, LAN) as s2:                       # … B saves meanwhile
            M.update_member(s2, an, {"phone": "0912 345 678"})
        M.update_member(s, an, {"phone": "0987 000 111"})
    with db.session() as s:
        assert s.scalar(select(Member.phone).where(Member.id == an)) == "0912 345 678"
        assert s.scalar(select(func.count()).select_from(Member)) == 2


def test_members_the_import_writes_in_bulk_start_at_version_one(db, clerk_b, tmp_path):
    """The bulk import leaves the version out (or writes the model's default): version 1, and the checks hold."""
    from app.importing import apply_plan, plan_import, read_workbooks, run
    from tests.importing.helpers import write_xlsx

    path = write_xlsx(tmp_path / "ds.xlsx", [
        ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng"],
        [1, "Nguyễn Văn An", "12/03/1960", "Chi bộ thôn Đông", "05/06/1990"],
        [2, "Lê Thị Bình", "01/01/1970", "Chi bộ thôn Đông", "05/06/1995"]])
    with db.session() as s:
        plan = plan_import(s, read_workbooks([path], remembered={}), date(2025, 12, 31))
    run(apply_plan(db, plan))
    with db.session() as s:
        rows = s.execute(select(Member.id, Member.version).order_by(Member.id)).all()
    assert [v for _, v in rows] == [1, 1]
    an = rows[0][0]
    opened_a, opened_b = _record(db, an), _record(clerk_b, an)
    with _as(clerk_b, LAN) as s:
        M.update_member(s, an, {"phone": "0912 345 678"}, loaded_version=opened_b["version"])
    with pytest.raises(EditConflict, match="lan — máy VP-02"), _as(db, HUNG) as s:
        M.update_member(s, an, {"phone": "0987 000 111"}, loaded_version=opened_a["version"])
