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
    included); a column left out is the database's default (created_at). The dicts' values are replaced
    by their stored form."""
    if not rows:
        return
    table = _TABLES[table_name]
    dialect = session.get_bind().dialect
    first = rows[0]
    keys = [c.key for c in table.columns if c.key in first]
    for k in keys:
        proc = table.c[k].type.dialect_impl(dialect).bind_processor(dialect)
        if proc is None:
            continue
        memo: dict = {}   # a column's values repeat (enums, dates, flags): each converted once
        for r in rows:
            v = r[k]
            if v is not None:
                try:
                    r[k] = memo[v]
                except KeyError:
                    r[k] = memo[v] = proc(v)
    params = list(map(itemgetter(*keys), rows))
    quote = dialect.identifier_preparer.quote
    sql = (f"INSERT INTO {quote(table.name)} ({', '.join(quote(k) for k in keys)}) "
           f"VALUES ({', '.join('?' for _ in keys)})")
    session.connection().exec_driver_sql(sql, params)
