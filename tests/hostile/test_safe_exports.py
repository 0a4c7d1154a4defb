"""Issue 17: text that looks like a formula or holds control characters never becomes a live formula in an
export and never stops a document. The database is seeded the way old imports left it (raw SQL: the door
now cleans such text, older records may still hold it)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = {
    "religion": "=cmd|' /C calc'!A0",
    "birthplace": "=WEBSERVICE(\"http://127.0.0.1:9/\")",
    "notes": "@SUM(1)\x01 ghi chú",
    "residence": "+1+1\x0b",
    "occupation": "-2+3",
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("safe")
    db = folder / "xa.sqlite3"
    env = dict(os.environ, DANGVU_DATA_DIR=str(folder / "userdata"))
    subprocess.run([sys.executable, "-m", "app", "demo", "--db", str(db), "--members", "40", "--quiet"], cwd=ROOT,
                   env=env, check=True, capture_output=True)
    con = sqlite3.connect(str(db))
    with con:
        ids = [r[0] for r in con.execute("SELECT id FROM members ORDER BY id LIMIT 5")]
        for (col, text), mid in zip(HOSTILE.items(), ids):
            con.execute(f"UPDATE members SET {col} = ? WHERE id = ?", (text, mid))
        con.execute("UPDATE members SET full_name = full_name || ? WHERE id = ?", ("\x01", ids[0]))
        unit = con.execute("SELECT id FROM units WHERE parent_id IS NOT NULL ORDER BY id LIMIT 1").fetchone()[0]
        con.execute("UPDATE units SET name = ? WHERE id = ?", ('=HYPERLINK("http://127.0.0.1:9/","Chi bộ\x02 1")',
                                                                unit))
    con.close()
    return db, env


def _formula_cells(path: Path) -> list[str]:
    """Every cell stored as a formula in the workbook's XML (openpyxl would hide a quotePrefix'd string)."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = zf.read(name).decode("utf-8")
                if "<f>" in xml or "<f " in xml:
                    found.append(name)
    return found


def _all_text(path: Path) -> str:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                     if c.value is not None)


def test_forms_workbook_has_no_live_formula(seeded, tmp_path):
    db, env = seeded
    out = tmp_path / "bieu.xlsx"
    proc = subprocess.run([sys.executable, "-m", "app", "forms", "--db", str(db), "--from", "2025-01-01", "--to",
                           "2025-12-31", "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert _formula_cells(out) == []


def test_member_export_keeps_the_text_as_text(seeded, tmp_path):
    from app.db import Database
    from app.importing.export_xlsx import export_members_xlsx

    db, _env = seeded
    database = Database(db)
    try:
        with database.session() as s:
            out = export_members_xlsx(s, tmp_path / "ds.xlsx", drop_empty_columns=False)
    finally:
        database.dispose()
    assert _formula_cells(out) == []
    text = _all_text(out)
    for value in HOSTILE.values():
        # shown as the clerk wrote it, less the characters no document can hold
        visible = "".join(ch for ch in value if ch >= " ")
        assert visible in text, value


def test_report_is_made_despite_control_characters(seeded, tmp_path):
    import docx

    db, env = seeded
    out = tmp_path / "bc.docx"
    proc = subprocess.run([sys.executable, "-m", "app", "report", "--db", str(db), "--year", "2025", "--out",
                           str(out), "--quiet"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    docx.Document(str(out))   # opens: the XML is valid
