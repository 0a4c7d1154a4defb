"""Child process of the hostile-input test: runs `python -m app import …` in-process for many files.

    python run_batch.py TEMPLATE.sqlite3 WORKDIR FILE…

For each file: a dry run with --json on a copy of the template, then a real import with --json on a fresh
copy. Prints one JSON line per run: exit status, whether an exception escaped (a traceback), the output,
the time, whether the database changed, and the process's peak RSS so far (VmHWM, KiB).
Running many files in one process keeps the test within minutes; the bombs run one per process instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import resource
import shutil
import sqlite3
import sys
import time
import traceback
from pathlib import Path


def db_digest(path: Path) -> str:
    """The database's contents (not its bytes: a dry run may checkpoint the WAL)."""
    con = sqlite3.connect(str(path))
    try:
        h = hashlib.sha256()
        for line in con.iterdump():
            h.update(line.encode("utf-8", "surrogatepass"))
        return h.hexdigest()
    finally:
        con.close()


def run_one(template: Path, work: Path, file: Path, dry: bool) -> dict:
    from app.cli import main

    db = work / ("dry.sqlite3" if dry else "real.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, db)
    before = db_digest(db)
    argv = ["import", str(file), "--db", str(db), "--json", "--as-of", "2025-12-31"]
    if dry:
        argv.append("--dry-run")
    out, err = io.StringIO(), io.StringIO()
    escaped = None
    started = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:  # noqa: BLE001 - the test reports it as a traceback
            code = None
            escaped = traceback.format_exc()
    seconds = time.perf_counter() - started
    after = db_digest(db)
    return {"file": file.name, "dry": dry, "code": code, "traceback": escaped, "stdout": out.getvalue(),
            "stderr": err.getvalue()[-2000:], "seconds": round(seconds, 3), "changed": before != after,
            "maxrss_kib": peak_rss_kib()}


def peak_rss_kib() -> int:
    """This process's own peak RSS. ru_maxrss is not that: Linux carries the parent's high-water mark across
    fork and exec, so a child of a 500 MB pytest process reports 500 MB before it has read a file. VmHWM in
    /proc/self/status is the peak of this program's own memory since exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(argv: list[str]) -> int:
    template, work = Path(argv[0]), Path(argv[1])
    work.mkdir(parents=True, exist_ok=True)
    for name in argv[2:]:
        for dry in (True, False):
            print(json.dumps(run_one(template, work, Path(name), dry), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
