"""What the clerk must not forget: probations ending, badges due, members not rated, exemptions expired."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Evaluation, Member, MemberEvent
from app.models.enums import MemberEventKind as K, Standing

from . import evaluations, lifecycle
from .members import BADGE_YEARS, party_age_years

# Huy hiệu Đảng is awarded on 3/2, 19/5, 2/9 and 7/11 (Quy định 51-QĐ/TW)
AWARD_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))


@dataclass(frozen=True)
class Reminder:
    kind: str       # probation_due | probation_overdue | badge_due | not_rated | exemption_expired
    member_id: int
    full_name: str
    due: date | None
    message: str


def next_award_date(after: date) -> date:
    for year in (after.year, after.year + 1):
        for month, day in AWARD_DAYS:
            d = date(year, month, day)
            if d >= after:
                return d
    raise AssertionError("unreachable")


def reminders(session: Session, as_of: date, days: int = 30) -> list[Reminder]:
    out: list[Reminder] = []
    members = list(session.scalars(select(Member).where(Member.is_on_roll.is_(True))
                                   .options(selectinload(Member.events), selectinload(Member.spans))))
    award = next_award_date(as_of)
    last_year = as_of.year - 1
    rated = set(session.scalars(select(Evaluation.member_id).where(Evaluation.year == last_year)))
    for m in members:
        if m.current_standing == Standing.PROBATIONARY and m.ceremony_on:
            end = lifecycle.probation_end(m.ceremony_on)
            if end < as_of:
                out.append(Reminder("probation_overdue", m.id, m.full_name, end,
                                    f"Hết 12 tháng dự bị từ {end:%d/%m/%Y}, chưa có quyết định công nhận chính thức."))
            elif end <= as_of + timedelta(days=days):
                out.append(Reminder("probation_due", m.id, m.full_name, end,
                                    f"Hết 12 tháng dự bị ngày {end:%d/%m/%Y}: chi bộ xét công nhận chính thức."))
        if m.admitted_on:
            age = party_age_years(m, award)
            awarded = {e.badge_years for e in m.events if e.kind == K.BADGE_AWARDED}
            due = [y for y in BADGE_YEARS if y <= age and y not in awarded and not any(a > y for a in awarded)]
            if due:
                y = max(due)
                out.append(Reminder("badge_due", m.id, m.full_name, award,
                                    f"Đủ {y} năm tuổi Đảng vào đợt {award:%d/%m/%Y}: đề nghị tặng Huy hiệu {y} năm."))
        if m.id not in rated:
            elig = evaluations.eligibility(m, last_year)
            if elig.can_rate:
                out.append(Reminder("not_rated", m.id, m.full_name, None,
                                    f"Chưa có kết quả đánh giá, xếp loại năm {last_year}."))
        if m.is_exempt or any(e.kind == K.EXEMPTED for e in m.events):
            ex = [e for e in m.events if e.kind == K.EXEMPTED and e.event_date <= as_of]
            ended = [e for e in m.events if e.kind == K.EXEMPTION_ENDED]
            if ex:
                last = max(ex, key=lambda e: e.event_date)
                closed = any(e.event_date >= last.event_date for e in ended)
                if last.end_date and last.end_date < as_of and not closed:
                    out.append(Reminder("exemption_expired", m.id, m.full_name, last.end_date,
                                        f"Thời hạn miễn sinh hoạt đã hết ngày {last.end_date:%d/%m/%Y}: xem xét gia "
                                        "hạn hoặc cho sinh hoạt trở lại."))
    order = {"probation_overdue": 0, "probation_due": 1, "exemption_expired": 2, "badge_due": 3, "not_rated": 4}
    out.sort(key=lambda r: (order[r.kind], r.due or date.max, r.full_name))
    return out
