from datetime import date

import pytest

from app.services import reports as R
from app.services.errors import DomainError


def test_narrative_is_saved_with_the_report(db):
    with db.transaction() as s:
        rid = R.save_report(s, kind="period_review", title="Sơ kết Nghị quyết 21", date_from=date(2025, 7, 1),
                            date_to=date(2026, 3, 1), sections=["members", "ratings"],
                            narrative={"intro": "Thực hiện Công văn số 825-CV/TU …"}).id
    with db.session() as s:
        row = R.get_report(s, rid)
        assert R.narrative_of(row) == {"intro": "Thực hiện Công văn số 825-CV/TU …"}
        assert R.sections_of(row) == ["members", "ratings"]
    with db.transaction() as s:
        R.save_report(s, report_id=rid, kind="period_review", title="Sơ kết Nghị quyết 21",
                      narrative={"intro": "Sửa lại"})
    with db.session() as s:
        assert R.narrative_of(R.get_report(s, rid)) == {"intro": "Sửa lại"}
        assert len(R.list_reports(s)) == 1


def test_review_needs_a_title_and_a_sane_period(db):
    with pytest.raises(DomainError) as err, db.transaction() as s:
        R.save_report(s, kind="period_review", title=" ")
    assert err.value.field == "title"
    with pytest.raises(DomainError) as err, db.transaction() as s:
        R.save_report(s, kind="year_end", date_from=date(2026, 1, 1), date_to=date(2025, 1, 1))
    assert err.value.field == "date_from"
