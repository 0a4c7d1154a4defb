"""Issue 18 item 5: before a restore is confirmed, the dialog and the command line say what it gives back
(the backup's time and content) and what it takes away (the import batches made after it)."""

from __future__ import annotations

import json

from app import backup
from app.cli import main
from app.db import Database

from .helpers import MEMBERS, count


def _after_an_import(filled_db, samples_dir, capsys):
    path, _ = filled_db
    made = backup.create_backup(path, "manual")
    assert main(["import", str(samples_dir / "DSDV_ThanhLong_2024.xlsx"), "--db", str(path)]) == 0
    capsys.readouterr()
    added = json.loads((samples_dir / "DSDV_ThanhLong_2024.expected.json").read_text("utf-8"))["members"]
    info = next(i for i in backup.list_backups(path) if i.path == made)
    return path, info, added


def test_the_cli_says_what_a_restore_takes_away_before_it_asks(filled_db, samples_dir, capsys, monkeypatch):
    path, info, added = _after_an_import(filled_db, samples_dir, capsys)
    # a clerk at the keyboard answers "no": nothing happens
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "khong")
    assert main(["restore", "--db", str(path), str(info.path)]) == 2
    out = capsys.readouterr().out
    assert f"Bản sao lưu lúc {info.created:%H:%M} ngày {info.created:%d/%m/%Y}" in out
    assert f"{MEMBERS} đảng viên" in out  # what the backup holds
    assert f"{MEMBERS + added} đảng viên" in out  # what is in use now
    assert f"lần nhập số 1 lúc" in out and f"{added} đảng viên thêm mới" in out
    assert count(path, "members") == MEMBERS + added
    # a script without --yes is refused, after being told the same
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert main(["restore", "--db", str(path), str(info.path)]) == 2
    out, err = capsys.readouterr()
    assert "lần nhập số 1" in out and "--yes" in err
    assert main(["restore", "--db", str(path), str(info.path), "--yes"]) == 0
    assert count(path, "members") == MEMBERS


def test_the_dialog_says_it_too(qtbot, filled_db, samples_dir, capsys, tmp_path):
    from app.ui.backup_dialog import open_backup_dialog

    path, info, added = _after_an_import(filled_db, samples_dir, capsys)
    db = Database(path)
    dialog = open_backup_dialog(db)
    qtbot.addWidget(dialog)
    row = next(r for r, i in enumerate(dialog.items) if i.path == info.path)
    dialog.table.selectRow(row)
    text = dialog.restore_question(dialog.selected())
    assert f"Bản sao lưu lúc {info.created:%H:%M} ngày {info.created:%d/%m/%Y}" in text
    assert f"lần nhập số 1 lúc" in text and f"{added} đảng viên thêm mới" in text
    assert "không có trong bản này" in text
    asked = []
    assert not dialog.restore_selected(confirm=lambda i: asked.append(i) or False)
    assert asked == [info] and count(path, "members") == MEMBERS + added
    db.dispose()
