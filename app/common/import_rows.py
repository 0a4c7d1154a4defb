"""The words the import's planner (app/importing/plan.py) and its writer (app/services/imports.py) share.

A planned row's status, a problem found at a place in a file, and the fields one decision covers together.
Plain data, so the services can apply a plan without importing the importer (the layers run
models ← services ← importing).
"""

from __future__ import annotations

from dataclasses import dataclass

NEW, UPDATE, UNCHANGED, CONFLICT, SKIPPED = "new", "update", "unchanged", "conflict", "skipped"
ERROR, WARNING = "error", "warning"

# a classified level follows its text, a date's precision follows the date: one decision for both
LINKED_FIELDS = {"general_education": "general_education_text", "professional_level": "professional_text",
                 "political_theory": "political_theory_text", "birth_date_precision": "birth_date"}


@dataclass
class Problem:
    file: str
    sheet: str
    row: int | None
    column: str | None        # column letter ("C")
    field: str | None
    message: str              # Vietnamese
    severity: str = WARNING   # ERROR: the row (or sheet, or file) is not imported

    def as_dict(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "row": self.row, "column": self.column,
                "field": self.field, "message": self.message, "severity": self.severity}

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"trang «{self.sheet}»")
        if self.row:
            where.append(f"dòng {self.row}")
        if self.column:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}"
