"""Export back to .xlsx in the shape users know: title rows, one header row, real dates, Times New Roman,
A4 landscape. The member list is written so that importing it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from app.common.safe_text import set_text_cell
from app.models.enums import DatePrecision

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"


@dataclass
class ExportColumn:
    header: str
    width: float
    get: object  # callable(member, ctx) -> value


def _sheet_setup(ws, header_row: int, ncols: int) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)


def _styles():
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "title": Font(name=FONT, size=14, bold=True),
        "sub": Font(name=FONT, size=12, italic=True),
        "head": Font(name=FONT, size=12, bold=True),
        "body": Font(name=FONT, size=12),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "left": Alignment(horizontal="left", vertical="center", wrap_text=False),
    }


def _write_table(ws, title_lines: list[str], headers: list[str], widths: list[float], rows, date_cols=()):
    from openpyxl.utils import get_column_letter

    st = _styles()
    ncols = len(headers)
    r = 1
    for i, line in enumerate(title_lines):
        cell = ws.cell(row=r, column=1)
        set_text_cell(cell, line)
        cell.font = st["title"] if i == 0 else st["sub"]
        cell.alignment = st["center"]
        if ncols > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        r += 1
    r += 1  # one blank row between the title and the table, as the clerks' sheets have
    header_row = r
    for c, text in enumerate(headers, 1):
        cell = ws.cell(row=r, column=c)
        set_text_cell(cell, text)
        cell.font, cell.border, cell.alignment = st["head"], st["border"], st["center"]
        ws.column_dimensions[get_column_letter(c)].width = widths[c - 1] if c - 1 < len(widths) else 14
    ws.row_dimensions[r].height = 32
    for values in rows:
        r += 1
        for c, value in enumerate(values, 1):
            cell = ws.cell(row=r, column=c)
            set_text_cell(cell, value)   # names, notes, places from sheets: text, never a formula (issue 17)
            cell.font, cell.border = st["body"], st["border"]
            if isinstance(value, (date, datetime)):
                cell.number_format = DATE_FORMAT
                cell.alignment = st["center"]
            elif c == 1 and isinstance(value, int):
                cell.alignment = st["center"]  # the STT column
            elif c - 1 in date_cols and isinstance(value, int):
                cell.number_format = "0"
                cell.alignment = st["center"]
    _sheet_setup(ws, header_row, ncols)
    return header_row


def export_table_xlsx(path: str | Path, title: str, headers: list[str], rows: list[list], *,
                      subtitle: str | None = None, sheet_name: str = "Bảng", widths: list[float] | None = None) -> Path:
    """Any statistics table (the report's Biểu) as a sheet: title, subtitle, header, rows."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_name[:31]
    lines = [title] + ([subtitle] if subtitle else [])
    widths = widths or [max(8, min(45, len(str(h)) + 4)) for h in headers]
    _write_table(ws, lines, headers, widths, rows)
    path = Path(path)
    wb.save(path)
    return path


def _birth(member):
    if member.birth_date is None:
        return None
    if member.birth_date_precision == DatePrecision.YEAR:
        return member.birth_date.year
    return member.birth_date


def member_columns(years: list[int]) -> list[ExportColumn]:
    def attr(name):
        return lambda m, ctx: getattr(m, name)

    cols = [
        ExportColumn("Họ và tên", 26, attr("full_name")),
        ExportColumn("Giới tính", 9, lambda m, ctx: m.gender.label if m.gender else None),
        ExportColumn("Ngày sinh", 12, lambda m, ctx: _birth(m)),
        ExportColumn("Dân tộc", 10, attr("ethnicity")),
        ExportColumn("Tôn giáo", 11, attr("religion")),
        ExportColumn("Quê quán", 22, attr("birthplace")),
        ExportColumn("Nơi ở hiện nay", 22, attr("residence")),
        ExportColumn("Số CCCD", 15, attr("national_id")),
        ExportColumn("Số thẻ đảng viên", 14, attr("card_number")),
        ExportColumn("Ngày vào Đảng", 12, attr("admitted_on")),
        ExportColumn("Ngày chính thức", 12, attr("official_on")),
        ExportColumn("Chi bộ", 24, lambda m, ctx: ctx["units"].get(m.current_unit_id)),
        ExportColumn("Nghề nghiệp", 16, attr("occupation")),
        ExportColumn("Văn hóa", 9, attr("general_education_text")),
        ExportColumn("Chuyên môn", 16, attr("professional_text")),
        ExportColumn("Lý luận chính trị", 12, attr("political_theory_text")),
    ]
    for y in years:
        cols.append(ExportColumn(f"Xếp loại {y}", 11, lambda m, ctx, y=y: ctx["ratings"].get((m.id, y))))
    cols.append(ExportColumn("Ghi chú", 18, attr("notes")))
    return cols


def export_members_xlsx(session, path: str | Path, member_ids: list[int] | None = None, *,
                        as_of: date | None = None, title: str | None = None, commune_name: str | None = None,
                        years: list[int] | None = None, drop_empty_columns: bool = True) -> Path:
    """The member list (in the order given: the list as the window shows it) to .xlsx.

    member_ids None: everyone on the list today, in Vietnamese name order.
    """
    import openpyxl

    from app.services.import_reads import members_for_export

    as_of = as_of or date.today()
    units, members, ratings = members_for_export(session, member_ids)
    if years is None:
        years = sorted({y for (_m, y) in ratings})[-3:]
    cols = member_columns(years)
    ctx = {"units": units, "ratings": ratings}
    rows = [[c.get(m, ctx) for c in cols] for m in members]
    if drop_empty_columns and rows:
        # a printed A4 page has no room for columns nobody filled in; re-importing is unaffected
        keep = [j for j, c in enumerate(cols) if c.header == "Họ và tên" or any(r[j] not in (None, "") for r in rows)]
        cols = [cols[j] for j in keep]
        rows = [[r[j] for j in keep] for r in rows]
    rows = [[i] + r for i, r in enumerate(rows, 1)]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách đảng viên"
    lines = []
    if commune_name:
        lines.append(commune_name.upper())
    lines.append(title or "DANH SÁCH ĐẢNG VIÊN")
    lines.append(f"(Tính đến ngày {as_of:%d/%m/%Y})")
    if commune_name:
        lines = [lines[1], lines[0], lines[2]]
    headers = ["STT"] + [c.header for c in cols]
    widths = [6] + [c.width for c in cols]
    _write_table(ws, lines, headers, widths, rows)
    path = Path(path)
    wb.save(path)
    return path
