"""Bulk inserts for the Excel import (issue 3): thousands of new members written in the caller's transaction.

The import builds and checks each new member with the services' own rules (apply_person_fields,
validate_events, lifecycle.derive, evaluations.eligibility) and hands the finished rows here. Going through
the ORM's unit of work — or even a Core insert, which re-processes every parameter set — costs more than
everything else in the import, so the rows are converted once with the columns' own type processors (the
same stored form as the ORM writes: enums by value, ISO dates) and written with one executemany.
"""

from __future__ import annotations

from operator import itemgetter

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
    """INSERT every row with one executemany. Every row is a dict with the same keys (column names, id
    included); a column left out is the database's default (created_at)."""
    if not rows:
        return
    table = _TABLES[table_name]
    dialect = session.get_bind().dialect
    first = rows[0]
    keys = [c.key for c in table.columns if c.key in first]
    # column by column: a column's values repeat (enums, dates, flags), so each distinct one is converted
    # once and the rest is looked up (the per-row work of a Core executemany was the import's largest cost)
    columns = list(zip(*map(itemgetter(*keys), rows))) if len(keys) > 1 else [[r[keys[0]] for r in rows]]
    for i, k in enumerate(keys):
        proc = table.c[k].type.dialect_impl(dialect).bind_processor(dialect)
        if proc is None:
            continue
        distinct = set(columns[i])
        distinct.discard(None)
        if not distinct:
            continue
        stored = {v: proc(v) for v in distinct}
        stored[None] = None
        columns[i] = list(map(stored.__getitem__, columns[i]))
    params = list(zip(*columns))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
           f"VALUES ({', '.join('?' for _ in keys)})")
    session.connection().exec_driver_sql(sql, params)
