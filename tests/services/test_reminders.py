from datetime import date

from app.models.enums import Rating
from app.services import evaluations as E, members as M
from app.services.reminders import next_award_date, reminders

from .factories import admitted, commune, person


def test_next_award_dates():
    assert next_award_date(date(2026, 11, 25)) == date(2027, 2, 3)
    assert next_award_date(date(2026, 5, 19)) == date(2026, 5, 19)
    assert next_award_date(date(2026, 5, 20)) == date(2026, 9, 2)


def test_reminders_cover_every_kind(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        due = M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), ceremony_date=date(2025, 3, 10),
                             person=person("Lò Văn Due")).id
        late = M.admit_member(s, unit_id=a.id, decision_date=date(2024, 12, 1), ceremony_date=date(2024, 12, 5),
                              person=person("Lò Văn Late", born=date(1991, 1, 1))).id
        badge = admitted(s, a, name="Lê Văn Badge", born=date(1950, 1, 1), on=date(1996, 5, 1)).id
        ex = admitted(s, a, name="Hà Văn Exempt", born=date(1945, 1, 1), on=date(1970, 1, 1)).id
        M.award_badge(s, ex, on=date(2020, 2, 3), years=50)
        M.award_badge(s, ex, on=date(2025, 2, 3), years=55)
        M.exempt_member(s, ex, start=date(2024, 1, 1), end=date(2025, 1, 1), reason="Ốm")
        rated = admitted(s, a, name="Trần Văn Rated").id
        E.rate_member(s, rated, 2025, Rating.GOOD)
    with db.session() as s:
        # Due: 12 months end 10/3/2026 (within 30 days); Late: ended 5/12/2025 with no decision;
        # Badge: admitted 1/5/1996, 30 years by the 19/5/2026 award; Exempt: 56 years, 50 and 55 given
        items = reminders(s, date(2026, 2, 20), days=30)
    kinds = {(r.kind, r.full_name) for r in items}
    assert ("probation_due", "Lò Văn Due") in kinds
    assert ("probation_overdue", "Lò Văn Late") in kinds
    assert ("badge_due", "Lê Văn Badge") in kinds
    assert ("exemption_expired", "Hà Văn Exempt") in kinds
    assert ("not_rated", "Lê Văn Badge") in kinds and ("not_rated", "Trần Văn Rated") not in kinds
    assert not any(k == "badge_due" and n == "Hà Văn Exempt" for k, n in kinds)  # 50 and 55 given, 60 not reached


def _two_cells(db):
    """Unit a: three members admitted 1990 (party age 36: the 30-year badge due), one given it; unit b: one
    member admitted 2015. Nobody rated for 2025."""
    with db.transaction() as s:
        _, a, b = commune(s)
        ids = [admitted(s, a, name=n, born=date(1960, 1, 1), on=date(1990, 3, 1)).id
               for n in ("Lò Văn An", "Lò Văn Bình", "Lò Văn Cường")]
        M.award_badge(s, ids[2], on=date(2020, 5, 19), years=30)
        other = admitted(s, b, name="Trần Thị Dung").id
        return a.id, b.id, ids, other


def test_grouped_by_kind_and_unit(db):
    from app.services.reminders import reminder_groups

    a, b, ids, other = _two_cells(db)
    with db.session() as s:
        groups = {(g.kind, g.unit_id): g.count for g in reminder_groups(s, date(2026, 3, 1))}
        lines = reminders(s, date(2026, 3, 1), kind="not_rated", unit_id=a)
    # counted by hand: 4 not rated (3 in a, 1 in b); badges due for An and Bình only
    assert groups == {("not_rated", a): 3, ("not_rated", b): 1, ("badge_due", a): 2}
    assert sorted(r.full_name for r in lines) == ["Lò Văn An", "Lò Văn Bình", "Lò Văn Cường"]
    assert {r.subject for r in lines} == {"2025"} and {r.unit_name for r in lines} == {"Chi bộ bản Nà Sla"}


def test_dismiss_postpone_and_badges_given(db):
    from app.services.errors import DomainError
    from app.services.reminders import (clear_marks, dismiss_reminders, mark_badges_given, postpone_reminders,
                                        record_badges, reminder_groups)
    import pytest

    a, b, ids, other = _two_cells(db)
    day = date(2026, 3, 1)
    with db.transaction() as s:
        dismiss_reminders(s, [("not_rated", ids[0], "2025")])
        postpone_reminders(s, [("not_rated", other, "2025")], until=date(2026, 4, 1), today=day)
        mark_badges_given(s, [(ids[0], 30)])  # the sheet had no badge history: given, date unknown
        with pytest.raises(DomainError):
            postpone_reminders(s, [("not_rated", ids[1], "2025")], until=day, today=day)
    with db.session() as s:
        groups = {(g.kind, g.unit_id): g.count for g in reminder_groups(s, day)}
        assert groups == {("not_rated", a): 2, ("badge_due", a): 1}
        # the postponement ends on its day; the dismissal does not
        later = {(g.kind, g.unit_id): g.count for g in reminder_groups(s, date(2026, 4, 1))}
        assert later == {("not_rated", a): 2, ("not_rated", b): 1, ("badge_due", a): 1}
        # no event was invented for the badge given earlier
        from app.services.member_queries import timeline

        assert not any(e["kind"].value == "badge_awarded" for e in timeline(s, ids[0]))
    with db.transaction() as s:
        record_badges(s, [(ids[1], 30)], on=date(2026, 2, 3), decision_number="12-QĐ/ĐU")
        clear_marks(s, [("not_rated", ids[0], "2025")])
    with db.session() as s:
        groups = {(g.kind, g.unit_id): g.count for g in reminder_groups(s, day)}
        assert groups == {("not_rated", a): 3}
        # the next level still comes: 40 years for An in 2030
        assert ("badge_due", "Lò Văn An") in {(r.kind, r.full_name) for r in reminders(s, date(2030, 3, 1))}
