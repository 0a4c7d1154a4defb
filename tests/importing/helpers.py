"""Building real sheet files for the import tests (openpyxl writes; .xls samples are the shared ones)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def write_xlsx(path: Path, rows: list[list], *, font: str | None = None, fonts: dict | None = None,
               merges: list[str] = (), title: str = "Sheet1", sheets: dict | None = None) -> Path:
    """rows: list of row values (row 1 first); fonts: {(row, col): font name} 1-based; sheets: extra sheets."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    all_sheets = {title: (rows, font, fonts, merges)}
    for name, spec in (sheets or {}).items():
        all_sheets[name] = spec
    first = True
    for name, (srows, sfont, sfonts, smerges) in all_sheets.items():
        if not first:
            ws = wb.create_sheet(name)
        first = False
        for r, values in enumerate(srows, 1):
            for c, v in enumerate(values, 1):
                if v is None:
                    continue
                cell = ws.cell(row=r, column=c, value=v)
                f = (sfonts or {}).get((r, c), sfont)
                if f:
                    cell.font = Font(name=f)
        for m in smerges or ():
            ws.merge_cells(m)
    wb.save(path)
    return path


def sql(db_path: Path, query: str, *args):
    con = sqlite3.connect(str(db_path))
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def scalar(db_path: Path, query: str, *args):
    return sql(db_path, query, *args)[0][0]


def on_roll_sql(as_of: str) -> str:
    """Independent of the code under test: spans covering the date (valid_to exclusive), counted ones."""
    return (f"FROM member_spans s JOIN members m ON m.id = s.member_id WHERE s.valid_from <= '{as_of}' "
            f"AND (s.valid_to IS NULL OR s.valid_to > '{as_of}') AND s.counted = 1")


def table_counts(db_path: Path) -> dict:
    names = ("members", "member_events", "member_spans", "evaluations", "units", "import_batches",
             "import_changes")
    return {n: scalar(db_path, f"SELECT COUNT(*) FROM {n}") for n in names}
