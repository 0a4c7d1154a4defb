"""A member's state on any date follows from the events."""

from datetime import date

from app.models.enums import Standing, TransferScope
from app.services import members as M, statistics as S

from .factories import admitted, commune, leaving_next_week_and_resting_till_tomorrow, person


def test_transferred_out_in_2024_counted_2023_not_2024(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        admitted(s, a, name="Trần Văn Nam")
        M.transfer_out(s, mid, on=date(2024, 4, 15), scope=TransferScope.OTHER_PROVINCE, place="Tỉnh Lào Cai")
    with db.session() as s:
        assert S.snapshot(s, date(2023, 12, 31))["members"] == 2
        assert S.snapshot(s, date(2024, 4, 14))["members"] == 2
        assert S.snapshot(s, date(2024, 4, 15))["members"] == 1
        assert S.snapshot(s, date(2024, 12, 31))["members"] == 1


def test_probationary_until_official(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=date(2024, 2, 1), ceremony_date=date(2024, 2, 10),
                             person=person()).id
        M.confirm_official(s, mid, decision_date=date(2025, 3, 1))
    with db.session() as s:
        assert S.snapshot(s, date(2024, 1, 31))["members"] == 0
        assert S.snapshot(s, date(2025, 2, 9))["probationary"] == 1
        assert S.snapshot(s, date(2025, 2, 10))["probationary"] == 0  # official from the end of the 12 months


def test_temporary_transfer_in_is_not_counted_by_the_host(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        M.transfer_in(s, unit_id=a.id, on=date(2025, 1, 5), person=person(), temporary=True,
                      end_date=date(2025, 9, 1), place="Đảng bộ phường Tân Phong")
        M.transfer_in(s, unit_id=a.id, on=date(2025, 1, 5), person=person("Lê Thị Hoa", born=date(1985, 1, 1)),
                      standing=Standing.OFFICIAL, scope=TransferScope.SAME_PROVINCE)
    with db.session() as s:
        assert S.snapshot(s, date(2025, 6, 1))["members"] == 1


def test_exemption_with_an_end_date(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.exempt_member(s, mid, start=date(2025, 1, 1), end=date(2025, 7, 1), reason="Điều trị bệnh")
    with db.session() as s:
        assert S.snapshot(s, date(2025, 3, 1))["exempt_from_activity"] == 1
        assert S.snapshot(s, date(2025, 7, 1))["exempt_from_activity"] == 0


def test_moved_between_units_keeps_the_commune_count(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        mid = admitted(s, a).id
        M.move_member(s, mid, unit_id=b.id, on=date(2024, 1, 1))
    with db.session() as s:
        assert [r.unit_id for r in S.roster(s, date(2023, 6, 1))] == [a.id]
        assert [r.unit_id for r in S.roster(s, date(2024, 6, 1))] == [b.id]


def test_a_moving_clock_list_units_reminders_and_statistics_agree(db):
    """Issue 9: a transfer out dated next week and an exemption ending tomorrow. Once those days have passed
    (the clock is injected), every reader says the same: the list's flags are re-stamped by
    refresh_current_state, the others ask the spans on the day."""
    from datetime import timedelta

    from app.services.lifecycle import refresh_current_state
    from app.services.member_queries import list_member_rows
    from app.services.reminders import reminders
    from app.services.ui_queries import probationers, unit_members
    from app.services.units import list_units

    today = date.today()
    later = today + timedelta(days=8)
    with db.transaction() as s:
        _, a, _ = leaving_next_week_and_resting_till_tomorrow(s, today)
        assert refresh_current_state(s, today) == 0  # the writes stamped today already
        a_id = a.id

    def views(day):
        with db.session() as s:
            rows = {r.full_name: r for r in list_member_rows(s)}
            return {
                "on_roll": sorted(n for n, r in rows.items() if r.is_on_roll),
                "exempt": sorted(n for n, r in rows.items() if r.is_exempt),
                "unit_a": sorted(r.full_name for r in unit_members(s, a_id)),
                "unit_a_count": next(u.member_count for u in list_units(s, day) if u.id == a_id),
                "members": S.snapshot(s, day)["members"],
                "exempt_count": S.snapshot(s, day)["exempt_from_activity"],
                "base": S.recruitment(s, day + timedelta(days=1), day + timedelta(days=1))["membership_base"],
                "reminded": {(r.kind, r.full_name) for r in reminders(s, day)},
                "probationers": [r.full_name for r in probationers(s)],
            }

    now = views(today)
    assert now["on_roll"] == ["Hà Thị Nghỉ", "Lò Văn Đi", "Trần Văn Ở"]
    assert now["exempt"] == ["Hà Thị Nghỉ"] and now["exempt_count"] == 1
    assert now["unit_a"] == ["Hà Thị Nghỉ", "Lò Văn Đi"] and now["unit_a_count"] == 2
    assert now["members"] == now["base"] == 3
    assert ("exemption_expired", "Hà Thị Nghỉ") not in now["reminded"]

    # the clock moves on without any write: before the re-stamp the cached flags are stale ...
    stale = views(later)
    assert stale["on_roll"] == ["Hà Thị Nghỉ", "Lò Văn Đi", "Trần Văn Ở"]
    assert stale["members"] == 2  # ... while the spans already answer for the day
    with db.transaction() as s:
        assert refresh_current_state(s, later) == 2  # the two whose spans changed, no one else
    with db.transaction() as s:
        assert refresh_current_state(s, later) == 0  # once per day
    after = views(later)
    assert after["on_roll"] == ["Hà Thị Nghỉ", "Trần Văn Ở"]
    assert after["exempt"] == [] and after["exempt_count"] == 0
    assert after["unit_a"] == ["Hà Thị Nghỉ"] and after["unit_a_count"] == 1
    assert after["members"] == after["base"] == len(after["on_roll"]) == 2
    assert not any(name == "Lò Văn Đi" for _, name in after["reminded"])
    # the exemption's term ended with no decision to resume: the clerk is told, and it counts as ended
    assert ("exemption_expired", "Hà Thị Nghỉ") in after["reminded"]


def test_the_demo_commune_is_stamped_for_its_day(tmp_path):
    """The demo rebuilds every member for its day, so it records that day: the first opening of a new demo
    does not re-derive everyone (7 s at 100,000 members). That record is honest: re-deriving every member from
    scratch (the day forgotten) changes no flag, while on a day before the 2025 reorganisation many differ."""
    from datetime import timedelta

    from sqlalchemy import text

    from app.db import Database
    from app.services.demo import generate_demo
    from app.services.lifecycle import STATE_DAY_KEY, refresh_current_state

    day = date(2026, 6, 15)
    db = Database(tmp_path / "demo.sqlite3")
    with db.transaction() as s:
        for _ in generate_demo(s, 120, seed=11, today=day):
            pass
    with db.transaction() as s:
        assert s.execute(text("SELECT value FROM settings WHERE key = :k"), {"k": STATE_DAY_KEY}).scalar() == \
            day.isoformat()
        s.execute(text("DELETE FROM settings WHERE key = :k"), {"k": STATE_DAY_KEY})
        assert refresh_current_state(s, day) == 0   # every member re-derived: nothing was stale
    earlier = day - timedelta(days=400)   # before the units of the 2025 reorganisation were founded
    with db.transaction() as s:
        # and the flags do tell days apart: on a day before the reorganisation, the members whose spans have a
        # boundary since (moved into the new units, struck off …: an independent count) were in another state
        moved = s.execute(text(
            "SELECT count(DISTINCT member_id) FROM member_spans WHERE (valid_from > :a AND valid_from <= :b) "
            "OR (valid_to > :a AND valid_to <= :b)"), {"a": earlier, "b": day}).scalar()
        changed = refresh_current_state(s, earlier)
        assert 0 < changed <= moved
    db.dispose()
