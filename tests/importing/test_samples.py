"""Both shared samples import to every count of their .expected.json (checked with independent SQL)."""

import json
import shutil
from datetime import date

import pytest

from app.importing import apply_plan, plan_import, read_workbooks, run, undo_import
from app.importing.export_xlsx import export_members_xlsx

from .helpers import on_roll_sql, scalar, sql, table_counts

XLS = "DSDV_XaThanhLong_2023.xls"
XLSX = "DSDV_ThanhLong_2024.xlsx"


def _import(db, path, as_of=None):
    tables = read_workbooks([path])
    with db.session() as s:
        plan = plan_import(s, tables, as_of)
    return plan, run(apply_plan(db, plan))


def _expected(samples_dir, name):
    return json.loads((samples_dir / name.replace(".xlsx", ".expected.json").replace(".xls", ".expected.json"))
                      .read_text(encoding="utf-8"))


@pytest.fixture
def sample(samples_dir, tmp_path):
    def copy(name):
        dest = tmp_path / name
        shutil.copyfile(samples_dir / name, dest)
        return dest
    return copy


def test_tcvn3_xls_sample_every_expected_count(db, sample, samples_dir):
    exp = _expected(samples_dir, XLS)
    plan, result = _import(db, sample(XLS))
    assert plan.as_of == date(2023, 12, 31)
    on = on_roll_sql("2023-12-31")
    p = db
    assert scalar(p, f"SELECT COUNT(*) {on}") == exp["members"]
    assert scalar(p, "SELECT COUNT(*) FROM members") == exp["members"]
    assert scalar(p, f"SELECT COUNT(*) {on} AND m.gender = 'female'") == exp["female"]
    assert scalar(p, f"SELECT COUNT(*) {on} AND m.gender = 'male'") == exp["male"]
    assert scalar(p, f"SELECT COUNT(*) {on} AND s.standing = 'probationary'") == exp["probationary"]
    per_unit = dict(sql(p, f"SELECT u.name, COUNT(*) {on.replace('WHERE', 'JOIN units u ON u.id = s.unit_id WHERE')} "
                           "GROUP BY u.name"))
    assert per_unit == exp["per_unit"]
    ethnic = dict(sql(p, f"SELECT m.ethnicity, COUNT(*) {on} GROUP BY m.ethnicity"))
    assert ethnic == exp["ethnic"]
    for year, counts in exp["ratings_by_year"].items():
        rows = dict(sql(p, "SELECT rating, COUNT(*) FROM evaluations WHERE year = ? AND rating IS NOT NULL "
                           "GROUP BY rating", int(year)))
        assert sum(rows.values()) == counts["rated"]
        assert rows.get("HTXSNV", 0) + rows.get("HTTNV", 0) == counts["HTT_or_better"]
        for code in ("HTXSNV", "HTTNV", "HTNV", "KHTNV"):
            assert rows.get(code, 0) == counts[code], (year, code)
    # the sheet's words are kept as written
    assert scalar(p, "SELECT COUNT(*) FROM evaluations WHERE raw_text = 'Tốt'") > 0
    # TCVN3 names decoded to Unicode NFC
    assert scalar(p, "SELECT COUNT(*) FROM members WHERE full_name = 'Hoàng Công Vượng'") == 1
    assert result.members_created == exp["members"] and result.units_created == len(exp["per_unit"])


def test_xlsx_sample_every_expected_count(db, sample, samples_dir):
    exp = _expected(samples_dir, XLSX)
    plan, result = _import(db, sample(XLSX))
    on = on_roll_sql(plan.as_of.isoformat())
    p = db
    assert scalar(p, f"SELECT COUNT(*) {on}") == exp["members"]
    assert scalar(p, f"SELECT COUNT(*) {on} AND m.gender = 'female'") == exp["female"]
    assert scalar(p, f"SELECT COUNT(*) {on} AND s.standing = 'probationary'") == exp["probationary"]
    assert scalar(p, "SELECT COUNT(*) FROM members WHERE card_number = '21.554710'") == 1
    assert scalar(p, "SELECT COUNT(*) FROM members WHERE general_education_text = '12/12' "
                     "AND general_education = 'upper_secondary'") > 0
    assert scalar(p, "SELECT COUNT(*) FROM evaluations WHERE year = 2024") == exp["members"]


def test_reimport_is_unchanged_and_undo_restores(db, sample):
    path = sample(XLS)
    _import(db, path)
    before = table_counts(db)
    tables = read_workbooks([path])
    with db.session() as s:
        plan = plan_import(s, tables)
    assert plan.counts["members_unchanged"] == 54 and plan.counts["members_created"] == 0
    result = run(apply_plan(db, plan))
    after = table_counts(db)
    assert {k: v for k, v in after.items() if not k.startswith("import_")} == \
        {k: v for k, v in before.items() if not k.startswith("import_")}
    undo_import(db, result.batch_id)
    first = scalar(db, "SELECT MIN(id) FROM import_batches")
    undo_import(db, first)
    counts = table_counts(db)
    assert counts["members"] == 0 and counts["evaluations"] == 0 and counts["member_events"] == 0
    assert counts["units"] == 0  # the units the first import created (commune root included) are gone too


@pytest.mark.sqlite_only  # the copy of the SQLite file beside it (a server's backup is pg_dump's, app/backup.py)
def test_backup_file_before_an_import_into_a_file_with_records(db, sample):
    from pathlib import Path

    _plan, result = _import(db, sample(XLS))
    assert result.backup_path is None  # the first import into an empty file: nothing to keep (issue 18)
    _plan, result = _import(db, sample(XLSX), as_of=date(2024, 12, 31))
    assert result.backup_path and Path(result.backup_path).exists()
    assert Path(result.backup_path).parent == db.path.parent / "backups"


def test_export_reimport_zero_changes(db, sample, tmp_path):
    _import(db, sample(XLS))
    _import(db, sample(XLSX), as_of=date(2024, 12, 31))
    out = tmp_path / "export.xlsx"
    with db.session() as s:
        export_members_xlsx(s, out, as_of=date(2024, 12, 31), commune_name="Đảng bộ xã Thanh Long")
    before = table_counts(db)
    tables = read_workbooks([out])
    with db.session() as s:
        plan = plan_import(s, tables)
    assert plan.as_of == date(2024, 12, 31)  # read back from the title row "Tính đến ngày"
    assert plan.counts["members_unchanged"] == 174
    assert [r for r in plan.rows if r.status != "unchanged"] == []
    run(apply_plan(db, plan))
    after = table_counts(db)
    assert {k: v for k, v in after.items() if not k.startswith("import_")} == \
        {k: v for k, v in before.items() if not k.startswith("import_")}
    assert scalar(db, "SELECT COUNT(*) FROM import_changes WHERE batch_id = "
                           "(SELECT MAX(id) FROM import_batches)") == 0


def test_the_statistics_service_counts_the_import_as_the_sheet_does(db, sample, samples_dir):
    """The states recorded on the as-of date are what the reports count on that date."""
    from app.services.statistics import snapshot

    exp = _expected(samples_dir, XLS)
    _import(db, sample(XLS))
    with db.session() as s:
        snap = snapshot(s, date(2023, 12, 31))
    assert (snap["members"], snap["female"], snap["male"], snap["probationary"]) == \
        (exp["members"], exp["female"], exp["male"], exp["probationary"])
