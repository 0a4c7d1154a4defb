from datetime import date

import pytest

from app.models import Candidate, Member
from app.models.enums import CandidateStage, Gender, Standing
from app.services import recruitment as R
from app.services.errors import DomainError

from .factories import commune


def _candidate(s, unit, **extra):
    data = {"full_name": "Lường Thị Yến", "birth_date": date(2000, 4, 4), "gender": Gender.FEMALE,
            "ethnicity": "Thái", "general_education_text": "12/12", "professional_text": "CĐ Sư phạm",
            "youth_union": True, "introducer_1": "Lò Văn Minh", "introducer_2": "Hà Thị Lan", "unit_id": unit.id,
            "introduced_on": date(2025, 1, 10), "introduced_by": "Chi đoàn"}
    data.update(extra)
    return R.add_candidate(s, data)


def test_stages_follow_their_dates(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        c = _candidate(s, a, class_certificate_on=date(2025, 3, 1))
        assert c.stage == CandidateStage.CLASS_DONE
    with pytest.raises(DomainError) as err, db.transaction() as s:
        R.update_candidate(s, c.id, {"dossier_on": date(2025, 2, 1)})
    assert err.value.field == "dossier_on"


def test_admitting_a_candidate_carries_every_field_over(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        cid = _candidate(s, a, class_certificate_on=date(2025, 3, 1)).id
        member = R.admit_candidate(s, cid, decision_date=date(2025, 6, 1), ceremony_date=date(2025, 6, 15),
                                   decision_number="30-QĐ/ĐU")
        mid = member.id
    with db.session() as s:
        m, c = s.get(Member, mid), s.get(Candidate, cid)
        assert (m.full_name, m.birth_date, m.ethnicity, m.general_education_text, m.professional_text,
                m.youth_union, m.introducer_1) == ("Lường Thị Yến", date(2000, 4, 4), "Thái", "12/12", "CĐ Sư phạm",
                                                   True, "Lò Văn Minh")
        assert m.current_standing == Standing.PROBATIONARY and m.ceremony_on == date(2025, 6, 15)
        assert c.stage == CandidateStage.ADMITTED and c.member_id == mid


def test_no_admission_without_the_class_certificate(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        cid = _candidate(s, a).id
    with pytest.raises(DomainError) as err, db.transaction() as s:
        R.admit_candidate(s, cid, decision_date=date(2025, 6, 1))
    assert err.value.field == "class_certificate_on"


def test_progress_against_target(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        R.set_target(s, a.id, 2025, 2)
        R.set_target(s, b.id, 2025, 1)
        cid = _candidate(s, a, class_certificate_on=date(2025, 3, 1)).id
        R.admit_candidate(s, cid, decision_date=date(2025, 6, 1))
    with db.session() as s:
        rows = {p.unit_id: p for p in R.progress(s, 2025)}
    assert (rows[a.id].target, rows[a.id].admitted) == (2, 1)
    assert (rows[b.id].target, rows[b.id].admitted) == (1, 0)
    with pytest.raises(DomainError), db.transaction() as s:
        R.set_target(s, a.id, 2025, -1)
