"""A member's state on any date follows from their events.

`derive` replays the events in date order into spans (periods of constant unit / standing / exemption);
the spans are stored so that statistics on a date are one indexed query. Called after every change to a
member's events, inside the same transaction.

The member's "current" flags (on the list, unit, standing, exempt) are the spans read on one day. Time moves
on without any write (a transfer out dated next week, an exemption that ends), so `refresh_current_state`
re-reads them, at start and at midnight, for every member whose spans begin or end between the day the flags
were last stamped and today. Statistics and reminders never read the flags: they ask the spans on their date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from app.models import Member, MemberEvent, MemberSpan, Setting
from app.models.enums import LEAVING_EVENTS, MemberEventKind as K, Standing

from .dates import add_months


@dataclass
class _State:
    on_roll: bool = False
    unit_id: int | None = None
    standing: Standing | None = None
    counted: bool = True
    temp_in: bool = False
    exempt: bool = False
    suspended: bool = False

    def key(self):
        return (self.unit_id, self.standing, self.counted, self.exempt, self.suspended)


@dataclass
class Derived:
    spans: list[tuple[date, date | None, int | None, Standing, bool, bool, bool]] = field(default_factory=list)
    admitted_on: date | None = None
    ceremony_on: date | None = None
    official_on: date | None = None
    current_unit_id: int | None = None
    current_standing: Standing | None = None
    is_on_roll: bool = False
    is_exempt: bool = False
    left_kind: K | None = None
    left_on: date | None = None


def _points(events: list[MemberEvent]):
    """Each event as (date, order, kind, event); an exemption or suspension with an end date also ends."""
    points = []
    for e in events:
        points.append((e.event_date, 1, e.kind, e))
        if e.kind == K.EXEMPTED and e.end_date:
            points.append((e.end_date, 0, K.EXEMPTION_ENDED, e))
        if e.kind == K.SUSPENDED and e.end_date:
            points.append((e.end_date, 0, K.SUSPENSION_ENDED, e))
    # same day: ends before starts, then in the order recorded (unsaved events have no id yet: they are the
    # newest, so they come last; sort() is stable among them)
    points.sort(key=lambda p: (p[0], p[1], p[3].id if p[3].id is not None else float("inf")))
    return points


def derive(events: list[MemberEvent], today: date | None = None) -> Derived:
    today = today or date.today()
    out = Derived()
    st = _State()
    open_span: list | None = None  # [from, unit, standing, counted, exempt, suspended]

    def close(on: date):
        nonlocal open_span
        if open_span is not None:
            if open_span[0] < on:
                out.spans.append((open_span[0], on, *open_span[1:]))
            open_span = None

    def reopen(on: date):
        nonlocal open_span
        close(on)
        if st.on_roll:
            open_span = [on, st.unit_id, st.standing, st.counted, st.exempt, st.suspended]

    for on, _order, kind, e in _points(events):
        before = (st.on_roll, st.key())
        if kind in (K.ADMITTED,):
            st.on_roll, st.unit_id, st.standing, st.counted, st.temp_in = True, e.unit_id, Standing.PROBATIONARY, True, False
            st.exempt = st.suspended = False
            out.admitted_on = e.decision_date or e.event_date
            out.ceremony_on = e.ceremony_date or e.event_date
            out.official_on = None
            out.left_kind = out.left_on = None
        elif kind == K.ON_ROLL:
            st.on_roll, st.unit_id = True, e.unit_id or st.unit_id
            st.standing = e.standing or st.standing or Standing.OFFICIAL
            st.counted = not e.temporary
            out.left_kind = out.left_on = None
        elif kind == K.TRANSFERRED_IN:
            st.on_roll, st.unit_id = True, e.unit_id
            st.standing = e.standing or st.standing or Standing.OFFICIAL
            # a temporary transfer-in is managed here but counted by the home organisation (DOMAIN §2)
            st.temp_in = bool(e.temporary)
            st.counted = not e.temporary
            out.left_kind = out.left_on = None
        elif kind == K.RESTORED:
            st.on_roll, st.unit_id, st.standing, st.counted = True, e.unit_id or st.unit_id, Standing.OFFICIAL, True
            out.left_kind = out.left_on = None
        elif kind == K.CONFIRMED_OFFICIAL:
            st.standing = Standing.OFFICIAL
            out.official_on = e.event_date
        elif kind == K.MOVED:
            st.unit_id = e.unit_id
        elif kind == K.EXEMPTED:
            st.exempt = True
        elif kind == K.EXEMPTION_ENDED:
            st.exempt = False
        elif kind == K.SUSPENDED:
            st.suspended = True
        elif kind == K.SUSPENSION_ENDED:
            st.suspended = False
        elif kind == K.TEMP_RETURNED:
            if st.temp_in:
                st.on_roll, st.temp_in = False, False
        elif kind == K.TRANSFERRED_OUT and e.temporary:
            pass  # still on our list while away temporarily
        elif kind in LEAVING_EVENTS:
            st.on_roll = False
            st.exempt = st.suspended = False
            out.left_kind, out.left_on = kind, on
        if (st.on_roll, st.key()) != before:
            if st.on_roll:
                reopen(on)
            else:
                close(on)
    if open_span is not None:
        out.spans.append((open_span[0], None, *open_span[1:]))

    out.is_on_roll, out.current_unit_id, out.current_standing, out.is_exempt = state_on(out.spans, today)
    return out


def state_on(spans, today: date) -> tuple[bool, int | None, Standing | None, bool]:
    """(on the list, unit, standing, exempt) on a day, from spans (valid_from, valid_to, unit, standing, …,
    exempt, …) in date order. A member recorded ahead of the day (a decision effective later) already shows
    on the list, in the unit and standing they will have."""
    for s in spans:
        if s[0] <= today and (s[1] is None or today < s[1]):
            return True, s[2], s[3], bool(s[5])
    if spans and spans[-1][0] > today:
        return True, spans[-1][2], spans[-1][3], False
    if spans:
        return False, spans[-1][2], spans[-1][3], False
    return False, None, None, False


def probation_end(ceremony_on: date) -> date:
    """Probation is 12 months from the ceremony (Điều lệ Đảng, Điều 5; Quy định 232 §5)."""
    return add_months(ceremony_on, 12)


def rebuild(member: Member, today: date | None = None) -> Derived:
    """Re-derive a member's spans and cached state from their events (in the current transaction)."""
    d = derive(member.events, today)
    member.spans.clear()
    for valid_from, valid_to, unit_id, standing, counted, exempt, suspended in d.spans:
        member.spans.append(MemberSpan(valid_from=valid_from, valid_to=valid_to, unit_id=unit_id,
                                       standing=standing, counted=counted, exempt=exempt, suspended=suspended))
    # a member known only from a list (on roll / transferred in) keeps the dates their dossier gives
    if d.admitted_on is not None or any(e.kind == K.ADMITTED for e in member.events):
        member.admitted_on = d.admitted_on
        member.ceremony_on = d.ceremony_on
    if d.official_on is not None or any(e.kind == K.CONFIRMED_OFFICIAL for e in member.events):
        member.official_on = d.official_on
    member.current_unit_id = d.current_unit_id
    member.current_standing = d.current_standing
    member.is_on_roll = d.is_on_roll
    member.is_exempt = d.is_exempt
    member.left_kind = d.left_kind
    member.left_on = d.left_on
    return d


STATE_DAY_KEY = "member_state_as_of"  # the day the current flags were last stamped for everyone


def refresh_current_state(session: Session, today: date | None = None) -> int:
    """Re-stamp the current flags of every member whose spans change state between the last refresh and
    `today` (all members the first time). Returns how many members changed. One transaction (the caller's)."""
    today = today or date.today()
    # read through Core: on most calls the flags were stamped today already, and the ORM's first use in a
    # process configures every mapper (~0.1 s of a `stats` command that then reads nothing through the ORM)
    settings = Setting.__table__.c
    row = session.execute(select(settings.value).where(settings.key == STATE_DAY_KEY)).first()
    last = date.fromisoformat(row.value) if row is not None and row.value else None
    if last == today:
        return 0
    q = select(MemberSpan.member_id, MemberSpan.valid_from, MemberSpan.valid_to, MemberSpan.unit_id,
               MemberSpan.standing, MemberSpan.counted, MemberSpan.exempt, MemberSpan.suspended)
    if last is not None:
        lo, hi = min(last, today), max(last, today)
        # a boundary in (lo, hi] is a change of state between the two days (both columns are indexed)
        moved = (select(MemberSpan.member_id).where(MemberSpan.valid_from > lo, MemberSpan.valid_from <= hi)
                 .union(select(MemberSpan.member_id).where(MemberSpan.valid_to > lo, MemberSpan.valid_to <= hi)))
        q = q.where(MemberSpan.member_id.in_(moved))
    spans: dict[int, list[tuple]] = {}
    for member_id, *span in session.execute(q.order_by(MemberSpan.member_id, MemberSpan.valid_from)).all():
        spans.setdefault(member_id, []).append(tuple(span))
    changed = []
    ids = list(spans)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for mid, on_roll, unit_id, standing, exempt in session.execute(
                select(Member.id, Member.is_on_roll, Member.current_unit_id, Member.current_standing,
                       Member.is_exempt).where(Member.id.in_(chunk))):
            now = state_on(spans[mid], today)
            if now != (bool(on_roll), unit_id, standing, bool(exempt)):
                changed.append({"member_id": mid, "is_on_roll": now[0], "current_unit_id": now[1],
                                "current_standing": now[2], "is_exempt": now[3]})
    if changed:
        # a Core UPDATE, not the ORM's: today's flags follow from the dates, no clerk changed the record, so its
        # version (services.versioning) stays and a form opened before midnight can still be saved
        members = Member.__table__
        session.execute(update(members).where(members.c.id == bindparam("member_id")), changed)
    _stamped_on(session, today, known=row is not None)
    session.flush()
    return len(changed)


def mark_flags_stamped(session: Session, today: date) -> None:
    """Every member's current flags were just derived for `today` (the demo commune, written member by member
    through rebuild()): the next re-stamp starts from that day instead of re-deriving everyone (7 s at
    100,000 members, on the first opening of a new demo)."""
    settings = Setting.__table__.c
    known = session.execute(select(settings.key).where(settings.key == STATE_DAY_KEY)).first() is not None
    _stamped_on(session, today, known)


def _stamped_on(session: Session, today: date, known: bool) -> None:
    if known:
        session.execute(update(Setting.__table__).where(Setting.__table__.c.key == STATE_DAY_KEY)
                        .values(value=today.isoformat()))
    else:
        session.execute(insert(Setting.__table__).values(key=STATE_DAY_KEY, value=today.isoformat()))
