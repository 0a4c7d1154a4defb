"""`python -m app backup | restore | check-db`: the backup dialog's actions from the command line.

Making a backup and restoring are writes: they take the single-writer lock (app.cli_safety), so a restore
never replaces the file under an import or under the open window.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .cli_safety import handles_damage, writes_database


def _db_path(arg: str | None) -> Path | str:
    """The SQLite file, or the server database's URL (its backups: app/backup_server.py)."""
    from .connection import is_server_url
    from .db import sqlite_path, url_for

    url = url_for(arg)
    path = sqlite_path(url)
    if path is None and not is_server_url(url):
        raise SystemExit("Sao lưu/phục hồi làm được với tệp SQLite hoặc máy chủ PostgreSQL.")
    return path if path is not None else url


def _name(db) -> str:
    from .backup_server import is_server, target_for

    return target_for(db).describe() if is_server(db) else str(db)


def _size(n: int) -> str:
    from .common.vnformat import fmt_int

    return f"{fmt_int(round(n / 1024))} KB"


@handles_damage
def cmd_backup(args) -> int:
    from . import backup

    if not args.list:
        return _make_backup(args)
    db = _db_path(args.db)
    items = backup.list_backups(db)
    if not items:
        print(f"Chưa có bản sao lưu nào của {_name(db)}.")
    for info in items:
        print(f"{info.created:%d/%m/%Y %H:%M:%S}  {_size(info.size):>10}  {info.reason_label:<28}  "
              f"{info.kind_label:<36}  {info.path}")
    return 0


@writes_database(check=False)  # create_backup checks the file itself and refuses a damaged or empty one
def _make_backup(args) -> int:
    from . import backup

    db = _db_path(args.db)
    try:
        path = backup.create_backup(db, "manual")
    except backup.BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"Đã sao lưu {_name(db)} vào {path} ({backup.kind_label(path)})")
    return 0


def _confirmed(args) -> bool:
    if args.yes:
        return True
    if not sys.stdin or not sys.stdin.isatty():
        print("Lỗi: phục hồi thay toàn bộ dữ liệu đang dùng; thêm --yes để xác nhận khi chạy không có người "
              "trả lời.", file=sys.stderr)
        return False
    answer = input("Phục hồi từ bản này? Gõ 'co' để đồng ý: ").strip().lower()
    return answer in ("co", "có", "c", "y", "yes")


# a restore is what a damaged file needs: no start-up check may stop it; and it never waits for another
# writer, whose work it would then silently replace
@writes_database(check=False, wait=0)
def cmd_restore(args) -> int:
    from . import backup

    db = _db_path(args.db)
    try:
        if args.newest_good:
            info = backup.newest_good_backup(db)
            if info is None:
                print("Lỗi: không có bản sao lưu nào còn tốt (bản trống hoặc hỏng không được tính).", file=sys.stderr)
                return 1
            source = info.path
        elif args.backup:
            source = Path(args.backup)
        else:
            print("Lỗi: cần chỉ ra tệp sao lưu, hoặc dùng --newest-good.", file=sys.stderr)
            return 2
        problem = backup.backup_problem(source) if source.is_file() else f"không tìm thấy tệp {source}"
        if problem:
            print(f"Lỗi: bản sao lưu {source.name} không dùng được, không phục hồi: {problem}", file=sys.stderr)
            return 1
        # said before the confirmation, and computed under the lock, so it is still true when it happens
        print(backup.restore_summary(db, source))
        if not _confirmed(args):
            return 2
        kept = backup.restore_backup(db, source)
    except backup.BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"Đã phục hồi {_name(db)} từ {source}.")
    if kept is not None:
        print(f"{'Dữ liệu' if isinstance(db, str) else 'Tệp'} trước khi phục hồi được giữ tại {kept}")
    return 0


@handles_damage
def cmd_check(args) -> int:
    """integrity_check (the full one); indexes alone wrong: rebuilt under the write lock (REINDEX)."""
    from . import safety

    db = _db_path(args.db)
    if isinstance(db, str):
        # integrity_check and REINDEX are SQLite's: the server checks its own pages; here: does it answer,
        # is the schema current, does it still hold the commune
        server = safety.check_server(db)
        if server.ok:
            print(f"{server.text}\nMáy chủ PostgreSQL tự kiểm tra dữ liệu của nó; không cần integrity_check.")
            return 0
        print(server.message, file=sys.stderr)
        return 1
    result = safety.check_integrity(db, full=True)
    if result.ok:
        print("Tệp dữ liệu không có lỗi (PRAGMA integrity_check).")
        return 0
    print(result.message, file=sys.stderr)
    if result.index_only:
        return _reindex(args)
    if result.newest_good is not None:
        print(f"Phục hồi bằng lệnh: python -m app restore --newest-good --db {db}", file=sys.stderr)
    return 1


@writes_database(check=False)
def _reindex(args) -> int:
    from . import safety

    if safety.repair_indexes(_db_path(args.db)):
        print("Đã dựng lại chỉ mục (REINDEX); tệp dữ liệu không còn lỗi, không mất dữ liệu nào.")
        return 0
    print("Lỗi: dựng lại chỉ mục không sửa được tệp; hãy phục hồi từ bản sao lưu tốt mới nhất.", file=sys.stderr)
    return 1


def add_backup_commands(sub) -> None:
    b = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (hoặc --list: xem các bản sao lưu)")
    b.add_argument("--db")
    b.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu, mới nhất trước")
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="phục hồi từ một bản sao lưu (kiểm tra bản đó trước)")
    r.add_argument("backup", nargs="?", help="tệp sao lưu")
    r.add_argument("--db")
    r.add_argument("--newest-good", action="store_true", help="bản sao lưu tốt mới nhất (không tính bản trống)")
    r.add_argument("--yes", action="store_true", help="không hỏi lại (khi chạy trong tệp lệnh)")
    r.set_defaults(func=cmd_restore)

    c = sub.add_parser("check-db", help="kiểm tra kỹ tệp dữ liệu (integrity_check); chỉ mục lỗi thì dựng lại")
    c.add_argument("--db")
    c.set_defaults(func=cmd_check)
