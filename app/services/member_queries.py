"""Reading members for lists, search and the detail form (plain rows, no ORM objects leak to the window)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.common.text import fold
from app.models import Member, MemberEvent, Unit
from app.models.enums import DatePrecision, Gender, MemberEventKind, Standing

from . import search_words
from .dates import fmt_date, full_years


class MemberRow(NamedTuple):
    """One line of the member list: a plain tuple (100,000 of them are built for the window)."""

    id: int
    full_name: str
    name_key: str
    sort_key: str
    gender: Gender | None
    birth_date: date | None
    birth_year_only: bool
    ethnicity: str | None
    unit_id: int | None
    unit_name: str
    standing: Standing | None
    is_on_roll: bool
    is_exempt: bool
    left_kind: MemberEventKind | None
    admitted_on: date | None
    card_number: str | None
    national_id: str | None

    def age(self, on: date) -> int | None:
        return full_years(self.birth_date, on) if self.birth_date else None

    @property
    def birth_text(self) -> str:
        return fmt_date(self.birth_date, self.birth_year_only)


_COLUMNS = (Member.id, Member.full_name, Member.name_key, Member.sort_key, Member.gender, Member.birth_date,
            Member.birth_date_precision, Member.ethnicity, Member.current_unit_id, Unit.name,
            Member.current_standing, Member.is_on_roll, Member.is_exempt, Member.left_kind, Member.admitted_on,
            Member.card_number, Member.national_id)


def _row(r, _year=DatePrecision.YEAR, _new=tuple.__new__) -> MemberRow:
    return _new(MemberRow, (r[0], r[1], r[2], r[3], r[4], r[5], r[6] == _year, r[7], r[8], r[9] or "", r[10],
                            bool(r[11]), bool(r[12]), r[13], r[14], r[15], r[16]))


def list_member_rows(session: Session, *, include_left: bool = True) -> list[MemberRow]:
    """Every member in Vietnamese name order (the window filters in memory: 20,000 rows fit easily)."""
    q = select(*_COLUMNS).outerjoin(Unit, Unit.id == Member.current_unit_id).order_by(Member.sort_key)
    if not include_left:
        q = q.where(Member.is_on_roll.is_(True))
    # through the connection, not the ORM session's execute: plain columns need none of the ORM's row loading
    # (at 100,000 rows that layer alone cost a second, issue 15); a few thousand rows at a time, so that the
    # window's UI thread gets the GIL between two batches (one long fetch froze it for a quarter of a second)
    return [_row(r) for part in session.connection().execute(q).partitions(2000) for r in part]


def search_members(session: Session, text: str, *, include_left: bool = False, limit: int = 50) -> list[MemberRow]:
    """Accent- and case-insensitive, by the beginnings of the name's words: 'nguyen van hung', 'Hùng', 'hun',
    'dang' all find 'Nguyễn Văn Hùng' / 'Đặng …'; 'ung' (inside a word) does not."""
    words = fold(text).split()
    q = select(*_COLUMNS).outerjoin(Unit, Unit.id == Member.current_unit_id)
    # each query word begins a word of the name: a range on the words' index per word (services.search_words),
    # intersected before any member row is read
    if words:
        q = q.where(Member.id.in_(search_words.matching_all(words)))
    if not include_left:
        q = q.where(Member.is_on_roll.is_(True))
    return [_row(r) for r in session.execute(q.order_by(Member.sort_key).limit(limit))]


def member_detail(session: Session, member_id: int) -> Member:
    """The member with events loaded, detached-safe for the detail form."""
    return session.scalars(select(Member).where(Member.id == member_id)
                           .options(selectinload(Member.events))).one()


def timeline(session: Session, member_id: int) -> list[dict]:
    units = dict(session.execute(select(Unit.id, Unit.name)).all())
    rows = session.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id)
                           .order_by(MemberEvent.event_date, MemberEvent.id))
    out = []
    for e in rows:
        detail = []
        if e.unit_id:
            detail.append(units.get(e.unit_id, ""))
        if e.place:
            detail.append(e.place)
        for label, value in (("Hình thức", e.discipline_form and e.discipline_form.label),
                             ("Khen thưởng", e.reward_form and e.reward_form.label),
                             ("Huy hiệu", e.badge_years and f"{e.badge_years} năm"),
                             ("Đến", fmt_date(e.end_date) if e.end_date else None),
                             ("Lý do", e.reason)):
            if value:
                detail.append(f"{label}: {value}")
        if e.temporary:
            detail.append("tạm thời")
        out.append({"id": e.id, "date": e.event_date, "kind": e.kind, "label": e.kind.label,
                    "decision_number": e.decision_number or "", "detail": "; ".join(detail),
                    "needs_review": e.needs_review})
    return out


def member_count(session: Session) -> int:
    """Every member record, on the list or not (an empty file means a first start)."""
    from sqlalchemy import func, select

    return session.scalar(select(func.count()).select_from(Member)) or 0
