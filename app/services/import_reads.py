"""What the import reads from the database: the records a sheet is compared with when planning, and the
member list exported in the shape the import reads back. Read only; the writing is app/services/imports.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.models import Evaluation, Member, MemberEvent, Unit
from app.models import enums as E


@dataclass
class KnownRecords:
    """What the import planner compares a sheet with, read once: every unit and member (ORM objects, read
    only: the planner never writes), each member's ratings by year and the kinds of events they have."""

    units: list = field(default_factory=list)
    members: list = field(default_factory=list)
    ratings: list[tuple[int, int, str | None]] = field(default_factory=list)       # (member id, year, rating)
    event_kinds: list[tuple[int, E.MemberEventKind]] = field(default_factory=list)  # (member id, kind)


def known_records(session) -> KnownRecords:
    return KnownRecords(
        units=session.query(Unit).all(),
        members=session.query(Member).all(),
        ratings=session.query(Evaluation.member_id, Evaluation.year, Evaluation.rating).all(),
        event_kinds=session.query(MemberEvent.member_id, MemberEvent.kind).all())


def members_for_export(session, member_ids: list[int] | None = None) -> tuple[dict, list, dict]:
    """What the member list exported for re-import holds: ({unit id: name}, members in the order given —
    None: everyone on the list today in Vietnamese name order —, {(member id, year): rating})."""
    units = {u.id: u.name for u in session.query(Unit).all()}
    if member_ids is None:
        members = session.query(Member).filter_by(is_on_roll=True).order_by(Member.sort_key).all()
    else:
        by_id = {m.id: m for m in session.query(Member).filter(Member.id.in_(list(member_ids))).all()}
        members = [by_id[i] for i in member_ids if i in by_id]
    ids = {m.id for m in members}
    ratings = {}
    for ev in session.query(Evaluation).all():
        if ev.member_id in ids and ev.rating:
            ratings[(ev.member_id, ev.year)] = ev.rating
    return units, members, ratings
