from datetime import date

import pytest

from app.models import Member, Unit, UnitEvent
from app.models.enums import PlaceType, UnitEventKind, UnitKind
from app.services import units as U
from app.services.errors import DomainError

from .factories import admitted, commune


def test_kinds_must_fit_the_hierarchy(db):
    with db.transaction() as s:
        root, a, _ = commune(s)
        dbcs = U.create_unit(s, name="Đảng bộ UBND xã", kind=UnitKind.GRASSROOTS_COMMITTEE,
                             place_type=PlaceType.STATE_AGENCY, founded_on=date(2025, 7, 1))
        U.create_unit(s, name="Chi bộ Văn phòng", kind=UnitKind.CELL, parent_id=dbcs.id, founded_on=date(2025, 7, 1))
    with pytest.raises(DomainError) as err, db.transaction() as s:
        U.create_unit(s, name="Chi bộ con", kind=UnitKind.CELL, parent_id=a.id)
    assert err.value.field == "kind"
    with pytest.raises(DomainError, match="Đã có"), db.transaction() as s:
        U.create_unit(s, name="chi bộ bản nà sla", kind=UnitKind.CELL)


def test_rename_keeps_history(db):
    with db.transaction() as s:
        _, a, _ = commune(s)
        U.rename_unit(s, a.id, new_name="Chi bộ bản Nà Sla 1", on=date(2025, 8, 1), decision_number="10-QĐ/ĐU")
    with db.session() as s:
        ev = s.query(UnitEvent).filter_by(kind=UnitEventKind.RENAMED).one()
        assert (ev.old_name, ev.new_name, ev.decision_number) == ("Chi bộ bản Nà Sla", "Chi bộ bản Nà Sla 1",
                                                                  "10-QĐ/ĐU")


def test_merge_moves_members_and_ends_the_unit(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        mid = admitted(s, a).id
        U.merge_unit(s, a.id, b.id, on=date(2025, 9, 1), decision_number="20-QĐ/ĐU")
    with db.session() as s:
        assert s.get(Member, mid).current_unit_id == b.id
        assert s.get(Unit, a.id).active_to == date(2025, 9, 1)
        infos = {i.id: i for i in U.list_units(s, date(2025, 10, 1))}
        assert a.id not in infos and infos[b.id].member_count == 1
        assert a.id in {i.id for i in U.list_units(s, date(2025, 10, 1), include_ended=True)}
        # the tree alone (a unit picker): the same units in the same order and depth, no count claimed
        for ended in (False, True):
            counted = U.list_units(s, date(2025, 10, 1), include_ended=ended)
            bare = U.list_units(s, date(2025, 10, 1), include_ended=ended, counted=False)
            assert [(i.id, i.depth, i.name) for i in bare] == [(i.id, i.depth, i.name) for i in counted]
            assert {i.member_count for i in bare} == {None}


def test_dissolve_refused_while_members_remain(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        admitted(s, a)
    with pytest.raises(DomainError, match="còn 1 đảng viên"), db.transaction() as s:
        U.dissolve_unit(s, a.id, on=date(2025, 9, 1))
    with db.transaction() as s:
        U.dissolve_unit(s, b.id, on=date(2025, 9, 1), decision_number="21-QĐ/ĐU")
    with pytest.raises(DomainError, match="không hoạt động"), db.transaction() as s:
        from app.services import members as M
        from .factories import person

        M.admit_member(s, unit_id=b.id, decision_date=date(2025, 10, 1), person=person())


def test_member_counts_roll_up_the_tree(db):
    with db.transaction() as s:
        root, a, _ = commune(s)
        dbcs = U.create_unit(s, name="Đảng bộ Bệnh viện", kind=UnitKind.GRASSROOTS_COMMITTEE, founded_on=date(2010, 1, 1))
        cell = U.create_unit(s, name="Chi bộ Khoa Nội", kind=UnitKind.CELL, parent_id=dbcs.id, founded_on=date(2010, 1, 1))
        admitted(s, cell, name="Bùi Thị Mai")
        admitted(s, a)
    with db.session() as s:
        infos = {i.id: i for i in U.list_units(s, date(2026, 1, 1))}
    assert infos[cell.id].member_count == 1 and infos[dbcs.id].member_count == 1
    assert infos[root.id].member_count == 2 and infos[cell.id].depth == 2
