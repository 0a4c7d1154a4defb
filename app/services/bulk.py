"""Bulk inserts for the Excel import (issue 3): thousands of new members written in the caller's transaction;
and the bulk deletes that undo such an import as a whole.

The import builds and checks each new member with the services' own rules (apply_person_fields,
validate_events, lifecycle.derive, evaluations.eligibility) and hands the finished rows here. Going through
the ORM's unit of work — or even a Core insert, which re-processes every parameter set — costs more than
everything else in the import, so the rows are converted once with the columns' own type processors (the
same stored form as the ORM writes: enums by value, ISO dates) and written with one executemany (SQLite) or
one COPY (PostgreSQL: 10,000 members' apply 18.6–22.0 s against 28.3–30.9 s with the executemany, same
process, a loaded machine). The ids come from the database (NewIds).
"""

from __future__ import annotations

from operator import itemgetter

from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session

from app.models import Candidate, Evaluation, Member, MemberEvent, MemberSpan, UnitOfficer

from . import search_words

_TABLES = {m.__table__.name: m.__table__ for m in (Member, MemberEvent, MemberSpan, Evaluation)}


class NewIds:
    """Ids for the rows the bulk path writes, taken from the database: `ids("members")` is the next one.

    SQLite: numbered on from max(id). The import's transaction has already written its batch row, so it
    holds SQLite's one write lock until it commits; no other writer can take a number in between.
    PostgreSQL: several clerks write at once and nothing locks the table, so max(id) + 1 could be taken
    by another session; the ids come from the column's own sequence (nextval, a block at a time), which
    never hands the same number out twice, and the ORM's next insert draws from the same sequence (no
    setval needed). A block's unused numbers are left as a gap, as a rolled-back insert leaves one.
    """

    BLOCK = 1000

    def __init__(self, session: Session):
        self._conn = session.connection()
        self._sequences = self._conn.dialect.name == "postgresql"
        self._free: dict[str, list[int]] = {name: [] for name in _TABLES}
        self._last: dict[str, int] = {}
        if not self._sequences:
            for name, table in _TABLES.items():
                self._last[name] = self._conn.execute(select(func.max(table.c.id))).scalar() or 0

    def __call__(self, table_name: str) -> int:
        if not self._sequences:
            self._last[table_name] += 1
            return self._last[table_name]
        free = self._free[table_name]
        if not free:
            free.extend(sorted(self._conn.execute(
                text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)"),
                {"t": table_name, "n": self.BLOCK}).scalars(), reverse=True))
        return free.pop()


# a raw executemany is written in the driver's paramstyle (positional ones; the parameters are tuples)
_PLACEHOLDER = {"qmark": "?", "format": "%s", "pyformat": "%s"}


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
    names = ", ".join(quote(k) for k in keys)
    if dialect.name == "postgresql":
        copy_rows(session, f"COPY {quote(table.name)} ({names}) FROM STDIN", params)
    else:
        mark = _PLACEHOLDER[dialect.paramstyle]  # the driver's own: sqlite3 "?"
        sql = f"INSERT INTO {quote(table.name)} ({names}) VALUES ({', '.join(mark for _ in keys)})"
        session.connection().exec_driver_sql(sql, params)
    if table_name == "members":
        search_words.index_rows(session, rows)  # the words a member is found by (services.search_words)


def copy_rows(session: Session, copy_sql: str, params: list[tuple]) -> None:
    """PostgreSQL's own bulk load (COPY … FROM STDIN, psycopg adapting each value as it would a parameter),
    on the session's connection, so in the import's transaction like the rest."""
    driver = session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(copy_sql) as copy:
        for row in params:
            copy.write_row(row)


_IN_CHUNK = 900  # SQLite's bound-parameter limit is 999 in older builds


def members_kept_by_other_records(session: Session, batch_id: int, member_ids=()) -> list[str]:
    """Names of members the batch created (carrying its id, or listed in member_ids) that another record now
    points to (a unit's officer, a candidate's admission): deleting them would break those records, so the
    undo must refuse."""
    conditions = [Member.import_batch_id == batch_id]
    extra = sorted(set(member_ids))
    conditions += [Member.id.in_(extra[i:i + _IN_CHUNK]) for i in range(0, len(extra), _IN_CHUNK)]
    names = set()
    for model in (UnitOfficer, Candidate):
        for condition in conditions:
            names.update(session.execute(select(Member.full_name).join(model, model.member_id == Member.id)
                                         .where(condition)).scalars())
    return sorted(names)


def delete_import_batch_rows(session: Session, batch_id: int, member_ids=()) -> dict:
    """Delete what an import batch created, in the caller's transaction: the members it created (carrying
    its id, or listed in member_ids) with every row hanging from them, and the events and evaluations it
    added to members that were already there. A statement per table on a subquery instead of one ORM
    delete per member (a 10,000-member batch: well under a second instead of ~20 s).

    Children are deleted before their parents, so it works with foreign keys on. Returns
    {"members": deleted members, "events" / "evaluations": deleted rows of members that stay,
    "touched": ids of the members that stay and lost events (their spans must be rebuilt)}.
    """
    conn = session.connection()
    members = Member.__table__
    # members logged as created without the batch's id get it, so every statement below is one subquery
    extra = sorted(set(member_ids))
    for start in range(0, len(extra), _IN_CHUNK):
        chunk = extra[start:start + _IN_CHUNK]
        conn.execute(update(members).where(members.c.id.in_(chunk),
                                           or_(members.c.import_batch_id.is_(None),
                                               members.c.import_batch_id != batch_id))
                     .values(import_batch_id=batch_id))
    created = select(members.c.id).where(members.c.import_batch_id == batch_id).scalar_subquery()
    events, evaluations, spans = (t.__table__ for t in (MemberEvent, Evaluation, MemberSpan))
    touched = set(conn.execute(
        select(events.c.member_id).distinct()
        .where(events.c.import_batch_id == batch_id, events.c.member_id.not_in(created))).scalars())
    out = {"touched": touched}
    for name, table in (("evaluations", evaluations), ("events", events)):
        out[name] = conn.execute(delete(table).where(table.c.import_batch_id == batch_id,
                                                     table.c.member_id.not_in(created))).rowcount
        conn.execute(delete(table).where(table.c.member_id.in_(created)))
    conn.execute(delete(spans).where(spans.c.member_id.in_(created)))
    out["members"] = conn.execute(delete(members).where(members.c.import_batch_id == batch_id)).rowcount
    return out
