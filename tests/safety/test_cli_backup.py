"""`python -m app backup | restore | check-db` through app.cli.main, on real files."""

from __future__ import annotations

from app import backup
from app.cli import main

from .helpers import dump


def test_backup_list_and_restore_from_the_command_line(filled_db, capsys):
    path, _ = filled_db
    before = dump(path)
    assert main(["backup", "--db", str(path)]) == 0
    made = backup.list_backups(path)
    assert len(made) == 1 and str(made[0].path) in capsys.readouterr().out

    assert main(["backup", "--db", str(path), "--list"]) == 0
    out = capsys.readouterr().out
    assert "Sao lưu thủ công" in out and made[0].path.name in out and " KB" in out

    assert main(["check-db", "--db", str(path)]) == 0
    assert "không có lỗi" in capsys.readouterr().out

    assert main(["restore", "--db", str(path), str(made[0].path), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Đã phục hồi" in out and "được giữ tại" in out
    assert dump(path) == before


def test_restore_is_refused_while_another_copy_holds_the_lock(filled_db, capsys):
    from app import safety

    path, _ = filled_db
    copy = backup.create_backup(path, "manual")
    with safety.acquire_lock(path):
        assert main(["restore", "--db", str(path), str(copy)]) == 3
    assert "đang được mở bởi một cửa sổ Đảng vụ khác" in capsys.readouterr().err


def test_check_db_reports_damage(filled_db, capsys):
    path, _ = filled_db
    data = bytearray(path.read_bytes())
    middle = len(data) // 2 // 4096 * 4096
    data[middle:middle + 4096] = b"\x07" * 4096
    path.write_bytes(bytes(data))
    assert main(["check-db", "--db", str(path)]) == 1
    assert "bị hỏng" in capsys.readouterr().err
