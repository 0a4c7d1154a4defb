"""Year-end evaluation (đánh giá, xếp loại chất lượng) of members and organisations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import chain

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.common.vnformat import fmt_percent
from app.models import Evaluation, Member, MemberSpan, Unit, UnitEvaluation, YearLock, YearLockEntry
from app.models.enums import NotRatedReason, Rating, Standing

from . import versioning
from .dates import year_end
from .errors import DomainError, NotFound, Warning_
from .units import get_unit
from .versioning import RELOAD_HINT, EditConflict, who_when

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
    return _eligible(member.id, year, member.admitted_on, span is not None and span.counted,
                     span and span.unit_id, span is not None and span.exempt, span is not None and span.suspended)


def _eligible(member_id: int, year: int, admitted_on: date | None, on_list: bool, unit_id: int | None,
              exempt: bool, suspended: bool) -> Eligibility:
    """Eligibility from the span at 31/12 (its fields read by the caller: an object or a row of columns)."""
    refused = rating_refusal(year, on_list=on_list, exempt=on_list and exempt,
                             suspended=on_list and suspended, admitted_on=admitted_on)
    unit_id = unit_id if on_list else None
    if refused is None:
        return Eligibility(member_id, unit_id, True, None)
    reason, why = refused
    tail = ": không đánh giá, xếp loại." if reason in (NotRatedReason.EXEMPT, NotRatedReason.SUSPENDED) else "."
    return Eligibility(member_id, unit_id, False, reason, why[0].upper() + why[1:] + tail)


def is_locked(session: Session, year: int) -> bool:
    lock = session.get(YearLock, year)
    return bool(lock and lock.locked)


def _held_year(session: Session, year: int) -> YearLock:
    """The year's lock row, held until the transaction ends: a locked year is locked for every clerk.

    Every rating save and lock_year / reopen_year take this row FOR UPDATE, so on PostgreSQL they run one
    after another for a year: a lock committed while a sheet was open is seen by its save, and a save running
    while another clerk locks finishes before the lock is taken. The row is created (unlocked) the first time,
    so there is always one to hold; two clerks creating it at once: the second's INSERT waits, fails, and it
    takes the first's row. SQLite lets one writer at a time and renders no FOR UPDATE."""
    held = session.info.setdefault("held_years", {})
    transaction = session.get_transaction()
    if held.get(year) is transaction and transaction is not None:
        lock = session.get(YearLock, year)
        if lock is not None:
            return lock
    lock = session.get(YearLock, year, with_for_update=True, populate_existing=True)
    if lock is None:
        try:
            with session.begin_nested():
                session.add(YearLock(year=year, locked=False))
        except IntegrityError:  # another clerk created it meanwhile: take theirs
            pass
        lock = session.get(YearLock, year, with_for_update=True, populate_existing=True)
    held[year] = session.get_transaction()
    return lock


def _last_lock(session: Session, year: int) -> YearLockEntry | None:
    return session.scalars(select(YearLockEntry).where(YearLockEntry.year == year, YearLockEntry.action == "lock")
                           .order_by(YearLockEntry.at.desc(), YearLockEntry.id.desc()).limit(1)).first()


def _check_unlocked(session: Session, year: int, *, opened_unlocked: bool = False) -> None:
    """Refuse a rating write into a locked year; checked on the held lock row (see _held_year).

    opened_unlocked: the sheet was open while the year was not locked, so someone locked it since."""
    if not _held_year(session, year).locked:
        return
    entry = _last_lock(session, year)
    who = f" ({who_when(entry.by, entry.at)})" if entry is not None else ""
    if opened_unlocked:
        raise EditConflict(f"Kết quả đánh giá năm {year} đã được khóa{who} sau khi anh/chị mở danh sách. "
                           f"{RELOAD_HINT}", saved_by=entry and entry.by, saved_at=entry and entry.at)
    raise DomainError(f"Kết quả đánh giá năm {year} đã khóa{who}; cần mở lại (có lý do) trước khi sửa.", "year")


def _sheet_conflict(year: int, clashes: list[tuple[str, str | None, datetime | None]], keys) -> EditConflict:
    """One refusal for every rating another clerk saved since the sheet was opened (the first three named; one
    «(who, when)» when it is the same for all, as when one clerk saved the sheet)."""
    stamps = [who_when(by, at) for _, by, at in clashes]
    same = len(set(stamps)) == 1
    names = [name if same else f"{name} ({stamp})" for (name, _, _), stamp in zip(clashes, stamps)]
    shown = ", ".join(names[:3]) + (f" và {len(names) - 3} đồng chí khác" if len(names) > 3 else "")
    whose = f"đồng chí {shown}" if len(names) == 1 else f"các đồng chí {shown}"
    _, by, at = clashes[0]
    return EditConflict(f"Xếp loại năm {year} của {whose} đã được người khác lưu trước"
                        f"{f' ({stamps[0]})' if same else ''} sau khi anh/chị mở danh sách. {RELOAD_HINT}",
                        keys=keys, saved_by=by, saved_at=at)


def _check_loaded_ratings(session: Session, year: int, loaded: dict[int, int | None]) -> None:
    """Each rating the clerk changed must still be the one the sheet showed (its version; None = no rating)."""
    ids = list(loaded)
    current = {e.member_id: e for e in session.scalars(
        select(Evaluation).where(Evaluation.year == year, Evaluation.member_id.in_(ids))
        .with_for_update().execution_options(populate_existing=True))}
    clashes, keys = [], []
    for member_id in ids:
        ev = current.get(member_id)
        if (ev.version if ev is not None else None) != loaded[member_id]:
            name = session.get(Member, member_id).full_name
            # a rating removed since leaves no name behind (the row is gone)
            clashes.append((name, ev.entered_by if ev else None, ev.entered_at if ev else None))
            keys.append(member_id)
    if clashes:
        raise _sheet_conflict(year, clashes, keys)


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
                 entered_by: str | None = None, loaded: dict[int, int | None] | None = None) -> list[Warning_]:
    """The grid's save: all ratings of a year in one transaction; returns the quota warnings.

    loaded: for each member rated, the version of the rating the sheet showed (None: none then); a rating
    someone else saved since, or a lock taken since, refuses the whole save with EditConflict."""
    _check_unlocked(session, year, opened_unlocked=loaded is not None)
    if loaded is not None:
        _check_loaded_ratings(session, year, {m: loaded.get(m) for m in ratings})
    entered_by = entered_by or versioning.current_clerk(session)
    for member_id, rating in ratings.items():
        rate_member(session, member_id, year, rating, entered_by=entered_by, check_lock=False)
    versioning.flush_checked(session, f"Xếp loại năm {year} vừa được người khác lưu cùng lúc. {RELOAD_HINT}")
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


_NOT_CHECKED = object()


def rate_unit(session: Session, unit_id: int, year: int, rating: Rating | str | None, *,
              entered_by: str | None = None, raw_text: str | None = None,
              loaded_version=_NOT_CHECKED) -> UnitEvaluation | None:
    """loaded_version: the version of the unit's rating the sheet showed (None: none then), checked as a
    member's rating is (rate_members); left out, not checked."""
    checked = loaded_version is not _NOT_CHECKED
    _check_unlocked(session, year, opened_unlocked=checked)
    unit = get_unit(session, unit_id)
    if not unit.is_active(year_end(year)):
        raise DomainError(f"«{unit.name}» không hoạt động vào 31/12/{year}.", "rating")
    q = select(UnitEvaluation).where(UnitEvaluation.unit_id == unit_id, UnitEvaluation.year == year)
    ev = session.scalar(q.with_for_update().execution_options(populate_existing=True) if checked else q)
    if checked and (ev.version if ev is not None else None) != loaded_version:
        raise EditConflict(f"Xếp loại năm {year} của «{unit.name}» đã được người khác lưu trước "
                           f"({who_when(ev.entered_by if ev else None, ev.entered_at if ev else None)}) sau khi "
                           f"anh/chị mở danh sách. {RELOAD_HINT}", keys=(unit_id,))
    if rating is None:
        if ev is not None:
            session.delete(ev)
        return None
    rating = _rating(rating)
    entered_by = entered_by or versioning.current_clerk(session)
    if ev is None:
        ev = UnitEvaluation(unit_id=unit_id, year=year)
        session.add(ev)
    ev.rating, ev.not_rated_reason = rating.value, None
    ev.entered_by, ev.entered_at, ev.raw_text = entered_by, datetime.now(), raw_text
    session.flush()
    return ev


def lock_year(session: Session, year: int, *, by: str | None = None) -> None:
    lock = _held_year(session, year)  # waits for a rating save of the year that is under way (PostgreSQL)
    by = by or versioning.current_clerk(session)
    if lock.locked:
        raise DomainError(f"Năm {year} đã khóa.", "year")
    lock.locked = True
    session.flush()
    session.add(YearLockEntry(year=year, action="lock", by=by, at=datetime.now()))
    session.flush()


def reopen_year(session: Session, year: int, *, reason: str, by: str | None = None) -> None:
    if not (reason and reason.strip()):
        raise DomainError("Cần ghi lý do mở lại kết quả đánh giá đã khóa.", "reason")
    lock = _held_year(session, year)
    by = by or versioning.current_clerk(session)
    if not lock.locked:
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
    version: int | None = None  # of the rating shown (None: no rating row), checked on save (rate_members)


def rating_sheet(session: Session, year: int, unit_id: int | None = None) -> list[SheetRow]:
    """The evaluation grid: members of the unit at 31/12 (or before they left), rateable first-class.

    One query of columns (issue 15: at 100,000 members loading each member and its spans as objects took
    minutes): the members with a span in the year (in the unit's subtree), each with its span at 31/12 and
    its rating of the year, in Vietnamese name order."""
    from sqlalchemy import and_, or_
    from sqlalchemy.orm import aliased

    from .units import descendants

    end = year_end(year)
    in_year = select(MemberSpan.member_id).where(
        MemberSpan.valid_from <= end, or_(MemberSpan.valid_to.is_(None), MemberSpan.valid_to > date(year, 1, 1)))
    scope = set(descendants(session, unit_id)) if unit_id is not None else None
    if scope is not None:
        in_year = in_year.where(MemberSpan.unit_id.in_(scope))
    at_end = aliased(MemberSpan)
    q = (select(Member.id, Member.full_name, Member.admitted_on, at_end.id, at_end.counted, at_end.unit_id,
                at_end.exempt, at_end.suspended, Evaluation.rating, Evaluation.version)
         .outerjoin(at_end, and_(at_end.member_id == Member.id, at_end.valid_from <= end,
                                 or_(at_end.valid_to.is_(None), at_end.valid_to > end)))
         .outerjoin(Evaluation, and_(Evaluation.member_id == Member.id, Evaluation.year == year))
         .where(Member.id.in_(in_year))
         .order_by(Member.sort_key, Member.id, at_end.valid_from))
    rows, seen = [], set()
    # plain columns through the connection (no ORM row loading), a few thousand rows at a time: between two
    # batches the window's UI thread gets the GIL (one long fetch froze it for a third of a second)
    batches = session.connection().execute(q).partitions(2000)
    for row in chain.from_iterable(batches):
        mid, name, admitted_on, span_id, counted, span_unit, exempt, suspended, rating, version = row
        if mid in seen:  # two spans alive at 31/12 would be a broken history: the earlier one counts, as before
            continue
        seen.add(mid)
        e = _eligible(mid, year, admitted_on, span_id is not None and bool(counted), span_unit, bool(exempt),
                      bool(suspended))
        if scope is not None and e.unit_id is not None and e.unit_id not in scope:
            continue
        rows.append(SheetRow(mid, name, e.unit_id, e.can_rate, e.message, rating, version))
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
