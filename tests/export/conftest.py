"""Databases built once per test session through the real services (the hand-counted fixture commune, the
demo), on the test's backend, and copied for each test so a test may write without touching the others."""

from __future__ import annotations

import shutil

import pytest


class BuiltDatabases:
    """Each database built once per backend: a SQLite file copied per test, or on PostgreSQL a database
    copied with CREATE DATABASE … TEMPLATE (a file copy on the server, not a rebuild)."""

    def __init__(self, tmp_path_factory):
        self._tmp = tmp_path_factory
        self._built: dict[tuple[str, str], tuple[str, object]] = {}

    def source(self, name: str, backend: str, build, request) -> tuple[str, object]:
        """(URL, what build returned) of the built database, building it the first time."""
        from app.db import Database

        key = (name, backend)
        if key not in self._built:
            if backend == "sqlite":
                url = f"sqlite:///{self._tmp.mktemp(name) / (name + '.sqlite3')}"
            else:
                url = request.getfixturevalue("postgres_databases").fresh()  # dropped with the others
            db = Database(url)
            try:
                made = build(db)
            finally:
                db.dispose()
            self._built[key] = (url, made)
        return self._built[key]

    def copy(self, name: str, backend: str, build, tmp_path, request):
        """(a Database on a private copy, what build returned), for the test of `request`."""
        from app.db import Database, sqlite_path

        url, made = self.source(name, backend, build, request)
        if backend == "sqlite":
            dest = tmp_path / f"{name}.sqlite3"
            shutil.copy(sqlite_path(url), dest)
            return Database(dest), made
        databases = request.getfixturevalue("postgres_databases")
        copy_url = databases.copy(url)
        request.addfinalizer(lambda: databases.drop(copy_url))
        return Database(copy_url), made


@pytest.fixture(scope="session")
def _fixture_db_file(tmp_path_factory):
    """The session's built databases (the name is kept: tests/ui/test_printing.py imports it)."""
    return BuiltDatabases(tmp_path_factory)


def _build_fixture_commune(db):
    from .fixture_db import build

    return build(db)


def _build_demo(db):
    from app.services.demo import generate_demo

    with db.transaction() as s:
        for _ in generate_demo(s, 400, seed=12):
            pass


@pytest.fixture
def fixture_db(_fixture_db_file, backend, tmp_path, request):
    """(Database, ids) of the hand-counted commune (tests/export/fixture_db.py) on a private copy."""
    db, ids = _fixture_db_file.copy("fixture", backend, _build_fixture_commune, tmp_path, request)
    request.addfinalizer(db.dispose)
    return db, ids


@pytest.fixture
def demo_db(_fixture_db_file, backend, tmp_path, request):
    """A Database on a private copy of the 400-member demo (seed 12)."""
    db, _ = _fixture_db_file.copy("demo12", backend, _build_demo, tmp_path, request)
    request.addfinalizer(db.dispose)
    return db
