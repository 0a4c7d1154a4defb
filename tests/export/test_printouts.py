"""The printouts' data and their .xlsx export, on the hand-counted fixture commune (tests/export/fixture_db.py).

Expected names and dates are written here from the fixture's story, not read from the code under test.
"""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from app.export import printouts as P
from app.export.book_xlsx import write_book_xlsx
from app.export.printout import Section
from app.export.printout_xlsx import write_printout_xlsx

ON_ROLL_2025 = ["Bùi Thị Lan", "Đinh Thị Oanh", "Hà Văn Nam", "Hoàng Thị Gấm", "Lò Thị Bình", "Lý Văn Hải",
                "Nguyễn Văn An", "Phạm Văn Em", "Sùng A Páo", "Trần Thị Dung", "Vàng A Chu"]
LEFT_2025 = ["Đỗ Văn Khánh", "Ngô Văn Minh", "Vừ Văn Quang"]
BOOK_UNITS_2025 = {  # unit on 31/12/2025 (or the last one before leaving) -> members, by hand
    "A": ["Nguyễn Văn An", "Lò Thị Bình", "Vàng A Chu", "Lý Văn Hải", "Đỗ Văn Khánh", "Sùng A Páo", "Vừ Văn Quang"],
    "B": ["Trần Thị Dung", "Phạm Văn Em", "Hoàng Thị Gấm", "Bùi Thị Lan", "Đinh Thị Oanh"],
    "C": ["Hà Văn Nam"],
    "D": ["Ngô Văn Minh"],
}


def _sheet_rows(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def _no_formulas(wb):
    return [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"]


def _data_rows(ws, first_col_header="STT"):
    """Rows under the header row (the one whose first cell is the STT header) that carry a number in column 1."""
    rows = _sheet_rows(ws)
    start = next(i for i, r in enumerate(rows) if r[0] == first_col_header)
    return [r for r in rows[start + 1:] if isinstance(r[0], int)]


def test_member_list_keeps_the_order_given_and_exports_real_dates(fixture_db, tmp_path):
    db, ids = fixture_db
    order = [ids[k] for k in ("M13", "M2", "M9", "M8")]  # M8 has left: a filtered list may show them
    with db.session() as s:
        p = P.members_printout(s, order, columns=("name", "birth", "unit", "admitted", "status"),
                               as_of=date(2026, 1, 5))
    assert [r[1] for r in p.tables[0].rows] == ["Sùng A Páo", "Lò Thị Bình", "Bùi Thị Lan", "Đỗ Văn Khánh"]
    assert [c.header for c in p.tables[0].columns] == ["STT", "Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng",
                                                       "Tình trạng"]
    path = write_printout_xlsx(p, tmp_path / "ds.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = _data_rows(ws)
    assert [r[0] for r in rows] == [1, 2, 3, 4]
    assert [r[1] for r in rows] == ["Sùng A Páo", "Lò Thị Bình", "Bùi Thị Lan", "Đỗ Văn Khánh"]
    assert rows[1][2].date() == date(1985, 7, 20) and rows[1][4].date() == date(2010, 3, 2)
    assert rows[3][5] == "Từ trần"
    assert _no_formulas(wb) == []
    assert int(ws.page_setup.paperSize) == 9  # A4
    texts = [v for r in _sheet_rows(ws) for v in r if isinstance(v, str)]
    assert "ĐẢNG ỦY XÃ THANH BÌNH" in texts and "DANH SÁCH ĐẢNG VIÊN" in texts
    assert "Thanh Bình, ngày 05 tháng 01 năm 2026" in texts


def test_member_list_of_everyone_on_the_roll(fixture_db):
    db, _ids = fixture_db
    with db.session() as s:
        p = P.members_printout(s)
    assert sorted(r[1] for r in p.tables[0].rows) == sorted(ON_ROLL_2025)
    assert p.notes == ["Tổng số: 11 đảng viên."]


def test_text_that_looks_like_a_formula_is_written_as_text(fixture_db, tmp_path):
    from app.services import members as MS

    db, ids = fixture_db
    with db.transaction() as s:
        MS.update_member(s, ids["M2"], {"birthplace": "=HYPERLINK(\"http://x\",\"y\")", "notes": "+1-1"})
    with db.session() as s:
        book = P.book_printout(s, as_of=date(2025, 12, 31))
    wb = openpyxl.load_workbook(write_printout_xlsx(book, tmp_path / "so.xlsx"))
    assert _no_formulas(wb) == []
    values = [c.value for row in wb.worksheets[0].iter_rows() for c in row]
    assert "=HYPERLINK(\"http://x\",\"y\")" in values


def test_book_entries_on_the_last_day_of_2025(fixture_db):
    from app.services.book import book_entries

    db, ids = fixture_db
    with db.session() as s:
        entries = book_entries(s, as_of=date(2025, 12, 31))
    by_id = {e.member_id: e for e in entries}
    assert len(entries) == 14 and sum(e.on_roll for e in entries) == 11
    assert [e.column(1) for e in entries] == [[str(n)] for n in range(1, 15)]
    for label, names in BOOK_UNITS_2025.items():
        got = [e.column(2)[0] for e in entries if e.unit_id == ids[label]]
        assert sorted(got) == sorted(n.upper() for n in names), label
    m8, m10, m14, m9 = (by_id[ids[k]] for k in ("M8", "M10", "M14", "M9"))
    assert m8.column(12) == ["10/05/2025"] and not m8.on_roll
    assert m10.column(10) == ["01/02/2025", "Xã Sơn Bình"]
    assert m14.column(13) == ["01/10/2025", "Xóa tên"]
    assert m9.column(11) == ["01/04/2025", "Đảng bộ xã Tân Phong, tỉnh Điện Biên"]
    m2 = by_id[ids["M2"]]
    assert m2.column(2) == ["LÒ THỊ BÌNH", "", "20/07/1985"]    # line 2 (birth name) unknown, kept empty
    assert m2.column(3) == ["Nữ", "Thái"]
    assert m2.column(7) == ["02/03/2010", "02/03/2011"]
    assert by_id[ids["M6"]].column(7) == ["01/03/2025"]           # probationary: no official date
    assert by_id[ids["M12"]].column(8) == ["79012345"]
    assert by_id[ids["M1"]].column(14) == ["Miễn sinh hoạt từ 01/01/2024"]
    assert by_id[ids["M1"]].column(8) == ["", "", "Huy hiệu 40 năm"]


def test_book_on_an_earlier_date_shows_that_day(fixture_db):
    from app.services.book import book_entries

    db, ids = fixture_db
    with db.session() as s:
        entries = book_entries(s, as_of=date(2024, 12, 31))
    by_id = {e.member_id: e for e in entries}
    # M6, M7 admitted and M9 transferred in during 2025; everyone else was on the list
    assert set(by_id) == {ids[k] for k in ("M1", "M2", "M3", "M4", "M5", "M8", "M10", "M11", "M12", "M13", "M14")}
    assert all(e.on_roll for e in entries)
    assert by_id[ids["M11"]].unit_id == ids["B"]        # moved to C only in March 2025
    assert by_id[ids["M12"]].column(8) == []             # card issued 01/09/2025
    assert by_id[ids["M12"]].column(7) == ["01/07/2024"]  # official from 01/07/2025
    assert by_id[ids["M10"]].column(10) == [] and by_id[ids["M8"]].column(12) == []


def test_book_of_one_chi_bo(fixture_db):
    from app.services.book import book_entries

    db, ids = fixture_db
    with db.session() as s:
        entries = book_entries(s, as_of=date(2025, 12, 31), unit_id=ids["B"])
        p = P.book_printout(s, as_of=date(2025, 12, 31), unit_id=ids["B"])
    assert sorted(e.column(2)[0] for e in entries) == sorted(n.upper() for n in BOOK_UNITS_2025["B"])
    assert p.header.issuing_body == "CHI BỘ TRƯỜNG TIỂU HỌC" and p.signature.on_behalf == "T/M CHI BỘ"
    assert not any(isinstance(r, Section) for r in p.tables[0].rows)


def test_book_xlsx_in_the_stacked_layout(fixture_db, tmp_path):
    db, ids = fixture_db
    with db.session() as s:
        path = write_book_xlsx(s, tmp_path / "so.xlsx", as_of=date(2025, 12, 31))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = _sheet_rows(ws)
    head = next(i for i, r in enumerate(rows) if r[0] == "Số TT")
    assert rows[head][1] == "Họ và tên\nHọ và tên khai sinh\nNgày sinh" and len([v for v in rows[head] if v]) == 14
    assert rows[head + 1] == list(range(1, 15))                     # the row of column numbers
    body = rows[head + 2:]
    sections = [r[0] for r in body if isinstance(r[0], str) and r[0].startswith("CHI BỘ") and r[1] is None]
    assert sections == ["CHI BỘ BẢN NÀ SLA", "CHI BỘ HỢP TÁC XÃ", "CHI BỘ TRẠM Y TẾ", "CHI BỘ TRƯỜNG TIỂU HỌC"]
    members = [r for r in body if isinstance(r[0], str) and r[0].isdigit()]
    assert len(members) == 14 and [int(r[0]) for r in members] == list(range(1, 15))
    lan = next(r for r in members if r[1].startswith("BÙI THỊ LAN"))
    assert lan[1] == "BÙI THỊ LAN\n\n05/05/1988" and lan[10] == "01/04/2025\nĐảng bộ xã Tân Phong, tỉnh Điện Biên"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows is not None and _no_formulas(wb) == []
    texts = [v for r in rows for v in r if isinstance(v, str)]
    assert "SỔ DANH SÁCH ĐẢNG VIÊN" in texts and "Đảng bộ xã Thanh Bình" in texts and "T/M ĐẢNG ỦY" in texts


def test_rating_sheet_filled_and_blank(fixture_db, tmp_path):
    db, ids = fixture_db
    with db.session() as s:
        filled = P.rating_sheet_printout(s, 2025, ids["B"])
        blank = P.rating_sheet_printout(s, 2025, ids["B"], filled=False)
    rows = filled.tables[0].rows
    # B at 31/12/2025: Dung HTTNV, Em HTXSNV, Gấm HTTNV, Lan HTTNV, Oanh HTTNV
    expected = {"Trần Thị Dung": "HTTNV", "Phạm Văn Em": "HTXSNV", "Hoàng Thị Gấm": "HTTNV",
                "Bùi Thị Lan": "HTTNV", "Đinh Thị Oanh": "HTTNV"}
    codes = [c.header for c in filled.tables[0].columns[6:10]]
    assert {r[1]: codes[[v for v in r[6:10]].index("x")] for r in rows} == expected
    assert all(v is None for r in blank.tables[0].rows for v in r[2:10])
    assert [c.group for c in filled.tables[0].columns[2:10]] == ["Đảng viên tự xếp loại"] * 4 + \
        ["Chi bộ đề xuất xếp loại"] * 4
    wb = openpyxl.load_workbook(write_printout_xlsx(filled, tmp_path / "xl.xlsx"))
    assert [r[1] for r in _data_rows(wb.worksheets[0])] == [r[1] for r in rows]


def test_rating_summary_of_the_year(fixture_db):
    db, ids = fixture_db
    with db.session() as s:
        p = P.rating_summary_printout(s, 2025)
    rows = {r[1].strip(): r for r in p.tables[0].rows}
    # 2025 (fixture): A: Bình HTXSNV, Chu HTTNV, Páo KHTNV; B: Em HTXSNV, Dung/Gấm/Lan/Oanh HTTNV; C: Nam HTNV
    assert rows["Cộng"][3:7] == [2, 5, 1, 1]
    assert rows["Chi bộ Trường Tiểu học"][3:7] == [1, 4, 0, 0] and rows["Chi bộ Trường Tiểu học"][9] == "HTTNV"
    assert "7/9, đạt 77,8%; trong đó 2 HTXSNV (28,6%)" in p.notes[0]


def test_reminders_units_recruitment_and_record(fixture_db, tmp_path):
    db, ids = fixture_db
    with db.session() as s:
        rem = P.reminders_printout(s, date(2026, 2, 15), days=30)
        units = P.units_printout(s, date(2025, 12, 31))
        rec = P.recruitment_printout(s, 2025, as_of=date(2025, 12, 31))
        record = P.record_printout(s, ids["M5"], as_of=date(2026, 1, 5))
    # Hoàng Thị Gấm: ceremony 01/03/2025, 12 months end 01/03/2026, within 30 days of 15/02/2026
    assert [(r[1], r[4]) for r in rem.tables[0].rows] == [("Hoàng Thị Gấm", date(2026, 3, 1))]
    assert [r[1].strip() for r in units.tables[0].rows] == ["Đảng bộ xã Thanh Bình", "Chi bộ bản Nà Sla",
                                                             "Chi bộ Trạm y tế", "Chi bộ Trường Tiểu học"]
    assert [r[4] for r in units.tables[0].rows] == [11, 5, 1, 5]
    targets = {r[1]: r[2:5] for r in rec.tables[1].rows}
    # targets 2025: A 2, B 2; admitted 2025: Gấm (B), Hải (A)
    assert targets["Chi bộ bản Nà Sla"] == [2, 1, "50,0%"] and targets["Cộng"] == [4, 2, "50,0%"]
    fields = dict((r[0], r[1]) for r in record.tables[0].rows)
    assert fields["Họ và tên đang dùng"] == "Phạm Văn Em" and fields["Ngày vào Đảng (quyết định)"] == date(1995, 4, 4)
    assert [r[0] for r in record.tables[2].rows] == [2024, 2025]
    assert "Tặng Huy hiệu Đảng" in [r[2] for r in record.tables[1].rows]
    for p in (rem, units, rec, record):
        wb = openpyxl.load_workbook(write_printout_xlsx(p, tmp_path / f"{p.name}.xlsx"))
        assert len(wb.worksheets) == len(p.tables) and _no_formulas(wb) == []
        for ws, table in zip(wb.worksheets, p.tables):
            header = table.columns[0].header
            got = [r[0] for r in _data_rows(ws, header)] if header == "STT" else None
            if got is not None:
                assert got == [r[0] for r in table.rows if isinstance(r[0], int)]


@pytest.mark.parametrize("kind", ["members", "book"])
def test_landscape_when_wide(fixture_db, kind):
    db, _ = fixture_db
    with db.session() as s:
        p = P.members_printout(s, columns=("name", "birth")) if kind == "members" else \
            P.book_printout(s, as_of=date(2025, 12, 31))
    assert p.is_landscape == (kind == "book")


def test_the_exported_book_re_imports_with_zero_changes(fixture_db, tmp_path):
    """Issue 10 item 4: export the book, import it into the same database: nothing changes. The importer that
    reads the stacked layout comes from the h10-book branch; until it is merged this test is skipped."""
    from app.importing import SKIPPED, UNCHANGED, plan_import, read_workbooks

    db, ids = fixture_db
    with db.session() as s:
        path = write_book_xlsx(s, tmp_path / "so.xlsx", as_of=date(2025, 12, 31))
    tables = read_workbooks([path])
    with db.session() as s:
        plan = plan_import(s, tables, date(2025, 12, 31), None)
    matched = [r for r in plan.rows if r.status != SKIPPED]
    if not matched:
        pytest.skip("the importer on this branch does not read the stacked book layout yet (issue 10, h10-book)")
    assert len(matched) == 14
    assert [(r.full_name, [(c.field, c.old, c.new) for c in r.changes]) for r in matched
            if r.status != UNCHANGED] == []
    assert plan.units_to_create == []
