"""Benchmark of the domain core (not a test: run it and read the figures).

    python benchmarks/bench_core.py --db /tmp/h15/demo-20k.sqlite3 [--db …] [--repeat 5]
    python benchmarks/bench_core.py --members 20000          # makes (once) and uses a demo file in /tmp

Every figure is printed beside a baseline measured in the same run on the same file: a raw sqlite3 read of the
same rows, or a single well-formed GROUP BY of the same counts (the structure figures of the day, written out
here by hand, its totals checked against the snapshot's), and, for the statistics, also beside a bare 4-key
GROUP BY of the list (the scan and the join alone, no figures). The machine is shared, so each figure is the
median of `--repeat` runs and the ratio is what to compare between machines.

Measures: reminders (the home tab's groups, and every line), the as-of snapshot, all the forms' statistics (Biểu
1–7, this period and last year's), the daily re-stamp of the current flags, the member list for the window, name
search, and `python -m app stats` as a whole process against a whole process running its raw query.
"""

from __future__ import annotations

import argparse
import platform
import sqlite3
import statistics as stats
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.db import Database  # noqa: E402
from app.models.enums import (AcademicTitle, Gender, GeneralEducation, OccupationGroup, PoliticalTheory,  # noqa: E402
                              ProfessionalLevel, Standing)
from app.services import lifecycle, member_queries, reminders as R, statistics as S  # noqa: E402

AS_OF, START, END = date(2026, 3, 1), date(2025, 1, 1), date(2025, 12, 31)


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return stats.median(times)


def _alive(day: date, alias: str = "s") -> str:
    d = day.isoformat()
    return f"{alias}.valid_from <= '{d}' AND ({alias}.valid_to IS NULL OR {alias}.valid_to > '{d}')"


def raw_group_by(path: Path, day: date) -> None:
    """The baseline of the statistics: one GROUP BY of the list on a day by standing, gender and ethnicity."""
    with sqlite3.connect(str(path)) as c:
        c.execute(f"SELECT s.standing, m.gender, m.ethnicity, s.exempt, COUNT(*) FROM member_spans s JOIN members m "
                  f"ON m.id = s.member_id WHERE s.counted AND {_alive(day)} GROUP BY 1, 2, 3, 4").fetchall()


def _same_counts_sql(day: date, review_year: int | None = None) -> str:
    """The structure figures of the list on a day (what Biểu 3 and the snapshot count: gender, standing,
    exempt, suspended, youth union, business owners, foreign spouses, retired, admission periods, every
    education / professional / theory / occupation / title value, the age groups and the sum of ages, by
    ethnicity and religion), as one raw GROUP BY written out here, independently of statistics.py: ages from
    the text of the dates, the values straight from the enums. With `review_year`, Biểu 6F's not-rated too."""
    d = day.isoformat()
    # the age in full years from the ISO text SQLite keeps: the years apart, less one before the birthday
    age = f"({day.year} - CAST(substr(m.birth_date, 1, 4) AS INTEGER) - ('{day:%m-%d}' < substr(m.birth_date, 6, 5)))"
    f = []
    for col, values in (("m.gender", [g.value for g in Gender]), ("s.standing", [x.value for x in Standing]),
                        ("m.occupation_group", [x.value for x in OccupationGroup]),
                        ("m.general_education", [x.value for x in GeneralEducation]),
                        ("m.professional_level", [x.value for x in ProfessionalLevel]),
                        ("m.political_theory", [x.value for x in PoliticalTheory]),
                        ("m.academic_title", [x.value for x in AcademicTitle])):
        f += [f"count(*) FILTER (WHERE {col} = '{v}')" for v in values] + [f"count(*) FILTER (WHERE {col} IS NULL)"]
    f += [f"count(*) FILTER (WHERE {c})" for c in ("s.exempt", "s.suspended", "m.youth_union",
                                                   "m.private_business_owner", "m.foreign_spouse",
                                                   "s.exempt AND m.occupation_group = 'retired'",
                                                   "m.admitted_on IS NULL", "m.admitted_on < '1945-08-19'",
                                                   "m.admitted_on BETWEEN '1945-08-19' AND '1954-07-20'",
                                                   "m.admitted_on BETWEEN '1954-07-21' AND '1975-04-30'",
                                                   "m.admitted_on >= '1975-05-01'", "m.birth_date IS NOT NULL")]
    f += [f"count(*) FILTER (WHERE {age} BETWEEN {lo} AND {hi})"
          for lo, hi in ((0, 30), (31, 35), (36, 40), (41, 45), (46, 50), (51, 55), (56, 60), (61, 200))]
    f.append(f"sum({age}) FILTER (WHERE {age} BETWEEN 0 AND 120)")
    join = ""
    if review_year is not None:
        join = (f" LEFT JOIN evaluations e ON e.member_id = s.member_id AND e.year = {review_year} "
                f"AND e.rating IS NOT NULL")
        f += [f"count(*) FILTER (WHERE e.member_id IS NULL {c})" for c in
              ("", f"AND m.admitted_on > '{review_year}-06-30'", "AND s.exempt", "AND s.suspended")]
    return (f"SELECT m.ethnicity, m.religion, count(*), {', '.join(f)} FROM member_spans s JOIN members m "
            f"ON m.id = s.member_id{join} WHERE s.counted AND {_alive(day)} GROUP BY 1, 2")


def raw_same_counts(path: Path, days: list[date], review: bool = False) -> list:
    """The baseline of the snapshot and the forms: the structure figures of each day, one raw GROUP BY each."""
    with sqlite3.connect(str(path)) as c:
        return [c.execute(_same_counts_sql(d, d.year if review else None)).fetchall() for d in days]


def raw_reminder_rows(path: Path, day: date) -> None:
    """The baseline of the reminders: the same rows their queries read (members on the list on the day, with
    the columns the rules need, the span at the end of last year and the highest badge)."""
    end = date(day.year - 1, 12, 31)
    with sqlite3.connect(str(path)) as c:
        c.execute(f"SELECT m.id, m.full_name, m.sort_key, m.admitted_on, m.ceremony_on, s.unit_id, s.standing, "
                  f"t.exempt, t.suspended, t.counted FROM member_spans s JOIN members m ON m.id = s.member_id "
                  f"LEFT JOIN member_spans t ON t.member_id = m.id AND {_alive(end, 't')} "
                  f"WHERE {_alive(day)}").fetchall()
        c.execute("SELECT member_id, max(badge_years) FROM member_events WHERE kind = 'badge_awarded' "
                  "GROUP BY member_id").fetchall()


def _check_same_counts(session, path: Path) -> None:
    """The baseline counts what the snapshot counts: its totals are compared (a baseline that counted less
    would flatter the code)."""
    rows = raw_same_counts(path, [AS_OF])[0]
    snap = S.snapshot(session, AS_OF)
    raw = (sum(r[2] for r in rows), sum(r[3] for r in rows), sum(r[4] for r in rows))  # all, male, female
    if raw != (snap["members"], snap["male"], snap["female"]):
        raise SystemExit(f"baseline counts differ: {raw} vs {snap['members']}, {snap['male']}, {snap['female']}")


def raw_list(path: Path) -> None:
    with sqlite3.connect(str(path)) as c:
        c.execute("SELECT m.id, m.full_name, m.name_key, m.sort_key, m.gender, m.birth_date, m.birth_date_precision, "
                  "m.ethnicity, m.current_unit_id, u.name, m.current_standing, m.is_on_roll, m.is_exempt, "
                  "m.left_kind, m.admitted_on, m.card_number, m.national_id FROM members m LEFT JOIN units u "
                  "ON u.id = m.current_unit_id ORDER BY m.sort_key").fetchall()


def process(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - t


def bench(path: Path, repeat: int) -> list[tuple[str, str, str, str]]:
    db = Database(path)
    db.optimize(analyze=True)  # as after the demo or an import
    rows = []

    def row(name, value, baseline, target=""):
        rows.append((name, f"{value * 1000:.0f} ms", f"{baseline * 1000:.0f} ms ({value / baseline:.1f}×)", target))

    with db.session() as s:
        n = S.count_on(s, AS_OF)
        R.reminder_groups(s, AS_OF)  # warm the statement cache, as in the window after the first call
        base = timed(lambda: raw_reminder_rows(path, AS_OF), repeat)
        row("reminders: groups (the home tab)", timed(lambda: R.reminder_groups(s, AS_OF), repeat), base, "≤ 2×")
        row("reminders: every line", timed(lambda: R.reminders(s, AS_OF), repeat), base, "≤ 2×")
        # two baselines: the same figures counted by one raw GROUP BY per day (the issue's "single well-formed
        # GROUP BY of the same counts"), and a bare 4-key GROUP BY of the list (the scan and join alone)
        floor = timed(lambda: raw_group_by(path, AS_OF), repeat)
        same = timed(lambda: raw_same_counts(path, [AS_OF]), repeat)
        _check_same_counts(s, path)
        snap = timed(lambda: S.snapshot(s, AS_OF), repeat)
        row("as-of snapshot (stats --json) ÷ the same figures, one raw GROUP BY", snap, same, "≤ 2×")
        row("  the same ÷ a bare 4-key GROUP BY of the list (scan and join only)", snap, floor)
        forms = timed(lambda: S.form_rows(s, START, END), repeat)
        prev_end = date(END.year - 1, 12, 31)
        same2 = timed(lambda: raw_same_counts(path, [END, prev_end], review=True), repeat)
        row("forms' statistics, Biểu 1–7, this period and last year ÷ both days' figures, raw", forms, same2, "≤ 2×")
        row("  the same ÷ a bare 4-key GROUP BY of the list", forms, floor)
        base = timed(lambda: raw_list(path), repeat)
        row("member list for the window (rows as tuples)", timed(lambda: member_queries.list_member_rows(s), repeat),
            base)
        search = stats.median(timed(lambda q=q: member_queries.search_members(s, q, limit=50), repeat)
                              for q in ("nguyen van hung", "Hùng", "dang", "lò thị", "xyzxyz"))
        rows.append(("name search in SQL (word prefixes, member_search_words; median of 5 queries)",
                     f"{search * 1000:.1f} ms", "", ""))
    # the daily re-stamp: a day later and a month later than the stamp
    with db.transaction() as s:
        lifecycle.refresh_current_state(s, date.today())
    for days in (1, 31):
        with db.transaction() as s:
            t = time.perf_counter()
            changed = lifecycle.refresh_current_state(s, date.today() + timedelta(days=days))
            took = time.perf_counter() - t
            s.rollback()
        rows.append((f"re-stamp of the current flags, clock {days} day(s) on ({changed} changed)",
                     f"{took * 1000:.0f} ms", "", ""))
    db.dispose()
    py = sys.executable
    stats_run = stats.median(process([py, "-m", "app", "stats", "--db", str(path), "--as-of", "2026-03-01",
                                      "--json"]) for _ in range(3))
    raw_run = stats.median(process([py, "-c", "import sqlite3,sys;c=sqlite3.connect(sys.argv[1]);"
                                    f"c.execute(\"SELECT s.standing, m.gender, count(*) FROM member_spans s JOIN "
                                    f"members m ON m.id = s.member_id WHERE s.counted AND {_alive(AS_OF)} "
                                    "GROUP BY 1, 2\").fetchall()", str(path)]) for _ in range(3))
    rows.append(("`python -m app stats --json`, whole process", f"{stats_run:.2f} s",
                 f"{raw_run:.2f} s ({stats_run / raw_run:.1f}×)", "≤ 3× at 1k"))
    # the floor of any command that goes through the services: a process that only imports SQLAlchemy's ORM
    orm_run = stats.median(process([py, "-c", "import sqlalchemy.orm"]) for _ in range(3))
    rows.append(("  the same ÷ a bare `python -c 'import sqlalchemy.orm'`", f"{stats_run:.2f} s",
                 f"{orm_run:.2f} s ({stats_run / orm_run:.1f}×)", ""))
    return [(f"{n:,} on the list", "", "", "")] + rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", action="append", help="a demo file (several: one table each)")
    ap.add_argument("--members", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    paths = [Path(p) for p in args.db] if args.db else []
    if not paths:
        path = Path(tempfile.gettempdir()) / f"dangvu-bench-{args.members}.sqlite3"
        if not path.exists():
            subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(path), "--members", str(args.members),
                            "--quiet"], cwd=ROOT, check=True)
        paths = [path]
    print(f"Machine: {platform.processor() or platform.machine()}, {platform.system()} {platform.release()}, "
          f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}")
    for path in paths:
        print(f"\n{path}\n\n| measure | value | baseline, same run | target |\n|---|---:|---:|---|")
        for r in bench(path, args.repeat):
            print(f"| {' | '.join(r)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
