"""Crash safety: SIGKILL a real writer at random points, 50 times; the file must stay sound and every
change must be there whole or not at all (and every change reported committed must be there)."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.db import Database

from .helpers import populate

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("kill_child.py")
KILLS = 50
MEMBERS = 300

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]


class Writers:
    """Starts writer processes (forked from a warm server) and kills them with SIGKILL."""

    def __init__(self, sheet: Path | None = None):
        extra = [str(sheet)] if sheet else []
        self.server = subprocess.Popen([sys.executable, str(CHILD), "--fork-server", *extra], cwd=ROOT, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert self.server.stdout.readline().strip() == "server"

    def run_and_kill(self, db_path: Path, mode: str, start: int, marks: Path, delay: float) -> list[str]:
        """Start a writer, let it write for `delay` seconds, kill it; returns its begin/commit marks."""
        marks.unlink(missing_ok=True)
        self.server.stdin.write(f"{db_path} {mode} {start} {marks}\n")
        self.server.stdin.flush()
        pid = int(self.server.stdout.readline())
        try:
            assert self.server.stdout.readline().strip() == "ready"
            time.sleep(delay)
        finally:
            os.kill(pid, signal.SIGKILL)
        reaped = self.server.stdout.readline().split()
        assert reaped[0] == "reaped" and os.WIFSIGNALED(int(reaped[1]))
        assert os.WTERMSIG(int(reaped[1])) == signal.SIGKILL
        return marks.read_text().split() if marks.exists() else []

    def close(self):
        self.server.stdin.close()
        self.server.wait(timeout=10)


@pytest.fixture
def writers():
    w = Writers()
    yield w
    w.close()


def _integrity(db_path: Path) -> list[str]:
    conn = sqlite3.connect(str(db_path))
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    finally:
        conn.close()


def _last(marks: list[str], kind: str) -> int | None:
    found = [int(m[1:]) for m in marks if m[0] == kind]
    return found[-1] if found else None


def _setup(tmp_path) -> Path:
    path = tmp_path / "kill.sqlite3"
    db = Database(path)
    populate(db, MEMBERS)
    db.dispose()
    return path


def test_kill_during_bulk_rating_save(tmp_path, writers):
    from .kill_child import RATINGS, YEAR

    path = _setup(tmp_path)
    rng = random.Random(20251125)
    marks_file = tmp_path / "marks.txt"
    next_k, mid_transaction, committed_total, previous = 0, 0, 0, None
    started = time.monotonic()
    for _ in range(KILLS):
        marks = writers.run_and_kill(path, "rate", next_k, marks_file, rng.uniform(0.0, 0.5))
        assert _integrity(path) == ["ok"]
        conn = sqlite3.connect(str(path))
        rows = conn.execute("SELECT rating, count(*) FROM evaluations WHERE year = ? GROUP BY rating",
                            (YEAR,)).fetchall()
        conn.close()
        # all or none: every member carries the same round's rating, or nobody is rated yet
        assert len(rows) <= 1, rows
        last_commit, last_begin = _last(marks, "c"), _last(marks, "b")
        if rows:
            rating, count = rows[0]
            assert count == MEMBERS
            # durability: the last round reported committed is there, or the one after it (committed
            # but killed before it could say so)
            allowed = {RATINGS[k % len(RATINGS)] for k in (last_commit, last_begin) if k is not None}
            if last_commit is None:
                allowed.add(previous)  # nothing committed in this run: the earlier state stays
            assert rating in allowed, (rating, allowed, marks[-4:])
            previous = rating
        else:
            assert last_commit is None and committed_total == 0
        if last_begin is not None and last_begin != last_commit:
            mid_transaction += 1
        committed_total += sum(1 for m in marks if m[0] == "c")
        next_k = (last_begin if last_begin is not None else next_k) + 1
    elapsed = time.monotonic() - started
    print(f"rating kills: {KILLS}, mid-transaction: {mid_transaction}, rounds committed: {committed_total}, "
          f"{elapsed:.1f} s")
    # the kills really landed inside transactions, not only between them
    assert mid_transaction >= KILLS // 3


IMPORT_TABLES = ("members", "member_events", "evaluations", "import_batches", "import_changes", "units")
SHEET = "DSDV_ThanhLong_2024.xlsx"


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(str(path))
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in IMPORT_TABLES}
    finally:
        conn.close()


def test_kill_during_import(tmp_path, samples_dir):
    """A real import of the 120-member sample sheet, killed at random points; the file holds the whole
    import or nothing of it."""
    from app.importing import apply_plan, plan_import, read_workbooks, run

    sheet = samples_dir / SHEET
    base = tmp_path / "base.sqlite3"
    Database(base).dispose()
    empty = _counts(base)
    # the reference: the same import, not interrupted
    full_path = tmp_path / "full.sqlite3"
    shutil.copy(base, full_path)
    full_db = Database(full_path)
    with full_db.session() as s:
        plan = plan_import(s, read_workbooks([sheet]))
    t0 = time.monotonic()
    run(apply_plan(full_db, plan))
    apply_seconds = time.monotonic() - t0
    full_db.dispose()
    full = _counts(full_path)
    assert full["members"] == 120  # the sample's expected count (shared/samples/*.expected.json)

    writers = Writers(sheet)
    rng = random.Random(11)
    work = tmp_path / "kill.sqlite3"
    outcomes = {"none": 0, "all": 0}
    mid_transaction = 0
    started = time.monotonic()
    try:
        for _ in range(KILLS):
            for extra in ("", "-wal", "-shm"):
                Path(str(work) + extra).unlink(missing_ok=True)
            shutil.copy(base, work)
            marks = writers.run_and_kill(work, "import", 0, tmp_path / "marks.txt", rng.uniform(0.0, 1.2 * apply_seconds))
            assert _integrity(work) == ["ok"]
            got = _counts(work)
            if "c0" in marks:
                assert got == full
            assert got in (empty, full), got
            outcomes["all" if got == full else "none"] += 1
            if "b0" in marks and "c0" not in marks:
                mid_transaction += 1
    finally:
        writers.close()
    elapsed = time.monotonic() - started
    print(f"import kills: {KILLS} (import takes {apply_seconds:.2f} s), mid-import: {mid_transaction}, whole import kept: {outcomes['all']}, "
          f"nothing kept: {outcomes['none']}, {elapsed:.1f} s")
    assert mid_transaction >= KILLS // 4 and outcomes["none"] >= 1
