"""Recruitment (phát triển đảng viên): candidates through their stages, admission, targets and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import PERSON_FIELD_NAMES, Candidate, MemberEvent, RecruitmentTarget
from app.models.enums import CandidateStage, MemberEventKind

from . import members as member_service
from .errors import DomainError, NotFound
from .units import get_unit

STAGE_FIELDS = {
    CandidateStage.INTRODUCED: "introduced_on",
    CandidateStage.CLASS_DONE: "class_certificate_on",
    CandidateStage.DOSSIER: "dossier_on",
    CandidateStage.BRANCH_RESOLUTION: "branch_resolution_on",
    CandidateStage.DECIDED: "decision_on",
    CandidateStage.ADMITTED: "ceremony_on",
}
_CANDIDATE_FIELDS = set(PERSON_FIELD_NAMES) | {
    "unit_id", "introduced_on", "introduced_by", "class_certificate_on", "class_certificate_number", "dossier_on",
    "branch_resolution_on", "decision_on", "decision_number", "ceremony_on", "readmission"}


def get_candidate(session: Session, candidate_id: int) -> Candidate:
    c = session.get(Candidate, candidate_id)
    if c is None:
        raise NotFound(f"Không tìm thấy quần chúng mã {candidate_id}.", "candidate")
    return c


def _apply(session: Session, c: Candidate, data: dict) -> None:
    person = {k: v for k, v in data.items() if k in PERSON_FIELD_NAMES}
    other = {k: v for k, v in data.items() if k not in PERSON_FIELD_NAMES}
    unknown = set(other) - _CANDIDATE_FIELDS
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.", sorted(unknown)[0])
    if person or not c.full_name:
        member_service.apply_person_fields(c, person)
    for k, v in other.items():
        setattr(c, k, v)
    if c.unit_id is not None:
        get_unit(session, c.unit_id)
    # the stages follow each other: a later date cannot come before an earlier one
    previous = None
    for stage, attr in STAGE_FIELDS.items():
        value = getattr(c, attr)
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            raise DomainError(f"Ngày «{stage.label}» ({value:%d/%m/%Y}) trước ngày «{previous[0].label}» "
                              f"({previous[1]:%d/%m/%Y}).", attr)
        previous = (stage, value)
    if c.stage not in (CandidateStage.ADMITTED, CandidateStage.WITHDRAWN):
        # admission itself only happens through admit_candidate, so the stage stops at "decided"
        reached = [stage for stage, attr in STAGE_FIELDS.items()
                   if stage != CandidateStage.ADMITTED and getattr(c, attr) is not None]
        c.stage = reached[-1] if reached else CandidateStage.INTRODUCED


def add_candidate(session: Session, data: dict) -> Candidate:
    c = Candidate()
    _apply(session, c, data)
    session.add(c)
    session.flush()
    return c


def update_candidate(session: Session, candidate_id: int, changes: dict) -> Candidate:
    c = get_candidate(session, candidate_id)
    if c.stage == CandidateStage.ADMITTED:
        raise DomainError("Quần chúng đã được kết nạp; hãy sửa trong hồ sơ đảng viên.", "candidate")
    _apply(session, c, changes)
    session.flush()
    return c


def withdraw_candidate(session: Session, candidate_id: int, *, reason: str | None = None) -> Candidate:
    c = get_candidate(session, candidate_id)
    c.stage = CandidateStage.WITHDRAWN
    if reason:
        c.notes = ((c.notes or "") + "\n" + reason).strip()
    session.flush()
    return c


def admit_candidate(session: Session, candidate_id: int, *, decision_date: date, ceremony_date: date | None = None,
                    decision_number: str | None = None, higher_approval: str | None = None):
    """Kết nạp a candidate: the same person becomes a probationary member, every field carried over."""
    c = get_candidate(session, candidate_id)
    if c.stage == CandidateStage.ADMITTED:
        raise DomainError(f"«{c.full_name}» đã được kết nạp.", "candidate")
    if c.unit_id is None:
        raise DomainError("Chưa chọn chi bộ của quần chúng.", "unit_id")
    # Hướng dẫn 12-HD/BTCTW: phải có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng
    if c.class_certificate_on is None:
        raise DomainError("Chưa có giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng.", "class_certificate_on")
    if c.class_certificate_on > decision_date:
        raise DomainError("Ngày quyết định kết nạp trước ngày học lớp nhận thức về Đảng.", "decision_date")
    person = {k: getattr(c, k) for k in PERSON_FIELD_NAMES}
    member = member_service.admit_member(
        session, unit_id=c.unit_id, decision_date=decision_date, ceremony_date=ceremony_date,
        decision_number=decision_number or c.decision_number, person=person, higher_approval=higher_approval,
        introducers="; ".join(x for x in (c.introducer_1, c.introducer_2) if x) or None)
    c.decision_on, c.ceremony_on = decision_date, ceremony_date or decision_date
    c.decision_number = decision_number or c.decision_number
    c.stage, c.member_id = CandidateStage.ADMITTED, member.id
    session.flush()
    return member


def list_candidates(session: Session, *, include_closed: bool = False) -> list[Candidate]:
    q = select(Candidate)
    if not include_closed:
        q = q.where(Candidate.stage.not_in([CandidateStage.ADMITTED, CandidateStage.WITHDRAWN]))
    return sorted(session.scalars(q), key=lambda c: c.sort_key)


def set_target(session: Session, unit_id: int, year: int, target: int) -> RecruitmentTarget:
    if target is None or target < 0:
        raise DomainError("Chỉ tiêu kết nạp phải là số không âm.", "target")
    get_unit(session, unit_id)
    row = session.scalar(select(RecruitmentTarget).where(RecruitmentTarget.unit_id == unit_id,
                                                         RecruitmentTarget.year == year))
    if row is None:
        row = RecruitmentTarget(unit_id=unit_id, year=year, target=target)
        session.add(row)
    row.target = target
    session.flush()
    return row


@dataclass
class UnitProgress:
    unit_id: int
    unit_name: str
    target: int
    admitted: int


def progress(session: Session, year: int) -> list[UnitProgress]:
    """Admissions per unit in a year against the unit's target (the unit that admitted)."""
    from app.models import Unit

    start, end = date(year, 1, 1), date(year, 12, 31)
    admitted = dict(session.execute(
        select(MemberEvent.unit_id, func.count()).where(MemberEvent.kind == MemberEventKind.ADMITTED,
                                                        MemberEvent.event_date.between(start, end))
        .group_by(MemberEvent.unit_id)).all())
    targets = dict(session.execute(select(RecruitmentTarget.unit_id, RecruitmentTarget.target)
                                   .where(RecruitmentTarget.year == year)).all())
    ids = set(admitted) | set(targets)
    names = dict(session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(ids))).all()) if ids else {}
    rows = [UnitProgress(uid, names.get(uid, ""), targets.get(uid, 0), admitted.get(uid, 0)) for uid in ids if uid]
    return sorted(rows, key=lambda r: r.unit_name)
