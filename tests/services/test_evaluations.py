from datetime import date

import pytest

from app.models import Evaluation, YearLockEntry
from app.models.enums import NotRatedReason, Rating, TransferScope
from app.services import evaluations as E, members as M
from app.services.errors import DomainError

from ..db_read import sql
from .factories import admitted, commune, made_up_name, person


def test_rate_an_eligible_member(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        ev = E.rate_member(s, mid, 2024, Rating.GOOD)
        assert ev.unit_id == a.id
    with db.session() as s:
        assert s.query(Evaluation).filter_by(member_id=mid, year=2024).one().rating == "HTTNV"


def test_member_not_in_the_commune_that_year_is_refused(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.transfer_out(s, mid, on=date(2024, 10, 1), scope=TransferScope.SAME_PROVINCE, place="Xã Sơn Bình")
    with pytest.raises(DomainError) as err, db.transaction() as s:
        E.rate_member(s, mid, 2024, Rating.GOOD)
    assert err.value.field == "rating" and "31/12/2024" in err.value.message
    with db.transaction() as s:  # 2023 they were still here
        E.rate_member(s, mid, 2023, Rating.GOOD)


def test_exempt_member_is_not_rated(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.exempt_member(s, mid, start=date(2024, 3, 1), reason="Tuổi cao, sức yếu")
    with pytest.raises(DomainError, match="miễn"), db.transaction() as s:
        E.rate_member(s, mid, 2024, Rating.GOOD)
    with db.session() as s:
        from app.models import Member

        assert E.eligibility(s.get(Member, mid), 2024).reason == NotRatedReason.EXEMPT


@pytest.mark.parametrize("admitted_on,ok", [(date(2024, 6, 30), True), (date(2024, 7, 1), False)])
def test_new_member_under_six_months_is_not_rated(db, admitted_on, ok):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=admitted_on, person=person()).id
    if ok:
        with db.transaction() as s:
            E.rate_member(s, mid, 2024, Rating.EXCELLENT)
    else:
        with pytest.raises(DomainError, match="chưa đủ 6 tháng"), db.transaction() as s:
            E.rate_member(s, mid, 2024, Rating.EXCELLENT)


def test_quota_warning_above_20_percent(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        ids = [admitted(s, a, name=made_up_name(i), national_id=f"0010900{i:05d}").id for i in range(10)]
    # 2 of 10 HTTNV-or-better = 20%: allowed without a warning
    with db.transaction() as s:
        ratings = {mid: Rating.GOOD for mid in ids}
        ratings[ids[0]] = ratings[ids[1]] = Rating.EXCELLENT
        assert E.rate_members(s, 2024, ratings) == []
    with db.transaction() as s:
        warnings = E.rate_members(s, 2024, {ids[2]: Rating.EXCELLENT})
    assert len(warnings) == 1 and "3/10" in warnings[0].message and "30,0%" in warnings[0].message


def test_bulk_save_is_all_or_nothing(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        good = admitted(s, a).id
        exempt = admitted(s, a, name="Lò Văn Páo").id
        M.exempt_member(s, exempt, start=date(2024, 1, 1))
    with pytest.raises(DomainError), db.transaction() as s:
        E.rate_members(s, 2024, {good: Rating.GOOD, exempt: Rating.GOOD})
    with db.session() as s:
        assert s.query(Evaluation).count() == 0


def test_locked_year_refuses_changes_and_reopen_keeps_reason(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        E.rate_member(s, mid, 2024, Rating.GOOD)
        E.lock_year(s, 2024, by="vp")
    with pytest.raises(DomainError, match="đã khóa"), db.transaction() as s:
        E.rate_member(s, mid, 2024, Rating.EXCELLENT)
    with pytest.raises(DomainError) as err, db.transaction() as s:
        E.reopen_year(s, 2024, reason="  ")
    assert err.value.field == "reason"
    with db.transaction() as s:
        E.reopen_year(s, 2024, reason="Sửa theo kết luận của Ban Thường vụ", by="vp")
        E.rate_member(s, mid, 2024, Rating.EXCELLENT)
    with db.session() as s:
        entries = s.query(YearLockEntry).order_by(YearLockEntry.id).all()
        assert [e.action for e in entries] == ["lock", "reopen"]
        assert entries[1].reason == "Sửa theo kết luận của Ban Thường vụ"


def test_rating_sheet_greys_out_who_cannot_be_rated(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        ok = admitted(s, a, name="Trần Văn An").id
        ex = admitted(s, a, name="Lò Văn Bình").id
        M.exempt_member(s, ex, start=date(2023, 1, 1))
        new = M.admit_member(s, unit_id=a.id, decision_date=date(2024, 9, 1), person=person("Hà Thị Cúc")).id
    with db.session() as s:
        rows = {r.member_id: r for r in E.rating_sheet(s, 2024, a.id)}
    assert rows[ok].can_rate and not rows[ex].can_rate and not rows[new].can_rate
    assert "miễn" in rows[ex].reason.lower() and "6 tháng" in rows[new].reason


def test_unit_rating_and_historical_import(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        E.rate_unit(s, a.id, 2024, "HTXSNV")
        m = M.create_member(s, person())
        M.record_on_roll(s, m.id, unit_id=a.id, on=date(2025, 3, 1))
        # the sheet of 2025 says they were rated in 2023: a recorded fact, not a new decision
        E.rate_member(s, m.id, 2023, "HTTNV", historical=True, raw_text="Tốt")
        with pytest.raises(DomainError):
            E.rate_member(s, m.id, 2022, "HTTNV")
        unit_id, member_id = a.id, m.id
    # read back from the database itself: what was written, and only that
    assert sql(db, "SELECT unit_id, year, rating, not_rated_reason FROM unit_evaluations") == [
        (unit_id, 2024, "HTXSNV", None)]
    # the historical rating is kept with the sheet's words, in the unit the member is on the list of
    assert sql(db, "SELECT member_id, year, rating, raw_text, unit_id FROM evaluations") == [
        (member_id, 2023, "HTTNV", "Tốt", unit_id)]


@pytest.mark.parametrize("year", [2025, 2026])  # the demo's units were formed on 1/7/2025
def test_rating_sheet_matches_a_reading_of_the_spans_written_here(db, year):
    """The sheet read as one query of columns (issue 15) lists who an independent reading of the raw spans,
    members and ratings finds: every member with a span in the year (in the unit's subtree), rateable when on
    the list at 31/12, not exempt or suspended, and admitted by 30/6; in name order."""
    from collections import Counter

    from app.services.demo import generate_demo

    with db.transaction() as s:
        for _ in generate_demo(s, 120, seed=11):
            pass
    end, start = f"{year}-12-31", f"{year}-01-01"
    units = dict(sql(db, "SELECT id, parent_id FROM units"))
    spans = sql(db, "SELECT member_id, unit_id, valid_from, valid_to, counted, exempt, suspended FROM member_spans")
    members = {mid: (name, key, admitted) for mid, name, key, admitted in
               sql(db, "SELECT id, full_name, sort_key, admitted_on FROM members")}
    ratings = dict(sql(db, "SELECT member_id, rating FROM evaluations WHERE year = ?", year))
    # the unit above the busiest chi bộ (its subtree, unless that is the whole commune)
    busiest = Counter(u for _, u, *_ in spans if u is not None).most_common(1)[0][0]
    some_unit = units[busiest] if units.get(units[busiest]) is not None else busiest

    def under(unit, root):
        while unit is not None:
            if unit == root:
                return True
            unit = units.get(unit)
        return False

    for root in (None, some_unit):
        expected = []
        for mid, (name, key, admitted) in members.items():
            if not any(f <= end and (t is None or t > start) and (root is None or under(u, root))
                       for _, u, f, t, *_ in (sp for sp in spans if sp[0] == mid)):
                continue
            at_end = [sp for sp in spans if sp[0] == mid and sp[2] <= end and (sp[3] is None or sp[3] > end)]
            on_list = bool(at_end) and bool(at_end[0][4])
            unit = at_end[0][1] if on_list else None
            if root is not None and unit is not None and not under(unit, root):
                continue
            rateable = on_list and not at_end[0][5] and not at_end[0][6] and \
                not (admitted is not None and f"{year}-06-30" < admitted <= end)
            expected.append((key, mid, name, unit, rateable, ratings.get(mid)))
        expected.sort()
        with db.session() as s:
            got = [(r.member_id, r.full_name, r.unit_id, r.can_rate, r.rating) for r in E.rating_sheet(s, year, root)]
        assert got == [e[1:] for e in expected]
        assert len(got) > 10 and (year == 2026 or any(r[4] for r in got))  # 2026 is not rated yet
        assert root is not None or any(not r[3] for r in got)  # the commune's sheet has some who are not rated
