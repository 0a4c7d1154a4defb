"""The longest text each column takes (its String(n)), checked before a write.

PostgreSQL refuses a value longer than its column (an error at the INSERT, the whole import lost) where
SQLite stores it silently; checking here makes the rule the same on both backends, and the clerk is told
which field and how long, before anything is written (issue 16)."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Enum, String, Table

from .errors import DomainError


@cache
def limits(table: Table) -> dict[str, int]:
    """{column key: its length} for the table's sized text columns (enums are checked as enums)."""
    return {c.key: c.type.length for c in table.columns
            if isinstance(c.type, String) and not isinstance(c.type, Enum) and c.type.length}


def check_length(table: Table, field: str, value) -> None:
    """DomainError naming the field when a text is longer than its column takes."""
    limit = limits(table).get(field)
    if limit and isinstance(value, str) and len(value) > limit:
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise DomainError(f"«{shown}» dài {len(value)} ký tự, quá {limit} ký tự cho phép.", field)


def check_lengths(table: Table, record) -> None:
    """Every sized text column of the record (an ORM object or a plain one with the same attributes)."""
    for field in limits(table):
        check_length(table, field, getattr(record, field, None))
