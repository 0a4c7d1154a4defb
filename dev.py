#!/usr/bin/env python3
"""Set up and run Đảng vụ from a source checkout, on Linux or Windows, with only Python 3.11+.

    python dev.py demo      open the program on a demo database (made on first run)
    python dev.py test      run the whole test suite

Each command creates .venv and installs the project into it when needed (again only when
pyproject.toml changed), so both are safe to run again.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MARKER = VENV / ".dangvu-installed"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_env() -> Path:
    if sys.version_info < (3, 11):
        sys.exit("Đảng vụ cần Python 3.11 trở lên (Python 3.11+ required).")
    py = venv_python()
    if not py.exists():
        print("Tạo môi trường ảo .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not MARKER.exists() or MARKER.read_text().strip() != wanted:
        print("Cài đặt các gói cần thiết …", flush=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
        MARKER.write_text(wanted)
    return py


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test", "run", "bench"}:
        print(__doc__)
        return 2
    py = ensure_env()
    cmd, rest = argv[0], argv[1:]
    if cmd == "test":
        return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT)
    if cmd == "demo":
        return subprocess.call([str(py), "-m", "app", "open-demo", *rest], cwd=ROOT)
    if cmd == "bench":
        return subprocess.call([str(py), str(ROOT / "benchmarks" / "run_all.py"), *rest], cwd=ROOT)
    return subprocess.call([str(py), "-m", "app", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
