"""A throw-away PostgreSQL server for the tests and benchmarks: a cluster in a temporary folder, listening on
127.0.0.1 on a free port, stopped and deleted at the end.

    python tools/pg_cluster.py        start one, print its URL, wait for Ctrl-C (trying things by hand)

The tests start one themselves when DANGVU_TEST_POSTGRES=1 (`.ci/run` sets it after installing PostgreSQL),
or use a server already running when DANGVU_TEST_POSTGRES_URL names one. Each test gets its own database,
copied from a template migrated once (CREATE DATABASE … TEMPLATE is a file copy: ~0.1 s, not a migration).

The server refuses to run as root, so as root the folder is given to the `postgres` account and the
commands run through `runuser` (a CI machine runs as root).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

USER = "dangvu"


def find_bindir() -> Path | None:
    """Where initdb and pg_ctl are: PATH first, then Debian/Ubuntu's versioned folders (newest first)."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running server. `url(name)` is a SQLAlchemy URL for one of its databases."""

    def __init__(self, bindir: Path | None = None):
        self.bindir = bindir or find_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL not installed (no initdb): apt-get install postgresql")
        self.folder = Path(tempfile.mkdtemp(prefix="dangvu-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self._as_postgres = os.geteuid() == 0 if hasattr(os, "geteuid") else False

    def _command(self, *args: str) -> list[str]:
        """One of the server's programs with its arguments, run as `postgres` when we are root."""
        cmd = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", "postgres", "--", *cmd] if self._as_postgres else cmd

    def _stop_command(self) -> list[str]:
        return self._command("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def _run(self, *args: str) -> None:
        cmd = self._command(*args)
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")

    def start(self) -> "Cluster":
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", USER, "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        # durability off: a test server's files are deleted afterwards, and fsync is most of its time
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.folder} "
                   "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                  "-o", options, "start")
        self._watch_owner()
        return self

    def _watch_owner(self) -> None:
        """A killed test run (timeout, Ctrl-C twice) never runs its finalizers: a small watcher stops the
        server and deletes its folder once the process that started it is gone."""
        code = ("import os, shutil, subprocess, sys, time\n"
                "owner, folder, stop = int(sys.argv[1]), sys.argv[2], sys.argv[3:]\n"
                "while os.path.isdir(folder):\n"
                "    try:\n        os.kill(owner, 0)\n    except OSError:\n        break\n"
                "    time.sleep(2)\n"
                "if os.path.isdir(folder):\n"
                "    subprocess.run(stop, capture_output=True)\n"
                "    shutil.rmtree(folder, ignore_errors=True)\n")
        subprocess.Popen([sys.executable, "-c", code, str(os.getpid()), str(self.folder),
                          *self._stop_command()],
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)

    def stop(self) -> None:
        subprocess.run(self._stop_command(), capture_output=True)  # already stopped: nothing to do
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/{database}"

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class Databases:
    """Fresh databases on a server (ours or one named by a URL): a template migrated once, copied per test."""

    def __init__(self, admin_url: str):
        from sqlalchemy import create_engine

        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        self._counter = itertools.count(1)
        self._prefix = f"dangvu_t{os.getpid()}_"
        self._template = None
        self._made: set[str] = set()  # dropped at close, whoever forgot them (a session's built databases)

    def _url(self, name: str) -> str:
        base, _, _ = self.admin_url.rpartition("/")
        return f"{base}/{name}"

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(sql)

    def _ensure_template(self) -> str:
        if self._template is None:
            from app.db import Database

            name = f"{self._prefix}template"
            self._execute(f'DROP DATABASE IF EXISTS "{name}"')
            self._execute(f'CREATE DATABASE "{name}"')
            database = Database(self._url(name))  # migrated to head here
            database.engine.dispose()
            self._template = name
        return self._template

    def fresh(self, migrated: bool = True, icu_locale: str | None = None) -> str:
        """The URL of a new, empty database (at the newest schema unless migrated=False). icu_locale: a
        database whose text sorts by a language's rules (ICU), as an office server set up in that language
        would; never migrated here."""
        name = f"{self._prefix}{next(self._counter)}"
        if icu_locale:
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
                          f"ICU_LOCALE '{icu_locale}' LOCALE 'C.UTF-8'")
        elif migrated:
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._ensure_template()}"')
        else:
            self._execute(f'CREATE DATABASE "{name}"')
        self._made.add(name)
        return self._url(name)

    def copy(self, url: str) -> str:
        """The URL of a new database holding what the one at url holds (nobody may be connected to it)."""
        name = f"{self._prefix}{next(self._counter)}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{url.rpartition("/")[2]}"')
        self._made.add(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = url.rpartition("/")[2]
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.discard(name)

    def close(self) -> None:
        for name in sorted(self._made):
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if self._template is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{self._template}"')
        self.admin.dispose()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    with Cluster() as cluster:
        print(cluster.url(), flush=True)
        try:
            import time

            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
