"""Members: personal records and one function per lifecycle action (admit, confirm, transfer, exempt …).

Each action validates against the party's rules, appends a dated event, and re-derives the member's state
(lifecycle.rebuild) in the caller's transaction. Refusals are DomainError with a Vietnamese message naming
the field.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.common.names import name_problem
from app.common.ethnicity import canonical_ethnicity
from app.common.text import fold, name_sort_string, nfc
from app.models import PERSON_FIELD_NAMES, Member, MemberEvent, Unit
from app.models import enums as E
from app.models.enums import (LEFT_PARTY_EVENTS, CardReason, DatePrecision, DisciplineForm,
                              MemberEventKind as K, RewardForm, Standing, TransferScope)

from . import event_rules, lifecycle, versioning
from .errors import DomainError, NotFound
from .text_limits import check_length
from .event_rules import ADMISSION_MAX_AGE, ADMISSION_MIN_AGE, BADGE_YEARS, READMISSION_WAIT_MONTHS  # noqa: F401

MEMBER_EXTRA_FIELDS = ("card_number", "dossier_number", "position_party", "position_government",
                       "position_mass_org")
# the personal fields that hold a classified value, and its enum
PERSON_ENUMS = {"gender": E.Gender, "birth_date_precision": E.DatePrecision, "occupation_group": E.OccupationGroup,
                "general_education": E.GeneralEducation, "professional_level": E.ProfessionalLevel,
                "academic_title": E.AcademicTitle, "political_theory": E.PoliticalTheory}
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
    enum_fields = PERSON_ENUMS
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
        if key not in enum_fields:
            check_length(Member.__table__, key, value)
        setattr(obj, key, value)
    if not getattr(obj, "full_name", None):
        raise DomainError("Chưa nhập họ và tên.", "full_name")
    problem = name_problem(obj.full_name)
    if problem:
        raise DomainError(problem, "full_name")
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


def update_member(session: Session, member_id: int, changes: dict, *, loaded_version: int | None = None) -> Member:
    """The member form's save. loaded_version: the version the form was opened with (None: not checked, an
    import's update); a record saved by someone else since is refused with EditConflict (versioning)."""
    if loaded_version is None:
        member = get_member(session, member_id)
    else:
        # FOR UPDATE: on PostgreSQL the row is ours until the commit, and a save that committed first is seen
        member = session.get(Member, member_id, with_for_update=True, populate_existing=True)
        if member is None:
            raise NotFound(f"Hồ sơ đảng viên mã {member_id} đã bị xóa sau khi anh/chị mở ra.", "member")
        versioning.check_version(loaded_version, member.version,
                                 versioning.member_conflict_message(member.full_name, member.updated_by,
                                                                    member.updated_at),
                                 by=member.updated_by, at=member.updated_at, keys=(member_id,))
    name = member.full_name
    apply_person_fields(member, changes)
    _check_unique(session, member)
    if "birth_date" in changes:
        validate_events(member)
    versioning.flush_checked(session, versioning.member_conflict_message(name, None, None))
    return member


def validate_events(member: Member, derived: lifecycle.Derived | None = None) -> lifecycle.Derived:
    """Check the whole sequence: nothing before birth, nothing after death, nothing while off the list."""
    return event_rules.check_history(member, derived)


def _check(session: Session, member: Member, event: MemberEvent) -> None:
    """The party's rules for this event (event_rules, shared with the import and the demo)."""
    unit = None
    if event.unit_id is not None:
        unit = session.get(Unit, event.unit_id)
        if unit is None:
            raise DomainError("Tổ chức đảng không tồn tại.", "unit")
    event_rules.check_event(member, event, unit)


def _append(session: Session, member: Member, event: MemberEvent) -> MemberEvent:
    member.events.append(event)
    validate_events(member)
    lifecycle.rebuild(member)
    session.flush()
    return event


def _add_event(session: Session, member: Member, event: MemberEvent) -> MemberEvent:
    _check(session, member, event)
    return _append(session, member, event)


def _state_on(member: Member, on: date) -> tuple[bool, Standing | None]:
    return event_rules.state_on(member.events, on)


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
    # Điều lệ Đảng, Điều 5: tuổi đảng/ngày chính thức tính từ ngày hết 12 tháng dự bị, dù quyết định muộn
    end = lifecycle.probation_end(member.ceremony_on) if member.ceremony_on else decision_date
    return _add_event(session, member, MemberEvent(
        kind=K.CONFIRMED_OFFICIAL, event_date=end, decision_date=decision_date, decision_number=decision_number))


def transfer_in(session: Session, *, unit_id: int, on: date, member_id: int | None = None,
                person: dict | None = None, standing: Standing = Standing.OFFICIAL,
                scope: TransferScope | None = None, place: str | None = None, temporary: bool = False,
                end_date: date | None = None, decision_number: str | None = None,
                admitted_on: date | None = None, ceremony_on: date | None = None) -> Member:
    member = _person(session, member_id, person)
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
    ev = _add_event(session, member, MemberEvent(kind=K.DISCIPLINED, event_date=on, discipline_form=form,
                                                 decision_number=decision_number, reason=reason))
    if form == DisciplineForm.EXPULSION:
        _add_event(session, member, MemberEvent(kind=K.EXPELLED, event_date=on, decision_number=decision_number,
                                                reason=reason))
    return ev


def _leave(session: Session, member_id: int, kind: K, on: date, decision_number: str | None,
           reason: str | None, **extra) -> MemberEvent:
    member = get_member(session, member_id)
    standing = event_rules.standing_before(member.events, on)
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
    return _add_event(session, member, MemberEvent(kind=K.RESTORED, event_date=on, unit_id=unit_id,
                                                   decision_number=decision_number, reason=reason))


def issue_card(session: Session, member_id: int, *, on: date, card_number: str,
               decision_number: str | None = None) -> MemberEvent:
    """Thẻ đảng viên is issued to official members only."""
    member = get_member(session, member_id)
    card_number = (card_number or "").strip()
    event = MemberEvent(kind=K.CARD_ISSUED, event_date=on, card_number=card_number, decision_number=decision_number)
    _check(session, member, event)
    member.card_number = card_number
    _check_unique(session, member)
    return _append(session, member, event)


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
