"""Figures the reports and forms need beyond app.services.statistics (kept apart so that file stays one
engine): why members were not reviewed in a year, the last year whose reviews are recorded, exemptions by
reason, units without a place type, and the list a year before when history is known.

Each function says "unknown" where the data cannot tell — never 0 for "we don't know" (issue 11 §4).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Evaluation, MemberEvent, Unit
from app.models.enums import MemberEventKind as K, NotRatedReason, UnitKind

from .dates import add_years, year_end

# words of an exemption's reason that mean health or old age (Hướng dẫn 38-HD/BTCTW: "tuổi cao, sức yếu");
# any other written reason is a temporary exemption (work far away, study …)
HEALTH_WORDS = ("sức khỏe", "sức khoẻ", "suc khoe", "tuổi cao", "sức yếu", "ốm", "bệnh", "già yếu", "tuổi già")


def last_reviewed_year(session: Session, up_to: date) -> int | None:
    """The last year, not after up_to's, whose members' ratings are recorded (None: none entered yet)."""
    year = session.scalar(select(func.max(Evaluation.year)).where(Evaluation.rating.is_not(None),
                                                                  Evaluation.year <= up_to.year))
    return int(year) if year is not None else None


def not_reviewed_reasons(session: Session, year: int) -> dict:
    """Members on the list at 31/12 of `year` who have no rating that year, by reason (Biểu 6F, seed 003):
    the reason the clerk recorded with the evaluation first, else what the member's state says on 31/12.

    "exempt_unknown_start": exempt by a sheet's note whose start is not known (the import dates it on the
    sheet's day, after the year's end): they may have been exempt then, or not.
    """
    from . import statistics

    end = year_end(year)
    rows = statistics.not_rated_on(session, end, year)  # only those without a rating are read
    recorded = dict(session.execute(select(Evaluation.member_id, Evaluation.not_rated_reason).where(
        Evaluation.year == year, Evaluation.rating.is_(None), Evaluation.not_rated_reason.is_not(None))).all())
    unknown_start = set(session.scalars(select(MemberEvent.member_id).where(
        MemberEvent.kind == K.EXEMPTED, MemberEvent.needs_review.is_(True), MemberEvent.event_date > end)))
    cutoff = date(year, 6, 30)  # admitted after 30/6: under six months at the year-end review
    out = Counter()
    for member_id, exempt, suspended, admitted_on in rows:
        reason = recorded.get(member_id)
        reason = getattr(reason, "value", reason)
        if reason == NotRatedReason.EXEMPT.value or (reason is None and exempt):
            out["exempt"] += 1
        elif reason == NotRatedReason.NEW_MEMBER.value or (reason is None and admitted_on and admitted_on > cutoff):
            out["new_member"] += 1
        elif reason == NotRatedReason.SUSPENDED.value or (reason is None and suspended):
            out["suspended"] += 1
        elif reason is None and member_id in unknown_start:
            out["exempt_unknown_start"] += 1
        elif reason is not None:
            out["other"] += 1
        else:
            out["unknown"] += 1
    return {"year": year, "not_reviewed": sum(out.values()), **{k: out.get(k, 0) for k in (
        "exempt", "new_member", "suspended", "exempt_unknown_start", "other", "unknown")}}


def exemptions_by_reason(session: Session, on: date) -> dict:
    """Members exempt from party work on a date, by the reason of their exemption (seed 000: "miễn sinh hoạt
    tạm thời 5, vì lý do sức khỏe 7"): health / temporary / unknown (no reason written)."""
    from . import statistics

    exempt = statistics.exempt_on(session, on)
    if not exempt:
        return {"total": 0, "health": 0, "temporary": 0, "unknown": 0}
    latest: dict[int, tuple[date, str | None]] = {}
    for member_id, day, reason in session.execute(
            select(MemberEvent.member_id, MemberEvent.event_date, MemberEvent.reason).where(
                MemberEvent.kind == K.EXEMPTED, MemberEvent.event_date <= on)):
        if member_id in exempt and (member_id not in latest or day >= latest[member_id][0]):
            latest[member_id] = (day, reason)
    out = Counter()
    for member_id in exempt:
        reason = (latest.get(member_id, (None, None))[1] or "").strip().lower()
        if not reason:
            out["unknown"] += 1
        elif any(w in reason for w in HEALTH_WORDS):
            out["health"] += 1
        else:
            out["temporary"] += 1
    return {"total": len(exempt), "health": out["health"], "temporary": out["temporary"],
            "unknown": out["unknown"]}


def units_without_place(session: Session, on: date) -> list[str]:
    """Names of the units active on a date with no place type of their own nor from a parent (Biểu 5 puts
    them under «Loại hình cơ sở khác» until the clerk says what they are)."""
    units = [u for u in session.execute(select(Unit.id, Unit.parent_id, Unit.kind, Unit.place_type, Unit.name,
                                               Unit.active_from, Unit.active_to))
             if (u.active_from is None or u.active_from <= on) and (u.active_to is None or on < u.active_to)]
    by_id = {u.id: u for u in units}
    out = []
    for u in units:
        if u.kind == UnitKind.COMMUNE:
            continue
        cur = u
        while cur is not None and cur.place_type is None:
            cur = by_id.get(cur.parent_id)
            if cur is not None and cur.kind == UnitKind.COMMUNE:
                cur = None
        if cur is None:
            out.append(u.name)
    return out


def members_a_year_before(session: Session, on: date) -> tuple[date, int] | None:
    """(the same day a year before, the list then) when the database knows that day: None when nobody was
    on the list then or when a sheet put its list on the roll in between (history before it is unknown)."""
    from . import statistics

    before = add_years(on, -1)
    rolled = session.scalar(select(func.count()).select_from(MemberEvent).where(
        MemberEvent.kind == K.ON_ROLL, MemberEvent.event_date > before, MemberEvent.event_date <= on))
    if rolled:
        return None
    n = statistics.count_on(session, before)
    return (before, n) if n else None
