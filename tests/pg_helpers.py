"""Test helpers for issue 16's connection, backup and start-up tests: an in-memory keyring, a server that
asks for a password, and counts taken straight from a database (independent of the code under test)."""

from __future__ import annotations

import time

import keyring
import keyring.backend
import pytest

from .conftest import needs_postgres  # noqa: F401 - the tests import it from here

TABLES_WITH_DATA = ("units", "members", "member_events", "member_spans", "unit_events", "settings")


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend (keyring's API), keeping passwords in a dict for one test."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def counts(url: str, tables=TABLES_WITH_DATA) -> dict[str, int]:
    """Rows per table, counted with plain SQL on a plain connection."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}
    finally:
        engine.dispose()


def all_counts(url: str) -> dict[str, int]:
    from app.models import Base

    return counts(url, tuple(t.name for t in Base.metadata.sorted_tables))


PASSWORD = "đúng-mật-khẩu 1@/"


@pytest.fixture(scope="module")
def password_server():
    """A throw-away cluster whose TCP logins need the password (scram-sha-256); yields (cluster, database).
    The shared test cluster trusts every login, so it cannot tell a wrong password."""
    needs_postgres()
    import sys

    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT))
    from tools.pg_cluster import Cluster

    cluster = Cluster().start()
    admin = create_engine(cluster.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("SET password_encryption = 'scram-sha-256'")
        conn.exec_driver_sql(f"ALTER ROLE {cluster.url().split('//')[1].split('@')[0]} PASSWORD "
                             f"'{PASSWORD.replace(chr(39), chr(39) * 2)}'")
        conn.exec_driver_sql("CREATE DATABASE office")
    admin.dispose()
    (cluster.data / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\nhost all all ::1/128 scram-sha-256\n")
    cluster._run("pg_ctl", "-D", str(cluster.data), "reload")
    for _ in range(50):  # the reload is a signal: wait until a login without the password is refused
        probe = create_engine(cluster.url("office"))
        try:
            with probe.connect():
                pass
        except OperationalError:
            break
        finally:
            probe.dispose()
        time.sleep(0.1)
    yield cluster, "office"
    cluster.stop()
