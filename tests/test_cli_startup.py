"""What a core command imports (issue 15 item 3): `stats` needs the services, not the export's libraries."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys
from app.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'docx', 'docxtpl', 'matplotlib', 'PySide6',
                                                            'alembic', 'importlib_metadata')
               or m.startswith('app.export') or m.startswith('app.ui'))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def _run(args, tmp_path):
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    return json.loads(done.stderr.strip().splitlines()[-1]), done.stdout


def test_stats_imports_neither_export_nor_qt_nor_alembic(tmp_path):
    from app.db import Database

    path = tmp_path / "x.sqlite3"
    Database(path).dispose()  # migrated once here: the command itself then needs no migration
    probe, out = _run(["stats", "--db", str(path), "--as-of", "2026-03-01", "--json"], tmp_path)
    assert probe["code"] == 0
    assert json.loads(out)["members"] == 0
    assert probe["heavy"] == []


def test_the_full_parser_still_lists_every_command(tmp_path):
    done = subprocess.run([sys.executable, "-m", "app", "--help"], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}, timeout=300)
    assert done.returncode == 0
    for command in ("stats", "report", "forms", "import", "print"):
        assert command in done.stdout
