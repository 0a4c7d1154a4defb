"""Fixtures for the backup and safety tests."""

from __future__ import annotations

import pytest

from .helpers import populate

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
