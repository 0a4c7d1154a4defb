"""Any Printout as .xlsx, in the shape clerks know: the header block and title rows, the table header (with the
row of column numbers when the printout has one), the rows, the notes and the signature; real dates; A4 with
the header rows repeated on every printed page. One sheet per table.

Every text is written as text: a name or a note that starts with "=" must not become a formula (a sheet
passed between offices is not a place to run code), so the cell type is forced to string.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from pathlib import Path

from app.common.safe_text import set_text_cell

from .printout import PARTY_NAME, Printout, Section, Table, cell_text

FONT = "Times New Roman"
DATE_FORMAT = "dd/mm/yyyy"


def _styles(size: float):
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin")
    return {
        "body": Font(name=FONT, size=size),
        "bold": Font(name=FONT, size=size + 1, bold=True),
        "title": Font(name=FONT, size=size + 3, bold=True),
        "italic": Font(name=FONT, size=size, italic=True),
        "head": Font(name=FONT, size=size, bold=True),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": {a: Alignment(horizontal=a, vertical="top", wrap_text=True) for a in ("left", "center", "right")},
    }


def _put(ws, row: int, col: int, value, font=None, alignment=None, border=None):
    cell = ws.cell(row=row, column=col)
    if isinstance(value, (date, datetime)):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, bool) or value is None:
        cell.value = None if value is None else ("Có" if value else "Không")
    elif isinstance(value, (int, float)):
        cell.value = value
    else:
        set_text_cell(cell, cell_text(value))  # never a formula, never an XML-illegal character (issue 17)
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    if border is not None:
        cell.border = border
    return cell


def _merged(ws, row: int, first: int, last: int, value, font, alignment) -> None:
    _put(ws, row, first, value, font, alignment)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _height(values, columns, size: float) -> float:
    """Row height in points for wrapped, stacked cells: Excel and LibreOffice do not grow a row that openpyxl
    wrote, so the lines are counted here (a line longer than its column wraps, about a character per unit of
    width)."""
    most = 1
    for value, col in zip(values, columns):
        chars = max(1.0, col.width - 1)
        lines = cell_text(value).split("\n") if value is not None else [""]
        most = max(most, sum(max(1, math.ceil(len(line) / chars)) for line in lines))
    return round(most * size * 1.3 + 3, 1)


def _sheet_name(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text).strip()[:28] or "Bảng"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} ({n})", n + 1
    used.add(name)
    return name


def _write_table(ws, p: Printout, table: Table, st) -> None:
    from openpyxl.utils import get_column_letter

    ncols = len(table.columns)
    half = max(1, ncols // 2)
    h = p.header
    # header block: parent body / issuing body / * at the left, the Party's name and place, date at the right
    _merged(ws, 1, 1, half, h.parent_body, st["body"], st["center"])
    _merged(ws, 1, half + 1, ncols, PARTY_NAME, st["bold"], st["center"])
    _merged(ws, 2, 1, half, h.issuing_body, st["bold"], st["center"])
    _merged(ws, 2, half + 1, ncols, h.place_and_date, st["italic"], st["center"])
    _merged(ws, 3, 1, half, "*", st["body"], st["center"])
    r = 5
    _merged(ws, r, 1, ncols, p.title, st["title"], st["center"])
    for line in p.subtitle + ([table.caption] if table.caption else []):
        r += 1
        _merged(ws, r, 1, ncols, line, st["italic"], st["center"])
    r += 2
    first_header = r
    grouped = any(c.group for c in table.columns)
    c = 1
    while c <= ncols:
        col = table.columns[c - 1]
        if grouped and col.group:
            last = c
            while last < ncols and table.columns[last].group == col.group:
                last += 1
            _merged(ws, r, c, last, col.group, st["head"], st["center"])
            for k in range(c, last + 1):
                _put(ws, r + 1, k, table.columns[k - 1].header, st["head"], st["center"], st["border"])
                ws.cell(row=r, column=k).border = st["border"]
            c = last + 1
        else:
            _put(ws, r, c, col.header, st["head"], st["center"], st["border"])
            if grouped:
                _put(ws, r + 1, c, None, st["head"], st["center"], st["border"])
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
            c += 1
    ws.row_dimensions[r].height = _height([c.header for c in table.columns], table.columns, st["head"].size)
    if grouped:
        r += 1
        ws.row_dimensions[r].height = _height([c.header for c in table.columns], table.columns, st["head"].size)
        ws.row_dimensions[r - 1].height = None
    if table.numbered:
        r += 1
        for k in range(1, ncols + 1):
            _put(ws, r, k, k, st["head"], st["center"], st["border"])
    header_rows = f"{first_header}:{r}"
    for k, col in enumerate(table.columns, 1):
        ws.column_dimensions[get_column_letter(k)].width = col.width
    for row in table.rows:
        r += 1
        if isinstance(row, Section):
            _merged(ws, r, 1, ncols, row.text, st["head"], st["wrap"]["left"])
            for k in range(1, ncols + 1):
                ws.cell(row=r, column=k).border = st["border"]
            continue
        for k, (value, col) in enumerate(zip(row, table.columns), 1):
            _put(ws, r, k, value, st["body"], st["wrap"][col.align], st["border"])
        ws.row_dimensions[r].height = _height(row, table.columns, st["body"].size)
    for line in p.notes:
        r += 1
        _merged(ws, r, 1, ncols, line, st["italic"], st["wrap"]["left"])
    if p.signature is not None:
        r += 2
        s = p.signature
        for text, font in ((s.on_behalf, st["bold"]), (s.title, st["bold"]), (None, None), (None, None),
                           (s.name or None, st["bold"])):
            _merged(ws, r, half + 1, ncols, text, font or st["body"], st["center"])
            r += 1
    ws.page_setup.orientation = "landscape" if p.is_landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = header_rows
    ws.oddFooter.center.text = "Trang &P/&N"
    ws.freeze_panes = ws.cell(row=int(header_rows.split(":")[1]) + 1, column=1)


def write_printout_xlsx(printout: Printout, path: str | Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    st = _styles(max(printout.font_size, 10) + 1)
    used: set[str] = set()
    for table in printout.tables:
        ws = wb.create_sheet(_sheet_name(table.caption.lstrip("0123456789. ") if table.caption
                                         else printout.title.capitalize(), used))
        _write_table(ws, printout, table, st)
    path = Path(path)
    wb.save(path)
    return path
