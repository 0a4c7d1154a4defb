"""Bulk inserts for the Excel import (issue 3): thousands of new members written in the caller's transaction.

The import builds and checks each new member with the services' own rules (apply_person_fields,
validate_events, lifecycle.derive, evaluations.eligibility) and hands the finished rows here. Going through
the ORM's unit of work — or even a Core insert, which re-processes every parameter set — costs more than
everything else in the import, so the rows are converted once with the columns' own type processors (the
same stored form as the ORM writes: enums by value, ISO dates) and written with one executemany.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.models import Evaluation, Member, MemberEvent, MemberSpan

_TABLES = {m.__table__.name: m.__table__ for m in (Member, MemberEvent, MemberSpan, Evaluation)}


def max_ids(session: Session) -> dict[str, int]:
    """The highest id in each table the bulk path writes (0 when empty). The caller holds SQLite's write
    lock for its whole transaction, so numbering new rows from here cannot collide with another writer."""
    out = {}
    for name, table in _TABLES.items():
        out[name] = session.connection().exec_driver_sql(f"SELECT max(id) FROM {name}").scalar() or 0
    return out


def insert_rows(session: Session, table_name: str, rows: list[dict]) -> None:
    """INSERT every row (dicts keyed by column name, ids included) with one executemany.

    Columns that are None in every row are left to the database's defaults (created_at)."""
    if not rows:
        return
    table = _TABLES[table_name]
    dialect = session.get_bind().dialect
    keys = [c.key for c in table.columns if any(r.get(c.key) is not None for r in rows)]
    procs = [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in keys]
    pairs = list(zip(keys, procs))
    params = []
    for r in rows:
        values = []
        for k, proc in pairs:
            v = r.get(k)
            values.append(proc(v) if proc is not None and v is not None else v)
        params.append(tuple(values))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
           f"VALUES ({', '.join('?' for _ in keys)})")
    session.connection().exec_driver_sql(sql, params)
