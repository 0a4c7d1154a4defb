"""Importing the official book: the history in its columns becomes dated events, so the list on the date,
on the year's first day and Biểu 1's rows follow from them. Real files (xlsx, xls, csv) written here, a real
SQLite file, app.services.statistics as the code under test; the expected figures are the hand count in
book_fixtures.BOOK_COUNTS (and the shared sample's .expected.json)."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from app.importing import apply_plan, plan_import, read_workbooks, run
from app.services import statistics as ST

from . import book_fixtures as F
from .helpers import scalar, sql

END, PREV_END = date(2025, 12, 31), date(2024, 12, 31)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))


def _import(db, paths, as_of=None):
    tables = read_workbooks(paths, remembered={})
    with db.session() as s:
        plan = plan_import(s, tables, as_of)
    return plan, run(apply_plan(db, plan))


def _check_counts(db, exp=F.BOOK_COUNTS):
    with db.session() as s:
        assert ST.count_on(s, END) == exp["members"]
        assert ST.count_on(s, PREV_END) == exp["members_prev_year_end"]
        # the list on the year's first day is the list at the end of the year before
        assert ST.count_on(s, date(2025, 1, 1)) == exp["members_prev_year_end"]
        now = ST.snapshot(s, END)
        before = ST.snapshot(s, PREV_END)
        move = ST.movement(s, *YEAR)
    assert now["probationary"] == exp["probationary"] and before["probationary"] == exp["probationary_prev"]
    assert now["female"] == exp["female"] and now["exempt_from_activity"] == exp["exempt"]
    for key, n in exp["movement_2025"].items():
        assert move[key] == n, key
    assert move["opening"] == exp["members_prev_year_end"] and move["closing"] == exp["members"]
    assert move["unexplained"] == 0
    per_unit = dict(sql(db, "SELECT u.name, COUNT(*) FROM member_spans s JOIN units u ON u.id = s.unit_id "
                                 "WHERE s.valid_from <= '2025-12-31' AND (s.valid_to IS NULL OR s.valid_to > "
                                 "'2025-12-31') AND s.counted GROUP BY u.name"))
    assert per_unit == exp["per_unit"]


def _clash_reported(plan):
    rows = [r for r in plan.rows if r.full_name == F.CLASHING]
    assert len(rows) == 1 and rows[0].status == "skipped"
    # the clash is named where the clerk finds it: column Q (Ngày chuyển đi), its first line
    assert any("mâu thuẫn" in p.message and p.column == "Q, dòng 1" for p in rows[0].problems)


def test_one_row_per_member_lines_in_cells_one_sheet_per_unit(db, tmp_path):
    path = F.write_book_xlsx(tmp_path / "so_dsdv.xlsx", [
        {"name": "thôn Đông", "digits": 8, "rows": F.book_rows([F.EAST], title=[
            "ĐẢNG BỘ XÃ MINH TIẾN - CHI BỘ THÔN ĐÔNG", "SỔ DANH SÁCH ĐẢNG VIÊN", F.TITLE_AS_OF])},
        {"name": "Trường THCS", "digits": 8, "rows": F.book_rows([F.SCHOOL], title=[
            "ĐẢNG BỘ XÃ MINH TIẾN", "CHI BỘ TRƯỜNG THCS MINH TIẾN", "SỔ DANH SÁCH ĐẢNG VIÊN", F.TITLE_AS_OF])},
        # an old copy, hidden: not imported
        {"name": "Sổ cũ", "digits": 8, "hidden": True, "rows": F.book_rows([F.EAST], title=[F.TITLE_AS_OF])}])
    plan, result = _import(db, [path])
    assert plan.as_of == END and plan.commune_name == "Đảng bộ xã Minh Tiến"
    _clash_reported(plan)
    _check_counts(db)
    # every person of the book is kept, the ones who left too (with their history), the clash excepted
    assert scalar(db, "SELECT COUNT(*) FROM members") == F.BOOK_COUNTS["book_rows"] - 1
    assert scalar(db, "SELECT COUNT(*) FROM members WHERE full_name = 'Nguyễn Văn An'") == 1
    assert scalar(db, "SELECT place FROM member_events WHERE kind = 'transferred_in' AND member_id = "
                           "(SELECT id FROM members WHERE full_name = 'Đỗ Văn Phúc')") == \
        "Đảng ủy xã Yên Lạc, tỉnh Phú Thọ"
    # party age counts from the admission written in the book, also for a member who came in
    assert scalar(db, "SELECT admitted_on FROM members WHERE full_name = 'Đỗ Văn Phúc'") == "2010-09-01"
    assert scalar(db, "SELECT card_number || '/' || dossier_number FROM members "
                           "WHERE full_name = 'Nguyễn Văn An'") == "70805180/90302"


def test_four_rows_per_member_section_rows_one_big_table(db, tmp_path):
    rows = F.book_rows([F.EAST, F.SCHOOL], four_rows=True, sections=True, numbering="paren",
                       title=["ĐẢNG BỘ XÃ MINH TIẾN", "SỔ DANH SÁCH ĐẢNG VIÊN", F.TITLE_AS_OF], signature=True)
    path = F.write_book_xlsx(tmp_path / "so.xlsx", [{"name": "Sổ", "rows": rows, "digits": 8}])
    plan, _result = _import(db, [path])
    _clash_reported(plan)
    _check_counts(db)


def test_the_book_as_xls_and_as_csv(db, tmp_path):
    pytest.importorskip("xlwt")
    xls = F.write_book_xls(tmp_path / "so.xls", [{"name": "Sổ", "rows": F.book_rows(
        [F.EAST, F.SCHOOL], four_rows=True, sections=True, title=[F.TITLE_AS_OF])}])
    _import(db, [xls])
    _check_counts(db)


def test_the_book_as_csv(db, tmp_path):
    path = F.write_book_csv(tmp_path / "so.csv", F.book_rows([F.EAST, F.SCHOOL], digits=None, sections=True,
                                                             title=[F.TITLE_AS_OF]))
    _import(db, [path])
    _check_counts(db)


def test_importing_the_same_book_again_changes_nothing(db, tmp_path):
    path = F.write_book_xlsx(tmp_path / "so.xlsx", [{"name": "Sổ", "digits": 8, "rows": F.book_rows(
        [F.EAST, F.SCHOOL], sections=True, title=[F.TITLE_AS_OF])}])
    _import(db, [path])
    events = scalar(db, "SELECT COUNT(*) FROM member_events")
    plan, result = _import(db, [path])
    assert plan.count("new") == 0 and plan.count("update") == 0 and plan.count("conflict") == 0
    assert scalar(db, "SELECT COUNT(*) FROM member_events") == events
    _check_counts(db)


def test_a_14_column_book_with_card_in_one_cell_title_and_signature(db, tmp_path):
    """The layout the program's own book export writes (issue 10 item 4): one row per member, lines in the
    cells, 14 numbered columns, a title and a signature."""
    rows = F.book_rows([F.EAST, F.SCHOOL], digits=None, sections=True, signature=True,
                       title=["ĐẢNG BỘ XÃ MINH TIẾN", "SỔ DANH SÁCH ĐẢNG VIÊN", F.TITLE_AS_OF])
    assert len(next(r for r in rows if r and r[0] == "Số TT")) == 14
    path = F.write_book_xlsx(tmp_path / "so_export.xlsx", [{"name": "Sổ danh sách", "rows": rows}])
    [table] = read_workbooks([path], remembered={})
    assert len({c.source for c in table.columns}) == 14
    _import(db, [path])
    _check_counts(db)


def test_a_youth_list_and_a_blank_form_import_no_member(db, tmp_path):
    from .helpers import write_xlsx

    youth = write_xlsx(tmp_path / "doan_2025.xlsx", [
        ["DANH SÁCH ĐOÀN VIÊN CHI ĐOÀN THÔN ĐÔNG"],
        ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đoàn"],
        [1, "Nguyễn Văn Tú", "01/02/2003", "26/03/2018"]])
    blank = F.write_book_xlsx(tmp_path / "mau_2025.xlsx", [{"name": "Mẫu", "digits": 8, "rows": F.book_rows(
        [], title=["SỔ DANH SÁCH ĐẢNG VIÊN"]) + [[i] for i in range(1, 11)]}])
    tables = read_workbooks([youth, blank], remembered={})
    with db.session() as s:
        plan = plan_import(s, tables, END)
    assert plan.rows == []
    messages = [p.message for p in plan.problems]
    assert any("đoàn viên" in m for m in messages) and any("mẫu còn trống" in m for m in messages)
    run(apply_plan(db, plan))
    assert scalar(db, "SELECT COUNT(*) FROM members") == 0


def test_the_shared_book_sample(db, samples_dir, tmp_path):
    """SoDSDV_XaMinhTien_2025.xlsx against its .expected.json. Five of its rows carry dates that cannot all be
    true (leaving years before being admitted); they are not imported and the clerk is told — so the
    Biểu 1 rows they would touch differ from the generator's by exactly those rows, counted here by hand."""
    exp = json.loads((samples_dir / "SoDSDV_XaMinhTien_2025.expected.json").read_text(encoding="utf-8"))
    src = tmp_path / "SoDSDV_XaMinhTien_2025.xlsx"
    shutil.copyfile(samples_dir / src.name, src)
    plan, _result = _import(db, [src])
    clashes = [r for r in plan.rows if r.status == "skipped"]
    # thôn Cầu Đá 27 and 32, Trường Mầm non 26, 27 and 32 (admitted after their leaving date)
    assert len(clashes) == 5 and all(any("mâu thuẫn" in p.message for p in r.problems) for r in clashes)
    with db.session() as s:
        assert ST.count_on(s, END) == exp["members"]
        assert ST.count_on(s, PREV_END) == exp["members_prev_year_end"]
        snap = ST.snapshot(s, END)
        move = ST.movement(s, *YEAR)
    for key in ("female", "probationary", "ethnic_minority", "religious", "exempt_from_activity", "retired",
                "working"):
        assert snap[key] == exp[key], key
    for key in ("general_education", "political_theory", "professional", "occupation"):
        assert {k: v for k, v in snap[key].items() if v} == {k: v for k, v in exp[key].items() if v}, key
    m = exp["movement_2025"]
    # the generator counts the four clashing 2025 admissions and the one clashing 2025 transfer out
    assert move["admitted"] == m["admitted"] - 4
    assert move["transferred_out"] == m["transferred_out"] - 1
    for key in ("transferred_in", "deceased", "struck_off", "resigned"):
        assert move[key] == m[key], key
    assert scalar(db, "SELECT COUNT(*) FROM units WHERE kind != 'commune'") == exp["units"]
    # the program's export of this book, read back, changes nothing
    from app.export.book_xlsx import write_book_xlsx

    with db.session() as s:
        out = write_book_xlsx(s, tmp_path / "export.xlsx", as_of=END)
    with db.session() as s:
        again = plan_import(s, read_workbooks([out], remembered={}), None)
    assert again.counts["members_unchanged"] == exp["book_rows"] - len(clashes)
    assert all(again.counts[k] == 0 for k in ("members_created", "members_updated", "members_conflict",
                                              "rows_skipped"))


def test_next_years_book_adds_the_leavings_and_undo_removes_them(db, tmp_path):
    from app.importing import undo_import

    # last year's book: Lan still a member; this year's: she left (xin ra khỏi Đảng)
    last = {F.EAST: [], F.SCHOOL: [dict(m, left=None) for m in F.MEMBERS[F.SCHOOL][:3]]}
    this = {F.EAST: [], F.SCHOOL: F.MEMBERS[F.SCHOOL][:3]}
    saved = dict(F.MEMBERS)
    try:
        F.MEMBERS.update(last)
        a = F.write_book_xlsx(tmp_path / "so_2024.xlsx", [{"name": "Sổ", "digits": 8, "rows": F.book_rows(
            [F.SCHOOL], title=[F.SCHOOL, "Tính đến ngày 31/12/2024"])}])
        F.MEMBERS.update(this)
        b = F.write_book_xlsx(tmp_path / "so_2025.xlsx", [{"name": "Sổ", "digits": 8, "rows": F.book_rows(
            [F.SCHOOL], title=[F.SCHOOL, F.TITLE_AS_OF])}])
    finally:
        F.MEMBERS.clear()
        F.MEMBERS.update(saved)
    _import(db, [a])
    with db.session() as s:
        assert ST.count_on(s, END) == 3
    before = scalar(db, "SELECT COUNT(*) FROM member_events")
    plan, result = _import(db, [b])
    lan = next(r for r in plan.rows if r.full_name == "Lý Thị Lan")
    assert lan.status == "update" and [h.kind for h in lan.history] == ["resigned"]
    khoa = next(r for r in plan.rows if r.full_name == "Đinh Văn Khoa")
    assert [h.kind for h in khoa.history] == ["confirm"]
    with db.session() as s:
        assert ST.count_on(s, END) == 2 and ST.movement(s, *YEAR)["resigned"] == 1
        assert ST.snapshot(s, END)["probationary"] == 0 and ST.snapshot(s, PREV_END)["probationary"] == 1
    undo_import(db, result.batch_id)
    assert scalar(db, "SELECT COUNT(*) FROM member_events") == before
    with db.session() as s:
        assert ST.count_on(s, END) == 3


def test_the_programs_own_book_export_reimported_changes_nothing(db, tmp_path):
    """Issue 10 item 4's round trip: the book exported by app.export.book_xlsx (the whole commune, and one
    chi bộ) read back by the importer gives zero changes."""
    from app.export.book_xlsx import write_book_xlsx

    src = F.write_book_xlsx(tmp_path / "so.xlsx", [{"name": "Sổ", "digits": 8, "rows": F.book_rows(
        [F.EAST, F.SCHOOL], four_rows=True, sections=True, title=["ĐẢNG BỘ XÃ MINH TIẾN", F.TITLE_AS_OF])}])
    _import(db, [src])
    counts = {t: scalar(db, f"SELECT COUNT(*) FROM {t}") for t in ("members", "member_events", "member_spans")}
    with db.session() as s:
        whole = write_book_xlsx(s, tmp_path / "export_all.xlsx", as_of=END)
        unit_id = scalar(db, "SELECT id FROM units WHERE name = 'Chi bộ trường THCS Minh Tiến'")
        one = write_book_xlsx(s, tmp_path / "export_school.xlsx", as_of=END, unit_id=unit_id)
    for path, people in ((whole, F.BOOK_COUNTS["book_rows"] - 1), (one, len(F.MEMBERS[F.SCHOOL]) - 1)):
        tables = read_workbooks([path], remembered={})
        assert [t.layout for t in tables] == ["book"] and tables[0].skipped_reason is None
        with db.session() as s:
            plan = plan_import(s, tables, None)
        assert plan.as_of == END
        assert plan.counts["members_unchanged"] == people, [(r.full_name, r.status, r.problems) for r in plan.rows
                                                            if r.status != "unchanged"]
        assert all(plan.counts[k] == 0 for k in ("members_created", "members_updated", "members_conflict",
                                                 "rows_skipped", "units_created"))
        run(apply_plan(db, plan))
        assert {t: scalar(db, f"SELECT COUNT(*) FROM {t}") for t in counts} == counts
    _check_counts(db)
