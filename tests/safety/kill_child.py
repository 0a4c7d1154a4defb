"""Child process for the kill test: writes bulk changes in a loop, one transaction each, until killed.

    python kill_child.py DB rate      the grid's save: rate_members() of every member, one rating per round
    python kill_child.py DB generic   one batch of N settings rows per round (any bulk write)
    python kill_child.py DB import SHEET   a real import of a sample sheet: plan, then apply_plan() once
    python kill_child.py --fork-server [SHEET]   reads "DB MODE START MARKS" lines; forks one writer per line

The fork server imports SQLAlchemy and the services once; each writer is a fresh process forked from it
before any database is opened (a connection must never cross a fork), so 50 kills take seconds, not minutes.
"""

from __future__ import annotations

import sys

from app.db import Database

RATINGS = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
PRELOADED: dict = {}  # sheet path -> tables read by the fork server (reading is pure; no database)
YEAR = 2024
BATCH = 300


def main(db_path: str, mode: str, start: int, marks_path: str | None) -> None:
    # unbuffered, so a mark written before the kill is on disk after it
    marks = open(marks_path, "ab", buffering=0) if marks_path else None

    def mark(text: str) -> None:
        if marks is not None:
            marks.write(f"{text}\n".encode())

    db = Database(db_path)
    if mode == "import":
        from app.importing import apply_plan, plan_import, read_workbooks

        sheet = PRELOADED.get("sheet")
        tables = PRELOADED.get("tables") or read_workbooks([sheet])
        with db.session() as s:
            plan = plan_import(s, tables)
        print("ready", flush=True)
        mark("b0")
        for _ in apply_plan(db, plan):
            pass
        mark("c0")
        import time

        time.sleep(3600)  # wait for the kill, so every run ends the same way
        return
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


def fork_server(sheet: str | None) -> None:
    import os

    import app.models  # noqa: F401 - warm the imports the writers need
    import app.services.evaluations  # noqa: F401

    if sheet:
        from app.importing import read_workbooks

        PRELOADED["sheet"] = sheet
        PRELOADED["tables"] = read_workbooks([sheet])
    print("server", flush=True)
    for line in sys.stdin:
        db_path, mode, start, marks = line.split()
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            try:
                main(db_path, mode, int(start), marks)
                os._exit(0)
            finally:
                os._exit(1)
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print(f"reaped {status}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--fork-server":
        fork_server(sys.argv[2] if len(sys.argv) > 2 else None)
        raise SystemExit(0)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0,
         sys.argv[4] if len(sys.argv) > 4 else None)
