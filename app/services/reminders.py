"""What the clerk must not forget: probations ending, badges due, members not rated, exemptions expired.

Asked of the spans on the day (never of the cached "current" flags, which only hold for the day they were
stamped), from a few columns in SQL: no member is loaded as an ORM object. The window first shows the groups
(one line per kind and unit, with a count), and reads the lines of a group only when the clerk opens it.

A clerk may dismiss an item, postpone it to a date, or mark a badge as already given (the sheet an import
read carried no badge history; the badge's date is not known, so no event is invented): those marks are kept
in `reminder_states`, one per item (kind, member, subject).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from app.models import Evaluation, Member, MemberEvent, MemberSpan, ReminderState, Unit
from app.models.enums import LEFT_PARTY_EVENTS, MemberEventKind as K, Standing

from . import evaluations, lifecycle
from .dates import add_years, year_end
from .errors import DomainError
from .members import BADGE_YEARS, award_badge, party_age_years

# Huy hiệu Đảng is awarded on 3/2, 19/5, 2/9 and 7/11 (Quy định 51-QĐ/TW)
AWARD_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))
KINDS = ("probation_overdue", "probation_due", "exemption_expired", "badge_due", "not_rated")
ORDER = {k: i for i, k in enumerate(KINDS)}
DISMISSED, POSTPONED, BADGE_GIVEN = "dismissed", "postponed", "badge_given"


@dataclass(frozen=True)
class Reminder:
    kind: str       # one of KINDS
    member_id: int
    full_name: str
    due: date | None
    message: str
    unit_id: int | None = None
    unit_name: str = ""
    subject: str = ""  # which instance: the year not rated, the badge's years, the day probation/exemption ends


@dataclass(frozen=True)
class ReminderGroup:
    kind: str
    unit_id: int | None
    unit_name: str
    count: int
    due: date | None  # the earliest due day of the group's items


@dataclass(frozen=True)
class _Item:
    """An item before its message is written (lines are built only for the group the clerk opens)."""
    kind: str
    member_id: int
    full_name: str
    sort_key: str
    unit_id: int | None
    due: date | None
    subject: str
    value: object = None  # badge years, the year not rated


def next_award_date(after: date) -> date:
    for year in (after.year, after.year + 1):
        for month, day in AWARD_DAYS:
            d = date(year, month, day)
            if d >= after:
                return d
    raise AssertionError("unreachable")


# Core tables, not the mapped classes: the reads skip the ORM's statement compilation, and the first read of a
# process does not configure every mapper (together 0.3 s of the home tab's first read at 20,000 members)
_M, _E, _EV, _RS = Member.__table__.c, MemberEvent.__table__.c, Evaluation.__table__.c, ReminderState.__table__.c
_SPANS, _EVENTS = MemberSpan.__table__, MemberEvent.__table__


def _span():
    """A fresh alias of member_spans: (the alias to join, its columns)."""
    alias = _SPANS.alias()
    return alias, alias.c


def _alive(span, on: date):
    return and_(span.valid_from <= on, or_(span.valid_to.is_(None), span.valid_to > on))


def _marks(session: Session, as_of: date) -> tuple[set, dict[int, int]]:
    """Items hidden on the day (dismissed, or postponed past it) and the badges marked as given earlier."""
    hidden, given = set(), {}
    for kind, member_id, subject, action, until in session.execute(
            select(_RS.kind, _RS.member_id, _RS.subject, _RS.action, _RS.until)):
        if action == BADGE_GIVEN:
            given[member_id] = max(given.get(member_id, 0), int(subject))
        elif action == DISMISSED or (until is not None and until > as_of):
            hidden.add((kind, member_id, subject))
    return hidden, given


def _probation(session: Session, as_of: date, days: int) -> list[_Item]:
    span, s = _span()
    q = (select(_M.id, _M.full_name, _M.sort_key, s.unit_id, _M.ceremony_on)
         .join(span, s.member_id == _M.id)
         .where(_alive(s, as_of), s.standing == Standing.PROBATIONARY, _M.ceremony_on.is_not(None)))
    out = []
    horizon = as_of + timedelta(days=days)
    for mid, name, key, unit_id, ceremony in session.execute(q).all():
        end = lifecycle.probation_end(ceremony)
        if end < as_of:
            out.append(_Item("probation_overdue", mid, name, key, unit_id, end, end.isoformat()))
        elif end <= horizon:
            out.append(_Item("probation_due", mid, name, key, unit_id, end, end.isoformat()))
    return out


def _badges(session: Session, as_of: date, given: dict[int, int]) -> list[_Item]:
    award = next_award_date(as_of)
    span, s = _span()
    highest = (select(_E.member_id, func.max(_E.badge_years).label("years"))
               .where(_E.kind == K.BADGE_AWARDED).group_by(_E.member_id).subquery())
    # party age can only be shorter than the time since admission: the youngest badge is 30 years
    q = (select(_M.id, _M.full_name, _M.sort_key, s.unit_id, _M.admitted_on, highest.c.years)
         .join(span, s.member_id == _M.id).outerjoin(highest, highest.c.member_id == _M.id)
         .where(_alive(s, as_of), _M.admitted_on.is_not(None),
                _M.admitted_on <= add_years(award, -min(BADGE_YEARS))))
    rows = session.execute(q).all()
    # members who were out of the Party for a while: their party age needs their events (few of them)
    gaps = {mid for (mid,) in session.execute(
        select(_E.member_id).where(_E.kind.in_(LEFT_PARTY_EVENTS)).distinct())}
    events: dict[int, list] = {}
    if gaps:
        for mid, kind, on in session.execute(
                select(_E.member_id, _E.kind, _E.event_date)
                .where(_E.member_id.in_(gaps)).order_by(_E.event_date, _E.id)):
            events.setdefault(mid, []).append(SimpleNamespace(kind=kind, event_date=on))
    out = []
    for mid, name, key, unit_id, admitted_on, years in rows:
        age = party_age_years(SimpleNamespace(admitted_on=admitted_on, events=events.get(mid, ())), award)
        done = max(years or 0, given.get(mid, 0))
        due = [y for y in BADGE_YEARS if done < y <= age]
        if due:
            out.append(_Item("badge_due", mid, name, key, unit_id, award, str(due[-1]), due[-1]))
    return out


def _not_rated(session: Session, as_of: date) -> list[_Item]:
    year = as_of.year - 1
    (now_span, now), (then_span, then) = _span(), _span()
    # correlated with the span, not the member: SQLite then tests it before reading the member's row, which
    # only the few not rated need (20k: 170 → 94 ms)
    rated = exists().where(_EV.member_id == now.member_id, _EV.year == year)
    q = (select(_M.id, _M.full_name, _M.sort_key, _M.admitted_on, now.unit_id, then.valid_from,
                then.valid_to, then.unit_id.label("then_unit"), then.counted, then.exempt, then.suspended)
         .join(now_span, now.member_id == _M.id).join(then_span, then.member_id == _M.id)
         .where(_alive(now, as_of), _alive(then, year_end(year)), ~rated))
    out = []
    for r in session.execute(q).all():
        # who may be rated is evaluations.eligibility's rule: give it the one span it reads
        span = SimpleNamespace(valid_from=r.valid_from, valid_to=r.valid_to, unit_id=r.then_unit,
                               counted=r.counted, exempt=r.exempt, suspended=r.suspended)
        if evaluations.eligibility(SimpleNamespace(id=r.id, admitted_on=r.admitted_on, spans=[span]), year).can_rate:
            out.append(_Item("not_rated", r.id, r.full_name, r.sort_key, r.unit_id, None, str(year), year))
    return out


def _exemptions(session: Session, as_of: date) -> list[_Item]:
    span, s = _span()
    q = (select(_M.id, _M.full_name, _M.sort_key, s.unit_id, _E.event_date, _E.end_date)
         .join(span, s.member_id == _M.id).join(_EVENTS, _E.member_id == _M.id)
         .where(_alive(s, as_of), _E.kind == K.EXEMPTED, _E.event_date <= as_of)
         .order_by(_E.event_date, _E.id))
    last: dict[int, tuple] = {}
    for row in session.execute(q).all():
        if row[0] not in last or row[4] > last[row[0]][4]:
            last[row[0]] = row
    expired = {mid: r for mid, r in last.items() if r[5] is not None and r[5] < as_of}
    if not expired:
        return []
    ended = dict(session.execute(select(_E.member_id, func.max(_E.event_date))
                                 .where(_E.kind == K.EXEMPTION_ENDED, _E.member_id.in_(list(expired)))
                                 .group_by(_E.member_id)).all())
    return [_Item("exemption_expired", mid, name, key, unit_id, end, end.isoformat())
            for mid, (_, name, key, unit_id, start, end) in expired.items()
            if not (mid in ended and ended[mid] >= start)]


def _items(session: Session, as_of: date, days: int, kinds=KINDS) -> list[_Item]:
    hidden, given = _marks(session, as_of)
    out: list[_Item] = []
    if "probation_due" in kinds or "probation_overdue" in kinds:
        out += [i for i in _probation(session, as_of, days) if i.kind in kinds]
    if "exemption_expired" in kinds:
        out += _exemptions(session, as_of)
    if "badge_due" in kinds:
        out += _badges(session, as_of, given)
    if "not_rated" in kinds:
        out += _not_rated(session, as_of)
    return [i for i in out if (i.kind, i.member_id, i.subject) not in hidden]


def _unit_names(session: Session) -> dict[int, str]:
    units = Unit.__table__.c
    return dict(session.execute(select(units.id, units.name)).all())


def _message(i: _Item) -> str:
    if i.kind == "probation_overdue":
        return f"Hết 12 tháng dự bị từ {i.due:%d/%m/%Y}, chưa có quyết định công nhận chính thức."
    if i.kind == "probation_due":
        return f"Hết 12 tháng dự bị ngày {i.due:%d/%m/%Y}: chi bộ xét công nhận chính thức."
    if i.kind == "badge_due":
        return f"Đủ {i.value} năm tuổi Đảng vào đợt {i.due:%d/%m/%Y}: đề nghị tặng Huy hiệu {i.value} năm."
    if i.kind == "not_rated":
        return f"Chưa có kết quả đánh giá, xếp loại năm {i.value}."
    return (f"Thời hạn miễn sinh hoạt đã hết ngày {i.due:%d/%m/%Y}: xem xét gia hạn hoặc cho sinh hoạt trở "
            "lại.")


def _sort(i: _Item):
    return ORDER[i.kind], i.due or date.max, i.sort_key


def reminders(session: Session, as_of: date, days: int = 30, *, kind: str | None = None,
              unit_id: int | None | type(...) = ...) -> list[Reminder]:
    """The items (of one kind and one unit when given: `unit_id=None` is the items with no unit)."""
    items = _items(session, as_of, days, (kind,) if kind else KINDS)
    if unit_id is not ...:
        items = [i for i in items if i.unit_id == unit_id]
    names = _unit_names(session)
    return [Reminder(i.kind, i.member_id, i.full_name, i.due, _message(i), i.unit_id, names.get(i.unit_id, ""),
                     i.subject) for i in sorted(items, key=_sort)]


def reminder_groups(session: Session, as_of: date, days: int = 30) -> list[ReminderGroup]:
    """One line per kind and unit with its count: what the home tab shows first."""
    counts: dict[tuple, list] = {}
    for i in _items(session, as_of, days):
        slot = counts.setdefault((i.kind, i.unit_id), [0, None])
        slot[0] += 1
        if i.due is not None and (slot[1] is None or i.due < slot[1]):
            slot[1] = i.due
    names = _unit_names(session)
    groups = [ReminderGroup(k, u, names.get(u, ""), n, due) for (k, u), (n, due) in counts.items()]
    groups.sort(key=lambda g: (ORDER[g.kind], g.due or date.max, g.unit_name))
    return groups


# ---- the clerk's marks: one function per action ------------------------------------------------------------

def _mark(session: Session, items, action: str, until: date | None, note: str | None, by: str | None) -> int:
    for kind, member_id, subject in items:
        if kind not in ORDER:
            raise DomainError(f"Loại việc cần làm «{kind}» không có.", "kind")
        session.execute(delete(ReminderState).where(ReminderState.kind == kind,
                                                    ReminderState.member_id == member_id,
                                                    ReminderState.subject == str(subject)))
        session.add(ReminderState(kind=kind, member_id=member_id, subject=str(subject), action=action, until=until,
                                  note=note, entered_by=by, created_at=datetime.now()))
    session.flush()
    return len(items)


def dismiss_reminders(session: Session, items, *, note: str | None = None, by: str | None = None) -> int:
    """Bỏ qua: the items [(kind, member_id, subject)] are no longer shown (a new instance still is)."""
    return _mark(session, items, DISMISSED, None, note, by)


def postpone_reminders(session: Session, items, *, until: date, today: date | None = None,
                       note: str | None = None, by: str | None = None) -> int:
    """Nhắc lại sau: the items are hidden until `until` (a day after today)."""
    if until <= (today or date.today()):
        raise DomainError("Ngày nhắc lại phải sau hôm nay.", "until")
    return _mark(session, items, POSTPONED, until, note, by)


def mark_badges_given(session: Session, items, *, note: str | None = None, by: str | None = None) -> int:
    """Đã trao trước đây: [(member_id, badge_years)] were given a badge the records do not show (the date is not
    known, so no event is written); that badge and the lower ones are no longer due."""
    for _mid, years in items:
        if int(years) not in BADGE_YEARS:
            raise DomainError(f"Huy hiệu {years} năm tuổi Đảng không có.", "badge_years")
    return _mark(session, [("badge_due", mid, int(years)) for mid, years in items], BADGE_GIVEN, None, note, by)


def record_badges(session: Session, items, *, on: date, decision_number: str | None = None) -> int:
    """Ghi nhận tặng Huy hiệu for many at once: [(member_id, badge_years)], each through members.award_badge."""
    for mid, years in items:
        award_badge(session, mid, on=on, years=int(years), decision_number=decision_number)
    return len(items)


def clear_marks(session: Session, items) -> int:
    """Undo a dismissal, a postponement or a 'given earlier' mark: [(kind, member_id, subject)]."""
    n = 0
    for kind, member_id, subject in items:
        n += session.execute(delete(ReminderState).where(ReminderState.kind == kind,
                                                         ReminderState.member_id == member_id,
                                                         ReminderState.subject == str(subject))).rowcount
    session.flush()
    return n
