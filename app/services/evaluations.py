"""Year-end evaluation (đánh giá, xếp loại chất lượng) of members and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.common.text import name_sort_key
from app.common.vnformat import fmt_percent
from app.models import Evaluation, Member, MemberSpan, Unit, UnitEvaluation, YearLock, YearLockEntry
from app.models.enums import NotRatedReason, Rating, Standing

from .dates import year_end
from .errors import DomainError, NotFound, Warning_
from .units import get_unit

RATING_KEYS = {"1": Rating.EXCELLENT, "2": Rating.GOOD, "3": Rating.DONE, "4": Rating.FAILED}
# Quy định 124-QĐ/TW: HTXSNV không quá 20% số được xếp loại HTTNV trở lên (members and organisations alike)
EXCELLENT_QUOTA_PERCENT = 20
NEW_MEMBER_CUTOFF = (6, 30)  # admitted after 30/6: less than 6 months before 31/12, not rated


@dataclass
class Eligibility:
    member_id: int
    unit_id: int | None
    can_rate: bool
    reason: NotRatedReason | None
    message: str = ""


def _span_at(member: Member, on: date) -> MemberSpan | None:
    for s in member.spans:
        if s.valid_from <= on and (s.valid_to is None or on < s.valid_to):
            return s
    return None


def rating_refusal(year: int, *, on_list: bool, exempt: bool, suspended: bool,
                   admitted_on: date | None) -> tuple[NotRatedReason, str] | None:
    """The one statement of who is not rated for a year (Quy định 124-QĐ/TW; Hướng dẫn đánh giá, xếp loại):
    (reason, why in a clause) or None when the member is rated. The member's state at 31/12 comes from the
    caller: the spans here, the sheet's history in the import plan (app/importing/plan.py)."""
    end = year_end(year)
    if not on_list:
        return NotRatedReason.OTHER, f"không có tên trong danh sách đảng viên của xã ngày 31/12/{year}"
    if exempt:
        return NotRatedReason.EXEMPT, "được miễn công tác và sinh hoạt đảng"
    if suspended:
        return NotRatedReason.SUSPENDED, "đang bị đình chỉ sinh hoạt đảng"
    if admitted_on and date(year, *NEW_MEMBER_CUTOFF) < admitted_on <= end:
        # admitted less than 6 months before the review
        return NotRatedReason.NEW_MEMBER, f"kết nạp ngày {admitted_on:%d/%m/%Y}, chưa đủ 6 tháng đến 31/12/{year}"
    return None


def eligibility(member: Member, year: int) -> Eligibility:
    """Who may be rated for a year: on the commune's list at 31/12, not exempt, not suspended, not new."""
    span = _span_at(member, year_end(year))
    on_list = span is not None and span.counted
    refused = rating_refusal(year, on_list=on_list, exempt=on_list and span.exempt,
                             suspended=on_list and span.suspended, admitted_on=member.admitted_on)
    unit_id = span.unit_id if on_list else None
    if refused is None:
        return Eligibility(member.id, unit_id, True, None)
    reason, why = refused
    tail = ": không đánh giá, xếp loại." if reason in (NotRatedReason.EXEMPT, NotRatedReason.SUSPENDED) else "."
    return Eligibility(member.id, unit_id, False, reason, why[0].upper() + why[1:] + tail)


def is_locked(session: Session, year: int) -> bool:
    lock = session.get(YearLock, year)
    return bool(lock and lock.locked)


def _check_unlocked(session: Session, year: int) -> None:
    if is_locked(session, year):
        raise DomainError(f"Kết quả đánh giá năm {year} đã khóa; cần mở lại (có lý do) trước khi sửa.", "year")


def _rating(value) -> Rating:
    try:
        return Rating(value) if not isinstance(value, Rating) else value
    except ValueError:
        raise DomainError(f"Mức xếp loại «{value}» không hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV).", "rating") from None


def rate_member(session: Session, member_id: int, year: int, rating: Rating | str | None, *,
                entered_by: str | None = None, raw_text: str | None = None, import_batch_id: int | None = None,
                check_lock: bool = True, historical: bool = False) -> Evaluation:
    """Set (or clear, with None) one member's rating for a year.

    historical=True records a rating an old signed sheet already holds (an import): the member may not have
    been entered on the list for that year yet, so eligibility is not asked again.
    """
    if check_lock:
        _check_unlocked(session, year)
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"Không tìm thấy đảng viên mã {member_id}.", "member")
    ev = session.scalar(select(Evaluation).where(Evaluation.member_id == member_id, Evaluation.year == year))
    if rating is None:
        if ev is not None:
            session.delete(ev)
        return ev
    rating = _rating(rating)
    elig = eligibility(member, year)
    if historical and not elig.can_rate:
        elig = Eligibility(member.id, elig.unit_id or member.current_unit_id, True, None)
    if not elig.can_rate:
        raise DomainError(f"Không thể xếp loại đồng chí {member.full_name} năm {year}: {elig.message}", "rating")
    if ev is None:
        ev = Evaluation(member_id=member_id, year=year)
        session.add(ev)
    ev.rating, ev.not_rated_reason, ev.unit_id = rating.value, None, elig.unit_id
    ev.entered_by, ev.entered_at, ev.raw_text = entered_by, datetime.now(), raw_text
    ev.import_batch_id = import_batch_id or ev.import_batch_id
    session.flush()
    return ev


def rate_members(session: Session, year: int, ratings: dict[int, Rating | str | None], *,
                 entered_by: str | None = None) -> list[Warning_]:
    """The grid's save: all ratings of a year in one transaction; returns the quota warnings."""
    _check_unlocked(session, year)
    for member_id, rating in ratings.items():
        rate_member(session, member_id, year, rating, entered_by=entered_by, check_lock=False)
    unit_ids = {e.unit_id for e in session.scalars(select(Evaluation).where(
        Evaluation.year == year, Evaluation.member_id.in_(list(ratings))))}
    return [w for uid in unit_ids if uid for w in quota_warnings(session, year, uid)]


def mark_not_rated(session: Session, member_id: int, year: int, reason: NotRatedReason, *,
                   entered_by: str | None = None, raw_text: str | None = None) -> Evaluation:
    _check_unlocked(session, year)
    ev = session.scalar(select(Evaluation).where(Evaluation.member_id == member_id, Evaluation.year == year))
    if ev is None:
        ev = Evaluation(member_id=member_id, year=year)
        session.add(ev)
    ev.rating, ev.not_rated_reason = None, NotRatedReason.from_value(reason)
    ev.entered_by, ev.entered_at, ev.raw_text = entered_by, datetime.now(), raw_text
    session.flush()
    return ev


def quota_warnings(session: Session, year: int, unit_id: int) -> list[Warning_]:
    rows = session.scalars(select(Evaluation.rating).where(Evaluation.year == year, Evaluation.unit_id == unit_id,
                                                           Evaluation.rating.is_not(None))).all()
    excellent = sum(1 for r in rows if r == Rating.EXCELLENT.value)
    good_or_better = sum(1 for r in rows if r in (Rating.EXCELLENT.value, Rating.GOOD.value))
    if exceeds_excellent_quota(excellent, good_or_better):
        unit = session.get(Unit, unit_id)
        return [Warning_(f"{unit.name if unit else 'Chi bộ'}: {excellent}/{good_or_better} đảng viên HTXSNV "
                         f"({fmt_percent(excellent, good_or_better)}), vượt {EXCELLENT_QUOTA_PERCENT}% số HTTNV "
                         "trở lên.", "rating")]
    return []


def exceeds_excellent_quota(excellent: int, good_or_better: int) -> bool:
    """More HTXSNV than the ceiling allows, of those rated HTTNV or better (HTXSNV included); exact, in integers."""
    return bool(good_or_better) and excellent * 100 > EXCELLENT_QUOTA_PERCENT * good_or_better


def rate_unit(session: Session, unit_id: int, year: int, rating: Rating | str | None, *,
              entered_by: str | None = None, raw_text: str | None = None) -> UnitEvaluation | None:
    _check_unlocked(session, year)
    unit = get_unit(session, unit_id)
    if not unit.is_active(year_end(year)):
        raise DomainError(f"«{unit.name}» không hoạt động vào 31/12/{year}.", "rating")
    ev = session.scalar(select(UnitEvaluation).where(UnitEvaluation.unit_id == unit_id, UnitEvaluation.year == year))
    if rating is None:
        if ev is not None:
            session.delete(ev)
        return None
    rating = _rating(rating)
    if ev is None:
        ev = UnitEvaluation(unit_id=unit_id, year=year)
        session.add(ev)
    ev.rating, ev.not_rated_reason = rating.value, None
    ev.entered_by, ev.entered_at, ev.raw_text = entered_by, datetime.now(), raw_text
    session.flush()
    return ev


def lock_year(session: Session, year: int, *, by: str | None = None) -> None:
    lock = session.get(YearLock, year) or YearLock(year=year, locked=False)
    session.add(lock)
    if lock.locked:
        raise DomainError(f"Năm {year} đã khóa.", "year")
    lock.locked = True
    session.flush()
    session.add(YearLockEntry(year=year, action="lock", by=by, at=datetime.now()))
    session.flush()


def reopen_year(session: Session, year: int, *, reason: str, by: str | None = None) -> None:
    if not (reason and reason.strip()):
        raise DomainError("Cần ghi lý do mở lại kết quả đánh giá đã khóa.", "reason")
    lock = session.get(YearLock, year)
    if lock is None or not lock.locked:
        raise DomainError(f"Năm {year} chưa khóa.", "year")
    lock.locked = False
    session.add(YearLockEntry(year=year, action="reopen", reason=reason.strip(), by=by, at=datetime.now()))
    session.flush()


@dataclass
class SheetRow:
    member_id: int
    full_name: str
    unit_id: int | None
    can_rate: bool
    reason: str
    rating: str | None


def rating_sheet(session: Session, year: int, unit_id: int | None = None) -> list[SheetRow]:
    """The evaluation grid: members of the unit at 31/12 (or before they left), rateable first-class."""
    from .units import descendants

    end = year_end(year)
    q = select(Member).join(MemberSpan).where(MemberSpan.valid_from <= end,
                                              (MemberSpan.valid_to.is_(None)) | (MemberSpan.valid_to > date(year, 1, 1)))
    scope = set(descendants(session, unit_id)) if unit_id is not None else None
    if scope is not None:
        q = q.where(MemberSpan.unit_id.in_(scope))
    members = list(session.scalars(q).unique())
    ratings = dict(session.execute(select(Evaluation.member_id, Evaluation.rating).where(Evaluation.year == year)).all())
    rows = []
    for m in members:
        e = eligibility(m, year)
        if scope is not None and e.unit_id is not None and e.unit_id not in scope:
            continue
        rows.append(SheetRow(m.id, m.full_name, e.unit_id, e.can_rate, e.message, ratings.get(m.id)))
    rows.sort(key=lambda r: name_sort_key(r.full_name))
    return rows


def standing_label(s: Standing | None) -> str:
    return s.label if s else ""


@dataclass
class RatingHistoryRow:
    year: int
    rating: str          # the label, or why not rated
    unit_name: str
    raw_text: str | None


def member_ratings(session: Session, member_id: int) -> list[RatingHistoryRow]:
    """A member's rating year by year (newest first), for the member's record."""
    rows = session.execute(select(Evaluation, Unit.name).outerjoin(Unit, Unit.id == Evaluation.unit_id)
                           .where(Evaluation.member_id == member_id).order_by(Evaluation.year.desc())).all()
    out = []
    for e, unit_name in rows:
        if e.rating:
            text = Rating.from_value(e.rating).label
        elif e.not_rated_reason is not None:
            text = f"Không xếp loại: {e.not_rated_reason.label.lower()}"
        else:
            text = "Chưa xếp loại"
        out.append(RatingHistoryRow(e.year, text, unit_name or "", e.raw_text))
    return out
