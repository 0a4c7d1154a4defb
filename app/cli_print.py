"""`python -m app print {members,book,ratings,reminders,units,recruitment} --db F [--unit NAME] [--year Y]
[--as-of D] --out FILE.pdf|FILE.xlsx`: the printout (PDF) or the export (.xlsx) of a list, for offices that
script their month-end. The same builders as the window's "In…" (app/export/printouts.py).

ratings: with --unit the chi bộ's rating sheet for the year (--blank: empty, for the meeting), without it
the year's summary of the đảng bộ.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

KINDS = ("members", "book", "ratings", "reminders", "units", "recruitment")


def find_unit(session, name: str) -> int:
    """The unit called NAME (accents and case ignored): exactly, else the only one whose name contains it."""
    from app.common.text import fold
    from app.services.errors import DomainError
    from app.services.units import list_units

    units = list_units(session, include_ended=True)
    key = fold(name)
    exact = [u for u in units if fold(u.name) == key]
    found = exact or [u for u in units if key in fold(u.name)]
    if len(found) == 1:
        return found[0].id
    if not found:
        raise DomainError(f"Không có tổ chức đảng nào tên «{name}».", "unit")
    names = ", ".join(u.name for u in found[:6]) + ("…" if len(found) > 6 else "")
    raise DomainError(f"Có {len(found)} tổ chức đảng khớp với «{name}»: {names}. Ghi rõ hơn.", "unit")


def build_printout(session, kind: str, *, unit_id=None, year=None, as_of: date, blank=False, days=30):
    from app.export import printouts as P

    if kind == "members":
        return P.members_printout(session, as_of=as_of, unit_id=unit_id)
    if kind == "book":
        return P.book_printout(session, as_of=as_of, unit_id=unit_id)
    if kind == "ratings":
        year = year or as_of.year - 1
        if unit_id is not None:
            return P.rating_sheet_printout(session, year, unit_id, filled=not blank)
        return P.rating_summary_printout(session, year)
    if kind == "reminders":
        return P.reminders_printout(session, as_of, days=days)
    if kind == "units":
        return P.units_printout(session, as_of)
    if kind == "recruitment":
        return P.recruitment_printout(session, year or as_of.year, as_of=as_of)
    raise ValueError(kind)


def write(printout, out: Path) -> str:
    """Writes .pdf or .xlsx by the file's extension; returns what was written, for the message."""
    suffix = out.suffix.lower()
    if suffix == ".xlsx":
        from app.export.printout_xlsx import write_printout_xlsx

        write_printout_xlsx(printout, out)
        rows = sum(len(t.data_rows) for t in printout.tables)
        return f"{rows} dòng"
    from app.ui.printing import write_pdf  # Qt only when a PDF is asked for

    return f"{write_pdf(printout, out)} trang"


def cmd_print(args) -> int:
    from app.cli import open_db

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        print(f"Lỗi: tệp ra «{out.name}» phải có đuôi .pdf hoặc .xlsx.", file=sys.stderr)
        return 1
    db = open_db(args.db, read_only=True)
    with db.session() as s:
        unit_id = find_unit(s, args.unit) if args.unit else None
        printout = build_printout(s, args.kind, unit_id=unit_id, year=args.year, as_of=args.as_of,
                                  blank=args.blank, days=args.days)
    what = write(printout, out)
    print(f"Đã ghi {printout.title.lower()} ({what}): {out}")
    return 0


def add_print_command(sub) -> None:
    from app.cli_args import date_arg, int_arg

    p = sub.add_parser("print", help="in (PDF) hoặc xuất Excel một danh sách: đảng viên, sổ danh sách, xếp loại, "
                                     "việc cần làm, tổ chức, kết nạp")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("--db", required=True)
    p.add_argument("--unit", help="tên chi bộ / đảng bộ (không cần dấu)")
    p.add_argument("--year", type=int_arg(1930, 2100, "năm", grouped=False), help="năm xếp loại, năm chỉ tiêu kết nạp")
    p.add_argument("--as-of", type=date_arg, default=date.today(), help="đến ngày (mặc định hôm nay)")
    p.add_argument("--days", type=int_arg(0, 3660, "số ngày nhắc trước"), default=30, help="việc cần làm trong bao nhiêu ngày tới")
    p.add_argument("--blank", action="store_true", help="danh sách xếp loại để trống (để họp chi bộ)")
    p.add_argument("--out", required=True, help="tệp .pdf hoặc .xlsx")
    p.set_defaults(func=cmd_print)

