"""`python -m app import FILE… --db F [--as-of] [--dry-run] [--json]` as the issue specifies."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .helpers import scalar, table_counts, write_xlsx

ROOT = Path(__file__).resolve().parents[2]
KEYS = {"members_created", "members_updated", "members_unchanged", "rows_skipped", "units_created",
        "evaluations_created", "problems"}


def _run(*args, env_dir):
    import os

    env = dict(os.environ, DANGVU_DATA_DIR=str(env_dir))
    return subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_dry_run_json_then_import(samples_dir, tmp_path):
    sheet = tmp_path / "DSDV_XaThanhLong_2023.xls"
    shutil.copyfile(samples_dir / sheet.name, sheet)
    db = tmp_path / "cli.sqlite3"
    dry = _run("import", sheet, "--db", db, "--dry-run", "--json", env_dir=tmp_path / "data")
    assert dry.returncode == 0, dry.stderr
    out = json.loads(dry.stdout)
    assert set(out) == KEYS | {"questions"}   # a dry run lists the values nothing understood (none here)
    assert out["questions"] == []
    assert out["members_created"] == 54 and out["units_created"] == 4 and out["evaluations_created"] == 94
    assert all(set(p) == {"file", "sheet", "row", "column", "message"} for p in out["problems"])
    assert table_counts(db)["members"] == 0  # a dry run writes nothing

    real = _run("import", sheet, "--db", db, "--json", env_dir=tmp_path / "data")
    assert real.returncode == 0, real.stderr
    assert json.loads(real.stdout)["members_created"] == 54
    assert scalar(db, "SELECT COUNT(*) FROM members") == 54

    again = _run("import", sheet, "--db", db, "--json", env_dir=tmp_path / "data")
    out = json.loads(again.stdout)
    assert again.returncode == 0 and out["members_unchanged"] == 54 and out["members_created"] == 0


def test_skipped_rows_still_exit_zero_and_as_of_option(tmp_path):
    sheet = write_xlsx(tmp_path / "ds.xlsx", [["Họ và tên", "Ngày sinh", "Chi bộ"],
                                             ["Nguyễn Văn A", "01/02/1980", "Chi bộ 1"],
                                             [None, "01/02/1981", "Chi bộ 1"]])
    db = tmp_path / "cli.sqlite3"
    no_date = _run("import", sheet, "--db", db, "--json", env_dir=tmp_path / "data")
    assert no_date.returncode == 1 and "--as-of" in no_date.stdout
    done = _run("import", sheet, "--db", db, "--as-of", "2025-12-31", "--json", env_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["members_created"] == 1 and out["rows_skipped"] == 1
    skipped = [p for p in out["problems"] if p["row"] == 3]
    assert skipped and skipped[0]["file"] == "ds.xlsx" and skipped[0]["sheet"] == "Sheet1"


def test_broken_file_exit_status_and_message(tmp_path):
    bad = tmp_path / "hong.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    db = tmp_path / "cli.sqlite3"
    res = _run("import", bad, "--db", db, env_dir=tmp_path / "data")
    assert res.returncode == 1
    assert "hong.xlsx" in res.stdout and "cơ sở dữ liệu không thay đổi" in res.stdout
    assert "Traceback" not in res.stderr
