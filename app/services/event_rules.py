"""The party's rules for a member's events, in one place: every path that writes an event checks it here.

The one-by-one actions (services/members.py), the Excel import's bulk path (services/imports.py) and the demo
(services/demo.py) all call `check_event` before an event joins a member's history and `check_history` on the
whole sequence after. No session and no ORM here: a member is anything with `events`, `birth_date` and
`full_name`, an event anything with the MemberEvent attributes, so the bulk paths can check thousands of
members built as plain objects with exactly the rules the actions apply.
"""

from __future__ import annotations

from datetime import date, timedelta

from app.models import MemberEvent
from app.models.enums import (LEFT_PARTY_EVENTS, MEMBER_DISCIPLINE_FORMS, PROBATIONARY_DISCIPLINE_FORMS,
                              MemberEventKind as K, Standing)

from . import lifecycle
from .dates import add_months, full_years
from .errors import DomainError
from .text_limits import check_lengths

BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
ADMISSION_MIN_AGE, ADMISSION_MAX_AGE = 18, 60
READMISSION_WAIT_MONTHS = 36

# events that may be recorded for someone not (or no longer) on the commune's list
ENTRY_EVENTS = {K.ADMITTED, K.ON_ROLL, K.TRANSFERRED_IN, K.RESTORED}
# events after which the member is no longer on the list
EXIT_EVENTS = {K.DECEASED, K.EXPELLED, K.STRUCK_OFF, K.RESIGNED, K.TRANSFERRED_OUT, K.TEMP_RETURNED}


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def admission_age_ok(birth: date | None, decision_date: date, higher_approval: str | None = None) -> bool:
    """Điều lệ Đảng, Điều 1: từ đủ 18 tuổi đến đủ 60 tuổi; trên 60 do cấp ủy cấp trên đồng ý (unknown birth: ok)."""
    if birth is None:
        return True
    age = full_years(birth, decision_date)
    return ADMISSION_MIN_AGE <= age and (age <= ADMISSION_MAX_AGE or bool(higher_approval and higher_approval.strip()))


def state_on(events, on: date) -> tuple[bool, Standing | None]:
    """(on the commune's list, standing) on a date, from the events alone."""
    if not events:
        return False, None
    for s in lifecycle.derive(list(events)).spans:
        if s[0] <= on and (s[1] is None or on < s[1]):
            return True, s[3]
    return False, None


def standing_before(events, on: date) -> Standing | None:
    """The standing the day before a leaving event (the same day when the member joined that day): Biểu 1
    counts the probationers who leave."""
    _, standing = state_on(events, on - timedelta(days=1))
    if standing is None:
        _, standing = state_on(events, on)
    return standing


def check_event(member, event, unit=None) -> None:
    """Refuse (DomainError naming the field) an event that breaks a rule, before it joins member.events.

    unit: the unit the event names (event.unit_id), when it has one; it must be active on the event's date.
    """
    if event.event_date is None:
        raise DomainError("Chưa nhập ngày.", "event_date")
    check_lengths(MemberEvent.__table__, event)  # a decision number, a place: as long as the column takes
    kind = event.kind
    events = member.events
    if kind == K.ADMITTED:
        _check_admission(member, event)
    elif kind == K.CONFIRMED_OFFICIAL:
        _check_confirmation(member, event)
    elif kind == K.TRANSFERRED_IN:
        if state_on(events, event.event_date)[0]:
            raise DomainError(f"Đồng chí {member.full_name} đã có tên trong danh sách vào ngày "
                              f"{_d(event.event_date)}.", "event_date")
    elif kind == K.TRANSFERRED_OUT:
        if event.temporary and event.end_date and event.end_date <= event.event_date:
            raise DomainError("Ngày kết thúc sinh hoạt tạm thời phải sau ngày chuyển đi.", "end_date")
    elif kind == K.EXEMPTED:
        if event.end_date is not None and event.end_date <= event.event_date:
            raise DomainError("Ngày kết thúc miễn sinh hoạt phải sau ngày bắt đầu.", "end_date")
    elif kind == K.DISCIPLINED:
        form = event.discipline_form
        if form not in MEMBER_DISCIPLINE_FORMS:
            raise DomainError(f"Hình thức «{form.label}» không áp dụng cho đảng viên.", "discipline_form")
        # Điều lệ Đảng, Điều 35: đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo
        if state_on(events, event.event_date)[1] == Standing.PROBATIONARY and \
                form not in PROBATIONARY_DISCIPLINE_FORMS:
            raise DomainError(f"Đảng viên dự bị chỉ có thể bị khiển trách hoặc cảnh cáo, không thể «{form.label}».",
                              "discipline_form")
    elif kind == K.RESTORED:
        if not any(e.kind in LEFT_PARTY_EVENTS and e.event_date <= event.event_date for e in events):
            raise DomainError(f"Đồng chí {member.full_name} chưa ra khỏi Đảng; không thể phục hồi đảng tịch.",
                              "member")
    elif kind == K.CARD_ISSUED:
        if not (event.card_number or "").strip():
            raise DomainError("Chưa nhập số thẻ đảng viên.", "card_number")
        if state_on(events, event.event_date)[1] != Standing.OFFICIAL:
            raise DomainError("Thẻ đảng viên chỉ phát cho đảng viên chính thức.", "card_number")
    elif kind == K.BADGE_AWARDED:
        years = event.badge_years
        if years not in BADGE_YEARS:
            raise DomainError(f"Huy hiệu {years} năm tuổi Đảng không có (chỉ {', '.join(map(str, BADGE_YEARS))}).",
                              "badge_years")
        if any(e.kind == K.BADGE_AWARDED and e.badge_years == years for e in events):
            raise DomainError(f"Đồng chí {member.full_name} đã được tặng Huy hiệu {years} năm tuổi Đảng.",
                              "badge_years")
    if unit is not None and not unit.is_active(event.event_date):
        raise DomainError(f"Tổ chức «{unit.name}» không hoạt động vào ngày {_d(event.event_date)}.", "unit")


def _check_admission(member, event) -> None:
    decision_date = event.decision_date or event.event_date
    ceremony_date = event.ceremony_date or decision_date
    if ceremony_date < decision_date:
        raise DomainError(f"Ngày lễ kết nạp ({_d(ceremony_date)}) không thể trước ngày quyết định "
                          f"({_d(decision_date)}).", "ceremony_date")
    birth = member.birth_date
    if birth:
        if birth >= decision_date:
            raise DomainError(f"Ngày sinh ({_d(birth)}) sau ngày kết nạp ({_d(decision_date)}).", "birth_date")
        if not admission_age_ok(birth, decision_date, event.higher_approval):
            age = full_years(birth, decision_date)
            if age < ADMISSION_MIN_AGE:
                raise DomainError(f"Tuổi đời khi kết nạp là {age}, chưa đủ 18 tuổi.", "birth_date")
            raise DomainError(f"Tuổi đời khi kết nạp là {age}, trên 60 tuổi: cần ghi quyết định đồng ý của cấp "
                              "ủy cấp trên.", "higher_approval")
    events = member.events
    left = [e for e in events if e.kind in LEFT_PARTY_EVENTS]
    if left:
        last = max(left, key=lambda e: e.event_date)
        earliest = add_months(last.event_date, READMISSION_WAIT_MONTHS)
        # Quy định thi hành Điều lệ: kết nạp lại sau ít nhất 36 tháng kể từ khi ra khỏi Đảng
        if decision_date < earliest:
            raise DomainError(f"Kết nạp lại chỉ được sau 36 tháng kể từ ngày ra khỏi Đảng ({_d(last.event_date)}),"
                              f" tức từ ngày {_d(earliest)}.", "decision_date")
    if state_on(events, decision_date)[0]:
        raise DomainError(f"Đồng chí {member.full_name} đang là đảng viên vào ngày {_d(decision_date)}.",
                          "decision_date")


def _check_confirmation(member, event) -> None:
    derived = lifecycle.derive(list(member.events))
    standing = derived.spans[-1][3] if derived.spans else None
    # a member transferred in on probation has no admission here: the ceremony date comes from the dossier
    ceremony = derived.ceremony_on or getattr(member, "ceremony_on", None)
    if standing != Standing.PROBATIONARY or not ceremony:
        raise DomainError(f"Đồng chí {member.full_name} không phải đảng viên dự bị.", "member")
    end = lifecycle.probation_end(ceremony)
    # Điều lệ Đảng, Điều 5: tuổi đảng/ngày chính thức tính từ ngày hết 12 tháng dự bị, dù quyết định muộn
    if event.decision_date < end:
        raise DomainError(f"Chưa đủ 12 tháng dự bị: lễ kết nạp ngày {_d(ceremony)}, sớm nhất được "
                          f"công nhận từ ngày {_d(end)}.", "decision_date")


def _on_roll_at(spans, on: date, inclusive_end: bool = False) -> bool:
    for s in spans:
        start, end = s[0], s[1]
        if start <= on and (end is None or on < end or (inclusive_end and on == end)):
            return True
    return False


def check_history(member, derived: lifecycle.Derived | None = None) -> lifecycle.Derived:
    """Check the whole sequence: nothing before birth, nothing after death, nothing while off the list."""
    events = sorted(member.events, key=lambda e: (e.event_date, e.id if e.id is not None else float("inf")))
    derived = derived or lifecycle.derive(events)
    death = next((e for e in events if e.kind == K.DECEASED), None)
    for e in events:
        label = e.kind.label.lower()
        if member.birth_date and e.event_date <= member.birth_date and e.kind != K.CARD_ISSUED:
            raise DomainError(f"Ngày {label} ({_d(e.event_date)}) không thể trước ngày sinh "
                              f"({_d(member.birth_date)}).", "birth_date")
        if death is not None and e is not death and e.event_date > death.event_date:
            raise DomainError(f"Đảng viên đã từ trần ngày {_d(death.event_date)}; không thể ghi {label} ngày "
                              f"{_d(e.event_date)}.", "event_date")
        if e.kind in ENTRY_EVENTS:
            continue
        # discipline is decided while the member is still on the list, even when it expels them that day
        leaving = e.kind in EXIT_EVENTS or e.kind == K.DISCIPLINED
        if not _on_roll_at(derived.spans, e.event_date - timedelta(days=1) if leaving else e.event_date,
                           inclusive_end=False) and not (leaving and _on_roll_at(derived.spans, e.event_date)):
            if e.kind in (K.BADGE_AWARDED, K.REWARDED, K.CARD_REISSUED) and not any(
                    x.kind in LEFT_PARTY_EVENTS + (K.DECEASED,) and x.event_date <= e.event_date for x in events):
                continue  # recognition may follow a member who moved away; not one who left the Party
            pending = [x for x in events if x.id is None]  # one event being added by the clerk
            new = pending[0] if len(pending) == 1 and pending[0] is not e else None
            if new is not None and new.event_date <= e.event_date:
                # the event being added is the one to fix, not the older one it now contradicts
                raise DomainError(f"Không thể ghi {new.kind.label.lower()} ngày {_d(new.event_date)}: đồng chí "
                                  f"{member.full_name} còn có sự kiện «{e.kind.label.lower()}» ngày "
                                  f"{_d(e.event_date)} (khi vẫn có tên trong danh sách). Chọn ngày sau "
                                  f"{_d(e.event_date)}, hoặc xóa sự kiện kia nếu nhập nhầm.", "event_date")
            raise DomainError(f"Vào ngày {_d(e.event_date)} đồng chí {member.full_name} không có tên trong danh "
                              f"sách đảng viên của xã (đã chuyển đi hoặc ra khỏi Đảng); không thể ghi {label}.",
                              "event_date")
    return derived
