"""The program opens no network connection: a full run (start, import, report, backup, window) in a
process where any socket raises and an audit hook records every attempt."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_full_run_creates_no_socket(tmp_path, shared_dir):
    sheet = shared_dir / "samples" / "DSDV_ThanhLong_2024.xlsx"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DANGVU_DATA_DIR": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen", "MPLBACKEND": "Agg"}
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("no_network_run.py")), str(tmp_path),
                           str(sheet) if sheet.exists() else ""], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["network"] == []
    assert len(result["steps"]) >= 6, result["steps"]
    assert any(s.startswith("report:") for s in result["steps"])
    print(result["steps"])


def test_the_guard_sees_and_refuses_a_connection_attempt():
    proc = subprocess.run([sys.executable, str(Path(__file__).with_name("no_network_run.py")), "--probe"],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])["network"]
    assert any(e.startswith("socket.getaddrinfo") for e in seen)
    assert any(e.startswith("socket.__new__") or e == "socket.socket()" for e in seen)
    assert len(seen) >= 3
