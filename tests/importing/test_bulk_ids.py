"""The import numbers its new rows from the database (services/bulk.NewIds): a member added by hand after an
import, or by another clerk while an import runs on the server, gets an id of its own (issue 16)."""

from datetime import date

import pytest

from app.importing import apply_plan, plan_import, read_workbooks, run
from app.services import evaluations as E, members as M
from app.services.imports import Progress

from ..db_read import scalar, sql
from ..services.factories import person
from .test_undo import _big_sheet
from .helpers import write_xlsx

AS_OF = date(2025, 12, 31)


def _plan(db, path):
    with db.session() as s:
        return plan_import(s, read_workbooks([path]), AS_OF)


def _add_by_hand(db, name):
    """A member entered through the window's path (the ORM: the id is the database's default)."""
    with db.transaction() as s:
        unit_id = scalar(db, "SELECT id FROM units WHERE name = 'Chi bộ thôn Bản Chu'")
        m = M.enter_member(s, person=person(name, date(1980, 2, 3)), unit_id=unit_id, on=date(2020, 1, 1),
                           admitted_on=date(2005, 1, 1), official_on=date(2006, 1, 1))
        E.rate_member(s, m.id, 2025, "HTTNV")
        return m.id


def test_a_member_added_by_hand_after_an_import_takes_a_new_id(db, tmp_path):
    first = write_xlsx(tmp_path / "a.xlsx", _big_sheet(40))
    result = run(apply_plan(db, _plan(db, first)))
    assert result.members_created == 40
    imported = {r[0] for r in sql(db, "SELECT id FROM members")}
    hand = _add_by_hand(db, "Lò Văn Mười")
    assert hand not in imported and hand > max(imported)
    # and a later import numbers on after it, in every table it writes
    rows = _big_sheet(60)
    second = write_xlsx(tmp_path / "b.xlsx", [rows[0]] + rows[41:])  # the header, then people 41 to 60
    assert run(apply_plan(db, _plan(db, second))).members_created == 20
    assert scalar(db, "SELECT COUNT(*) FROM members") == 61
    assert scalar(db, "SELECT COUNT(*) FROM evaluations WHERE member_id = ?", hand) == 1
    highest = scalar(db, "SELECT MAX(id) FROM members")
    assert _add_by_hand(db, "Lò Văn Mười Một") > highest


def test_another_clerk_adds_a_member_while_an_import_is_writing(db, backend, tmp_path):
    if backend == "sqlite":
        pytest.skip("SQLite has one writer: the import's write lock makes the other clerk wait")
    sheet = write_xlsx(tmp_path / "a.xlsx", _big_sheet(1500))
    run(apply_plan(db, _plan(db, write_xlsx(tmp_path / "u.xlsx", _big_sheet(1)))))  # the units exist
    steps = apply_plan(db, _plan(db, sheet))
    # the import's transaction has written its first 1,000 members (ids taken) and is not committed yet
    for step in steps:
        if isinstance(step, Progress) and step.done >= 1000:
            break
    assert scalar(db, "SELECT COUNT(*) FROM members") == 1  # the other clerk does not see them yet
    hand = _add_by_hand(db, "Lò Văn Mười")   # committed first, from another session
    result = run(steps)
    assert result.members_created == 1499
    assert scalar(db, "SELECT COUNT(*) FROM members") == 1501
    assert sql(db, "SELECT full_name FROM members WHERE id = ?", hand) == [("Lò Văn Mười",)]
