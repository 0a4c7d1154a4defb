"""Export back: the shape users know (title rows, header, real dates, Times New Roman, A4 landscape)."""

from datetime import date, datetime

import openpyxl

from app.importing import apply_plan, plan_import, read_workbooks, run
from app.importing.export_xlsx import export_members_xlsx, export_table_xlsx

from .helpers import write_xlsx


def test_statistics_table_sheet_shape(tmp_path):
    path = export_table_xlsx(tmp_path / "bieu.xlsx", "TỔNG HỢP ĐẢNG VIÊN THEO CHI BỘ",
                             ["TT", "Chi bộ", "Tổng số", "Nữ", "Ngày chốt"],
                             [[1, "Chi bộ thôn Bản Chu", 21, 7, date(2025, 12, 31)],
                              [2, "Chi bộ Công an xã", 6, 0, date(2025, 12, 31)]],
                             subtitle="(Tính đến ngày 31/12/2025)")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    assert ws["A1"].value == "TỔNG HỢP ĐẢNG VIÊN THEO CHI BỘ" and ws["A1"].font.b
    assert ws["A2"].value == "(Tính đến ngày 31/12/2025)"
    assert [c.value for c in ws[4]] == ["TT", "Chi bộ", "Tổng số", "Nữ", "Ngày chốt"]
    assert ws["E5"].value == datetime(2025, 12, 31) and ws["E5"].number_format == "dd/mm/yyyy"
    assert {c.font.name for row in ws.iter_rows(min_row=1, max_row=6) for c in row if c.value is not None} == \
        {"Times New Roman"}
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$4:$4"
    assert "A1:E1" in {str(r) for r in ws.merged_cells.ranges}


def test_member_list_export_in_given_order_with_year_only_births(db, tmp_path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [
        ["Họ và tên", "Ngày sinh", "Giới tính", "Chi bộ", "Xếp loại 2025"],
        ["Nguyễn Văn An", 1970, "Nam", "Chi bộ 1", "Tốt"],
        ["Lò Thị Bình", "02/03/1985", "Nữ", "Chi bộ 2", "HTXSNV"],
    ])
    tables = read_workbooks([sheet])
    with db.session() as s:
        plan = plan_import(s, tables, date(2025, 12, 31))
    run(apply_plan(db, plan))
    out = tmp_path / "xuat.xlsx"
    with db.session() as s:
        from app.models import Member
        ids = [m.id for m in s.query(Member).order_by(Member.id.desc()).all()]  # the window's order
        export_members_xlsx(s, out, ids, as_of=date(2025, 12, 31))
    ws = openpyxl.load_workbook(out).active
    header_row = next(r for r in range(1, 10) if ws.cell(r, 1).value == "STT")
    headers = [c.value for c in ws[header_row]]
    names = [ws.cell(header_row + 1, 2).value, ws.cell(header_row + 2, 2).value]
    assert names == ["Lò Thị Bình", "Nguyễn Văn An"]
    birth = headers.index("Ngày sinh") + 1
    assert ws.cell(header_row + 1, birth).value == datetime(1985, 3, 2)
    assert ws.cell(header_row + 2, birth).value == 1970  # a year-only date stays a year
    rating = headers.index("Xếp loại 2025") + 1
    assert ws.cell(header_row + 1, rating).value == "HTXSNV" and ws.cell(header_row + 2, rating).value == "HTTNV"
    assert ws.page_setup.orientation == "landscape"
