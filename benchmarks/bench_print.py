"""Benchmark of printing (not a test: run it and read the figures).

    python benchmarks/bench_print.py --db /tmp/h13/demo20k.sqlite3 [--repeat 1]

Make the database once with `python -m app demo --db /tmp/h13/demo20k.sqlite3 --members 20000`.
Measures, on the whole member list and on the whole Sổ danh sách đảng viên:
  - building the printout through the services (app/export/printouts.py),
  - rendering it to PDF (app/ui/printing.py: measure, paginate, paint), with the page count,
  - baselines from the same run: the same rows written to .xlsx (app/export/printout_xlsx.py), and a bare
    QTextDocument holding the same text printed to PDF (what Qt's own text printing costs for it).
Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.db import Database  # noqa: E402
from app.export import printouts  # noqa: E402
from app.export.printout import Section, cell_text  # noqa: E402
from app.export.printout_xlsx import write_printout_xlsx  # noqa: E402


def timed(fn, repeat: int):
    """(wall, CPU) of the fastest of `repeat` runs, and the result: on a shared machine the wall time waits
    for other processes, the CPU time of this process does not."""
    best, result = None, None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        result = fn()
        dt = (time.perf_counter() - t, time.process_time() - c)
        if best is None or dt[0] < best[0]:
            best = dt
    return best, result


def fmt(t) -> str:
    return f"{t[0]:.1f} s ({t[1]:.1f} s)"


def bare_document_pdf(printout, path: Path) -> int:
    """The baseline: the printout's rows as plain lines in one QTextDocument, printed by Qt to PDF."""
    from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from app.ui.printing import font_family

    lines = []
    for t in printout.tables:
        for row in t.rows:
            lines.append(row.text if isinstance(row, Section) else " | ".join(cell_text(v).replace("\n", " / ")
                                                                              for v in row))
    doc = QTextDocument()
    font = QFont(font_family())
    font.setPointSizeF(printout.font_size)
    doc.setDefaultFont(font)
    doc.setPlainText("\n".join(lines))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc.setPageSize(printer.pageLayout().paintRect(QPageLayout.Unit.Point).size())  # paginated as printed
    doc.print_(printer)
    return doc.pageCount()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--as-of", default=date.today().isoformat())
    args = ap.parse_args()
    as_of = date.fromisoformat(args.as_of)

    from app.ui.printing import ensure_gui, write_pdf

    ensure_gui()
    db = Database(args.db, read_only=True)
    out = Path(tempfile.mkdtemp(prefix="bench_print_"))
    rows = []
    with db.session() as s:
        for name, build in (("Danh sách đảng viên", lambda: printouts.members_printout(s, as_of=as_of)),
                            ("Sổ danh sách đảng viên", lambda: printouts.book_printout(s, as_of=as_of))):
            t_build, p = timed(build, args.repeat)
            n = len(p.tables[0].data_rows)
            t_pdf, pages = timed(lambda: write_pdf(p, out / "p.pdf"), args.repeat)
            pdf_mb = (out / "p.pdf").stat().st_size / 1e6
            t_xlsx, _ = timed(lambda: write_printout_xlsx(p, out / "p.xlsx"), args.repeat)
            t_bare, bare_pages = timed(lambda: bare_document_pdf(p, out / "bare.pdf"), args.repeat)
            rows.append((name, n, t_build, t_pdf, pages, pdf_mb, t_xlsx, t_bare, bare_pages))
    print(f"\nPython {platform.python_version()}, {platform.system()} {platform.machine()}, "
          f"{os.cpu_count()} CPU(s); best of {args.repeat}; as of {as_of:%d/%m/%Y}\n")
    print("Wall time (CPU time of the process).\n")
    print("| printout | rows | build (services) | PDF render | pages | PDF size | baseline: same rows to .xlsx "
          "| baseline: bare QTextDocument to PDF | its pages |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, n, tb, tp, pages, mb, tx, tq, qp in rows:
        print(f"| {name} | {n:,} | {fmt(tb)} | {fmt(tp)} | {pages:,} | {mb:.1f} MB | {fmt(tx)} | {fmt(tq)} "
              f"| {qp:,} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
