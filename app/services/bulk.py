"""Bulk inserts for the Excel import (issue 3): thousands of new members written in the caller's transaction;
and the bulk deletes that undo such an import as a whole.

The import builds and checks each new member with the services' own rules (apply_person_fields,
validate_events, lifecycle.derive, evaluations.eligibility) and hands the finished rows here. Going through
the ORM's unit of work — or even a Core insert, which re-processes every parameter set — costs more than
everything else in the import, so the rows are converted once with the columns' own type processors (the
same stored form as the ORM writes: enums by value, ISO dates) and written with one executemany.
"""

from __future__ import annotations

from operator import itemgetter

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from app.models import Candidate, Evaluation, Member, MemberEvent, MemberSpan, UnitOfficer

from . import search_words

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
    if table_name == "members":
        search_words.index_rows(session, rows)  # the words a member is found by (services.search_words)


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
