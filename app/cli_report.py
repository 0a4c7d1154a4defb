"""`python -m app report …` and `python -m app forms …` (registered by app/cli.py through PLUGINS).

    python -m app report --db F --as-of D --out R.docx              statistics as of D
    python -m app report --db F --year Y --out R.docx               year-end report
    python -m app report --db F --from D1 --to D2 --title T --out R.docx   review of a period
    python -m app forms --db F --from D1 --to D2 --out B.xlsx       Biểu 1–7-BTCTW
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path


def _date(text: str) -> date:
    from app.cli_args import date_arg

    return date_arg(text)


def _year(text: str) -> int:
    from app.cli_args import int_arg

    return int_arg(1930, 2100, "năm báo cáo", grouped=False)(text)


def _open(path):
    from app.db import Database

    return Database(path)


def _narrative(path: str | None) -> dict:
    """A JSON file {section: text}, or a plain text file that becomes the opening paragraph."""
    if not path:
        return {}
    from app.cli_args import read_text_file

    text = read_text_file(path)
    if path.lower().endswith(".json"):
        data = json.loads(text)
        if not isinstance(data, dict):
            raise SystemExit(f"Lỗi: {path} phải là một đối tượng JSON {{phần: nội dung}}.")
        return {str(k): str(v) for k, v in data.items()}
    return {"intro": text}


def cmd_report(args) -> int:
    from app.export.report import ReportRequest, ReportResult, build_report

    if args.as_of:
        req = ReportRequest(kind="as_of", as_of=args.as_of)
    elif args.year:
        req = ReportRequest(kind="year_end", year=args.year)
    else:
        if not (args.date_from and args.date_to):
            print("Lỗi: cần --as-of D, hoặc --year Y, hoặc --from D1 --to D2 --title T.", file=sys.stderr)
            return 1
        req = ReportRequest(kind="period_review", date_from=args.date_from, date_to=args.date_to,
                            title=args.title or "")
    if args.title and req.kind != "period_review":
        req.title = args.title
    if args.sections:
        req.sections = {s.strip() for s in args.sections.split(",") if s.strip()}
    if args.no_charts:
        req.charts = set()
    req.narrative = _narrative(args.narrative)
    req.doc_date = args.doc_date
    db = _open(args.db)
    try:
        result = None
        for step in build_report(db, req, args.out, template=args.template):
            if isinstance(step, ReportResult):
                result = step
            elif not args.quiet:
                print(f"[{step.done}/{step.total}] {step.what}", file=sys.stderr)
    finally:
        db.dispose()
    for warning in result.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    print(f"Đã ghi báo cáo: {result.path}")
    return 0


def cmd_forms(args) -> int:
    from app.export.forms import write_forms

    db = _open(args.db)
    try:
        result = write_forms(db, args.date_from, args.date_to, args.out, doc_day=args.doc_date)
    finally:
        db.dispose()
    for warning in result.warnings:
        print(f"Lưu ý: {warning}", file=sys.stderr)
    print(f"Đã ghi biểu thống kê: {result.path}")
    return 0


def add_report_commands(subparsers) -> None:
    from app.export.report import SECTIONS

    r = subparsers.add_parser("report", help="viết báo cáo Word (thống kê, cuối năm, sơ kết/tổng kết)")
    r.add_argument("--db", help="tệp cơ sở dữ liệu")
    kind = r.add_mutually_exclusive_group()
    kind.add_argument("--as-of", type=_date, help="báo cáo thống kê đến ngày (ngày/tháng/năm)")
    kind.add_argument("--year", type=_year, help="báo cáo cuối năm")
    kind.add_argument("--from", dest="date_from", type=_date, help="sơ kết/tổng kết: từ ngày")
    r.add_argument("--to", dest="date_to", type=_date, help="sơ kết/tổng kết: đến ngày")
    r.add_argument("--title", help="trích yếu của báo cáo (bắt buộc với --from/--to)")
    r.add_argument("--out", required=True, help="tệp .docx sẽ ghi")
    r.add_argument("--sections", help="các phần, cách nhau bởi dấu phẩy: " + ",".join(SECTIONS))
    r.add_argument("--no-charts", action="store_true", help="không vẽ biểu đồ")
    r.add_argument("--narrative", help="tệp .json {phần: nội dung} hoặc .txt (đoạn mở đầu)")
    r.add_argument("--template", help="mẫu .docx thay cho mẫu trong Cài đặt")
    r.add_argument("--doc-date", type=_date, default=None, help="ngày ghi trên văn bản (mặc định: hôm nay)")
    r.add_argument("--quiet", action="store_true")
    r.set_defaults(func=cmd_report)

    f = subparsers.add_parser("forms", help="ghi Biểu 1, 2, 3, 4, 5, 6F, 7-BTCTW ra một tệp .xlsx")
    f.add_argument("--db", help="tệp cơ sở dữ liệu")
    f.add_argument("--from", dest="date_from", type=_date, required=True)
    f.add_argument("--to", dest="date_to", type=_date, required=True)
    f.add_argument("--out", required=True, help="tệp .xlsx sẽ ghi")
    f.add_argument("--doc-date", type=_date, default=None)
    f.set_defaults(func=cmd_forms)
