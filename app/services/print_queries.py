"""Reads the printouts need that no other service gives (plain rows, no ORM objects leak out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Evaluation, Member, MemberEvent, Unit
from app.models.enums import MemberEventKind as K

from .members import party_age_years
from .reminders import next_award_date, reminders


def member_ratings(session: Session, member_id: int) -> list[tuple[int, str | None, str | None]]:
    """(year, rating, why not rated) of a member, oldest first."""
    q = select(Evaluation.year, Evaluation.rating, Evaluation.not_rated_reason, Evaluation.raw_text).where(
        Evaluation.member_id == member_id).order_by(Evaluation.year)
    return [(y, r, reason.label if reason else raw) for y, r, reason, raw in session.execute(q)]


@dataclass(frozen=True)
class ReminderRow:
    kind: str
    member_id: int
    full_name: str
    unit_name: str
    birth_date: date | None
    admitted_on: date | None
    due: date | None
    party_age: int | None      # at the award date, for badges
    message: str


def reminder_rows(session: Session, as_of: date, days: int = 30) -> list[ReminderRow]:
    """The reminders of services.reminders with what a printed list adds: the unit, dates, party age."""
    items = reminders(session, as_of, days=days)
    ids = {r.member_id for r in items}
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(ids))
                                                 .options(selectinload(Member.events)))} if ids else {}
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    award = next_award_date(as_of)
    out = []
    for r in items:
        m = members[r.member_id]
        age = party_age_years(m, award) if r.kind == "badge_due" else None
        out.append(ReminderRow(r.kind, m.id, m.full_name, units.get(m.current_unit_id, ""), m.birth_date,
                               m.admitted_on, r.due, age, r.message))
    return out


@dataclass(frozen=True)
class ExemptionRow:
    member_id: int
    full_name: str
    unit_name: str
    start: date
    end: date | None
    reason: str | None


def exemptions_ending(session: Session, as_of: date, days: int = 30) -> list[ExemptionRow]:
    """Members exempt from activity (DOMAIN §2) whose exemption has an end on or before as_of + days and
    no decision ending it yet: ended ones first, then the soonest."""
    until = as_of + timedelta(days=days)
    q = (select(Member).where(Member.is_on_roll.is_(True),
                              Member.id.in_(select(MemberEvent.member_id).where(MemberEvent.kind == K.EXEMPTED)))
         .options(selectinload(Member.events)))
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    out = []
    for m in session.scalars(q):
        starts = [e for e in m.events if e.kind == K.EXEMPTED and e.event_date <= as_of]
        if not starts:
            continue
        last = max(starts, key=lambda e: e.event_date)
        closed = any(e.kind == K.EXEMPTION_ENDED and e.event_date >= last.event_date for e in m.events)
        if last.end_date and last.end_date <= until and not closed:
            out.append(ExemptionRow(m.id, m.full_name, units.get(m.current_unit_id, ""), last.event_date,
                                    last.end_date, last.reason))
    out.sort(key=lambda r: (r.end, r.full_name))
    return out
