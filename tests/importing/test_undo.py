"""Undoing a whole import: a 2,000-row sheet on top of an earlier one, checked by independent SQL."""

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from app.importing import UndoError, apply_plan, plan_import, read_workbooks, run, undo_import

from .helpers import column_names, foreign_key_violations, scalar, sql, table_counts, write_xlsx

HEADER = ["Họ và tên", "Ngày sinh", "Dân tộc", "Nơi ở", "Chi bộ", "Ngày vào Đảng", "Ngày chính thức",
          "Số CCCD", "Xếp loại 2024", "Xếp loại 2025"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vi", "Nông"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh"]
GIVEN = ["Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Mai", "Hạnh", "Long", "Phong", "Nga"]
UNITS = ["Chi bộ thôn Bản Chu", "Chi bộ thôn Nà Sla", "Chi bộ trường Tiểu học", "Chi bộ Trạm Y tế"]
CHILD_TABLES = ("member_events", "member_spans", "evaluations")


def _import(db, path, as_of, resolutions=None):
    tables = read_workbooks([path])
    with db.session() as s:
        plan = plan_import(s, tables, as_of)
    return plan, run(apply_plan(db, plan, resolutions))


def _big_sheet(rows):
    out = [HEADER]
    for i in range(rows):
        born = date(1940, 1, 1) + timedelta(days=5 * i)
        admitted = born + timedelta(days=365 * 25)
        name = f"{FAMILY[i % 7]} {MIDDLE[i // 7 % 5]} {GIVEN[i // 35 % 10]}"
        out.append([name, born.strftime("%d/%m/%Y"), "Kinh", f"Thôn {i % 9}", UNITS[i % 4],
                    admitted.strftime("%d/%m/%Y"), (admitted + timedelta(days=370)).strftime("%d/%m/%Y"),
                    f"0010{i:08d}", "HTTNV", "HTNV"])
    return out


def _state(db, member_id):
    """The existing member's row and children as plain tuples (span ids and timestamps left out: the spans
    are re-derived by undo, so their ids are new)."""
    cols = [c for c in column_names(db, "members") if c not in (
        "created_at", "updated_at", "version", "updated_by")]  # an undo is a save of the record: new version
    member = sql(db, f"SELECT {', '.join(cols)} FROM members WHERE id = ?", member_id)
    events = sql(db, "SELECT id, kind, event_date, unit_id, standing, import_batch_id FROM member_events "
                          "WHERE member_id = ? ORDER BY id", member_id)
    spans = sql(db, "SELECT valid_from, valid_to, unit_id, standing, counted, exempt, suspended "
                         "FROM member_spans WHERE member_id = ? ORDER BY valid_from", member_id)
    evals = sql(db, "SELECT id, year, rating, raw_text, not_rated_reason, import_batch_id FROM evaluations "
                         "WHERE member_id = ? ORDER BY year", member_id)
    return member, events, spans, evals


def test_undo_2000_row_import_deletes_what_it_created_and_restores_the_existing_member(db, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", [
        ["Họ và tên", "Ngày sinh", "Dân tộc", "Chi bộ", "Ngày vào Đảng", "Ngày chính thức", "Xếp loại 2024"],
        ["Đàm Văn Lợi", "03/04/1950", "Tày", "Chi bộ thôn 1", "05/06/1975", "05/06/1976", "HTNV"]])
    _plan, r1 = _import(db, first, date(2024, 12, 31))
    assert r1.members_created == 1
    lo_id = scalar(db, "SELECT id FROM members")
    before = _state(db, lo_id)
    counts_before = table_counts(db)
    assert before[0] and before[1] and before[2] and before[3]

    # the same person again, with a changed ethnic group (a conflict taken from the sheet), a residence
    # the database lacks (filled), a 2025 rating and a changed 2024 rating; then 1,999 new members
    rows = _big_sheet(1999)
    rows.insert(1, ["Đàm Văn Lợi", "03/04/1950", "Nùng", "Thôn Bản Chu", "Chi bộ thôn 1", "05/06/1975",
                    "05/06/1976", None, "HTXSNV", "HTTNV"])
    second = write_xlsx(tmp_path / "b.xlsx", rows)
    plan, r2 = _import(db, second, date(2025, 12, 31))
    lo_row = plan.rows[0]
    assert lo_row.member_id == lo_id
    # apply again with the conflict resolved to the sheet: first undo this one (already exercising undo)
    undo_import(db, r2.batch_id)
    plan, r2 = _import(db, second, date(2025, 12, 31),
                       resolutions={plan.rows[0].key: "sheet"})
    assert r2.members_created == 1999 and r2.members_updated == 1
    assert scalar(db, "SELECT COUNT(*) FROM members") == 2000
    assert scalar(db, "SELECT ethnicity || '|' || residence FROM members WHERE id = ?", lo_id) == \
        "Nùng|Thôn Bản Chu"
    assert scalar(db, "SELECT rating FROM evaluations WHERE member_id = ? AND year = 2024", lo_id) == "HTXSNV"
    assert scalar(db, "SELECT COUNT(*) FROM evaluations WHERE member_id = ? AND year = 2025", lo_id) == 1
    assert scalar(db, "SELECT COUNT(*) FROM evaluations WHERE import_batch_id = ?", r2.batch_id) == 2 * 2000 - 1
    assert scalar(db, "SELECT COUNT(*) FROM member_spans") > 2000
    assert scalar(db, "SELECT COUNT(*) FROM units") == counts_before["units"] + 4

    counts = undo_import(db, r2.batch_id)
    assert counts["members_deleted"] == 1999
    assert counts["evaluations_deleted"] == 1       # the 2025 rating of the member who stays
    assert counts["units_deleted"] == 4
    assert counts["fields_restored"] >= 3           # ethnicity, residence, the 2024 rating
    # independent SQL: nothing of the 1,999 is left anywhere, the member who was there is as before
    assert table_counts(db) | {"import_batches": 0, "import_changes": 0} == \
        counts_before | {"import_batches": 0, "import_changes": 0}
    for table in CHILD_TABLES:
        assert scalar(db, f"SELECT COUNT(*) FROM {table} WHERE member_id <> ?", lo_id) == 0
    assert scalar(db, "SELECT COUNT(*) FROM member_events WHERE import_batch_id = ?", r2.batch_id) == 0
    assert _state(db, lo_id) == before
    assert scalar(db, "SELECT undone_at IS NOT NULL FROM import_batches WHERE id = ?", r2.batch_id) == 1
    assert foreign_key_violations(db) == []

    # refused as before: twice, or an earlier batch while a later one stands
    with pytest.raises(UndoError, match="đã được hoàn tác"):
        undo_import(db, r2.batch_id)
    undo_import(db, r1.batch_id)
    for table in ("members",) + CHILD_TABLES + ("units",):
        assert scalar(db, f"SELECT COUNT(*) FROM {table}") == 0, table
    assert foreign_key_violations(db) == []


def test_undo_refused_while_a_later_import_stands_or_a_created_member_is_an_officer(db, tmp_path):
    from app.models import enums as E
    from app.services.units import set_officer

    a = write_xlsx(tmp_path / "a.xlsx", _big_sheet(30))
    b = write_xlsx(tmp_path / "b.xlsx", [HEADER] + _big_sheet(35)[31:])
    _p, r1 = _import(db, a, date(2025, 12, 31))
    _p, r2 = _import(db, b, date(2025, 12, 31))
    assert r1.members_created == 30 and r2.members_created == 5
    with pytest.raises(UndoError, match="lần nhập sau"):
        undo_import(db, r1.batch_id)
    member_id, unit_id = sql(db, "SELECT id, current_unit_id FROM members WHERE import_batch_id = ? "
                                      "ORDER BY id LIMIT 1", r2.batch_id)[0]
    with db.transaction() as s:
        set_officer(s, unit_id, name="Bí thư", role=E.OfficerRole.SECRETARY, member_id=member_id)
    before = table_counts(db)
    with pytest.raises(UndoError, match="cấp ủy"):
        undo_import(db, r2.batch_id)
    assert table_counts(db) == before  # nothing half-done
    assert scalar(db, "SELECT undone_at FROM import_batches WHERE id = ?", r2.batch_id) is None
    with db.engine.begin() as conn:  # behind the services' back, as another program would
        conn.execute(text("DELETE FROM unit_officers"))
    undo_import(db, r2.batch_id)
    undo_import(db, r1.batch_id)
    for table in ("members",) + CHILD_TABLES + ("units",):
        assert scalar(db, f"SELECT COUNT(*) FROM {table}") == 0, table
