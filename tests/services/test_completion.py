"""«Hoàn thiện dữ liệu»: the lines count what is missing; a bulk fill is one transaction, all rows or none."""

from datetime import date

import pytest

from app.models.enums import Gender, MemberEventKind, PlaceType, UnitKind
from app.services import completion as C, members as M, units as U
from app.services.errors import DomainError

from ..db_read import sql
from .factories import commune


def _on_roll(s, unit, name, on=date(2024, 12, 31), **person):
    m = M.create_member(s, {"full_name": name, **person})
    M.record_on_roll(s, m.id, unit_id=unit.id, on=on)
    return m


@pytest.fixture
def data(db):
    with db.transaction() as s:
        _root, village, school = commune(s)
        bare = U.create_unit(s, name="Chi bộ Trường Mầm non Hoa Sen", kind=UnitKind.CELL, founded_on=date(1990, 1, 1))
        a = _on_roll(s, village, "Lò Văn An", occupation="Trưởng bản", gender=Gender.MALE)
        b = _on_roll(s, school, "Lò Thị Bình", occupation="Giáo viên", birth_date=date(1980, 1, 2))
        c = _on_roll(s, village, "Lò Văn Cường", on=date(2010, 1, 1), birth_date=date(1940, 3, 4))
        M.exempt_member(s, c.id, start=date(2024, 12, 31), needs_review=True, reason="Miễn SH")
        ids = {"a": a.id, "b": b.id, "c": c.id, "bare": bare.id, "school": school.id}
    return ids


def _counts(db):
    with db.session() as s:
        return {line.key: line.count for line in C.completion_lines(s)}


def test_lines_count_what_is_missing(db, data):
    # independent count: a and c lack a group (b too); a lacks a birth date; c's exemption is undated; one unit
    assert _counts(db) == {C.OCCUPATION: 3, C.BIRTH: 1, C.EXEMPTION: 1, C.PLACE: 1}
    with db.session() as s:
        rows = {r.name: r for r in C.completion_rows(s, C.OCCUPATION)}
        places = C.completion_rows(s, C.PLACE)
    assert rows["Lò Văn An"].suggestion == "village_worker" and rows["Lò Thị Bình"].suggestion == "public_employee"
    assert rows["Lò Văn Cường"].suggestion is None     # nothing decides: no guess
    assert [(p.name, p.suggestion) for p in places] == [("Chi bộ Trường Mầm non Hoa Sen", "school")]


def test_bulk_fill_writes_every_row(db, data):
    with db.transaction() as s:
        assert C.fill_in(s, C.OCCUPATION, {data["a"]: "village_worker", data["b"]: "public_employee",
                                           data["c"]: "retired"}) == 3
        C.fill_in(s, C.BIRTH, {data["a"]: date(1970, 6, 1)})
        C.fill_in(s, C.EXEMPTION, {data["c"]: date(2020, 11, 1)})
        C.fill_in(s, C.PLACE, {data["bare"]: PlaceType.SCHOOL.value})
    assert _counts(db) == {C.OCCUPATION: 0, C.BIRTH: 0, C.EXEMPTION: 0, C.PLACE: 0}
    assert sql(db, "SELECT occupation_group FROM members ORDER BY id") == \
        [("village_worker",), ("public_employee",), ("retired",)]
    assert sql(db, "SELECT event_date, needs_review FROM member_events WHERE kind = ?",
               MemberEventKind.EXEMPTED.value) == [("2020-11-01", 0)]
    # the spans follow the new date: exempt from 1/11/2020 on
    assert sql(db, "SELECT MIN(valid_from) FROM member_spans WHERE member_id = ? AND exempt = TRUE",
               data["c"]) == [("2020-11-01",)]


def test_one_refused_row_writes_nothing(db, data):
    with pytest.raises(DomainError) as exc:
        with db.transaction() as s:
            C.fill_in(s, C.BIRTH, {data["a"]: date(1970, 6, 1), data["c"]: date(2025, 1, 1)})
    assert "ngày sinh" in exc.value.message.lower()
    # an exemption cannot start before the member was on the list: refused with the name, nothing written
    with pytest.raises(DomainError) as exc:
        with db.transaction() as s:
            C.fill_in(s, C.EXEMPTION, {data["c"]: date(2005, 1, 1)})
    assert exc.value.message.startswith("Lò Văn Cường:")
    assert sql(db, "SELECT birth_date FROM members WHERE id = ?", data["a"]) == [(None,)]
