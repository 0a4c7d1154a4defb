"""`python -m app backup | restore | check-db`: the backup dialog's actions from the command line."""

from __future__ import annotations

import sys
from pathlib import Path


def _db_path(arg: str | None) -> Path:
    from .db import sqlite_path, url_for

    path = sqlite_path(url_for(arg))
    if path is None:
        raise SystemExit("Sao lưu/phục hồi chỉ làm được với tệp SQLite.")
    return path


def _size(n: int) -> str:
    from .common.vnformat import fmt_int

    return f"{fmt_int(round(n / 1024))} KB"


def cmd_backup(args) -> int:
    from . import backup

    db = _db_path(args.db)
    if args.list:
        items = backup.list_backups(db)
        if not items:
            print(f"Chưa có bản sao lưu nào của {db}.")
        for info in items:
            print(f"{info.created:%d/%m/%Y %H:%M:%S}  {_size(info.size):>10}  {info.reason_label:<28}  {info.path}")
        return 0
    try:
        path = backup.create_backup(db, "manual")
    except backup.BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    print(f"Đã sao lưu vào {path}")
    return 0


def cmd_restore(args) -> int:
    from . import backup, safety

    db = _db_path(args.db)
    try:
        lock = safety.acquire_lock(db)
    except safety.DatabaseLocked as exc:
        print(f"Lỗi: {exc} Hãy đóng cửa sổ đó rồi phục hồi.", file=sys.stderr)
        return 1
    try:
        if args.newest_good:
            info = backup.newest_good_backup(db)
            if info is None:
                print("Lỗi: không có bản sao lưu nào còn tốt.", file=sys.stderr)
                return 1
            source = info.path
        elif args.backup:
            source = Path(args.backup)
        else:
            print("Lỗi: cần chỉ ra tệp sao lưu, hoặc dùng --newest-good.", file=sys.stderr)
            return 2
        kept = backup.restore_backup(db, source)
    except backup.BackupError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    finally:
        lock.release()
    print(f"Đã phục hồi {db} từ {source}.")
    if kept is not None:
        print(f"Tệp trước khi phục hồi được giữ tại {kept}")
    return 0


def cmd_check(args) -> int:
    from . import safety

    result = safety.check_integrity(_db_path(args.db))
    if result.ok:
        print("Tệp dữ liệu không có lỗi (PRAGMA quick_check).")
        return 0
    print(result.message, file=sys.stderr)
    return 1


def add_backup_commands(sub) -> None:
    b = sub.add_parser("backup", help="sao lưu cơ sở dữ liệu (hoặc --list: xem các bản sao lưu)")
    b.add_argument("--db")
    b.add_argument("--list", action="store_true", help="liệt kê các bản sao lưu, mới nhất trước")
    b.set_defaults(func=cmd_backup)

    r = sub.add_parser("restore", help="phục hồi từ một bản sao lưu (kiểm tra bản đó trước)")
    r.add_argument("backup", nargs="?", help="tệp sao lưu")
    r.add_argument("--db")
    r.add_argument("--newest-good", action="store_true", help="bản sao lưu tốt mới nhất")
    r.set_defaults(func=cmd_restore)

    c = sub.add_parser("check-db", help="kiểm tra tệp dữ liệu có bị hỏng không")
    c.add_argument("--db")
    c.set_defaults(func=cmd_check)
