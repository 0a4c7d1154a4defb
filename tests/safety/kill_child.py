"""Child process for the kill test: writes bulk changes in a loop, one transaction each, until killed.

    python kill_child.py DB rate      the grid's save: rate_members() of every member, one rating per round
    python kill_child.py DB generic   one batch of N settings rows per round (any bulk write)
    python kill_child.py DB import    the importer's apply step, when app.importing offers one
    python kill_child.py --fork-server   reads "DB MODE START MARKS" lines; forks one writer per line

The fork server imports SQLAlchemy and the services once; each writer is a fresh process forked from it
before any database is opened (a connection must never cross a fork), so 50 kills take seconds, not minutes.
"""

from __future__ import annotations

import sys

from app.db import Database

RATINGS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
YEAR = 2024
BATCH = 300


def main(db_path: str, mode: str, start: int, marks_path: str | None) -> None:
    # unbuffered, so a mark written before the kill is on disk after it
    marks = open(marks_path, "ab", buffering=0) if marks_path else None

    def mark(text: str) -> None:
        if marks is not None:
            marks.write(f"{text}\n".encode())

    db = Database(db_path)
    with db.session() as s:
        from app.models import Member

        ids = [m for (m,) in s.query(Member.id).order_by(Member.id)]
    print("ready", flush=True)
    k = start
    while True:
        mark(f"b{k}")
        if mode == "rate":
            from app.services import evaluations

            with db.transaction() as s:
                evaluations.rate_members(s, YEAR, {i: RATINGS[k % len(RATINGS)] for i in ids})
        elif mode == "generic":
            from app.models import Setting

            with db.transaction() as s:
                for i in range(BATCH):
                    s.add(Setting(key=f"kill.{k:06d}.{i:04d}", value="x" * 200))
                    if i % 50 == 0:
                        s.flush()
        else:
            raise SystemExit(f"unknown mode {mode}")
        mark(f"c{k}")
        k += 1


def fork_server() -> None:
    import os

    import app.models  # noqa: F401 - warm the imports the writers need
    import app.services.evaluations  # noqa: F401

    print("server", flush=True)
    for line in sys.stdin:
        db_path, mode, start, marks = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                main(db_path, mode, int(start), marks)
            finally:
                os._exit(1)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"reaped {status}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--fork-server":
        fork_server()
        raise SystemExit(0)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0,
         sys.argv[4] if len(sys.argv) > 4 else None)
