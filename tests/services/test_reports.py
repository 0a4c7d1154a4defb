import json
from datetime import date

import pytest

from app.services import reports as R
from app.services.errors import DomainError

from ..db_read import change, sql


def test_narrative_is_saved_with_the_report(db):
    with db.transaction() as s:
        rid = R.save_report(s, kind="period_review", title="Sơ kết Nghị quyết 21", date_from=date(2025, 7, 1),
                            date_to=date(2026, 3, 1), sections=["members", "ratings"],
                            narrative={"intro": "Thực hiện Công văn số 825-CV/TU …"}).id
    with db.session() as s:
        row = R.get_report(s, rid)
        assert R.narrative_of(row) == {"intro": "Thực hiện Công văn số 825-CV/TU …"}
        assert R.sections_of(row) == {"sections": ["members", "ratings"]}
    with db.transaction() as s:
        R.save_report(s, report_id=rid, kind="period_review", title="Sơ kết Nghị quyết 21",
                      narrative={"intro": "Sửa lại"})
    with db.session() as s:
        assert R.narrative_of(R.get_report(s, rid)) == {"intro": "Sửa lại"}
        # saved again without choices: the ones it had are kept
        assert R.sections_of(R.get_report(s, rid)) == {"sections": ["members", "ratings"]}
        assert len(R.list_reports(s)) == 1


def test_choices_are_saved_in_one_shape_and_older_rows_read_the_same(db):
    with db.transaction() as s:
        rid = R.save_report(s, kind="year_end", date_from=date(2025, 1, 1), date_to=date(2025, 12, 31),
                            sections=["units", "ratings"], charts=["ratings"]).id
        new_default = R.save_report(s, kind="as_of", date_to=date(2025, 12, 31)).id
    stored = dict(sql(db, "SELECT id, sections_json FROM saved_reports"))
    assert json.loads(stored[rid]) == {"sections": ["ratings", "units"], "charts": ["ratings"]}
    assert json.loads(stored[new_default]) == {}
    # rows saved before: a bare list of sections (every chart), or an empty list (the defaults)
    change(db, "UPDATE saved_reports SET sections_json = '[\"members\"]' WHERE id = ?", rid)
    change(db, "UPDATE saved_reports SET sections_json = '[]' WHERE id = ?", new_default)
    with db.session() as s:
        assert R.sections_of(R.get_report(s, rid)) == {"sections": ["members"]}
        assert R.sections_of(R.get_report(s, new_default)) == {}
    from app.export.report import ReportRequest

    with db.session() as s:
        req = ReportRequest.from_record(R.get_report(s, rid))
    assert req.sections == {"members"} and req.charts == ReportRequest(kind="year_end", year=2025).charts


def test_review_needs_a_title_and_a_sane_period(db):
    with pytest.raises(DomainError) as err, db.transaction() as s:
        R.save_report(s, kind="period_review", title=" ")
    assert err.value.field == "title"
    with pytest.raises(DomainError) as err, db.transaction() as s:
        R.save_report(s, kind="year_end", date_from=date(2026, 1, 1), date_to=date(2025, 1, 1))
    assert err.value.field == "date_from"
