"""Every lifecycle rule with an accepted and a refused case, on a real SQLite file."""

from datetime import date

import pytest

from app.models import Member
from app.models.enums import CardReason, DisciplineForm, MemberEventKind, Standing, TransferScope
from app.services import members as M
from app.services.errors import DomainError
from app.services.lifecycle import probation_end

from ..db_read import scalar, sql
from .factories import admitted, commune, person


def test_admission_makes_a_probationary_member(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        m = M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), ceremony_date=date(2025, 3, 15),
                           person=person(), decision_number="12-QĐ/ĐU")
        mid = m.id
    with db.session() as s:
        m = s.get(Member, mid)
        assert m.current_standing == Standing.PROBATIONARY
        assert m.admitted_on == date(2025, 3, 1) and m.ceremony_on == date(2025, 3, 15)
        assert m.is_on_roll and m.current_unit_id == a.id


def test_birth_after_admission_is_refused(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.admit_member(s, unit_id=a.id, decision_date=date(2020, 1, 1), person=person(born=date(2021, 1, 1)))
    assert err.value.field == "birth_date"
    assert "sau ngày kết nạp" in err.value.message


@pytest.mark.parametrize("born,ok", [(date(2007, 3, 1), True), (date(2007, 3, 2), False)])
def test_admission_age_lower_bound_is_18_full_years(db, born, ok):
    with db.transaction() as s:
        _, a, _ = commune(s)
    def act():
        with db.transaction() as s:
            M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), person=person(born=born))
    if ok:
        act()
    else:
        with pytest.raises(DomainError, match="chưa đủ 18 tuổi"):
            act()


def test_over_60_needs_the_higher_decision(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), person=person(born=date(1960, 1, 1)))
    assert err.value.field == "higher_approval"
    with db.transaction() as s:
        m = M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), person=person(born=date(1960, 1, 1)),
                           higher_approval="Công văn 15-CV/TU đồng ý")
        assert m.current_standing == Standing.PROBATIONARY


def test_official_confirmation_not_before_12_months(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=date(2024, 5, 1), ceremony_date=date(2024, 5, 19),
                             person=person()).id
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.confirm_official(s, mid, decision_date=date(2025, 5, 18))
    assert err.value.field == "decision_date" and "19/05/2025" in err.value.message
    # approved late: still official from the day the 12 months ended (Điều lệ Đảng, Điều 5)
    with db.transaction() as s:
        M.confirm_official(s, mid, decision_date=date(2025, 6, 20))
    with db.session() as s:
        m = s.get(Member, mid)
        assert m.current_standing == Standing.OFFICIAL and m.official_on == date(2025, 5, 19)


def test_no_event_after_death(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.record_death(s, mid, on=date(2025, 2, 1))
    with pytest.raises(DomainError, match="từ trần"), db.transaction() as s:
        M.award_badge(s, mid, on=date(2025, 9, 2), years=30)
    with pytest.raises(DomainError, match="từ trần"), db.transaction() as s:
        M.transfer_in(s, member_id=mid, unit_id=a.id, on=date(2025, 5, 1))


def test_no_event_after_leaving(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.transfer_out(s, mid, on=date(2024, 6, 1), scope=TransferScope.OTHER_PROVINCE, place="Tỉnh Lào Cai")
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.exempt_member(s, mid, start=date(2024, 9, 1), reason="Tuổi cao")
    assert "không có tên trong danh sách" in err.value.message
    # a backdated event before the transfer is fine
    with db.transaction() as s:
        M.exempt_member(s, mid, start=date(2024, 1, 1), reason="Tuổi cao")


def test_duplicate_cccd_and_card_refused(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        first = admitted(s, a, national_id="001090012345")
        M.issue_card(s, first.id, on=date(2016, 6, 1), card_number="07.123456")
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.create_member(s, person("Trần Văn Nam", national_id="001 090 012 345"))
    assert err.value.field == "national_id"
    with db.transaction() as s:
        other = admitted(s, a, name="Trần Văn Nam", national_id="001090099999")
        oid = other.id
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.issue_card(s, oid, on=date(2016, 6, 1), card_number="07.123456")
    assert err.value.field == "card_number"


def test_bad_cccd_is_refused_with_the_field():
    from app.services.members import apply_person_fields

    with pytest.raises(DomainError) as err:
        apply_person_fields(Member(), person(national_id="12AB"))
    assert err.value.field == "national_id"


def test_probationary_member_only_reprimand_or_warning(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), person=person()).id
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.discipline_member(s, mid, on=date(2025, 6, 1), form=DisciplineForm.DISMISSAL)
    assert err.value.field == "discipline_form"
    with db.transaction() as s:
        ev = M.discipline_member(s, mid, on=date(2025, 6, 1), form=DisciplineForm.REPRIMAND)
        assert ev.discipline_form == DisciplineForm.REPRIMAND


def test_expulsion_ends_membership_and_readmission_waits_36_months(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.expel(s, mid, on=date(2023, 1, 10), reason="Vi phạm")
    with db.session() as s:
        m = s.get(Member, mid)
        assert not m.is_on_roll and m.left_kind == MemberEventKind.EXPELLED
    with pytest.raises(DomainError, match="36 tháng"), db.transaction() as s:
        M.admit_member(s, member_id=mid, unit_id=a.id, decision_date=date(2025, 12, 1))
    with db.transaction() as s:
        M.admit_member(s, member_id=mid, unit_id=a.id, decision_date=date(2026, 1, 10))


def test_struck_off_probationer_is_marked(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=date(2024, 3, 1), person=person()).id
        ev = M.strike_off(s, mid, on=date(2025, 4, 1), reason="Không được công nhận chính thức")
        assert ev.was_probationary is True


def test_card_only_for_official_members_and_reissue(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), person=person()).id
    with pytest.raises(DomainError, match="chính thức"), db.transaction() as s:
        M.issue_card(s, mid, on=date(2025, 6, 1), card_number="01.000001")
    with db.transaction() as s:
        M.confirm_official(s, mid, decision_date=date(2026, 3, 2))
        M.issue_card(s, mid, on=date(2026, 4, 1), card_number="01.000001")
        M.reissue_card(s, mid, on=date(2026, 6, 1), reason=CardReason.LOST)
        M.reissue_card(s, mid, on=date(2026, 7, 1), reason=CardReason.DAMAGED, card_number="01.000002")
    assert sql(db, "SELECT card_number FROM members WHERE id = ?", mid) == [("01.000002",)]
    assert sql(db, "SELECT kind, event_date, card_number, card_reason FROM member_events "
                   "WHERE member_id = ? AND kind LIKE 'card%' ORDER BY event_date", mid) == [
        ("card_issued", "2026-04-01", "01.000001", None),
        ("card_reissued", "2026-06-01", "01.000001", "lost"),
        ("card_reissued", "2026-07-01", "01.000002", "damaged")]


def test_badge_years_are_the_official_ones(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a, born=date(1950, 1, 1), on=date(1975, 1, 1)).id
    with pytest.raises(DomainError, match="không có"), db.transaction() as s:
        M.award_badge(s, mid, on=date(2015, 2, 3), years=35)
    with db.transaction() as s:
        M.award_badge(s, mid, on=date(2015, 2, 3), years=40)
    with pytest.raises(DomainError, match="đã được tặng"), db.transaction() as s:
        M.award_badge(s, mid, on=date(2016, 2, 3), years=40)


def test_refused_action_writes_nothing(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
    with pytest.raises(DomainError), db.transaction() as s:
        M.admit_member(s, unit_id=a.id, decision_date=date(2025, 3, 1), person=person(born=date(2010, 1, 1)))
    with db.session() as s:
        assert s.query(Member).count() == 0


def test_party_age_excludes_time_out_of_the_party(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        m = admitted(s, a, born=date(1960, 1, 1), on=date(1990, 1, 1))
        M.strike_off(s, m.id, on=date(2000, 1, 1))
        M.restore_membership(s, m.id, on=date(2005, 1, 1), unit_id=a.id)
        assert M.party_age_years(m, date(2025, 1, 2)) == 30


def _young_unit(s):
    from app.models.enums import PlaceType, UnitKind
    from app.services import units as U

    root = U.create_unit(s, name="Đảng bộ xã Mường Mít", kind=UnitKind.COMMUNE, founded_on=date(2025, 7, 1))
    return U.create_unit(s, name="Chi bộ bản Phiêng Pẻn", kind=UnitKind.CELL, place_type=PlaceType.VILLAGE,
                         parent_id=root.id, founded_on=date(2025, 7, 1))


def test_existing_member_entered_by_hand_keeps_the_dossier_history(db):
    """Admitted in 1978, in a chi bộ founded in 2025 (the commune was merged): the unit does not block the
    real history; the member is official, party age from 1978, on the list from the book's date."""
    with db.transaction() as s:
        cell = _young_unit(s)
        m = M.enter_member(s, person=person("Lò Văn Pọm", date(1955, 1, 1)), unit_id=cell.id, on=date(2025, 8, 1),
                           admitted_on=date(1978, 5, 19), official_on=date(1979, 5, 19))
        mid = m.id
    with db.session() as s:
        m = s.get(Member, mid)
        assert (m.admitted_on, m.ceremony_on, m.official_on) == (date(1978, 5, 19), date(1978, 5, 19),
                                                                 date(1979, 5, 19))
        assert m.current_standing == Standing.OFFICIAL and m.is_on_roll and m.current_unit_id == cell.id
        assert [e.kind for e in m.events] == [MemberEventKind.ON_ROLL]
        assert M.party_age_years(m, date(2026, 5, 19)) == 48


def test_existing_probationer_entered_by_hand_becomes_official_on_the_dossier_date(db):
    with db.transaction() as s:
        cell = _young_unit(s)
        m = M.enter_member(s, person=person(born=date(1999, 1, 1)), unit_id=cell.id, on=date(2025, 9, 1),
                           admitted_on=date(2025, 3, 2), ceremony_on=date(2025, 3, 9), official_on=date(2026, 3, 9))
        assert m.official_on == date(2026, 3, 9) and m.ceremony_on == date(2025, 3, 9)
        assert M._state_on(m, date(2025, 12, 31)) == (True, Standing.PROBATIONARY)
        assert M._state_on(m, date(2026, 3, 9)) == (True, Standing.OFFICIAL)


def test_transfer_in_by_hand_needs_where_from_and_the_scope(db):
    with db.transaction() as s:
        cell = _young_unit(s)
    kw = dict(unit_id=cell.id, on=date(2025, 9, 1), admitted_on=date(2010, 2, 3), official_on=date(2011, 2, 3),
              transferred=True, decision_number="45-GGT/HU")
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.enter_member(s, person=person(), place="Đảng bộ xã Tà Hừa", **kw)
    assert err.value.field == "scope" and "Biểu 1" in err.value.message
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.enter_member(s, person=person(), scope=TransferScope.OTHER_PROVINCE, **kw)
    assert err.value.field == "place"
    with db.transaction() as s:
        m = M.enter_member(s, person=person(), scope=TransferScope.OTHER_PROVINCE, place="Đảng bộ xã Tà Hừa", **kw)
        ev = m.events[0]
        assert ev.kind == MemberEventKind.TRANSFERRED_IN and ev.scope == TransferScope.OTHER_PROVINCE
        assert m.admitted_on == date(2010, 2, 3) and m.current_standing == Standing.OFFICIAL


@pytest.mark.parametrize("change,field", [
    ({"unit_id": None}, "unit_id"), ({"admitted_on": None}, "admitted_on"),
    ({"admitted_on": date(2025, 9, 2)}, "admitted_on"),          # after the day on the list
    ({"official_on": date(2010, 12, 1)}, "official_on"),         # less than 12 months of probation
    ({"ceremony_on": date(2010, 1, 1)}, "ceremony_on"),          # ceremony before the decision
    ({"on": date(2024, 1, 1)}, "unit"),                          # the chi bộ did not exist on that day
])
def test_existing_member_entry_refusals_name_the_field(db, change, field):
    with db.transaction() as s:
        cell = _young_unit(s)
    kw = dict(person=person(), unit_id=cell.id, on=date(2025, 9, 1), admitted_on=date(2010, 2, 3),
              official_on=date(2011, 2, 3))
    kw.update(change)
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.enter_member(s, **kw)
    assert err.value.field == field
    assert sql_count(db) == 0


def sql_count(db):
    return scalar(db, "SELECT COUNT(*) FROM members")


def test_transfer_out_on_the_day_of_a_move_blames_the_transfer_not_the_move(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        m = admitted(s, a, on=date(2015, 3, 2))
        M.move_member(s, m.id, unit_id=b.id, on=date(2024, 5, 1))
        mid = m.id
    with pytest.raises(DomainError) as err, db.transaction() as s:
        M.transfer_out(s, mid, on=date(2024, 5, 1), scope=TransferScope.OTHER_PROVINCE, place="Tỉnh Lào Cai")
    assert err.value.message.startswith("Không thể ghi chuyển sinh hoạt đi ngày 01/05/2024")
    assert "chuyển chi bộ trong xã" in err.value.message


@pytest.mark.parametrize("missing,field", [("scope", "scope"), ("place", "place"),
                                           ("decision_number", "decision_number")])
def test_a_transfer_out_by_hand_needs_scope_place_and_letter(missing, field):
    kw = dict(on=date(2026, 1, 5), scope=TransferScope.OTHER_PROVINCE, place="Tỉnh Lào Cai",
              decision_number="12-GGT/ĐU")
    M.check_transfer_out(**kw)
    kw[missing] = None
    with pytest.raises(DomainError) as err:
        M.check_transfer_out(**kw)
    assert err.value.field == field
