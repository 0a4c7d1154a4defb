"""«Hoàn thiện dữ liệu» in the window: the list, a grid filled for several rows at once, one save."""

import sqlite3
from datetime import date

import pytest

from app.models.enums import UnitKind
from app.services import members as M, units as U


@pytest.fixture
def lacking_db(db):
    with db.transaction() as s:
        U.create_unit(s, name="Đảng bộ xã Minh Tiến", kind=UnitKind.COMMUNE, founded_on=date(1960, 1, 1))
        village = U.create_unit(s, name="Chi bộ thôn Làng Đền", kind=UnitKind.CELL, founded_on=date(1970, 1, 1))
        U.create_unit(s, name="Chi bộ Trường Mầm non Minh Tiến", kind=UnitKind.CELL, founded_on=date(1970, 1, 1))
        for name, occupation in (("Lê Văn An", "Trưởng thôn"), ("Lê Thị Bình", "Nông dân"), ("Lê Văn Cường", None),
                                 ("Lê Văn Dũng", "Làm ruộng")):
            m = M.create_member(s, {"full_name": name, "occupation": occupation, "birth_date": date(1970, 1, 1)})
            M.record_on_roll(s, m.id, unit_id=village.id, on=date(2024, 12, 31))
    return db


def test_list_then_bulk_fill_occupation_groups(qtbot, lacking_db):
    from app.ui.completion_dialog import CompletionDialog, CompletionGrid
    from app.services import completion as C

    dialog = CompletionDialog(lacking_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 4)
    counts = {line.key: line.count for line in dialog.lines}
    assert counts[C.OCCUPATION] == 4 and counts[C.PLACE] == 2 and counts[C.BIRTH] == 0
    dialog.grab().save("/tmp/h11-values/completion_list.png")

    grid = CompletionGrid(lacking_db, C.OCCUPATION, dialog)
    qtbot.addWidget(grid)
    grid.show()
    qtbot.waitUntil(lambda: grid.table.rowCount() == 4)
    names = [r.name for r in grid.rows]
    # take the suggestions for everyone (Cường has none: stays unknown), then set two rows at once
    grid.table.selectAll()
    grid.take_suggestions()
    grid.table.clearSelection()
    from PySide6.QtCore import QItemSelectionModel
    for name in ("Lê Thị Bình", "Lê Văn Dũng"):
        grid.table.selectionModel().select(grid.table.model().index(names.index(name), 0),
                                           QItemSelectionModel.SelectionFlag.Select
                                           | QItemSelectionModel.SelectionFlag.Rows)
    from app.models.enums import OccupationGroup
    grid.picker.set_value(OccupationGroup.RETIRED)
    grid.assign_selected()
    assert grid.table.item(names.index("Lê Văn Dũng"), 4).text() == OccupationGroup.RETIRED.label
    grid.grab().save("/tmp/h11-values/completion_grid.png")
    grid.save()
    assert grid.result() == grid.DialogCode.Accepted
    rows = dict(sqlite3.connect(lacking_db.path).execute("SELECT full_name, occupation_group FROM members"))
    assert rows == {"Lê Văn An": "village_worker", "Lê Thị Bình": "retired", "Lê Văn Cường": None,
                    "Lê Văn Dũng": "retired"}


def test_unit_place_types_from_their_names(qtbot, lacking_db):
    from app.services import completion as C
    from app.ui.completion_dialog import CompletionGrid

    grid = CompletionGrid(lacking_db, C.PLACE)
    qtbot.addWidget(grid)
    qtbot.waitUntil(lambda: grid.table.rowCount() == 2)
    grid.table.selectAll()
    grid.take_suggestions()
    grid.save()
    rows = dict(sqlite3.connect(lacking_db.path).execute("SELECT name, place_type FROM units WHERE kind = 'cell'"))
    assert rows == {"Chi bộ thôn Làng Đền": "village", "Chi bộ Trường Mầm non Minh Tiến": "school"}


def test_the_member_form_suggests_and_the_clerk_confirms(qtbot):
    from app.models.enums import OccupationGroup
    from app.ui.members_tab import MemberDetail

    detail = MemberDetail()
    qtbot.addWidget(detail)
    detail.show()
    detail.load(None)   # a new member's empty form
    hint = detail.occupation_hint
    detail.widgets["occupation"].setText("Giáo viên THCS")
    assert hint.suggestion == OccupationGroup.PUBLIC_EMPLOYEE and "Giáo viên THCS" in hint.label.text()
    assert detail.widgets["occupation_group"].value() is None   # nothing is set without the clerk
    hint.use.click()
    assert detail.widgets["occupation_group"].value() == OccupationGroup.PUBLIC_EMPLOYEE
    detail.widgets["occupation"].setText("Nông dân")
    detail.widgets["position_government"].setText("Trưởng thôn")
    assert hint.suggestion == OccupationGroup.VILLAGE_WORKER


def test_the_window_opens_the_list_from_the_menu_and_after_an_import(window, monkeypatch):
    from app.ui import completion_dialog, import_wizard

    shown = []
    monkeypatch.setattr(completion_dialog.CompletionDialog, "exec", lambda self: shown.append(self.lines) or 0)
    window.completion_action.trigger()
    assert len(shown) == 1
    # after an import: only when something is lacking (the demo commune lacks nothing)
    monkeypatch.setattr(import_wizard, "open_import_wizard", lambda parent, db: True)
    window.open_import()
    assert len(shown) == 1
    with window.db.transaction() as s:
        from app.models import Member
        s.query(Member).filter(Member.is_on_roll.is_(True)).limit(3).all()[0].occupation_group = None
    window.open_import()
    assert len(shown) == 2
