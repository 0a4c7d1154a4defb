"""Benchmark of the domain core on SQLite and on PostgreSQL, side by side (not a test: run it and read the figures).

    python benchmarks/bench_postgres.py --members 1000                       # the smoke run
    python benchmarks/bench_postgres.py --db /tmp/perf/d20k.sqlite3 --db /tmp/perf/d100k.sqlite3

Each demo file is COPIED first (the copy is what is measured and loaded: the source is never written), or made
with `python -m app demo` when --members names a size. A throw-away PostgreSQL cluster (tools/pg_cluster.py)
gets a fresh database per size, filled from the copy by the logical restore the program itself uses
(services.server_db.load_from_sqlite: one transaction); that load is timed and printed, then ANALYZE.
The demo generator is never run against the server (about 28 s per 1,000 members through the ORM).

Every figure is printed beside a baseline from the same run on the same backend: the same portable SQL text
run through the backend's own driver (sqlite3, psycopg) on one open connection, so the ratio says what the
services add over the database itself, and the two backends' baselines say what the database costs:
- the as-of snapshot and the forms' statistics (Biểu 1–7, this period and last year's): one GROUP BY of the
  list on the day by standing, gender, ethnicity (bench_core.raw_group_by);
- name search (services' search_members, five queries, median of their medians): the same intersection of
  word-prefix ranges on member_search_words, joined to the same columns, ordered and limited alike;
- the member list for the window (services' list_member_rows): a raw fetch of the same columns.
Median of --repeat runs (3). The machine is shared: `uptime` is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sqlite3
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.common.text import fold  # noqa: E402
from app.db import Database  # noqa: E402
from app.services import member_queries, search_words, statistics as S  # noqa: E402
from app.services.server_db import load_from_sqlite  # noqa: E402
from bench_core import AS_OF, END, START, _alive, timed  # noqa: E402
from tools.pg_cluster import Cluster, Databases  # noqa: E402

QUERIES = ("nguyen van hung", "Hùng", "dang", "lò thị", "xyzxyz")

GROUP_BY = (f"SELECT s.standing, m.gender, m.ethnicity, s.exempt, COUNT(*) FROM member_spans s JOIN members m "
            f"ON m.id = s.member_id WHERE s.counted AND {_alive(AS_OF)} GROUP BY 1, 2, 3, 4")
LIST_COLUMNS = ("m.id, m.full_name, m.name_key, m.sort_key, m.gender, m.birth_date, m.birth_date_precision, "
                "m.ethnicity, m.current_unit_id, u.name, m.current_standing, m.is_on_roll, m.is_exempt, "
                "m.left_kind, m.admitted_on, m.card_number, m.national_id")
LIST = f"SELECT {LIST_COLUMNS} FROM members m LEFT JOIN units u ON u.id = m.current_unit_id ORDER BY m.sort_key"


def search_sql(query: str) -> str:
    """The services' search as one SQL text: per folded word a range on the words' index, intersected."""
    ranges = []
    for word in sorted(set(fold(query).split())):
        low, high = search_words.prefix_range(word)
        cond = f"word >= '{low}'" + (f" AND word < '{high}'" if high is not None else "")
        ranges.append(f"SELECT member_id FROM member_search_words WHERE {cond}")
    return (f"SELECT {LIST_COLUMNS} FROM members m LEFT JOIN units u ON u.id = m.current_unit_id "
            f"WHERE m.id IN ({' INTERSECT '.join(ranges)}) AND m.is_on_roll ORDER BY m.sort_key LIMIT 50")


class Raw:
    """One open connection of the backend's own driver, running a SQL text to the last row."""

    def __init__(self, url: str):
        if url.startswith("sqlite"):
            self.conn = sqlite3.connect(url[len("sqlite:///"):])
        else:
            import psycopg

            self.conn = psycopg.connect(url.replace("+psycopg", ""), autocommit=True)

    def fetch(self, sql: str) -> list:
        cur = self.conn.cursor()
        cur.execute(sql)
        return cur.fetchall()

    def close(self) -> None:
        self.conn.close()


def measure(url: str, repeat: int) -> dict[str, tuple[float, float]]:
    """measure name -> (services' time, baseline time), seconds; plus the count on the list."""
    db = Database(url)
    db.optimize(analyze=True)  # SQLite: as after the demo or an import (the server was ANALYZEd after the load)
    raw = Raw(url)
    out = {}
    try:
        with db.session() as s:
            out["on the list"] = (S.count_on(s, AS_OF), 0)
            # what was measured, compared between the backends with == (the load is faithful, or the figures lie)
            out["answers"] = ((S.snapshot(s, AS_OF), S.form_rows(s, START, END)), 0)
            base = timed(lambda: raw.fetch(GROUP_BY), repeat)
            out["as-of snapshot (stats' figures)"] = (timed(lambda: S.snapshot(s, AS_OF), repeat), base)
            out["forms' statistics, Biểu 1–7, both periods"] = (timed(lambda: S.form_rows(s, START, END), repeat),
                                                                  base)
            found = [(timed(lambda q=q: member_queries.search_members(s, q, limit=50), repeat),
                      timed(lambda q=q: raw.fetch(search_sql(q)), repeat)) for q in QUERIES]
            out["name search (5 queries, median)"] = (stats.median(f[0] for f in found),
                                                      stats.median(f[1] for f in found))
            # the same answers both ways, or the baseline is not a baseline
            for q in QUERIES:
                assert [r.id for r in member_queries.search_members(s, q, limit=50)] == \
                       [r[0] for r in raw.fetch(search_sql(q))], q
            out["member list for the window"] = (timed(lambda: member_queries.list_member_rows(s), repeat),
                                                 timed(lambda: raw.fetch(LIST), repeat))
    finally:
        raw.close()
        db.engine.dispose()
    return out


def copy_of(source: Path, folder: Path) -> Path:
    """A private copy through SQLite's backup API (consistent even if its owner has it open)."""
    dest = folder / source.name
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(dest) as dst:
        src.backup(dst)
    return dest


def demo_file(members: int, folder: Path) -> Path:
    path = folder / f"demo-{members}.sqlite3"
    subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(path), "--members", str(members), "--quiet"],
                   cwd=ROOT, check=True)
    return path


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def ms(t: float) -> str:
    return f"{t * 1000:.1f} ms" if t < 0.1 else f"{t * 1000:.0f} ms"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", action="append", default=[], help="a demo SQLite file to copy (several: one table each)")
    ap.add_argument("--members", type=int, action="append", default=[], help="make a demo of this size")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="dangvu-bench-pg-"))
    try:
        files = [copy_of(Path(p), folder) for p in args.db] + [demo_file(n, folder) for n in args.members]
        if not files:
            files = [demo_file(1000, folder)]
        with Cluster() as cluster:
            import psycopg

            with psycopg.connect(cluster.url().replace("+psycopg", ""), autocommit=True) as c:
                version = c.execute("SHOW server_version").fetchone()[0]
            print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                  f"{platform.system()} {platform.release()}, Python {platform.python_version()}, "
                  f"SQLite {sqlite3.sqlite_version}, PostgreSQL {version} (local, 127.0.0.1, fsync off)")
            print(f"Load at start: {uptime()}")
            servers = Databases(cluster.url())
            for path in files:
                url = servers.fresh()
                t = time.perf_counter()
                written = load_from_sqlite(path, url)
                load = time.perf_counter() - t
                t = time.perf_counter()
                with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as c:
                    c.execute("ANALYZE")
                analyze = time.perf_counter() - t
                lite = measure(f"sqlite:///{path}", args.repeat)
                pg = measure(url, args.repeat)
                servers.drop(url)
                n_lite, n_pg = lite.pop("on the list")[0], pg.pop("on the list")[0]
                same = "the same" if lite.pop("answers") == pg.pop("answers") else "DIFFERENT"
                print(f"\n{path.name}: {written['members']:,} members, {n_lite:,} on the list on {AS_OF} "
                      f"(PostgreSQL: {n_pg:,}; snapshot and forms' figures {same} on both); {sum(written.values()):,} rows loaded onto the server in "
                      f"{load:.1f} s (load_from_sqlite, one transaction), ANALYZE {analyze:.1f} s\n")
                print("| measure | SQLite (× its baseline) | PostgreSQL (× its baseline) | baselines: SQLite / PostgreSQL |")
                print("|---|---:|---:|---:|")
                for name, (v_lite, b_lite) in lite.items():
                    v_pg, b_pg = pg[name]
                    print(f"| {name} | {ms(v_lite)} ({v_lite / b_lite:.1f}×) | {ms(v_pg)} ({v_pg / b_pg:.1f}×) "
                          f"| {ms(b_lite)} / {ms(b_pg)} |")
                sys.stdout.flush()
            servers.admin.dispose()
        print(f"\nLoad at end: {uptime()}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
