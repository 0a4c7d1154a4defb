"""Issue 17: odd command lines, a full disk and read-only storage get one Vietnamese sentence, exit 1.

The disk-full and read-only cases mount a small tmpfs (root only: they skip elsewhere) and check that the
database is as it was afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, env=None, timeout=120):
    env = dict(os.environ, **(env or {}))
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clidb")
    path = folder / "xa.sqlite3"
    proc = run("demo", "--db", path, "--members", 30, "--quiet",
               env={"DANGVU_DATA_DIR": str(folder / "userdata")})
    assert proc.returncode == 0, proc.stderr
    return path


def _assert_message(proc, json_mode: bool) -> None:
    assert proc.returncode == 1, (proc.returncode, proc.stdout[-500:], proc.stderr[-1500:])
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    if json_mode:
        doc = json.loads(proc.stdout)
        assert doc.get("error") or [p["message"] for p in doc.get("problems", []) if p["message"]]
        return
    line = [x for x in proc.stderr.splitlines() if x.startswith("Lỗi")][-1]
    assert len(line) > 20


ODD = [
    ("stats", "--as-of", "9999-12-31"),
    ("stats", "--as-of", "0001-01-01", "--json"),
    ("stats", "--as-of", "0000-00-00"),
    ("stats", "--as-of", "31/02/2025", "--json"),
    ("reminders", "--days", "999999999"),
    ("reminders", "--days", "-5", "--json"),
    ("reminders", "--days", "abc"),
    ("reminders", "--as-of", "01/01/0001"),
    ("forms", "--from", "0001-01-01", "--to", "2025-12-31", "--out", "{tmp}/f.xlsx"),
    ("report", "--year", "99999", "--out", "{tmp}/r.docx"),
    ("report", "--year", "2025", "--out", "{tmp}/r.docx", "--narrative", "{tmp}/nope.txt"),
    ("report", "--year", "2025", "--out", "{tmp}/r.docx", "--narrative", "{tmp}/latin1.txt"),
    ("stats", "--bogus-flag"),
    ("import", "--json"),
    ("import", "{tmp}/missing.xlsx", "--json"),
    ("demo", "--members", "0"),
    ("demo", "--members", "99999999999"),
]


@pytest.mark.parametrize("args", ODD, ids=[" ".join(a)[:60] for a in ODD])
def test_odd_command_lines_give_one_sentence(args, small_db, tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Mở đầu".encode("utf-8")[:2] + b"\xe9\xff\xfe\x00abc")
    db = tmp_path / "copy.sqlite3"
    shutil.copyfile(small_db, db)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if argv[0] != "demo":
        argv += ["--db", str(db)]
    else:
        argv += ["--db", str(tmp_path / "new-demo.sqlite3")]
    proc = run(*argv)
    _assert_message(proc, "--json" in argv)


def test_a_utf16_narrative_is_read(small_db, tmp_path):
    """Notepad on Windows saves 'Unicode' text as UTF-16 with a byte-order mark."""
    narrative = tmp_path / "mo-dau.txt"
    narrative.write_bytes("Đoạn mở đầu do văn phòng viết.".encode("utf-16"))
    proc = run("report", "--db", small_db, "--year", "2025", "--out", tmp_path / "r.docx", "--narrative",
               narrative, "--quiet")
    assert proc.returncode == 0, proc.stderr
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "Đoạn mở đầu do văn phòng viết." in text


@pytest.mark.parametrize("target", ["folder", "missing"])
def test_db_that_is_a_folder_or_missing_is_refused_by_reading_commands(target, tmp_path):
    path = tmp_path if target == "folder" else tmp_path / "no" / "such.sqlite3"
    for argv in (["stats", "--db", path], ["stats", "--db", path, "--json"], ["reminders", "--db", path]):
        proc = run(*argv)
        _assert_message(proc, "--json" in argv)
    assert not (tmp_path / "no").exists()   # no empty database made where the clerk mistyped


def _counts(db: Path) -> tuple:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return (con.execute("PRAGMA integrity_check").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM members").fetchone()[0],
                con.execute("SELECT COUNT(*) FROM member_events").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def mount_point(tmp_path):
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    point = tmp_path / "mnt"
    point.mkdir()
    mounted = []

    def mount(options: str) -> Path:
        proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True)
        if proc.returncode != 0:
            pytest.skip(f"cannot mount tmpfs here: {proc.stderr.decode(errors='replace')}")
        mounted.append(point)
        return point

    yield mount
    for p in mounted:
        subprocess.run(["umount", "-l", str(p)], capture_output=True)


def _big_sheet(path: Path, rows: int) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Ngày vào Đảng", "Chi bộ", "Ghi chú"])
    family, middle = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"], ["Văn", "Thị", "Đức", "Minh", "Hữu"]
    given = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Oanh", "Phúc"]
    for i in range(rows):
        name = f"{family[i % 6]} {middle[i // 6 % 5]} {given[i // 30 % 12]}"
        ws.append([i + 1, name, f"{i // 360 % 28 + 1:02d}/{i // 360 // 28 % 12 + 1:02d}/1975", "Nam", "01/01/2005",
                   "Chi bộ Thôn 1", "x" * 200])
    wb.save(path)
    return path


def test_disk_full_during_import_leaves_the_data_as_it_was(small_db, tmp_path, mount_point):
    size = small_db.stat().st_size
    point = mount_point(f"size={size + 600 * 1024}")
    db = point / "xa.sqlite3"
    shutil.copyfile(small_db, db)
    before = _counts(db)
    sheet = _big_sheet(tmp_path / "lon.xlsx", 4000)
    proc = run("import", sheet, "--db", db, "--as-of", "2025-12-31")
    _assert_message(proc, False)
    assert "đầy" in proc.stderr
    assert _counts(db) == before


def test_disk_full_when_writing_a_report(small_db, tmp_path, mount_point):
    point = mount_point("size=16k")
    proc = run("report", "--db", small_db, "--year", "2025", "--out", point / "bao-cao.docx", "--quiet")
    _assert_message(proc, False)
    assert not (point / "bao-cao.docx").exists()


def test_read_only_storage(small_db, tmp_path, mount_point):
    point = mount_point("size=4m")
    db = point / "xa.sqlite3"
    shutil.copyfile(small_db, db)
    before = _counts(db)
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
    sheet = _big_sheet(tmp_path / "nho.xlsx", 3)
    for argv in (["import", sheet, "--db", db, "--as-of", "2025-12-31"],
                 ["import", sheet, "--db", db, "--as-of", "2025-12-31", "--json"],
                 ["backup", "--db", db], ["check-db", "--db", db],
                 ["forms", "--db", db, "--from", "2025-01-01", "--to", "2025-12-31", "--out", point / "f.xlsx"]):
        proc = run(*argv)
        if proc.returncode == 0 and argv[0] == "check-db":
            continue   # checking a file needs no writing; a read-only copy may be checked
        _assert_message(proc, "--json" in argv)
    assert _counts(db) == before
