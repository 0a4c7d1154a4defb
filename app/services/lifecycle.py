"""A member's state on any date follows from their events.

`derive` replays the events in date order into spans (periods of constant unit / standing / exemption);
the spans are stored so that statistics on a date are one indexed query. Called after every change to a
member's events, inside the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.models import Member, MemberEvent, MemberSpan
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

    current = [s for s in out.spans if s[0] <= today and (s[1] is None or today < s[1])]
    if current:
        s = current[-1]
        out.is_on_roll = True
        out.current_unit_id, out.current_standing, out.is_exempt = s[2], s[3], s[5]
    elif out.spans and out.spans[-1][0] > today:
        s = out.spans[-1]  # recorded ahead of today (a decision effective later)
        out.is_on_roll, out.current_unit_id, out.current_standing = True, s[2], s[3]
    elif out.spans:
        out.current_unit_id, out.current_standing = out.spans[-1][2], out.spans[-1][3]
    return out


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
