"""Reads the window needs that no other service gives: plain rows, no ORM objects leak to the UI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Candidate, Member, Unit, UnitEvaluation, YearLockEntry
from app.models.enums import CandidateStage, Standing, UnitKind

from . import lifecycle
from .dates import year_end
from .member_queries import _COLUMNS, MemberRow, _row
from .units import descendants


def unit_members(session: Session, unit_id: int, *, with_sub_units: bool = True) -> list[MemberRow]:
    """Members now on the list of a unit (and its sub-units), in Vietnamese name order."""
    ids = descendants(session, unit_id) if with_sub_units else [unit_id]
    q = (select(*_COLUMNS).outerjoin(Unit, Unit.id == Member.current_unit_id)
         .where(Member.current_unit_id.in_(ids), Member.is_on_roll.is_(True)).order_by(Member.sort_key))
    return [_row(r) for r in session.execute(q)]


@dataclass(frozen=True)
class ProbationRow:
    member_id: int
    full_name: str
    unit_name: str
    admitted_on: date | None
    ceremony_on: date | None
    probation_end: date | None


def probationers(session: Session) -> list[ProbationRow]:
    """Probationary members on the list with the day their 12 months end, soonest first."""
    q = (select(Member.id, Member.full_name, Unit.name, Member.admitted_on, Member.ceremony_on)
         .outerjoin(Unit, Unit.id == Member.current_unit_id)
         .where(Member.is_on_roll.is_(True), Member.current_standing == Standing.PROBATIONARY))
    rows = [ProbationRow(mid, name, unit or "", adm, cer, lifecycle.probation_end(cer) if cer else None)
            for mid, name, unit, adm, cer in session.execute(q)]
    rows.sort(key=lambda r: (r.probation_end or date.max, r.full_name))
    return rows


@dataclass(frozen=True)
class UnitRatingRow:
    unit_id: int
    name: str
    kind: UnitKind
    depth: int
    rating: str | None
    version: int | None = None  # of the rating shown (None: none), checked on save (evaluations.rate_unit)


def unit_rating_sheet(session: Session, year: int) -> list[UnitRatingRow]:
    """Organisations existing on 31/12 of the year (the commune committee itself excluded) and their rating."""
    from .units import list_units

    ratings = {u: (r, v) for u, r, v in session.execute(
        select(UnitEvaluation.unit_id, UnitEvaluation.rating, UnitEvaluation.version)
        .where(UnitEvaluation.year == year))}
    return [UnitRatingRow(u.id, u.name, u.kind, u.depth, *ratings.get(u.id, (None, None)))
            for u in list_units(session, year_end(year)) if u.kind != UnitKind.COMMUNE]


@dataclass(frozen=True)
class LockEntry:
    action: str
    reason: str | None
    by: str | None
    at: object


def lock_history(session: Session, year: int) -> list[LockEntry]:
    return [LockEntry(e.action, e.reason, e.by, e.at) for e in session.scalars(
        select(YearLockEntry).where(YearLockEntry.year == year).order_by(YearLockEntry.at, YearLockEntry.id))]


@dataclass(frozen=True)
class CandidateRow:
    id: int
    full_name: str
    sort_key: str
    unit_id: int | None
    unit_name: str
    stage: CandidateStage
    introduced_on: date | None
    introduced_by: str | None
    class_certificate_on: date | None
    class_certificate_number: str | None
    dossier_on: date | None
    branch_resolution_on: date | None
    decision_on: date | None
    decision_number: str | None
    ceremony_on: date | None
    introducers: str
    member_id: int | None


def candidate_rows(session: Session, *, include_closed: bool = False) -> list[CandidateRow]:
    q = select(Candidate, Unit.name).outerjoin(Unit, Unit.id == Candidate.unit_id)
    if not include_closed:
        q = q.where(Candidate.stage.not_in([CandidateStage.ADMITTED, CandidateStage.WITHDRAWN]))
    out = [CandidateRow(c.id, c.full_name, c.sort_key, c.unit_id, unit or "", c.stage, c.introduced_on,
                        c.introduced_by, c.class_certificate_on, c.class_certificate_number, c.dossier_on,
                        c.branch_resolution_on, c.decision_on, c.decision_number, c.ceremony_on,
                        "; ".join(x for x in (c.introducer_1, c.introducer_2) if x), c.member_id)
           for c, unit in session.execute(q)]
    out.sort(key=lambda r: r.sort_key)
    return out


def candidate_record(session: Session, candidate_id: int) -> dict:
    """Every editable field of a candidate, for the candidate dialog."""
    from app.models import PERSON_FIELD_NAMES

    from .recruitment import _CANDIDATE_FIELDS, get_candidate

    c = get_candidate(session, candidate_id)
    return {k: getattr(c, k) for k in sorted(set(PERSON_FIELD_NAMES) | _CANDIDATE_FIELDS)}


def member_record(session: Session, member_id: int) -> dict:
    """Every editable field of a member plus the derived state, for the detail form."""
    from app.models import PERSON_FIELD_NAMES

    from .members import MEMBER_EXTRA_FIELDS, get_member

    m = get_member(session, member_id)
    data = {k: getattr(m, k) for k in (*PERSON_FIELD_NAMES, *MEMBER_EXTRA_FIELDS)}
    unit = session.get(Unit, m.current_unit_id) if m.current_unit_id else None
    data.update(id=m.id, admitted_on=m.admitted_on, ceremony_on=m.ceremony_on, official_on=m.official_on,
                current_unit_id=m.current_unit_id, current_unit_name=unit.name if unit else "",
                current_standing=m.current_standing, is_on_roll=m.is_on_roll, is_exempt=m.is_exempt,
                left_kind=m.left_kind, left_on=m.left_on,
                # the save checks this version (members.update_member): a record saved by another clerk since
                version=m.version, updated_by=m.updated_by, updated_at=m.updated_at)
    return data
