"""Command line: the same services as the window.

    python -m app                       open the window
    python -m app demo --db F [--members N]
    python -m app stats --db F --as-of YYYY-MM-DD [--json]
    python -m app reminders --db F [--as-of D]
Import, report, forms, backup and restore register their own sub-commands (app/cli_*.py).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from datetime import date
from pathlib import Path

from .cli_args import Parser, date_arg, existing_database, int_arg, run_command
from .cli_safety import before_command, handles_damage, writes_database

# Sub-command modules owned by the importing, export and backup parts; each has add_*_command(s)(subparsers).
PLUGINS = (("app.cli_import", "add_import_command"), ("app.cli_report", "add_report_commands"),
           ("app.cli_backup", "add_backup_commands"), ("app.cli_print", "add_print_command"),
           ("app.cli_settings", "add_settings_command"))


def open_db(path, **kw):
    from .db import Database

    return Database(path, **kw)


@writes_database
def cmd_demo(args) -> int:
    from .connection import display_url  # never print a server's password
    from .services.demo import generate_demo, is_empty

    db = open_db(args.db)
    with db.session() as s:
        if not is_empty(s):
            print(f"Cơ sở dữ liệu {display_url(db.url)} đã có dữ liệu; không tạo dữ liệu mẫu.", file=sys.stderr)
            return 1
    with db.transaction() as s:
        for done, total in generate_demo(s, args.members, seed=args.seed):
            if not args.quiet:
                print(f"\rTạo dữ liệu mẫu: {done}/{total} đảng viên", end="", file=sys.stderr, flush=True)
    if not args.quiet:
        print(file=sys.stderr)
    db.optimize(analyze=True)
    print(f"Đã tạo xã mẫu với {args.members} đảng viên: {db.path or display_url(db.url)}")
    return 0


def cmd_stats(args) -> int:
    from .services.statistics import snapshot

    db = open_db(args.db)
    with db.session() as s:
        data = snapshot(s, args.as_of)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        _print_stats(data)
    return 0


def _print_stats(data: dict) -> None:
    from .common.vnformat import fmt_int, fmt_percent

    n = data["members"]
    print(f"Số liệu đến ngày {date.fromisoformat(data['as_of']):%d/%m/%Y}")
    print(f"  Đảng viên: {fmt_int(n)} (dự bị {data['probationary']}, nữ {data['female']} = "
          f"{fmt_percent(data['female'], n)})")
    print(f"  Dân tộc thiểu số: {data['ethnic_minority']} ({fmt_percent(data['ethnic_minority'], n)}); "
          f"tôn giáo: {data['religious']}; miễn sinh hoạt: {data['exempt_from_activity']}")
    print(f"  Đang công tác: {data['working']}; nghỉ hưu, nghỉ công tác: {data['retired']}; "
          f"tuổi bình quân: {data['average_age']}")
    print(f"  Tổ chức trực thuộc: {data['units']['total']}")
    for year, r in data["ratings"].items():
        print(f"  Năm {year}: {r['good_or_better']}/{r['rated']} HTTNV trở lên "
              f"({fmt_percent(r['good_or_better'], r['rated'])}), HTXSNV {r['HTXSNV']}")


def cmd_reminders(args) -> int:
    from .services.reminders import reminders

    db = open_db(args.db)
    with db.session() as s:
        items = reminders(s, args.as_of, days=args.days)
    if args.json:
        print(json.dumps([{"kind": r.kind, "member_id": r.member_id, "full_name": r.full_name,
                           "due": r.due.isoformat() if r.due else None, "message": r.message} for r in items],
                         ensure_ascii=False, indent=1))
    else:
        for r in items:
            print(f"- {r.full_name}: {r.message}")
        print(f"{len(items)} việc cần làm.")
    return 0


def demo_db_path():
    from . import paths

    return paths.data_dir() / "demo.sqlite3"


@handles_damage  # the window runs its own start-up checks
def cmd_open_demo(args) -> int:
    """The README's first command: make the demo database once, then open the window on it."""
    path = demo_db_path()
    if not path.exists():
        rc = cmd_demo(argparse.Namespace(db=path, members=args.members, seed=2026, quiet=False))
        if rc:
            return rc
    return open_window(path)


def open_window(db_path=None) -> int:
    try:
        ui = importlib.import_module("app.ui.main_window")
    except ModuleNotFoundError:
        print("Chưa có giao diện cửa sổ; in số liệu thay thế.")
        return cmd_stats(argparse.Namespace(db=db_path, as_of=date.today(), json=False))
    return ui.run(db_path)


# commands whose parsers are all here: their start needs no other part's modules (export imports openpyxl,
# python-docx and the form layouts: 0.5 s and more before `stats` could run its query; issue 15 item 3)
CORE_COMMANDS = frozenset({"demo", "stats", "reminders", "open-demo"})


def _command_of(argv: list[str]) -> str | None:
    """The sub-command named on the command line (after the top-level `--db F`, if given)."""
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--db":
            i += 2
            continue
        if word.startswith("-"):
            return None  # --help and the like: the full parser
        return word
    return None


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    p = Parser(prog="python -m app", description="Đảng vụ — quản lý đảng viên của Đảng bộ xã")
    p.add_argument("--db", help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu của người dùng)")
    sub = p.add_subparsers(dest="command")

    d = sub.add_parser("demo", help="tạo cơ sở dữ liệu mẫu")
    d.add_argument("--db", required=True)
    d.add_argument("--members", type=int_arg(1, 200_000, "số đảng viên"), default=1000)
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--quiet", action="store_true")
    d.set_defaults(func=cmd_demo)

    s = sub.add_parser("stats", help="số liệu thống kê đến một ngày")
    s.add_argument("--db")
    s.add_argument("--as-of", type=date_arg, default=date.today())
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_stats)

    r = sub.add_parser("reminders", help="việc cần làm: dự bị, huy hiệu, đánh giá, miễn sinh hoạt")
    r.add_argument("--db")
    r.add_argument("--as-of", type=date_arg, default=date.today())
    r.add_argument("--days", type=int_arg(0, 3660, "số ngày nhắc trước"), default=30)
    r.add_argument("--json", action="store_true")
    r.set_defaults(func=cmd_reminders)

    o = sub.add_parser("open-demo", help="mở chương trình trên cơ sở dữ liệu mẫu")
    o.add_argument("--members", type=int_arg(1, 200_000, "số đảng viên"), default=1000)
    o.set_defaults(func=cmd_open_demo)

    for module, func in PLUGINS if command not in CORE_COMMANDS else ():
        try:
            getattr(importlib.import_module(module), func)(sub)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    return p


def main(argv: list[str] | None = None) -> int:
    # Vietnamese output to a pipe or file on a non-UTF-8 Windows code page would raise UnicodeEncodeError
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")
    parser = build_parser(_command_of(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        return open_window(args.db)
    # a refused action, a full disk, a read-only folder: one Vietnamese sentence, exit status 1 (issue 17)
    return run_command(_checked_command, args)


# commands that only read: a mistyped --db must not become a new, empty commune reported as true
READING_COMMANDS = {"stats", "reminders", "report", "forms", "print"}


def _checked_command(args) -> int:
    if getattr(args, "command", None) in READING_COMMANDS or getattr(args, "db", None) and \
            Path(str(args.db)).is_dir():
        existing_database(getattr(args, "db", None))
    refused = before_command(args)  # the log, and the start-up check of the file (app/cli_safety.py)
    if refused is not None:
        return refused
    if getattr(args, "command", None) in READING_COMMANDS:
        refresh_flags(getattr(args, "db", None))
    return args.func(args)


def _today() -> date:
    return date.today()  # one place to ask, so a test can move the clock


def refresh_flags(db_path) -> None:
    """Re-stamp the members' current flags for today before a read (issue 9): the window does it at start and
    at midnight, but a command run the morning after a transfer dated ahead must not list the member either.
    A no-op when the flags were stamped today already. A file the command cannot write (read-only share) is
    still read, with a warning that the lists may be a day behind."""
    from .cli_args import describe_failure
    from .services.lifecycle import refresh_current_state

    try:
        with open_db(db_path).transaction() as s:
            refresh_current_state(s, _today())
    except Exception as exc:
        why = describe_failure(exc)   # a read-only file, a locked one …; anything else is a bug and goes on up
        if why is None:
            raise
        print(f"Lưu ý: không cập nhật được trạng thái đảng viên đến hôm nay ({why}); danh sách có thể chưa tính "
              "các thay đổi có ngày hiệu lực từ lần mở trước.", file=sys.stderr)
