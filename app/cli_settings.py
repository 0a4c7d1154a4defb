"""`python -m app settings …` (registered by app/cli.py through PLUGINS): the «Cài đặt» of the window.

    python -m app settings --db F                      list every setting: key, Vietnamese label, value
    python -m app settings --db F KEY=VALUE …          set some (one transaction; checked as the dialog checks)
    python -m app settings --db F --suggest            show what the unit tree suggests for the blank ones

A value with line breaks (Nơi nhận) is written with \\n: recipients="- Ban Tổ chức Tỉnh ủy,\\n- Lưu VP.".
"""

from __future__ import annotations

import sys


def _pairs(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        if "=" not in item:
            raise SystemExit(f"Lỗi: «{item}» không có dạng MỤC=GIÁ_TRỊ (ví dụ place_name=\"Bình Lư\").")
        key, value = item.split("=", 1)
        out[key.strip()] = value.replace("\\n", "\n")
    return out


def cmd_settings(args) -> int:
    # listing reads beside an open window; setting takes the single-writer lock like every writing command
    if args.pairs:
        from .cli_safety import writes_database

        return writes_database(_settings)(args)
    return _settings(args)


def _settings(args) -> int:
    from app.db import Database
    from app.services import settings as S

    changes = _pairs(args.pairs or [])
    db = Database(args.db)
    try:
        if changes:
            with db.transaction() as session:
                values = S.set_settings(session, changes)
            print(f"Đã lưu {len(changes)} mục cài đặt.")
        else:
            with db.session() as session:
                values = S.get_settings(session)
                suggested = S.suggest_settings(session) if args.suggest else {}
        width = max(len(f.key) for f in S.FIELDS)
        label_width = max(len(f.label) for f in S.FIELDS)
        for f in S.FIELDS:
            value = values.get(f.key, "")
            shown = value.replace("\n", " | ") if value else "(chưa điền)"
            line = f"{f.key:<{width}}  {f.label:<{label_width}}  {shown}"
            if not changes and args.suggest and not value and f.key in suggested:
                line += f"   gợi ý: {suggested[f.key]}"
            print(line)
        for _key, message in S.check_settings(values):
            print(f"Lưu ý: {message}", file=sys.stderr)
    finally:
        db.dispose()
    return 0


def add_settings_command(subparsers) -> None:
    p = subparsers.add_parser("settings", help="xem, sửa Cài đặt (tên cơ quan, địa danh, người ký, lề, dân số…)")
    p.add_argument("--db", help="tệp cơ sở dữ liệu")
    p.add_argument("--suggest", action="store_true", help="gợi ý cho các mục còn trống (từ cây tổ chức)")
    p.add_argument("pairs", nargs="*", metavar="MỤC=GIÁ_TRỊ", help="các mục cần đặt")
    p.set_defaults(func=cmd_settings)
