"""A realistic made-up commune for trying the program and for benchmarks (100,000 members and more).

Everything is generated from a seed, so the same call gives the same database. Members are built in memory
and checked with the rules every action applies (event_rules.check_event per event, check_history on the
whole), then written a chunk at a time with their ratings and let go, so memory stays flat however many
members are asked for. An event the rules refuse is not written (the generator is random; the database
never holds what the clerk could not have entered). Going through the one-by-one actions would look each
unit up again per event and take minutes at 20,000 members.

The demo's units were formed in the 2025 reorganisation; a member admitted before that was admitted by a
former unit this database does not hold, so the admission names no unit and the member is on the new
unit's list from its founding day (an opening balance, as an import records it).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from app.models import Evaluation, Member, MemberEvent, RecruitmentTarget, UnitEvaluation
from app.models.enums import (AcademicTitle, CardReason, DatePrecision, Gender, GeneralEducation,
                              MemberEventKind as K, OccupationGroup, PlaceType, PoliticalTheory, ProfessionalLevel,
                              Rating, RewardForm, TransferScope, UnitKind)

from . import event_rules, lifecycle, recruitment as recruitment_service, units as unit_service
from .dates import add_years
from .errors import DomainError
from .evaluations import eligibility
from .members import apply_person_fields
from .settings import set_settings

CHUNK = 500  # members built, checked, written and let go together

FAMILY = ["Nguyễn"] * 30 + ["Trần"] * 10 + ["Lê"] * 8 + ["Phạm"] * 6 + ["Hoàng"] * 5 + ["Vũ"] * 4 + [
    "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò", "Sùng", "Giàng", "Tẩn", "Lường", "Quàng", "Vàng", "Hà",
    "Đinh", "Lương", "Nông", "Triệu", "Phùng", "Mai", "Tạ"]
MIDDLE_M = ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Xuân", "Thành", "Công", "A", "Seo"]
MIDDLE_F = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mai", "Kim", "Hồng", "Bích"]
GIVEN_M = ["Hùng", "Dũng", "Cường", "Tuấn", "Hải", "Nam", "Sơn", "Long", "Thắng", "Bình", "Quân", "Phong",
           "Trung", "Hiếu", "Đạt", "Khoa", "Lâm", "Vinh", "Sính", "Páo", "Chứ", "Tùng", "Toàn", "Kiên", "Ước"]
GIVEN_F = ["Lan", "Hương", "Hoa", "Mai", "Thủy", "Hà", "Linh", "Nga", "Trang", "Yến", "Hằng", "Phương",
           "Thảo", "Dung", "Huyền", "Oanh", "Ánh", "Ly", "Mỷ", "Sua", "Châm", "Ước", "Ê", "Ư"]
ETHNIC = [("Kinh", 37), ("Thái", 27), ("Mông", 21), ("Giáy", 6), ("Dao", 4), ("Lự", 2), ("Hoa", 2), ("Tày", 1)]
VILLAGES = ["Bản Chu", "Nà Sla", "Bình Lư", "Nà Đon", "Hua Bum", "Sơn Bình", "Tả Chải", "Mường Kim",
            "Phiêng Tòng", "Nà Tăm", "Bản Hon", "Thèn Sin", "Coóc Cuông", "Nậm Cười", "Tân Phong", "Hố Mít",
            "Sin Chải", "Nà Bó", "Lao Chải", "Khun Há"]


def is_empty(session: Session) -> bool:
    from sqlalchemy import select

    from app.models import Member, Unit

    return session.scalar(select(Unit.id).limit(1)) is None and session.scalar(select(Member.id).limit(1)) is None


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _person(rng: random.Random, birth: date, occupation: OccupationGroup) -> dict:
    female = rng.random() < 0.44
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE_F if female else MIDDLE_M)} " \
           f"{rng.choice(GIVEN_F if female else GIVEN_M)}"
    edu = _pick(rng, [(GeneralEducation.UPPER_SECONDARY, 77), (GeneralEducation.LOWER_SECONDARY, 18),
                      (GeneralEducation.PRIMARY, 5)])
    edu_text = {GeneralEducation.UPPER_SECONDARY: rng.choice(["12/12", "10/10"]),
                GeneralEducation.LOWER_SECONDARY: rng.choice(["9/12", "7/10"]),
                GeneralEducation.PRIMARY: rng.choice(["5/12", "4/10"])}[edu]
    prof = _pick(rng, [(ProfessionalLevel.UNIVERSITY, 45), (ProfessionalLevel.ELEMENTARY, 22),
                       (ProfessionalLevel.INTERMEDIATE, 13), (ProfessionalLevel.COLLEGE, 6),
                       (ProfessionalLevel.MASTER, 2), (None, 12)])
    prof_text = {ProfessionalLevel.UNIVERSITY: "ĐH Sư phạm", ProfessionalLevel.ELEMENTARY: "Sơ cấp",
                 ProfessionalLevel.INTERMEDIATE: "TC Y sĩ", ProfessionalLevel.COLLEGE: "CĐ Kế toán",
                 ProfessionalLevel.MASTER: "ThS Quản lý giáo dục", None: None}[prof]
    theory = _pick(rng, [(PoliticalTheory.ELEMENTARY, 35), (PoliticalTheory.INTERMEDIATE, 23),
                         (PoliticalTheory.ADVANCED, 3), (None, 39)])
    ethnic = _pick(rng, ETHNIC)
    return {
        "full_name": name, "gender": Gender.FEMALE if female else Gender.MALE, "birth_date": birth,
        "birth_date_precision": DatePrecision.DAY, "ethnicity": ethnic,
        "religion": "Công giáo" if rng.random() < 0.003 else None,
        "birthplace": "Xã Thanh Bình, tỉnh Lai Châu", "residence": f"Bản {rng.choice(VILLAGES)}",
        "occupation_group": occupation, "general_education": edu, "general_education_text": edu_text,
        "professional_level": prof, "professional_text": prof_text, "political_theory": theory,
        "political_theory_text": theory.label if theory else None,
        "academic_title": AcademicTitle.ASSOCIATE_PROFESSOR if rng.random() < 0.0005 else None,
        "youth_union": (date.today().year - birth.year) <= 30 and rng.random() < 0.7,
        "private_business_owner": rng.random() < 0.004,
        "phone": "09" + "".join(str(rng.randint(0, 9)) for _ in range(8)),
    }


def _plan_units(n_members: int):
    """(name, kind, place, children) — shaped like seed 003: đảng bộ cơ sở, chi bộ cơ sở, chi bộ bản/trường."""
    villages = max(12, min(40, n_members // 60))
    plan = [
        ("Đảng bộ các cơ quan Đảng", UnitKind.GRASSROOTS_COMMITTEE, PlaceType.PARTY_MASS_ORG,
         [("Chi bộ Văn phòng Đảng ủy", PlaceType.PARTY_MASS_ORG), ("Chi bộ Ủy ban MTTQ", PlaceType.PARTY_MASS_ORG),
          ("Chi bộ Ban Xây dựng Đảng", PlaceType.PARTY_MASS_ORG)]),
        ("Đảng bộ Ủy ban nhân dân xã", UnitKind.GRASSROOTS_COMMITTEE, PlaceType.STATE_AGENCY,
         [("Chi bộ Văn phòng HĐND - UBND", PlaceType.STATE_AGENCY), ("Chi bộ Phòng Kinh tế", PlaceType.STATE_AGENCY),
          ("Chi bộ Phòng Văn hóa - Xã hội", PlaceType.STATE_AGENCY)]),
        ("Đảng bộ Bệnh viện Đa khoa", UnitKind.GRASSROOTS_COMMITTEE, PlaceType.PUBLIC_SERVICE,
         [("Chi bộ Khoa Nội", PlaceType.PUBLIC_SERVICE), ("Chi bộ Khoa Ngoại", PlaceType.PUBLIC_SERVICE)]),
        ("Chi bộ Công an xã", UnitKind.GRASSROOTS_CELL, PlaceType.POLICE, []),
        ("Chi bộ Quân sự xã", UnitKind.GRASSROOTS_CELL, PlaceType.MILITARY, []),
        ("Chi bộ Trường THPT", UnitKind.GRASSROOTS_CELL, PlaceType.PUBLIC_SERVICE, []),
        ("Chi bộ Ngân hàng Chính sách xã hội", UnitKind.GRASSROOTS_CELL, PlaceType.STATE_AGENCY, []),
        ("Chi bộ Hợp tác xã Chè", UnitKind.GRASSROOTS_CELL, PlaceType.COOPERATIVE, []),
    ]
    for i in range(villages):
        name = VILLAGES[i] if i < len(VILLAGES) else f"Bản số {i + 1}"
        plan.append((f"Chi bộ bản {name}", UnitKind.CELL, PlaceType.VILLAGE, []))
    for school in ("Trường Mầm non Thanh Bình", "Trường Tiểu học Thanh Bình", "Trường THCS Thanh Bình",
                   "Trường PTDTBT Tiểu học Sơn Bình", "Trường Mầm non Sơn Bình"):
        plan.append((f"Chi bộ {school}", UnitKind.CELL, PlaceType.SCHOOL, []))
    plan.append(("Chi bộ Trạm Y tế xã", UnitKind.CELL, PlaceType.HEALTH, []))
    return plan


OCCUPATION_BY_PLACE = {
    PlaceType.VILLAGE: [(OccupationGroup.FARMER, 55), (OccupationGroup.VILLAGE_WORKER, 10),
                        (OccupationGroup.RETIRED, 25), (OccupationGroup.OTHER, 10)],
    PlaceType.SCHOOL: [(OccupationGroup.PUBLIC_EMPLOYEE, 100)],
    PlaceType.HEALTH: [(OccupationGroup.PUBLIC_EMPLOYEE, 100)],
    PlaceType.PUBLIC_SERVICE: [(OccupationGroup.PUBLIC_EMPLOYEE, 100)],
    PlaceType.POLICE: [(OccupationGroup.ARMED_FORCES, 100)],
    PlaceType.MILITARY: [(OccupationGroup.ARMED_FORCES, 100)],
    PlaceType.PARTY_MASS_ORG: [(OccupationGroup.COMMUNE_OFFICIAL, 100)],
    PlaceType.STATE_AGENCY: [(OccupationGroup.COMMUNE_OFFICIAL, 90), (OccupationGroup.STATE_OFFICIAL, 10)],
    PlaceType.COOPERATIVE: [(OccupationGroup.ENTERPRISE_WORKER, 70), (OccupationGroup.ENTERPRISE_MANAGER, 30)],
}


def generate_demo(session: Session, members: int = 1000, *, seed: int = 2026, today: date | None = None,
                  commune_name: str = "Thanh Bình") -> Iterator[tuple[int, int]]:
    """Fill an empty database with a made-up commune; yields (done, total) as it goes."""
    rng = random.Random(seed)
    today = today or date.today()
    founded = date(2025, 7, 1)  # the new communes of the 2025 reorganisation
    set_settings(session, {"parent_body": "ĐẢNG BỘ TỈNH LAI CHÂU", "issuing_body": f"ĐẢNG ỦY XÃ {commune_name.upper()}",
                           "commune_name": commune_name, "place_name": commune_name, "signer_name": "Lò Văn Minh",
                           "compiler_name": "Nguyễn Thị Hương", "compiler_phone": "0912345678"})
    root = unit_service.create_unit(session, name=f"Đảng bộ xã {commune_name}", kind=UnitKind.COMMUNE,
                                    founded_on=date(1960, 1, 1))
    leaves, direct = [], []
    for name, kind, place, children in _plan_units(members):
        unit = unit_service.create_unit(session, name=name, kind=kind, place_type=place, parent_id=root.id,
                                        founded_on=founded, decision_number="1804-QĐ/TU", decision_date=founded)
        direct.append(unit)
        if children:
            for child, child_place in children:
                leaves.append((unit_service.create_unit(session, name=child, kind=UnitKind.CELL,
                                                        place_type=child_place, parent_id=unit.id,
                                                        founded_on=founded), child_place))
        else:
            leaves.append((unit, place))
    # one unit dissolved and one renamed in the period, as seed 003 reports
    gone = unit_service.create_unit(session, name="Chi bộ Trạm Khuyến nông", kind=UnitKind.GRASSROOTS_CELL,
                                    place_type=PlaceType.PUBLIC_SERVICE, parent_id=root.id, founded_on=founded)
    unit_service.dissolve_unit(session, gone.id, on=date(2025, 10, 1), decision_number="45-QĐ/ĐU",
                               decision_date=date(2025, 9, 25))
    weights = [8 if p == PlaceType.VILLAGE else 3 for _, p in leaves]
    units_by_id = {u.id: u for u, _ in leaves}
    leaf_ids = list(units_by_id)
    # ratings come from their own stream, so a chunk's ratings do not depend on how many members follow
    rating_rng = random.Random(seed + 1)
    for start in range(0, members, CHUNK):
        chunk: list[Member] = []
        for _ in range(start, min(members, start + CHUNK)):
            unit, place = rng.choices(leaves, weights)[0]
            member = _make_member(rng, unit.id, place, today, leaf_ids, units_by_id, founded)
            session.add(member)
            chunk.append(member)
        session.flush()
        ratings = _member_ratings(session, rating_rng, chunk, today)
        session.flush()
        for obj in chunk + ratings:
            session.expunge(obj)  # written: let the chunk go (the session would keep every member)
        yield min(members, start + CHUNK), members
    _unit_ratings(session, rng, today, direct)
    _recruitment(session, rng, leaves, today, members)
    lifecycle.mark_flags_stamped(session, today)  # every member was rebuilt for today above
    session.flush()
    yield members, members


def _make_member(rng: random.Random, unit_id: int, place: PlaceType, today: date, unit_ids: list[int],
                 units_by_id: dict, founded: date) -> Member:
    occupation = _pick(rng, OCCUPATION_BY_PLACE.get(place, [(OccupationGroup.OTHER, 1)]))
    age_now = rng.choices([rng.randint(22, 30), rng.randint(31, 45), rng.randint(46, 60), rng.randint(61, 92)],
                          [10, 55, 22, 13])[0]
    birth = date(today.year - age_now, rng.randint(1, 12), rng.randint(1, 28))
    if age_now > 60 and place == PlaceType.VILLAGE:
        occupation = OccupationGroup.RETIRED
    m = Member()
    apply_person_fields(m, _person(rng, birth, occupation))
    admit_age = rng.randint(18, min(40, age_now - 1)) if age_now > 19 else 18
    admitted = add_years(birth, admit_age) + timedelta(days=rng.randint(0, 300))
    if admitted >= today:
        admitted = today - timedelta(days=rng.randint(30, 300))
    ceremony = admitted + timedelta(days=rng.randint(0, 25))
    events = [MemberEvent(kind=K.ADMITTED, event_date=admitted, decision_date=admitted, ceremony_date=ceremony,
                          unit_id=unit_id if admitted >= founded else None,
                          decision_number=f"{rng.randint(1, 300)}-QĐ/ĐU")]
    if admitted < founded:
        events.append(MemberEvent(kind=K.ON_ROLL, event_date=founded, unit_id=unit_id))
    probation_end = lifecycle.probation_end(ceremony)
    if probation_end + timedelta(days=rng.randint(0, 40)) < today:
        events.append(MemberEvent(kind=K.CONFIRMED_OFFICIAL, event_date=probation_end,
                                  decision_date=probation_end + timedelta(days=rng.randint(0, 25))))
        if rng.random() < 0.9:
            m.card_number = f"{rng.randint(10, 99)}.{rng.randint(100000, 999999)}.{rng.randint(100, 999)}"
            events.append(MemberEvent(kind=K.CARD_ISSUED, event_date=probation_end + timedelta(days=90),
                                      card_number=m.card_number))
    r = rng.random()
    official = len(events) > 1
    if age_now > 70 and r < 0.35:
        start = max(admitted + timedelta(days=400), today - timedelta(days=rng.randint(30, 2000)))
        if start < today:
            events.append(MemberEvent(kind=K.EXEMPTED, event_date=start, reason="Tuổi cao, sức yếu"))
    elif r < 0.012 and official:
        d = today - timedelta(days=rng.randint(10, 700))
        if d > probation_end:
            events.append(MemberEvent(kind=K.TRANSFERRED_OUT, event_date=d, scope=rng.choice(list(TransferScope)),
                                      place="Đảng bộ phường Tân Phong"))
    elif r < 0.02 and age_now > 65:
        d = today - timedelta(days=rng.randint(10, 700))
        if d > ceremony:
            events.append(MemberEvent(kind=K.DECEASED, event_date=d))
    elif r < 0.022 and not official:
        events.append(MemberEvent(kind=K.STRUCK_OFF, event_date=today - timedelta(days=rng.randint(1, 20)),
                                  was_probationary=True, reason="Không đủ tư cách"))
    elif r < 0.03 and official:
        d = max(probation_end, today - timedelta(days=rng.randint(30, 900)))
        if founded < d < today:
            events.append(MemberEvent(kind=K.MOVED, event_date=d, unit_id=rng.choice(unit_ids)))
    party_age = (today - admitted).days // 365
    for years in (30, 40, 45, 50, 55, 60):
        if party_age >= years + 1 and rng.random() < 0.95:
            d = add_years(admitted, years)
            events.append(MemberEvent(kind=K.BADGE_AWARDED, event_date=date(d.year, 9, 2) if d.month < 9 else
                                      date(d.year + 1, 2, 3), badge_years=years))
    if rng.random() < 0.03:
        events.append(MemberEvent(kind=K.REWARDED, event_date=today - timedelta(days=rng.randint(1, 700)),
                                  reward_form=rng.choice([RewardForm.COMMENDATION, RewardForm.CERTIFICATE_OF_MERIT])))
    if m.card_number and rng.random() < 0.01:
        events.append(MemberEvent(kind=K.CARD_REISSUED, event_date=today - timedelta(days=rng.randint(1, 300)),
                                  card_reason=rng.choice(list(CardReason)), card_number=m.card_number))
    # in the order they happened, each checked as the action that records it would; events that would fall
    # after a leaving event, or in the future, or that a rule refuses, are dropped
    events.sort(key=lambda e: e.event_date)
    for e in events:
        if e.event_date > today:
            continue
        try:
            event_rules.check_event(m, e, units_by_id.get(e.unit_id))
        except DomainError:
            continue
        m.events.append(e)
        if e.kind in (K.DECEASED, K.TRANSFERRED_OUT, K.STRUCK_OFF):
            break
    event_rules.check_history(m)
    lifecycle.rebuild(m, today)
    return m


def _member_ratings(session: Session, rng: random.Random, members: list[Member], today: date) -> list:
    """Each member's yearly ratings, for the years the rules allow (evaluations.eligibility)."""
    now = datetime.now()
    out = []
    for m in members:
        for year in range(2021, today.year):
            e = eligibility(m, year)
            if not e.can_rate:
                continue
            rating = _pick(rng, [(Rating.EXCELLENT, 16), (Rating.GOOD, 82), (Rating.DONE, 1.6), (Rating.FAILED, 0.4)])
            out.append(Evaluation(member_id=m.id, year=year, rating=rating.value, unit_id=e.unit_id,
                                  entered_by="demo", entered_at=now))
    session.add_all(out)
    return out


def _unit_ratings(session: Session, rng: random.Random, today: date, units) -> None:
    now = datetime.now()
    for year in range(2021, today.year):
        for unit in units:
            if unit.is_active(date(year, 12, 31)):
                session.add(UnitEvaluation(unit_id=unit.id, year=year, entered_by="demo", entered_at=now,
                                           rating=_pick(rng, [(Rating.EXCELLENT, 20), (Rating.GOOD, 75),
                                                              (Rating.DONE, 5)]).value))


def _recruitment(session: Session, rng: random.Random, leaves, today: date, n_members: int) -> None:
    for year in range(2024, today.year + 2):
        for unit, _ in leaves:
            recruitment_service.set_target(session, unit.id, year, rng.choice([0, 1, 1, 2, 2, 3]))
    stages = ["introduced_on", "class_certificate_on", "dossier_on", "branch_resolution_on", "decision_on"]
    for _ in range(max(5, n_members // 100)):
        unit, place = rng.choice(leaves)
        birth = date(today.year - rng.randint(19, 35), rng.randint(1, 12), rng.randint(1, 28))
        data = _person(rng, birth, _pick(rng, OCCUPATION_BY_PLACE.get(place, [(OccupationGroup.OTHER, 1)])))
        data.pop("academic_title", None)
        data["unit_id"] = unit.id
        data["introduced_by"] = rng.choice(["Chi đoàn", "Hội Phụ nữ", "Hội Nông dân", "Chi bộ"])
        d = today - timedelta(days=rng.randint(60, 300))
        for attr in stages[: rng.randint(1, len(stages))]:
            data[attr] = d
            d = d + timedelta(days=rng.randint(5, 40))
            if d > today:
                break
        data = {k: v for k, v in data.items() if not (k.endswith("_on") and v > today)}
        recruitment_service.add_candidate(session, data)
