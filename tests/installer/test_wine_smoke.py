"""The packaged program under Wine: the Windows CPython from the installer, with the installed layout,
creates a database, backs it up, takes the Windows lock (msvcrt) and restores — Windows file semantics
(no replacing or flushing open files) that Linux does not show.

Limits of Wine 8 (Debian 12), so not checked here: numpy calls ucrtbase's crealf, which Wine lacks (numpy
is hidden, so openpyxl runs without it and no chart is drawn); Qt 6 links the system ICU of Windows 10
(icuuc.dll), which Wine lacks, so no window. Skips when wine64 is not installed (apt-get install wine64).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

SMOKE = r'''
import sys
sys.modules["numpy"] = None  # Wine 8's ucrtbase lacks crealf, which numpy calls at import
import gc, os, tempfile
from pathlib import Path
d = Path(tempfile.mkdtemp())
os.environ["DANGVU_DATA_DIR"] = str(d)
import app, sqlite3
print("version", app.__version__, "sqlite", sqlite3.sqlite_version, "platform", sys.platform)
from app.cli import main
db = str(d / "x.sqlite3")
print("demo", main(["demo", "--db", db, "--members", "40", "--quiet"]))
gc.collect()
print("backup", main(["backup", "--db", db]))
from app import safety
lock = safety.acquire_lock(db)
try:
    safety.acquire_lock(db)
    print("lock not exclusive")
except safety.DatabaseLocked as exc:
    print("lock refused")
lock.release()
print("restore", main(["restore", "--db", db, "--newest-good", "--yes"]))
print("check", main(["check-db", "--db", db]))
'''


def _wine() -> str | None:
    return shutil.which("wine64") or (str(p) if (p := Path("/usr/lib/wine/wine64")).exists() else None)


def test_packaged_program_runs_under_wine(unpacked, tmp_path):
    wine = _wine()
    if wine is None:
        pytest.skip("needs Wine: apt-get install wine64")
    script = tmp_path / "smoke.py"
    script.write_text(SMOKE, encoding="utf-8")
    env = {**os.environ, "WINEPREFIX": str(tmp_path / "prefix"), "WINEDEBUG": "-all", "PYTHONUTF8": "1",
           "WINEDLLOVERRIDES": "mscoree,mshtml="}
    for var in ("DANGVU_DATA_DIR", "PYTHONPATH", "VIRTUAL_ENV"):
        env.pop(var, None)
    proc = subprocess.run([wine, str(unpacked / "Python" / "python.exe"), str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=600)
    out = proc.stdout
    print(out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert f"version {version} " in out and "platform win32" in out
    for line in ("demo 0", "backup 0", "lock refused", "restore 0", "check 0"):
        assert line in out.splitlines(), line
    assert "Đã phục hồi" in out
