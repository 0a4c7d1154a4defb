"""Benchmark: the year-end report with all charts (and the forms workbook) on demo communes.

    .venv/bin/python benchmarks/bench_reports.py [--members 1000 20000] [--repeat 3] [--year 2025]
    .venv/bin/python benchmarks/bench_reports.py --db /tmp/d1k.sqlite3 --db /tmp/d100k.sqlite3   # existing files

Each figure beside a baseline from the same run on the same file: the report beside the statistics it reads
(gather_data), the forms workbook beside the forms' statistics (form_rows): what writing the documents adds.

Targets (issue 5): year-end report with all charts ≤ 3 s for 1,000 members, ≤ 6 s for 20,000.
Demo databases are cached in benchmarks/results/ (git-ignored); figures go in docs/perf_reports.md.
"""

from __future__ import annotations

import argparse
import statistics as stats
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TARGETS = {1000: 3.0, 20000: 6.0}


def demo_db(members: int, cache: Path):
    from app.db import Database
    from app.services.demo import generate_demo

    path = cache / f"demo_{members}.sqlite3"
    fresh = not path.exists()
    db = Database(path)
    if fresh:
        t = time.perf_counter()
        with db.transaction() as s:
            for _ in generate_demo(s, members, seed=2026):
                pass
        print(f"  demo database with {members} members made in {time.perf_counter() - t:.1f} s", flush=True)
    return db


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--members", type=int, nargs="+", default=[1000, 20000])
    p.add_argument("--db", action="append", help="an existing demo file (several: one row each; measure a copy: reports are saved in it)")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--year", type=int, default=date.today().year - 1)
    args = p.parse_args(argv)

    from app.export.forms import write_forms_xlsx
    from app.export.report import ReportRequest, build_report, gather_data, run
    from app.services.statistics import form_rows

    cache = ROOT / "benchmarks" / "results"
    cache.mkdir(parents=True, exist_ok=True)
    # the first report pays for importing matplotlib, docx, docxtpl: measure it apart from the steady state
    t_import = time.perf_counter()
    import docx  # noqa: F401
    import docxtpl  # noqa: F401
    import matplotlib  # noqa: F401
    import openpyxl  # noqa: F401
    t_import = time.perf_counter() - t_import
    rows = []
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        sources = [Path(f) for f in args.db] if args.db else args.members
        for source in sources:
            if isinstance(source, Path):
                from app.db import Database

                db = Database(source)
                with db.session() as s:
                    n = s.connection().exec_driver_sql("SELECT count(*) FROM members").scalar()
            else:
                n, db = source, demo_db(source, cache)
            req = ReportRequest(kind="year_end", year=args.year)
            first = timed(lambda: run(build_report(db, req, Path(tmp) / f"ye_{n}.docx")), 1)[0]
            runs = timed(lambda: run(build_report(db, req, Path(tmp) / f"ye_{n}.docx")), args.repeat)
            with db.session() as s:
                data_t = timed(lambda: gather_data(s, req), 1)[0]
                form_data = timed(lambda: form_rows(s, date(args.year, 1, 1), date(args.year, 12, 31)), 1)[0]
            forms = timed(lambda: write_forms_xlsx(db, date(args.year, 1, 1), date(args.year, 12, 31),
                                                   Path(tmp) / f"forms_{n}.xlsx"), 1)[0]
            db.dispose()
            median = stats.median(runs)
            target = TARGETS.get(n)
            passed = target is None or median <= target
            ok &= passed
            rows.append((n, first, median, min(runs), data_t, forms, form_data, target, passed))
    print(f"\nimports (matplotlib, docx, docxtpl, openpyxl): {t_import:.2f} s (once per process)")
    print("| members | first report | median (÷ its statistics) | best | baseline: the statistics it reads | "
          "forms .xlsx (÷ its statistics) | baseline: form_rows | target | ok |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for n, first, median, best, data_t, forms, form_data, target, passed in rows:
        print(f"| {n:,} | {first:.2f} s | {median:.2f} s ({median / data_t:.1f}×) | {best:.2f} s | {data_t:.2f} s | "
              f"{forms:.2f} s ({forms / form_data:.1f}×) | {form_data:.2f} s | "
              f"{'≤ %.0f s' % target if target else '–'} | {'yes' if passed else 'NO'} |")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
