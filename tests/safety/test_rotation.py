"""Issue 18 item 4: imports that write nothing make no backup and no batch, and the rotation keeps the
monthly copies whatever the count."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from app import backup
from app.cli import main
from app.db import Database

from .helpers import count


def _history(path, months: int = 6) -> list:
    """Backups of the last `months` months, 3 a month, as a clerk's closes leave them."""
    made = []
    start = datetime.now().replace(day=1, hour=16, minute=0, second=0, microsecond=0)
    for m in range(months, 0, -1):
        first = (start - timedelta(days=31 * m)).replace(day=1)
        for d in (3, 12, 24):
            made.append(backup.create_backup(path, "close", now=first.replace(day=d), prune_after=False))
    return made


def test_fifty_failed_imports_keep_the_monthly_backups(data_dir, samples_dir, tmp_path, capsys):
    path = data_dir / "dangvu.sqlite3"
    sheet = samples_dir / "DSDV_ThanhLong_2024.xlsx"
    assert main(["import", str(sheet), "--db", str(path)]) == 0  # the good import: batch 1
    history = _history(path)
    newest_of_month = {}
    for p in history:
        info = next(i for i in backup.list_backups(path) if i.path == p)
        newest_of_month[(info.created.year, info.created.month)] = p
    before = {i.path for i in backup.list_backups(path)}
    not_a_sheet = tmp_path / "bao_cao.xlsx"
    not_a_sheet.write_bytes(b"PK\x03\x04 not really a workbook")
    capsys.readouterr()
    codes = []
    for k in range(50):  # a morning of retries: the same sheet again, and a file that is no sheet
        codes.append(main(["import", str(sheet if k % 2 else not_a_sheet), "--db", str(path)]))
    out = capsys.readouterr().out
    assert codes.count(0) == 25 and codes.count(1) == 25
    assert out.count("không tạo lần nhập") == 25
    assert count(path, "import_batches") == 1
    after = {i.path for i in backup.list_backups(path)}
    assert after == before  # not one backup more, not one less
    assert set(newest_of_month.values()) <= after


def test_a_burst_of_backups_pushes_out_neither_yesterday_nor_last_months(filled_db):
    path, _ = filled_db
    history = _history(path, months=3)
    yesterday = backup.create_backup(path, "close", now=datetime.now() - timedelta(days=1), prune_after=False)
    for k in range(60):  # e.g. 60 manual or import backups in one morning
        backup.create_backup(path, "manual", now=datetime.now().replace(hour=9, minute=0, second=k % 60)
                             + timedelta(minutes=k // 60), prune_after=False)
    backup.prune(path)
    kept = {i.path for i in backup.list_backups(path)}
    assert yesterday in kept
    months = {}
    for p in history:
        stamp = datetime.strptime(p.name.split("-")[1], "%Y%m%d")
        months[(stamp.year, stamp.month)] = p  # the last made in a month is its newest
    assert set(months.values()) <= kept
    assert len(kept) == 30 + 1 + len(months)


def test_an_import_into_a_new_file_backs_up_nothing_and_works(data_dir, samples_dir, capsys):
    path = data_dir / "new.sqlite3"
    Database(path).dispose()
    assert main(["import", str(samples_dir / "DSDV_ThanhLong_2024.xlsx"), "--db", str(path)]) == 0
    assert "Bản sao lưu trước khi nhập: (không có)" in capsys.readouterr().out
    assert backup.list_backups(path) == []
    expected = json.loads((samples_dir / "DSDV_ThanhLong_2024.expected.json").read_text(encoding="utf-8"))
    assert count(path, "members") == expected["members"]
