"""One fixture database per test session (built through the real services), copied for each test."""

from __future__ import annotations

import shutil

import pytest


@pytest.fixture(scope="session")
def _fixture_db_file(tmp_path_factory):
    from app.db import Database

    from .fixture_db import build

    path = tmp_path_factory.mktemp("exportdb") / "fixture.sqlite3"
    db = Database(path)
    ids = build(db)
    db.dispose()
    return path, ids


@pytest.fixture
def fixture_db(_fixture_db_file, tmp_path):
    """(Database, ids) on a private copy, so a test may write without touching the others."""
    from app.db import Database

    src, ids = _fixture_db_file
    dest = tmp_path / "fixture.sqlite3"
    shutil.copy(src, dest)
    db = Database(dest)
    yield db, ids
    db.dispose()
