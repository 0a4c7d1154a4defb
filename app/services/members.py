"""Members: personal records and one function per lifecycle action (admit, confirm, transfer, exempt …).

Each action validates against the party's rules, appends a dated event, and re-derives the member's state
(lifecycle.rebuild) in the caller's transaction. Refusals are DomainError with a Vietnamese message naming
the field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.common.ethnicity import canonical_ethnicity
from app.common.text import fold, name_sort_string, nfc
from app.models import PERSON_FIELD_NAMES, Member, MemberEvent, Unit
from app.models.enums import (LEFT_PARTY_EVENTS, MEMBER_DISCIPLINE_FORMS, PROBATIONARY_DISCIPLINE_FORMS,
                              CardReason, DatePrecision, DisciplineForm, Gender, MemberEventKind as K, RewardForm,
                              Standing, TransferScope)

from . import lifecycle
from .dates import add_months, full_years
from .errors import DomainError, NotFound

MEMBER_EXTRA_FIELDS = ("card_number", "dossier_number", "position_party", "position_government",
                       "position_mass_org")
BADGE_YEARS = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
ADMISSION_MIN_AGE, ADMISSION_MAX_AGE = 18, 60
READMISSION_WAIT_MONTHS = 36

# events that may be recorded for someone not (or no longer) on the commune's list
_ENTRY_EVENTS = {K.ADMITTED, K.ON_ROLL, K.TRANSFERRED_IN, K.RESTORED}
# events after which the member is no longer on the list
_EXIT_EVENTS = {K.DECEASED, K.EXPELLED, K.STRUCK_OFF, K.RESIGNED, K.TRANSFERRED_OUT, K.TEMP_RETURNED}
_CCCD = re.compile(r"^\d{9}$|^\d{12}$")


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def get_member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(f"Không tìm thấy đảng viên mã {member_id}.", "member")
    return member


def _check_unique(session: Session, member: Member) -> None:
    # no autoflush: the pending value would hit the UNIQUE index before we can name the field
    with session.no_autoflush:
        _check_unique_values(session, member)


def _check_unique_values(session: Session, member: Member) -> None:
    if member.national_id:
        other = session.scalar(select(Member).where(Member.national_id == member.national_id,
                                                    Member.id != (member.id or -1)))
        if other is not None:
            raise DomainError(f"Số CCCD {member.national_id} đã có ở đảng viên «{other.full_name}».", "national_id")
    if member.card_number:
        other = session.scalar(select(Member).where(Member.card_number == member.card_number,
                                                    Member.id != (member.id or -1)))
        if other is not None:
            raise DomainError(f"Số thẻ đảng viên {member.card_number} đã có ở đảng viên «{other.full_name}».",
                              "card_number")


def apply_person_fields(obj, data: dict, *, member_fields: bool | None = None) -> None:
    """Copy personal fields onto a Member or Candidate, normalised (NFC names, enums, digits-only CCCD).

    member_fields: whether the member-only fields (card number, positions …) are allowed; by default, when obj
    is a Member (the importer builds new members on plain objects and says so).
    """
    from app.models import enums as E

    enum_fields = {"gender": E.Gender, "birth_date_precision": E.DatePrecision,
                   "occupation_group": E.OccupationGroup, "general_education": E.GeneralEducation,
                   "professional_level": E.ProfessionalLevel, "academic_title": E.AcademicTitle,
                   "political_theory": E.PoliticalTheory}
    if member_fields is None:
        member_fields = isinstance(obj, Member)
    allowed = set(PERSON_FIELD_NAMES) | (set(MEMBER_EXTRA_FIELDS) if member_fields else set())
    unknown = set(data) - allowed
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.", sorted(unknown)[0])
    for key, value in data.items():
        if isinstance(value, str):
            value = nfc(value) or None
        if key in enum_fields and value is not None:
            try:
                value = enum_fields[key].from_value(value)
            except ValueError:
                raise DomainError(f"Giá trị «{value}» không hợp lệ.", key) from None
        if key == "national_id" and value:
            value = re.sub(r"[\s.\-]", "", value)
            if not _CCCD.match(value):
                raise DomainError(f"Số CCCD «{value}» phải gồm 12 chữ số (CMND cũ: 9 chữ số).", "national_id")
        if key == "ethnicity":
            value = canonical_ethnicity(value)
        if key in ("youth_union", "private_business_owner", "foreign_spouse"):
            value = bool(value)
        setattr(obj, key, value)
    if not getattr(obj, "full_name", None):
        raise DomainError("Chưa nhập họ và tên.", "full_name")
    obj.name_key = fold(obj.full_name)
    obj.sort_key = name_sort_string(obj.full_name)
    if getattr(obj, "birth_date_precision", None) is None:
        obj.birth_date_precision = DatePrecision.DAY
    if obj.birth_date and obj.birth_date > date.today():
        raise DomainError(f"Ngày sinh {_d(obj.birth_date)} ở tương lai.", "birth_date")


def create_member(session: Session, data: dict) -> Member:
    """A personal record; membership itself comes from an event (admit, transfer in, on roll)."""
    member = Member()
    apply_person_fields(member, data)
    _check_unique(session, member)
    session.add(member)
    session.flush()
    return member


def update_member(session: Session, member_id: int, changes: dict) -> Member:
    member = get_member(session, member_id)
    apply_person_fields(member, changes)
    _check_unique(session, member)
    if "birth_date" in changes:
        validate_events(member)
    session.flush()
    return member


def _on_roll_at(spans, on: date, inclusive_end: bool = False) -> bool:
    for s in spans:
        start, end = s[0], s[1]
        if start <= on and (end is None or on < end or (inclusive_end and on == end)):
            return True
    return False


def validate_events(member: Member, derived: lifecycle.Derived | None = None) -> lifecycle.Derived:
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
        if e.kind in _ENTRY_EVENTS:
            continue
        # discipline is decided while the member is still on the list, even when it expels them that day
        leaving = e.kind in _EXIT_EVENTS or e.kind == K.DISCIPLINED
        if not _on_roll_at(derived.spans, e.event_date - timedelta(days=1) if leaving else e.event_date,
                           inclusive_end=False) and not (leaving and _on_roll_at(derived.spans, e.event_date)):
            if e.kind in (K.BADGE_AWARDED, K.REWARDED, K.CARD_REISSUED) and not any(
                    x.kind in LEFT_PARTY_EVENTS + (K.DECEASED,) and x.event_date <= e.event_date for x in events):
                continue  # recognition may follow a member who moved away; not one who left the Party
            new = next((x for x in events if x.id is None and x is not e), None)
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


def _add_event(session: Session, member: Member, event: MemberEvent) -> MemberEvent:
    if event.event_date is None:
        raise DomainError("Chưa nhập ngày.", "event_date")
    if event.unit_id is not None:
        unit = session.get(Unit, event.unit_id)
        if unit is None:
            raise DomainError("Tổ chức đảng không tồn tại.", "unit")
        if not unit.is_active(event.event_date):
            raise DomainError(f"Tổ chức «{unit.name}» không hoạt động vào ngày {_d(event.event_date)}.", "unit")
    member.events.append(event)
    validate_events(member)
    lifecycle.rebuild(member)
    session.flush()
    return event


def _state_on(member: Member, on: date) -> tuple[bool, Standing | None]:
    spans = lifecycle.derive(member.events).spans
    for s in spans:
        if s[0] <= on and (s[1] is None or on < s[1]):
            return True, s[3]
    return False, None


def _person(session: Session, member_id: int | None, person: dict | None) -> Member:
    if member_id is not None:
        return get_member(session, member_id)
    if not person:
        raise DomainError("Chưa có thông tin người được kết nạp.", "full_name")
    return create_member(session, person)


def admit_member(session: Session, *, unit_id: int, decision_date: date, ceremony_date: date | None = None,
                 decision_number: str | None = None, member_id: int | None = None, person: dict | None = None,
                 introducers: str | None = None, higher_approval: str | None = None,
                 decided_by: str | None = None, source: str | None = None) -> Member:
    """Kết nạp: the person becomes a probationary member of the unit from the decision date."""
    if decision_date is None:
        raise DomainError("Chưa nhập ngày quyết định kết nạp.", "decision_date")
    member = _person(session, member_id, person)
    ceremony_date = ceremony_date or decision_date
    if ceremony_date < decision_date:
        raise DomainError(f"Ngày lễ kết nạp ({_d(ceremony_date)}) không thể trước ngày quyết định "
                          f"({_d(decision_date)}).", "ceremony_date")
    if member.birth_date:
        if member.birth_date >= decision_date:
            raise DomainError(f"Ngày sinh ({_d(member.birth_date)}) sau ngày kết nạp ({_d(decision_date)}).",
                              "birth_date")
        age = full_years(member.birth_date, decision_date)
        # Điều lệ Đảng, Điều 1: từ đủ 18 tuổi đến đủ 60 tuổi; trên 60 do cấp ủy trực thuộc Trung ương xem xét
        if age < ADMISSION_MIN_AGE:
            raise DomainError(f"Tuổi đời khi kết nạp là {age}, chưa đủ 18 tuổi.", "birth_date")
        if age > ADMISSION_MAX_AGE and not (higher_approval and higher_approval.strip()):
            raise DomainError(f"Tuổi đời khi kết nạp là {age}, trên 60 tuổi: cần ghi quyết định đồng ý của cấp "
                              "ủy cấp trên.", "higher_approval")
    left = [e for e in member.events if e.kind in LEFT_PARTY_EVENTS]
    if left:
        last = max(left, key=lambda e: e.event_date)
        earliest = add_months(last.event_date, READMISSION_WAIT_MONTHS)
        # Quy định thi hành Điều lệ: kết nạp lại sau ít nhất 36 tháng kể từ khi ra khỏi Đảng
        if decision_date < earliest:
            raise DomainError(f"Kết nạp lại chỉ được sau 36 tháng kể từ ngày ra khỏi Đảng ({_d(last.event_date)}),"
                              f" tức từ ngày {_d(earliest)}.", "decision_date")
    on_roll, _ = _state_on(member, decision_date)
    if on_roll:
        raise DomainError(f"Đồng chí {member.full_name} đang là đảng viên vào ngày {_d(decision_date)}.",
                          "decision_date")
    _add_event(session, member, MemberEvent(
        kind=K.ADMITTED, event_date=decision_date, decision_date=decision_date, ceremony_date=ceremony_date,
        decision_number=decision_number, unit_id=unit_id, introducers=introducers,
        higher_approval=higher_approval, decided_by=decided_by, source=source))
    return member


def record_on_roll(session: Session, member_id: int, *, unit_id: int, on: date,
                   standing: Standing = Standing.OFFICIAL, temporary: bool = False, needs_review: bool = False,
                   source: str | None = None, import_batch_id: int | None = None) -> MemberEvent:
    """Opening balance: the member is on the unit's list on a date (first entry or a sheet's 'as of' date)."""
    member = get_member(session, member_id)
    return _add_event(session, member, MemberEvent(
        kind=K.ON_ROLL, event_date=on, unit_id=unit_id, standing=Standing.from_value(standing),
        temporary=temporary, needs_review=needs_review, source=source, import_batch_id=import_batch_id))


PARTY_FOUNDED = date(1930, 2, 3)


def enter_member(session: Session, *, person: dict, unit_id: int | None, on: date | None,
                 admitted_on: date | None, ceremony_on: date | None = None, official_on: date | None = None,
                 transferred: bool = False, scope: TransferScope | None = None, place: str | None = None,
                 decision_number: str | None = None) -> Member:
    """An existing party member entered by hand: admitted years ago or elsewhere, on the commune's list from `on`
    (the book's date, or the day they transferred in), with the party history of their dossier.

    The rule on units: the chi bộ chosen is where the member is on `on`, and it must exist on that day; the
    admission itself is a fact of the dossier (party age, badges, probation) kept as dates, not as an event
    in one of our units, because it often happened in a unit that is not ours or did not exist yet. So a
    chi bộ founded in 2025 never blocks a member admitted in 1975. Statistics count the member from `on`.
    """
    if unit_id is None:
        raise DomainError("Chưa chọn chi bộ.", "unit_id")
    if on is None:
        raise DomainError("Chưa nhập ngày chuyển đến." if transferred else "Chưa nhập ngày có tên trong danh sách.",
                          "event_date")
    if admitted_on is None:
        raise DomainError("Chưa nhập ngày vào Đảng (ngày quyết định kết nạp, ghi trong hồ sơ).", "admitted_on")
    if admitted_on < PARTY_FOUNDED or admitted_on > date.today():
        raise DomainError(f"Ngày vào Đảng {_d(admitted_on)} không hợp lệ.", "admitted_on")
    if admitted_on > on:
        raise DomainError(f"Ngày vào Đảng ({_d(admitted_on)}) sau ngày {'chuyển đến' if transferred else 'có tên'}"
                          f" ({_d(on)}).", "admitted_on")
    ceremony_on = ceremony_on or admitted_on
    if ceremony_on < admitted_on:
        raise DomainError(f"Ngày lễ kết nạp ({_d(ceremony_on)}) không thể trước ngày vào Đảng ({_d(admitted_on)}).",
                          "ceremony_on")
    if official_on is not None and official_on < lifecycle.probation_end(ceremony_on):
        # Điều lệ Đảng, Điều 5: 12 tháng dự bị kể từ ngày lễ kết nạp
        raise DomainError(f"Ngày chính thức ({_d(official_on)}) chưa đủ 12 tháng dự bị kể từ ngày lễ kết nạp "
                          f"({_d(ceremony_on)}): sớm nhất {_d(lifecycle.probation_end(ceremony_on))}.", "official_on")
    if transferred and scope is None:
        # Biểu 1-BTCTW counts transfers in by where from: tỉnh khác / xã khác trong tỉnh
        raise DomainError("Chưa chọn chuyển đến từ tỉnh khác hay xã khác trong tỉnh (Biểu 1 cần).", "scope")
    if transferred and not (place and place.strip()):
        raise DomainError("Chưa ghi chuyển đến từ đâu (tổ chức đảng nơi đi).", "place")
    member = create_member(session, person)
    if member.birth_date and admitted_on <= member.birth_date:
        raise DomainError(f"Ngày vào Đảng ({_d(admitted_on)}) trước ngày sinh ({_d(member.birth_date)}).",
                          "admitted_on")
    official_then = official_on is not None and official_on <= on
    standing = Standing.OFFICIAL if official_then else Standing.PROBATIONARY
    if transferred:
        event = MemberEvent(kind=K.TRANSFERRED_IN, event_date=on, unit_id=unit_id, standing=standing,
                            scope=TransferScope.from_value(scope), place=place, decision_number=decision_number)
    else:
        event = MemberEvent(kind=K.ON_ROLL, event_date=on, unit_id=unit_id, standing=standing,
                            decision_number=decision_number)
    member.admitted_on, member.ceremony_on = admitted_on, ceremony_on
    member.official_on = official_on if official_then else None
    _add_event(session, member, event)
    if official_on is not None and not official_then:
        # still probationary on entry; official later, from the day the 12 months end (the dossier's date)
        _add_event(session, member, MemberEvent(kind=K.CONFIRMED_OFFICIAL, event_date=official_on,
                                                decision_date=official_on))
    member.admitted_on, member.ceremony_on = admitted_on, ceremony_on
    return member


def confirm_official(session: Session, member_id: int, *, decision_date: date,
                     decision_number: str | None = None) -> MemberEvent:
    """Công nhận chính thức: not before 12 months from the ceremony; official from the day they end."""
    member = get_member(session, member_id)
    if member.current_standing != Standing.PROBATIONARY or not member.ceremony_on:
        raise DomainError(f"Đồng chí {member.full_name} không phải đảng viên dự bị.", "member")
    end = lifecycle.probation_end(member.ceremony_on)
    if decision_date < end:
        raise DomainError(f"Chưa đủ 12 tháng dự bị: lễ kết nạp ngày {_d(member.ceremony_on)}, sớm nhất được "
                          f"công nhận từ ngày {_d(end)}.", "decision_date")
    # Điều lệ Đảng, Điều 5: tuổi đảng/ngày chính thức tính từ ngày hết 12 tháng dự bị, dù quyết định muộn
    return _add_event(session, member, MemberEvent(
        kind=K.CONFIRMED_OFFICIAL, event_date=end, decision_date=decision_date, decision_number=decision_number))


def transfer_in(session: Session, *, unit_id: int, on: date, member_id: int | None = None,
                person: dict | None = None, standing: Standing = Standing.OFFICIAL,
                scope: TransferScope | None = None, place: str | None = None, temporary: bool = False,
                end_date: date | None = None, decision_number: str | None = None,
                admitted_on: date | None = None, ceremony_on: date | None = None) -> Member:
    member = _person(session, member_id, person)
    on_roll, _ = _state_on(member, on)
    if on_roll:
        raise DomainError(f"Đồng chí {member.full_name} đã có tên trong danh sách vào ngày {_d(on)}.", "event_date")
    ev = MemberEvent(kind=K.TRANSFERRED_IN, event_date=on, unit_id=unit_id, standing=Standing.from_value(standing),
                     scope=TransferScope.from_value(scope), place=place, temporary=temporary, end_date=end_date,
                     decision_number=decision_number)
    if admitted_on and not member.admitted_on:
        member.admitted_on = admitted_on
    _add_event(session, member, ev)
    if admitted_on:
        member.admitted_on = admitted_on  # party age counts from the original decision, kept from the dossier
        member.ceremony_on = ceremony_on or member.ceremony_on
    return member


def check_transfer_out(*, on: date | None, scope: TransferScope | None, place: str | None,
                       decision_number: str | None, temporary: bool = False) -> None:
    """What the clerk must give for a transfer out typed by hand (an imported sheet may not know them):
    Biểu 1-BTCTW counts official transfers out by scope (tỉnh khác / xã khác trong tỉnh), and the record needs
    where to and the letter (giấy giới thiệu sinh hoạt đảng)."""
    if on is None:
        raise DomainError("Chưa nhập ngày chuyển đi.", "on")
    if scope is None:
        raise DomainError("Chưa chọn phạm vi: chuyển đi tỉnh khác hay xã khác trong tỉnh (Biểu 1 cần).", "scope")
    if not (place and place.strip()):
        raise DomainError("Chưa ghi chuyển đến đâu (tổ chức đảng nơi đến).", "place")
    if not (decision_number and decision_number.strip()):
        raise DomainError("Chưa ghi số giấy giới thiệu sinh hoạt đảng.", "decision_number")


def transfer_out(session: Session, member_id: int, *, on: date, scope: TransferScope | None = None,
                 place: str | None = None, temporary: bool = False, end_date: date | None = None,
                 decision_number: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    if temporary and end_date and end_date <= on:
        raise DomainError("Ngày kết thúc sinh hoạt tạm thời phải sau ngày chuyển đi.", "end_date")
    return _add_event(session, member, MemberEvent(
        kind=K.TRANSFERRED_OUT, event_date=on, scope=TransferScope.from_value(scope), place=place,
        temporary=temporary, end_date=end_date, decision_number=decision_number))


def end_temporary_transfer(session: Session, member_id: int, *, on: date) -> MemberEvent:
    member = get_member(session, member_id)
    return _add_event(session, member, MemberEvent(kind=K.TEMP_RETURNED, event_date=on))


def move_member(session: Session, member_id: int, *, unit_id: int, on: date,
                decision_number: str | None = None) -> MemberEvent:
    """Chuyển sinh hoạt giữa các chi bộ trong xã: the commune's count does not change."""
    member = get_member(session, member_id)
    return _add_event(session, member, MemberEvent(kind=K.MOVED, event_date=on, unit_id=unit_id,
                                                   decision_number=decision_number))


def exempt_member(session: Session, member_id: int, *, start: date, end: date | None = None,
                  reason: str | None = None, decision_number: str | None = None,
                  needs_review: bool = False, source: str | None = None,
                  import_batch_id: int | None = None) -> MemberEvent:
    """Miễn công tác và sinh hoạt đảng (tuổi cao, sức yếu …): not rated while exempt (DOMAIN §3)."""
    member = get_member(session, member_id)
    if end is not None and end <= start:
        raise DomainError("Ngày kết thúc miễn sinh hoạt phải sau ngày bắt đầu.", "end_date")
    return _add_event(session, member, MemberEvent(
        kind=K.EXEMPTED, event_date=start, end_date=end, reason=reason, decision_number=decision_number,
        needs_review=needs_review, source=source, import_batch_id=import_batch_id))


def end_exemption(session: Session, member_id: int, *, on: date, decision_number: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    return _add_event(session, member, MemberEvent(kind=K.EXEMPTION_ENDED, event_date=on,
                                                   decision_number=decision_number))


def suspend_member(session: Session, member_id: int, *, start: date, end: date | None = None,
                   reason: str | None = None, decision_number: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    return _add_event(session, member, MemberEvent(kind=K.SUSPENDED, event_date=start, end_date=end,
                                                   reason=reason, decision_number=decision_number))


def discipline_member(session: Session, member_id: int, *, on: date, form: DisciplineForm,
                      decision_number: str | None = None, reason: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    form = DisciplineForm.from_value(form)
    if form not in MEMBER_DISCIPLINE_FORMS:
        raise DomainError(f"Hình thức «{form.label}» không áp dụng cho đảng viên.", "discipline_form")
    _, standing = _state_on(member, on)
    # Điều lệ Đảng, Điều 35: đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo
    if standing == Standing.PROBATIONARY and form not in PROBATIONARY_DISCIPLINE_FORMS:
        raise DomainError(f"Đảng viên dự bị chỉ có thể bị khiển trách hoặc cảnh cáo, không thể «{form.label}».",
                          "discipline_form")
    ev = _add_event(session, member, MemberEvent(kind=K.DISCIPLINED, event_date=on, discipline_form=form,
                                                 decision_number=decision_number, reason=reason))
    if form == DisciplineForm.EXPULSION:
        _add_event(session, member, MemberEvent(kind=K.EXPELLED, event_date=on, decision_number=decision_number,
                                                reason=reason))
    return ev


def _leave(session: Session, member_id: int, kind: K, on: date, decision_number: str | None,
           reason: str | None, **extra) -> MemberEvent:
    member = get_member(session, member_id)
    _, standing = _state_on(member, on - timedelta(days=1))
    if standing is None:
        _, standing = _state_on(member, on)
    return _add_event(session, member, MemberEvent(kind=kind, event_date=on, decision_number=decision_number,
                                                   reason=reason, was_probationary=standing == Standing.PROBATIONARY,
                                                   **extra))


def strike_off(session: Session, member_id: int, *, on: date, reason: str | None = None,
               decision_number: str | None = None) -> MemberEvent:
    """Xóa tên (e.g. probation not approved; 3 months without activity or dues). Biểu 1 counts probationers."""
    return _leave(session, member_id, K.STRUCK_OFF, on, decision_number, reason)


def expel(session: Session, member_id: int, *, on: date, reason: str | None = None,
          decision_number: str | None = None) -> MemberEvent:
    return discipline_member(session, member_id, on=on, form=DisciplineForm.EXPULSION,
                             decision_number=decision_number, reason=reason)


def resign(session: Session, member_id: int, *, on: date, reason: str | None = None,
           decision_number: str | None = None) -> MemberEvent:
    return _leave(session, member_id, K.RESIGNED, on, decision_number, reason)


def record_death(session: Session, member_id: int, *, on: date, reason: str | None = None,
                 needs_review: bool = False, source: str | None = None) -> MemberEvent:
    return _leave(session, member_id, K.DECEASED, on, None, reason, needs_review=needs_review, source=source)


def restore_membership(session: Session, member_id: int, *, on: date, unit_id: int,
                       decision_number: str | None = None, reason: str | None = None) -> MemberEvent:
    """Phục hồi đảng tịch: only for someone who left the Party (expelled, struck off, resigned)."""
    member = get_member(session, member_id)
    left = [e for e in member.events if e.kind in LEFT_PARTY_EVENTS and e.event_date <= on]
    if not left:
        raise DomainError(f"Đồng chí {member.full_name} chưa ra khỏi Đảng; không thể phục hồi đảng tịch.", "member")
    return _add_event(session, member, MemberEvent(kind=K.RESTORED, event_date=on, unit_id=unit_id,
                                                   decision_number=decision_number, reason=reason))


def issue_card(session: Session, member_id: int, *, on: date, card_number: str,
               decision_number: str | None = None) -> MemberEvent:
    """Thẻ đảng viên is issued to official members only."""
    member = get_member(session, member_id)
    card_number = (card_number or "").strip()
    if not card_number:
        raise DomainError("Chưa nhập số thẻ đảng viên.", "card_number")
    _, standing = _state_on(member, on)
    if standing != Standing.OFFICIAL:
        raise DomainError("Thẻ đảng viên chỉ phát cho đảng viên chính thức.", "card_number")
    member.card_number = card_number
    _check_unique(session, member)
    return _add_event(session, member, MemberEvent(kind=K.CARD_ISSUED, event_date=on, card_number=card_number,
                                                   decision_number=decision_number))


def reissue_card(session: Session, member_id: int, *, on: date, reason: CardReason,
                 card_number: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    if card_number:
        member.card_number = card_number.strip()
        _check_unique(session, member)
    return _add_event(session, member, MemberEvent(kind=K.CARD_REISSUED, event_date=on,
                                                   card_reason=CardReason.from_value(reason),
                                                   card_number=member.card_number))


def award_badge(session: Session, member_id: int, *, on: date, years: int,
                decision_number: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    if years not in BADGE_YEARS:
        raise DomainError(f"Huy hiệu {years} năm tuổi Đảng không có (chỉ {', '.join(map(str, BADGE_YEARS))}).",
                          "badge_years")
    if any(e.kind == K.BADGE_AWARDED and e.badge_years == years for e in member.events):
        raise DomainError(f"Đồng chí {member.full_name} đã được tặng Huy hiệu {years} năm tuổi Đảng.", "badge_years")
    return _add_event(session, member, MemberEvent(kind=K.BADGE_AWARDED, event_date=on, badge_years=years,
                                                   decision_number=decision_number))


def reward_member(session: Session, member_id: int, *, on: date, form: RewardForm,
                  decision_number: str | None = None, decided_by: str | None = None,
                  reason: str | None = None) -> MemberEvent:
    member = get_member(session, member_id)
    return _add_event(session, member, MemberEvent(kind=K.REWARDED, event_date=on,
                                                   reward_form=RewardForm.from_value(form),
                                                   decision_number=decision_number, decided_by=decided_by,
                                                   reason=reason))


def mark_retired(session: Session, member_id: int, *, on: date, needs_review: bool = False,
                 source: str | None = None) -> MemberEvent:
    """Nghỉ hưu / nghỉ công tác: moves the member to part b. of Biểu 3 from that date on."""
    from app.models.enums import OccupationGroup

    member = get_member(session, member_id)
    member.occupation_group = OccupationGroup.RETIRED
    return _add_event(session, member, MemberEvent(kind=K.RETIRED, event_date=on, needs_review=needs_review,
                                                   source=source))


def delete_event(session: Session, event_id: int) -> Member:
    """Remove a wrongly entered event (the clerk's correction); the remaining history must still hold."""
    ev = session.get(MemberEvent, event_id)
    if ev is None:
        raise NotFound("Không tìm thấy sự kiện.", "event")
    member = ev.member
    member.events.remove(ev)
    session.delete(ev)
    validate_events(member)
    lifecycle.rebuild(member)
    session.flush()
    return member


def party_age_years(member: Member, on: date) -> int:
    """Tuổi đảng: from the admission decision, minus the periods out of the Party (Điều lệ Đảng, Điều 5)."""
    if not member.admitted_on or on < member.admitted_on:
        return 0
    days = (on - member.admitted_on).days
    out_since = None
    for e in sorted(member.events, key=lambda e: e.event_date):
        if e.event_date > on:
            break
        if e.kind in LEFT_PARTY_EVENTS and out_since is None:
            out_since = e.event_date
        elif e.kind in (K.RESTORED, K.ADMITTED) and out_since is not None:
            days -= (e.event_date - out_since).days
            out_since = None
    if out_since is not None:
        days -= (on - out_since).days
    return int(days // 365.2425)
