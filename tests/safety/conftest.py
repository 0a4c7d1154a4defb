"""Real SQLite files filled through the real services, for the backup and safety tests."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

MEMBERS = 40


def populate(db, members: int = MEMBERS) -> list[int]:
    """A commune, one cell and `members` official members on its roll since 2020; returns their ids."""
    from app.models.enums import UnitKind
    from app.services import members as ms
    from app.services import units as us

    ids = []
    with db.transaction() as s:
        root = us.create_unit(s, name="Đảng bộ xã Thử Nghiệm", kind=UnitKind.COMMUNE)
        cell = us.create_unit(s, name="Chi bộ thôn Một", kind=UnitKind.CELL, parent_id=root.id)
        for i in range(members):
            m = ms.create_member(s, {"full_name": f"Nguyễn Văn Thử {i:03d}", "birth_date": date(1970, 1, 1 + i % 28),
                                     "national_id": f"0010{i:08d}"})
            ms.record_on_roll(s, m.id, unit_id=cell.id, on=date(2020, 1, 1))
            ids.append(m.id)
    return ids


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("DANGVU_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def filled_db(data_dir):
    """(path, member ids) of a closed database with data in it."""
    from app.db import Database

    path = data_dir / "dangvu.sqlite3"
    db = Database(path)
    ids = populate(db)
    db.dispose()
    return path, ids
