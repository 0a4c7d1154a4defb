"""The words a member is found by: the folded words of the name (members.name_key), one row each in
member_search_words, so a search is a range on an index (word >= 'hu' AND word < 'hv') instead of a
`LIKE '%hu%'` over every name (issue 15 item 4).

Kept on every write path: the ORM's (create, edit, the demo, an import's edit of a member) by a flush hook
here, the bulk import's Core inserts by one call of index_rows from services.bulk. A deleted member's words
go with it (ON DELETE CASCADE).
"""

from __future__ import annotations

from sqlalchemy import delete, event, intersect, select
from sqlalchemy.orm import Session, attributes

from app.models import Member, MemberSearchWord

_WORDS = MemberSearchWord.__table__
_CHUNK = 900  # SQLite's bound-parameter limit is 999 in older builds


def words_of(name_key: str | None) -> list[str]:
    """The distinct words of a folded name (the same split as the migration that filled the table)."""
    return sorted(set((name_key or "").split()))


def prefix_range(word: str) -> tuple[str, str | None]:
    """(low, high) with every word beginning with `word` in low <= w < high (code-point order)."""
    last = ord(word[-1])
    if last >= 0x10FFFF:
        return word, None
    return word, word[:-1] + chr(last + 1)


def matching(word: str):
    """The ids of the members with a word beginning with `word` (a subquery)."""
    low, high = prefix_range(word)
    q = select(_WORDS.c.member_id).where(_WORDS.c.word >= low)
    return q.where(_WORDS.c.word < high) if high is not None else q


def matching_all(words: list[str]):
    """The ids of the members with, for every word, a word beginning with it (one range per word, intersected)."""
    ranges = [matching(w) for w in sorted(set(words))]
    return ranges[0] if len(ranges) == 1 else intersect(*ranges)


def index_rows(session: Session, rows) -> None:
    """Add the words of newly inserted members (dicts or rows with `id` and `name_key`): the bulk path."""
    params = [{"member_id": r["id"], "word": w} for r in rows for w in words_of(r["name_key"])]
    if params:
        session.connection().execute(_WORDS.insert(), params)


def reindex(session: Session, members: list[tuple[int, str | None]]) -> None:
    """Replace the words of these (id, name_key) members."""
    conn = session.connection()
    ids = [m for m, _ in members]
    for start in range(0, len(ids), _CHUNK):
        conn.execute(delete(_WORDS).where(_WORDS.c.member_id.in_(ids[start:start + _CHUNK])))
    index_rows(session, [{"id": m, "name_key": key} for m, key in members])


@event.listens_for(Session, "after_flush")
def _keep_words(session: Session, _context) -> None:
    # after the flush new members have their ids, and the attributes' history still says what changed
    changed = [(o.id, o.name_key) for o in session.new if isinstance(o, Member)]
    changed += [(o.id, o.name_key) for o in session.dirty
                if isinstance(o, Member) and attributes.get_history(o, "name_key").has_changes()]
    if changed:
        reindex(session, changed)
