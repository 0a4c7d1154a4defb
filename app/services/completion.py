"""Hoàn thiện dữ liệu: what the records still lack after an import, and filling it in for many rows at once.

Counted over the members on the commune's list today and the units still active. Each line is something a
statistic needs and nobody knows yet: the occupation group (Biểu 2/3), the date of birth (age groups), the
start of an exemption the sheet only noted ("Miễn SH", recorded on the list's date and marked for review),
a unit's place type (Biểu 5). Every bulk fill is one transaction: all rows or none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Member, MemberEvent, Unit
from app.models.enums import DatePrecision, MemberEventKind as K, OccupationGroup, PlaceType, UnitKind

from .errors import DomainError

OCCUPATION, BIRTH, EXEMPTION, PLACE = "occupation_group", "birth_date", "exemption_start", "place_type"
LABELS = {
    OCCUPATION: "Đảng viên chưa có nhóm nghề nghiệp",
    BIRTH: "Đảng viên chưa có ngày sinh",
    EXEMPTION: "Đảng viên miễn sinh hoạt chưa có ngày bắt đầu",
    PLACE: "Tổ chức đảng chưa có loại hình cơ sở",
}


@dataclass(frozen=True)
class CompletionLine:
    key: str
    label: str
    count: int


@dataclass
class CompletionRow:
    id: int                   # member id, or unit id for PLACE
    name: str
    unit: str
    known: str                # what the record says that helps (occupation and positions, notes, the name)
    value: object             # the current value (None: missing)
    suggestion: str | None    # a suggested value (OccupationGroup / PlaceType value), the clerk confirms
    reason: str = ""


def _members_on_roll(session: Session):
    return select(Member).where(Member.is_on_roll.is_(True))


def _review_exemptions(session: Session) -> dict[int, MemberEvent]:
    """Exempt members whose exemption came from a sheet's note, dated by the list's date (needs review)."""
    rows = session.scalars(select(MemberEvent).join(Member, Member.id == MemberEvent.member_id).where(
        Member.is_on_roll.is_(True), Member.is_exempt.is_(True), MemberEvent.kind == K.EXEMPTED,
        MemberEvent.needs_review.is_(True))).all()
    return {e.member_id: e for e in rows}


def _active_units(session: Session):
    return session.scalars(select(Unit).where(Unit.active_to.is_(None), Unit.kind != UnitKind.COMMUNE)
                           .order_by(Unit.name)).all()


def completion_lines(session: Session) -> list[CompletionLine]:
    from sqlalchemy import func

    def count(stmt) -> int:
        return session.scalar(select(func.count()).select_from(stmt.subquery())) or 0

    occ = count(_members_on_roll(session).where(Member.occupation_group.is_(None)))
    birth = count(_members_on_roll(session).where(Member.birth_date.is_(None)))
    exemption = len(_review_exemptions(session))
    place = sum(1 for u in _active_units(session) if u.place_type is None)
    return [CompletionLine(OCCUPATION, LABELS[OCCUPATION], occ), CompletionLine(BIRTH, LABELS[BIRTH], birth),
            CompletionLine(EXEMPTION, LABELS[EXEMPTION], exemption), CompletionLine(PLACE, LABELS[PLACE], place)]


def _unit_names(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Unit.id, Unit.name)).all())


def _positions(m: Member) -> tuple:
    return tuple(p for p in (m.position_government, m.position_party, m.position_mass_org) if p)


def completion_rows(session: Session, key: str) -> list[CompletionRow]:
    """The rows a line counts, with what is known about each and, for groups, a suggestion."""
    from app.common.occupation_classifier import classify_occupation
    from app.common.text import name_sort_key
    from app.common.vocab.place_type import place_type_of_unit

    units = _unit_names(session)
    if key == PLACE:
        out = []
        for u in _active_units(session):
            if u.place_type is None:
                guess = place_type_of_unit(u.name)
                out.append(CompletionRow(u.id, u.name, units.get(u.parent_id, ""), u.kind.label, None, guess,
                                         "theo tên tổ chức" if guess else ""))
        return out
    place_of = dict(session.execute(select(Unit.id, Unit.place_type)).all())
    if key == OCCUPATION:
        members = session.scalars(_members_on_roll(session).where(Member.occupation_group.is_(None))).all()
    elif key == BIRTH:
        members = session.scalars(_members_on_roll(session).where(Member.birth_date.is_(None))).all()
    elif key == EXEMPTION:
        events = _review_exemptions(session)
        members = [session.get(Member, mid) for mid in events]
    else:
        raise DomainError(f"Không có mục hoàn thiện «{key}».", "key")
    out = []
    for m in members:
        unit = units.get(m.current_unit_id, "")
        if key == OCCUPATION:
            place = place_of.get(m.current_unit_id)
            s = classify_occupation(m.occupation, _positions(m), None, getattr(place, "value", place))
            known = "; ".join(x for x in (m.occupation, *_positions(m)) if x)
            out.append(CompletionRow(m.id, m.full_name, unit, known, None, s.group, s.reason))
        elif key == BIRTH:
            out.append(CompletionRow(m.id, m.full_name, unit, m.notes or "", None, None))
        else:
            ev = events[m.id]
            out.append(CompletionRow(m.id, m.full_name, unit, ev.reason or m.notes or "", ev.event_date, None,
                                     "ngày chốt danh sách (chưa có ngày thật)"))
    out.sort(key=lambda r: (r.unit, name_sort_key(r.name)))
    return out


def fill_in(session: Session, key: str, values: dict[int, object]) -> int:
    """Set the line's value on many rows; one transaction (the caller's), all rows or none.

    values: {member or unit id: value}; a value of None is skipped (the row stays as it is)."""
    from . import members as MS
    from . import units as US

    done = 0
    for row_id, value in values.items():
        if value is None or value == "":
            continue
        if key == OCCUPATION:
            MS.update_member(session, row_id, {"occupation_group": OccupationGroup.from_value(value)})
        elif key == BIRTH:
            if not isinstance(value, date):
                raise DomainError("Ngày sinh phải là một ngày.", "birth_date")
            MS.update_member(session, row_id, {"birth_date": value, "birth_date_precision": DatePrecision.DAY})
        elif key == EXEMPTION:
            if not isinstance(value, date):
                raise DomainError("Ngày bắt đầu miễn sinh hoạt phải là một ngày.", "event_date")
            _redate_exemption(session, row_id, value)
        elif key == PLACE:
            US.update_unit(session, row_id, place_type=PlaceType.from_value(value))
        else:
            raise DomainError(f"Không có mục hoàn thiện «{key}».", "key")
        done += 1
    session.flush()
    return done


def _redate_exemption(session: Session, member_id: int, start: date) -> None:
    from . import lifecycle
    from .members import get_member, validate_events

    member = get_member(session, member_id)
    event = next((e for e in member.events if e.kind == K.EXEMPTED and e.needs_review), None)
    if event is None:
        raise DomainError(f"Đồng chí {member.full_name} không có lần miễn sinh hoạt nào cần ghi ngày.", "event_date")
    event.event_date = start
    event.needs_review = False
    try:
        validate_events(member)
    except DomainError as exc:
        raise DomainError(f"{member.full_name}: {exc.message}", exc.field) from None
    lifecycle.rebuild(member)
