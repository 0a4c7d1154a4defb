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
