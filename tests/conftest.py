"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and a real SQLite file."""

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.exists():  # CI clones main into another folder with shared/ beside it
    SHARED = Path(os.environ.get("DANGVU_SHARED", ROOT.parent / "shared"))


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    """Never touch the real user's data folder or Qt settings from a test (child processes included)."""
    monkeypatch.setenv("DANGVU_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


# Issue 16: the services, import and export suites run on both backends when a PostgreSQL server is there
# (`.ci/run` sets DANGVU_TEST_POSTGRES=1 after installing it; DANGVU_TEST_POSTGRES_URL names a running one).
# A newcomer's `python dev.py test` stays on SQLite alone.
POSTGRES_URL = os.environ.get("DANGVU_TEST_POSTGRES_URL")
POSTGRES_WANTED = bool(POSTGRES_URL) or os.environ.get("DANGVU_TEST_POSTGRES") == "1"
BOTH_BACKENDS_UNDER = ("services", "importing", "export")


def needs_postgres() -> None:
    """Skip the calling test or fixture unless the PostgreSQL tests were asked for."""
    if not POSTGRES_WANTED:
        pytest.skip("PostgreSQL tests run with DANGVU_TEST_POSTGRES=1 (see tests/conftest.py)")


def pytest_generate_tests(metafunc):
    """A test in the services/importing/export suites that takes `db` runs once per backend."""
    if "backend" not in metafunc.fixturenames or not POSTGRES_WANTED:
        return
    suite = Path(str(metafunc.definition.fspath)).relative_to(ROOT / "tests").parts[0]
    if suite in BOTH_BACKENDS_UNDER and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """Which database a test's `db` is: "sqlite" (always) or "postgresql" (see pytest_generate_tests)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_databases():
    """Fresh databases on a PostgreSQL server: ours (a cluster in a temporary folder) or the named one.
    Without DANGVU_TEST_POSTGRES a test asking for it is skipped (a newcomer's machine need not have one)."""
    needs_postgres()
    sys.path.insert(0, str(ROOT))
    from tools.pg_cluster import Cluster, Databases

    cluster = None
    url = POSTGRES_URL
    if not url:
        try:
            cluster = Cluster().start()
        except RuntimeError as exc:
            pytest.fail(f"DANGVU_TEST_POSTGRES=1 but no server could be started: {exc}")
        url = cluster.url()
    databases = Databases(url)
    yield databases
    databases.close()
    if cluster is not None:
        cluster.stop()


@pytest.fixture
def db_url(backend, tmp_path, request) -> str:
    """The URL of a new database of the test's backend (a file for SQLite; its own database on the server)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    databases = request.getfixturevalue("postgres_databases")
    url = databases.fresh()
    request.addfinalizer(lambda: databases.drop(url))
    return url


@pytest.fixture
def db(db_url):
    from app.db import Database

    database = Database(db_url)
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def _no_error_reporter_left_over():
    """The window installs a process-wide error reporter (a modal box) and excepthook: one test's window must
    not leave them to the next test, whose bug report would then wait offscreen for a click forever."""
    hook = sys.excepthook
    yield
    sys.excepthook = hook
    module = sys.modules.get("app.ui.error_dialog")
    if module is not None:
        module._reporter = None


@pytest.fixture
def shared_dir() -> Path:
    return SHARED


@pytest.fixture
def samples_dir(shared_dir) -> Path:
    path = shared_dir / "samples"
    if not path.exists():
        pytest.skip(f"shared samples not found at {path}")
    return path
