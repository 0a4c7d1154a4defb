"""Building real sheet files for the import tests (openpyxl writes; .xls samples are the shared ones)."""

from __future__ import annotations

from pathlib import Path

from ..db_read import column_names, foreign_key_violations, scalar, sql  # noqa: F401 (the suite's own)


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


def on_roll_sql(as_of: str) -> str:
    """Independent of the code under test: spans covering the date (valid_to exclusive), counted ones."""
    return (f"FROM member_spans s JOIN members m ON m.id = s.member_id WHERE s.valid_from <= '{as_of}' "
            f"AND (s.valid_to IS NULL OR s.valid_to > '{as_of}') AND s.counted = TRUE")


def table_counts(db) -> dict:
    names = ("members", "member_events", "member_spans", "evaluations", "units", "import_batches",
             "import_changes")
    return {n: scalar(db, f"SELECT COUNT(*) FROM {n}") for n in names}
