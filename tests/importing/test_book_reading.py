"""Reading the official book (Mẫu 7-HSĐV) in the shapes offices keep it: real .xlsx/.xls/.csv files written
here, read back through read_workbooks; what each member's lines say is checked against the fixture's own
facts (book_fixtures.MEMBERS), never against the reader's output."""

from __future__ import annotations

import pytest

from app.importing import read_workbooks
from app.importing.book_layout import align_lines, split_sex_line
from app.importing.fields import match_header

from . import book_fixtures as F
from .helpers import write_xlsx

ALL = F.MEMBERS[F.EAST] + F.MEMBERS[F.SCHOOL]


def _by_field(table, row):
    return {c.field: row.values[c.index] for c in table.columns if c.field}


def _check_members(table, members, units=None):
    assert table.layout == "book" and table.skipped_reason is None
    assert len(table.rows) == len(members)
    for row, m in zip(table.rows, members):
        got = _by_field(table, row)
        assert got["full_name"] == m["name"][0]
        assert got["birth_date"] == m["name"][1]
        assert [got["gender"], got["ethnicity"], got["religion"]] == m["sex"]
        assert got["admitted_on"] == m["adm"][0] and got["official_on"] == (m["adm"][1] or None)
        assert got["card_number"] == (m["card"] or None) and got["dossier_number"] == (m["dossier"] or None)
        assert got["general_education"] == m["levels"][0]
        assert got["professional"] == (m["levels"][2] or None)
        assert got["occupation"] == m["jobs"][1]
        for key, (on, what) in (("out", ("moved_out_on", "moved_out_to")), ("came", ("moved_in_on", "moved_in_from")),
                                ("death", ("died_on", "death_reason")), ("left", ("left_on", "left_form"))):
            expect = m.get(key) or [None, None]
            assert [got[on], got[what]] == expect, (m["name"][0], key)
        note = m.get("notes")
        exempt = note if note and note.startswith("Miễn") else None
        assert [got["exemption_note"], got["notes"]] == [exempt, None if exempt else note]
    if units:
        assert [r.group_unit for r in table.rows] == units


def test_lines_in_cells_digits_across_cells_numbered_columns(tmp_path):
    path = F.write_book_xlsx(tmp_path / "so_2025.xlsx", [
        {"name": "thôn Đông", "digits": 8,
         "rows": F.book_rows([F.EAST], title=["ĐẢNG BỘ XÃ MINH TIẾN - CHI BỘ THÔN ĐÔNG", "SỔ DANH SÁCH ĐẢNG VIÊN",
                                              F.TITLE_AS_OF])}])
    [table] = read_workbooks([path], remembered={})
    _check_members(table, F.MEMBERS[F.EAST])
    # the title names two levels: the lowest is the unit
    assert table.unit_name == "Chi bộ thôn Đông"
    assert table.as_of.value.isoformat() == "2025-12-31"
    card = next(c for c in table.columns if c.field == "card_number")
    assert card.where == "H–O, dòng 1" and card.span == 8
    levels = [c for c in table.columns if c.source == 4]
    assert [c.field for c in levels] == ["general_education", "political_theory", "professional", "foreign_language"]


def test_four_rows_per_member_with_section_rows_and_a_signature(tmp_path):
    rows = F.book_rows([F.EAST, F.SCHOOL], four_rows=True, sections=True, numbering="paren",
                       title=["SỔ DANH SÁCH ĐẢNG VIÊN", F.TITLE_AS_OF], signature=True)
    path = F.write_book_xlsx(tmp_path / "so.xlsx", [{"name": "Sheet1", "rows": rows, "digits": 8}])
    [table] = read_workbooks([path], remembered={})
    units = ["Chi bộ thôn Đông"] * len(F.MEMBERS[F.EAST]) + ["Chi bộ trường THCS Minh Tiến"] * len(F.MEMBERS[F.SCHOOL])
    _check_members(table, ALL, units)
    assert any("T/M CHI ỦY" in n for n in table.notes)          # the signature ended the table
    assert table.rows[1].number == table.rows[0].number + 4     # the number sits on each member's first row


def test_the_book_as_xls_with_a_hidden_old_copy(tmp_path):
    pytest.importorskip("xlwt")
    path = F.write_book_xls(tmp_path / "so.xls", [
        {"name": "Sheet1", "rows": F.book_rows([F.EAST, F.SCHOOL], four_rows=True, sections=True,
                                               title=[F.TITLE_AS_OF])},
        {"name": "Sổ cũ 2020", "rows": F.book_rows([F.SCHOOL], title=[F.TITLE_AS_OF]), "hidden": True}])
    book, old = read_workbooks([path], remembered={})
    _check_members(book, ALL)
    assert book.include and not book.hidden
    # the hidden copy is read and listed, but left out unless the clerk asks
    assert old.hidden and not old.include and "ẩn" in old.notes[0]
    [_, asked] = read_workbooks([path], remembered={}, include_hidden=True)
    assert asked.include


def test_the_book_as_csv_card_number_in_one_cell(tmp_path):
    path = F.write_book_csv(tmp_path / "so_2025.csv", F.book_rows([F.EAST, F.SCHOOL], digits=None, sections=True,
                                                                  title=[F.TITLE_AS_OF]))
    [table] = read_workbooks([path], remembered={})
    _check_members(table, ALL)


def test_hidden_xlsx_sheet_is_not_imported_unless_asked(tmp_path):
    path = F.write_book_xlsx(tmp_path / "so.xlsx", [
        {"name": "thôn Đông", "rows": F.book_rows([F.EAST], title=[F.TITLE_AS_OF]), "digits": 8},
        {"name": "bản cũ", "rows": F.book_rows([F.EAST], title=[F.TITLE_AS_OF]), "digits": 8, "hidden": True}])
    shown, hidden = read_workbooks([path], remembered={})
    assert shown.include and not hidden.include and hidden.hidden


def test_a_youth_union_list_and_a_blank_form_are_refused_with_the_reason(tmp_path):
    youth = write_xlsx(tmp_path / "doan.xlsx", [
        ["DANH SÁCH ĐOÀN VIÊN CHI ĐOÀN THÔN ĐÔNG"],
        ["STT", "Họ và tên", "Ngày sinh", "Ngày vào Đoàn", "Ghi chú"],
        [1, "Nguyễn Văn Tú", "01/02/2003", "26/03/2018", None],
        [2, "Lê Thị Mai", "05/06/2004", "26/03/2019", None]])
    [t] = read_workbooks([youth], remembered={})
    assert t.skipped_reason and "đoàn viên" in t.skipped_reason
    blank = F.write_book_xlsx(tmp_path / "mau.xlsx", [{"name": "Mẫu", "digits": 8, "rows": F.book_rows(
        [], title=["SỔ DANH SÁCH ĐẢNG VIÊN"]) + [[i] for i in range(1, 21)]}])
    [b] = read_workbooks([blank], remembered={})
    assert b.skipped_reason and "mẫu còn trống" in b.skipped_reason
    dues = write_xlsx(tmp_path / "dang_phi.xlsx", [
        ["SỔ THU NỘP ĐẢNG PHÍ NĂM 2025"],
        ["STT", "Họ và tên", "Thu nhập", "Số tiền phải đóng", "Đã đóng"],
        [1, "Nguyễn Văn An", 5000000, 50000, 50000]])
    [d] = read_workbooks([dues], remembered={})
    assert d.skipped_reason and "đảng phí" in d.skipped_reason


def test_header_words_match_whole_words_only():
    assert match_header("Số tiền phải đóng").field is None
    assert match_header("Tuổi đảng (phải tròn 30 năm)").field is None
    assert match_header("Phái").field == "gender"
    assert match_header("Họ và tên đảng viên (ghi theo CCCD)").field == "full_name"


def test_lines_are_placed_by_kind_when_a_fact_is_missing():
    fields = ("full_name", "other_name", "birth_date")
    assert align_lines(["NGUYỄN VĂN AN", "12/03/1960"], fields) == ["NGUYỄN VĂN AN", None, "12/03/1960"]
    assert align_lines(["NGUYỄN VĂN AN", "NGUYỄN VĂN ÂN", "1960"], fields) == ["NGUYỄN VĂN AN", "NGUYỄN VĂN ÂN",
                                                                              "1960"]
    assert align_lines(["", "Xóa tên"], ("left_on", "left_form")) == [None, "Xóa tên"]
    levels = ("general_education", "political_theory", "professional", "foreign_language")
    assert align_lines(["12/12", "", "Đại học"], levels) == ["12/12", None, "Đại học", None]
    assert split_sex_line("Nam Kinh Không") == ["Nam", "Kinh", "Không"]
    assert split_sex_line("Nữ Sán Dìu Phật giáo") == ["Nữ", "Sán Dìu", "Phật giáo"]


def test_the_shared_book_sample_is_read_member_by_member(samples_dir):
    import json

    exp = json.loads((samples_dir / "SoDSDV_XaMinhTien_2025.expected.json").read_text(encoding="utf-8"))
    tables = read_workbooks([samples_dir / "SoDSDV_XaMinhTien_2025.xlsx"], remembered={})
    assert all(t.layout == "book" for t in tables)
    assert sum(len(t.rows) for t in tables) == exp["book_rows"]
    assert len({t.unit_name for t in tables}) == exp["units"]


def test_sub_header_rows_under_merged_headers(tmp_path):
    # the book with "Họ đệm | Tên" under its name column
    head, nums = F.header_rows(None)
    head = head[:2] + [None] + head[2:]
    sub = [None, "Họ đệm", "Tên"] + [None] * 13
    nums = ["1", "2", None] + [str(i) for i in range(3, 15)]
    member = [1, "NGUYỄN VĂN\n12/03/1960", "AN", "Nam\nKinh\nKhông", "Đông", "12/12", "Nông dân\nNông dân",
              "05/06/1990\n05/06/1991", "70805180\n90302"]
    path = write_xlsx(tmp_path / "so_2025.xlsx", [[F.EAST], head, sub, nums, member])
    [t] = read_workbooks([path], remembered={})
    got = _by_field(t, t.rows[0])
    assert got["full_name"] == "NGUYỄN VĂN AN" and got["birth_date"] == "12/03/1960"
    assert got["card_number"] == "70805180" and got["admitted_on"] == "05/06/1990"
    # a plain list: ticks under TC | CĐ | ĐH of a merged "Chuyên môn", Nam | Nữ under "Ngày sinh"
    plain = write_xlsx(tmp_path / "ds_2025.xlsx", [
        ["DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN ĐÔNG năm 2025"],
        ["STT", "Họ và tên", "Ngày sinh", None, "Chuyên môn", None, None, "Lý luận chính trị", None, None],
        [None, None, "Nam", "Nữ", "TC", "CĐ", "ĐH", "SC", "TC", "CC"],
        [1, "Nguyễn Văn An", "12/03/1960", None, "x", None, None, None, "x", None]])
    [p] = read_workbooks([plain], remembered={})
    marks = {c.header: (c.field, c.mark_value) for c in p.columns if c.mark_value}
    assert marks["Chuyên môn / ĐH"] == ("professional", "ĐH")
    assert marks["Lý luận chính trị / TC"] == ("political_theory", "TC")
