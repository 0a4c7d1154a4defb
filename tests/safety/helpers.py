"""Helpers for the backup and safety tests: real SQLite files filled through the real services."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = 40
def populate(db, members: int = MEMBERS) -> list[int]:
    """A commune, one cell and `members` official members on its roll since 2020; returns their ids."""
    from app.models.enums import UnitKind
    from app.services import members as ms
    from tests.services.factories import made_up_name
    from app.services import units as us

    ids = []
    with db.transaction() as s:
        root = us.create_unit(s, name="Đảng bộ xã Thử Nghiệm", kind=UnitKind.COMMUNE)
        cell = us.create_unit(s, name="Chi bộ thôn Một", kind=UnitKind.CELL, parent_id=root.id)
        for i in range(members):
            m = ms.create_member(s, {"full_name": made_up_name(i), "birth_date": date(1970, 1, 1 + i % 28),
                                     "national_id": f"0010{i:08d}"})
            ms.record_on_roll(s, m.id, unit_id=cell.id, on=date(2020, 1, 1))
            ids.append(m.id)
    return ids


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return list(conn.iterdump())
    finally:
        conn.close()



def damage(path: Path, seed: int = 7) -> None:
    """Overwrite bytes in the middle of the file, as a failing disk or a killed copy tool would."""
    data = bytearray(path.read_bytes())
    assert len(data) > 8 * 4096, "the test needs a file of several pages"
    rng = random.Random(seed)
    middle = (len(data) // 4096 // 2) * 4096
    data[middle: middle + 4096] = bytes(rng.randrange(256) for _ in range(4096))
    path.write_bytes(bytes(data))


HOLDER = """
import sys, time
from app import safety
lock = safety.acquire_lock(sys.argv[1])
print("locked", flush=True)
time.sleep(60)
"""


def start_holder(db_path: Path) -> subprocess.Popen:
    """Another running copy of the program: a process holding the database's lock."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def cli(*args: str, **kw) -> subprocess.Popen:
    """`python -m app ARGS` in its own process, as the clerk or a script would run it."""
    return subprocess.Popen([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, **kw)


def finish(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def big_sheet(sample: Path, dest: Path, copies: int) -> int:
    """The sample sheet's rows `copies` times, each copy with its own names and card numbers (a commune of
    thousands, so an import takes seconds); returns the number of member rows written."""
    import openpyxl

    wb = openpyxl.load_workbook(sample)
    ws = wb.worksheets[0]
    header = next(r for r in range(1, 10) if ws.cell(r, 2).value == "Họ và tên")
    rows = [list(r) for r in ws.iter_rows(min_row=header + 1, values_only=True) if r[1] and r[0] is not None]
    middles = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Quang", "Xuân", "Thu", "Kim", "Bảo", "Gia",
               "Trọng", "Công", "Duy", "Hồng", "Mạnh", "Phương", "Hải"]
    n = 0
    for copy in range(1, copies):
        for row in rows:
            n += 1
            new = list(row)
            parts = str(row[1]).split()
            new[1] = " ".join(parts[:1] + [middles[copy % 20], middles[(copy // 20) % 20]] + parts[1:])
            new[0] = len(rows) + n
            new[12] = f"{90 + copy % 10}.{copy:03d}{n % 1000:03d}"
            ws.append(new)
    wb.save(dest)
    return len(rows) * copies


def flip_index_page(path: Path, index: str = "ix_members_name_key") -> int:
    """Flip one bit in a key of an index's leaf page (found with dbstat), as a failing disk would: the
    B-tree stays well formed, so quick_check passes, but the index no longer matches its table."""
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode=DELETE")  # everything in the main file, no -wal
        page, kind = conn.execute("SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno DESC",
                                  (index,)).fetchone()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert kind == "leaf"
    data = bytearray(path.read_bytes())
    data[page * size - 10] ^= 0x01  # inside the last cell's key text (cells fill a page from its end)
    path.write_bytes(bytes(data))
    return page
