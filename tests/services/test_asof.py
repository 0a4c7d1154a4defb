"""A member's state on any date follows from the events."""

from datetime import date

from app.models.enums import Standing, TransferScope
from app.services import members as M, statistics as S

from .factories import admitted, commune, person


def test_transferred_out_in_2024_counted_2023_not_2024(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        admitted(s, a, name="Trần Văn Nam")
        M.transfer_out(s, mid, on=date(2024, 4, 15), scope=TransferScope.OTHER_PROVINCE, place="Tỉnh Lào Cai")
    with db.session() as s:
        assert S.snapshot(s, date(2023, 12, 31))["members"] == 2
        assert S.snapshot(s, date(2024, 4, 14))["members"] == 2
        assert S.snapshot(s, date(2024, 4, 15))["members"] == 1
        assert S.snapshot(s, date(2024, 12, 31))["members"] == 1


def test_probationary_until_official(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = M.admit_member(s, unit_id=a.id, decision_date=date(2024, 2, 1), ceremony_date=date(2024, 2, 10),
                             person=person()).id
        M.confirm_official(s, mid, decision_date=date(2025, 3, 1))
    with db.session() as s:
        assert S.snapshot(s, date(2024, 1, 31))["members"] == 0
        assert S.snapshot(s, date(2025, 2, 9))["probationary"] == 1
        assert S.snapshot(s, date(2025, 2, 10))["probationary"] == 0  # official from the end of the 12 months


def test_temporary_transfer_in_is_not_counted_by_the_host(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        M.transfer_in(s, unit_id=a.id, on=date(2025, 1, 5), person=person(), temporary=True,
                      end_date=date(2025, 9, 1), place="Đảng bộ phường Tân Phong")
        M.transfer_in(s, unit_id=a.id, on=date(2025, 1, 5), person=person("Lê Thị Hoa", born=date(1985, 1, 1)),
                      standing=Standing.OFFICIAL, scope=TransferScope.SAME_PROVINCE)
    with db.session() as s:
        assert S.snapshot(s, date(2025, 6, 1))["members"] == 1


def test_exemption_with_an_end_date(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        mid = admitted(s, a).id
        M.exempt_member(s, mid, start=date(2025, 1, 1), end=date(2025, 7, 1), reason="Điều trị bệnh")
    with db.session() as s:
        assert S.snapshot(s, date(2025, 3, 1))["exempt_from_activity"] == 1
        assert S.snapshot(s, date(2025, 7, 1))["exempt_from_activity"] == 0


def test_moved_between_units_keeps_the_commune_count(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        mid = admitted(s, a).id
        M.move_member(s, mid, unit_id=b.id, on=date(2024, 1, 1))
    with db.session() as s:
        assert [r.unit_id for r in S.roster(s, date(2023, 6, 1))] == [a.id]
        assert [r.unit_id for r in S.roster(s, date(2024, 6, 1))] == [b.id]
