"""Import last year's Excel sheets: read → detect the table → map columns → plan → apply (→ undo).

No Qt here: the wizard in app/ui drives these functions and runs `apply_plan` (a generator) on a worker.
Writing the plan and undoing it belong to the services (app/services/imports.py, which owns every write);
their names are re-exported here so the import's steps read in one place.

    tables = read_workbooks(paths)                      # list[SheetTable], skipped sheets included
    with db.session() as s:
        plan = plan_import(s, tables, as_of, overrides)  # ImportPlan: rows with status and problems
    result = run(apply_plan(db, plan, resolutions))      # ImportResult; or iterate for Progress
    undo_import(db, result.batch_id)
"""

from __future__ import annotations

from pathlib import Path

from app.services.imports import (ImportCancelled, ImportResult, Progress, UndoError, apply_plan, list_batches,
                                  run, undo_import)
from .detect import ColumnMap, DataRow, SheetTable, detect_table
from .fields import FIELD_LABELS, FIELDS
from app.common.gcpause import collector_paused
from .plan import (CONFLICT, NEW, SKIPPED, STATUS_LABELS, UNCHANGED, UPDATE, ImportPlan, PlanError, PlannedRow,
                   Problem, plan_import)
from .memory import load_remembered, remember_mapping
from .readers import ImportFileError, read_file

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")

__all__ = [
    "CONFLICT", "FIELDS", "FIELD_LABELS", "NEW", "SKIPPED", "STATUS_LABELS", "SUPPORTED_SUFFIXES", "UNCHANGED",
    "UPDATE", "ColumnMap", "DataRow", "ImportCancelled", "ImportFileError", "ImportPlan", "ImportResult",
    "PlanError", "PlannedRow", "Problem", "Progress", "SheetTable", "UndoError", "apply_plan", "detect_table",
    "list_batches", "load_remembered", "plan_import", "read_workbooks", "remember_mapping", "run",
    "undo_import",
]


def read_workbooks(paths, remembered: dict | None = None, *, include_hidden: bool = False) -> list[SheetTable]:
    """Every sheet of every file as a SheetTable. A file that cannot be read, or a sheet with no member
    table, comes back with `skipped_reason` set (a Vietnamese message) instead of raising. A hidden sheet
    (offices hide old copies there) comes back with include=False unless include_hidden.

    remembered: {layout_key: {column index: field}} — mappings the user corrected for a layout before;
    by default those saved with memory.remember_mapping.
    """
    if remembered is None:
        from .memory import load_remembered

        remembered = load_remembered()
    with collector_paused():
        return _read_workbooks(paths, remembered, include_hidden)


HIDDEN_NOTE = ("Trang tính đang ẩn trong tệp (thường là bản cũ): không nhập, trừ khi chọn nhập trang này.")


def _read_workbooks(paths, remembered: dict, include_hidden: bool = False) -> list[SheetTable]:
    tables: list[SheetTable] = []
    for path in paths:
        path = Path(path)
        try:
            raws = read_file(path)
        except ImportFileError as exc:
            tables.append(SheetTable(file=exc.file, sheet="", path=str(path), skipped_reason=exc.message))
            continue
        if not raws:
            tables.append(SheetTable(file=path.name, sheet="", path=str(path),
                                     skipped_reason=f"Tệp «{path.name}» không có trang tính nào."))
        for raw in raws:
            try:
                table = detect_table(raw, str(path))
            except Exception as exc:  # noqa: BLE001 - a sheet we cannot understand is reported, never fatal
                table = SheetTable(file=raw.file, sheet=raw.name, path=str(path),
                                   skipped_reason=f"Không đọc được trang tính ({type(exc).__name__}).")
            if remembered and table.layout_key in remembered:
                table.set_mapping(remembered[table.layout_key])
            if raw.hidden:
                table.hidden = True
                if not include_hidden and not table.skipped_reason:
                    table.include = False
                    table.notes.insert(0, HIDDEN_NOTE)
            tables.append(table)
    return tables
