"""`python -m app import FILE… --db F [--as-of YYYY-MM-DD] [--dry-run] [--json]`.

Exit status 0 when the import (or the dry run) completed, even with skipped rows; 1 when nothing could be
imported (no readable member table, or no 'as of' date); the database is then left untouched.
"""

from __future__ import annotations

import argparse
import json
import sys

from .cli_safety import writes_database


def add_import_command(subparsers) -> None:
    from .cli_args import date_arg as as_date

    p = subparsers.add_parser("import", help="nhập danh sách đảng viên từ tệp Excel (.xlsx, .xls, .csv)")
    p.add_argument("files", nargs="+", metavar="FILE", help="các tệp bảng tính cần nhập")
    p.add_argument("--db", default=argparse.SUPPRESS, help="tệp cơ sở dữ liệu")
    p.add_argument("--as-of", type=as_date, default=None,
                   help="ngày chốt danh sách (YYYY-MM-DD hoặc dd/mm/yyyy) khi tiêu đề và tên tệp không ghi")
    p.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    p.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    p.add_argument("--include-hidden", action="store_true",
                   help="nhập cả các trang tính đang ẩn (thường là bản cũ; mặc định bỏ qua)")
    p.add_argument("--answers", metavar="F.json", default=None,
                   help="nghĩa của các giá trị chưa hiểu: {trường: {giá trị: nghĩa hoặc null}} "
                        "(--dry-run --json liệt kê các câu hỏi); được lưu cho các lần nhập sau")
    p.set_defaults(func=cmd_import)


def _problems_json(problems) -> list[dict]:
    return [{"file": p.file, "sheet": p.sheet, "row": p.row, "column": p.column, "message": p.message}
            for p in problems]


def cmd_import(args) -> int:
    # a dry run writes nothing: it runs beside the open window; a real import takes the single-writer lock,
    # and plans only once it holds it, so two imports of one sheet cannot both add its members
    return _import(args) if args.dry_run else _import_writing(args)


def _import(args) -> int:
    from .db import Database
    from .common.import_rows import ERROR, Problem
    from .importing import PlanError, plan_import, read_workbooks
    from .services.imports import apply_plan

    try:
        answers = _read_answers(args.answers)
    except (OSError, ValueError) as exc:
        print(f"Lỗi: không đọc được tệp trả lời «{args.answers}»: {exc}", file=sys.stderr)
        return 1
    tables = read_workbooks(args.files, include_hidden=getattr(args, "include_hidden", False))
    usable = [t for t in tables if not t.skipped_reason]
    if not usable:
        problems = [Problem(t.file, t.sheet, None, None, None, t.skipped_reason or "", ERROR) for t in tables]
        _report(args, {"members_created": 0, "members_updated": 0, "members_unchanged": 0, "rows_skipped": 0,
                       "units_created": 0, "evaluations_created": 0}, problems,
                "Không có bảng danh sách đảng viên nào nhập được; cơ sở dữ liệu không thay đổi.")
        return 1
    db = Database(getattr(args, "db", None))
    try:
        try:
            with db.session() as session:
                plan = plan_import(session, tables, args.as_of, answers=answers)
        except PlanError as exc:
            _report(args, {"members_created": 0, "members_updated": 0, "members_unchanged": 0,
                           "rows_skipped": 0, "units_created": 0, "evaluations_created": 0},
                    [Problem(", ".join(sorted({t.file for t in usable})), "", None, None, None, str(exc), ERROR)],
                    f"Lỗi: {exc}")
            return 1
        if args.dry_run:
            counts = plan.counts
            out = {k: counts[k] for k in ("members_created", "members_updated", "members_unchanged",
                                          "rows_skipped", "units_created", "evaluations_created")}
            _report(args, out, plan.all_problems(),
                    f"Xem trước (chưa ghi gì), ngày chốt {plan.as_of:%d/%m/%Y} ({plan.as_of_source}).",
                    conflicts=counts["members_conflict"], questions=plan.questions)
            return 0
        if not _writes_anything(plan.counts):
            # nothing to write: no backup and no import batch (a morning of retries must not push the good
            # backups out of the rotation)
            counts = plan.counts
            _report(args, {k: counts[k] for k in ("members_created", "members_updated", "members_unchanged",
                                                  "rows_skipped", "units_created", "evaluations_created")},
                    plan.all_problems(), "Không có gì mới để nhập; cơ sở dữ liệu không thay đổi (không sao lưu, "
                    "không tạo lần nhập).", conflicts=counts["members_conflict"])
            return 1 if counts["members_unchanged"] == 0 else 0
        result = None
        for item in apply_plan(db, plan):
            if hasattr(item, "batch_id"):
                result = item
            elif not args.json and item.total >= 1000 and item.done and item.done % 1000 == 0:
                print(f"  {item.what}", file=sys.stderr)
        db.optimize(analyze=True)
        _report(args, result.counts(), result.problems,
                f"Đã nhập (lần nhập số {result.batch_id}), ngày chốt {plan.as_of:%d/%m/%Y}. "
                f"Bản sao lưu trước khi nhập: {result.backup_path or '(không có)'}", conflicts=result.conflicts_left)
        return 0
    finally:
        db.dispose()


def _read_answers(path) -> dict | None:
    """The --answers file; a malformed one stops the import before anything is read or written."""
    if not path:
        return None
    from pathlib import Path

    from .services.errors import DomainError
    from .services.value_answers import read_answers_file

    try:
        return read_answers_file(json.loads(Path(path).read_text(encoding="utf-8")))
    except DomainError as exc:
        raise ValueError(exc.message) from None


def _writes_anything(counts: dict) -> bool:
    return any(counts.get(k) for k in ("members_created", "members_updated", "members_conflict", "units_created",
                                       "evaluations_created"))


_import_writing = writes_database(_import)


def _report(args, counts: dict, problems, headline: str, conflicts: int = 0, questions=None) -> None:
    if args.json:
        out = dict(counts)
        out["problems"] = _problems_json(problems)
        if questions is not None:
            # each value nothing understood, once: answer them in a file given to --answers
            out["questions"] = [q.as_dict() for q in questions]
        print(json.dumps(out, ensure_ascii=False, indent=1, default=str))
        return
    print(headline)
    print(f"  Thêm mới: {counts['members_created']} đảng viên; cập nhật: {counts['members_updated']}; "
          f"không đổi: {counts['members_unchanged']}; bỏ qua: {counts['rows_skipped']} dòng")
    print(f"  Chi bộ tạo mới: {counts['units_created']}; kết quả xếp loại ghi mới: {counts['evaluations_created']}")
    if conflicts:
        print(f"  Xung đột giữ nguyên giá trị cũ: {conflicts} (mở trình hướng dẫn nhập để chọn)")
    if questions:
        print(f"  Giá trị chưa hiểu ({len(questions)}; trả lời bằng --answers, xem --dry-run --json):")
        for q in questions:
            print(f"   - {q.field_label}: «{q.text}» ({q.rows} dòng, ví dụ {q.example})")
    if problems:
        print(f"  Vấn đề ({len(problems)}):")
        for p in problems:
            print(f"   - {p}")
