"""Shared fixtures. Qt runs offscreen; every test gets its own data folder and a real SQLite file."""

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
if not SHARED.exists():  # CI clones main into another folder with shared/ beside it
    SHARED = Path(os.environ.get("DANGVU_SHARED", ROOT.parent / "shared"))


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    """Never touch the real user's data folder or Qt settings from a test (child processes included)."""
    monkeypatch.setenv("DANGVU_DATA_DIR", str(tmp_path / "userdata"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


@pytest.fixture
def db(tmp_path):
    from app.db import Database

    database = Database(tmp_path / "test.sqlite3")
    yield database
    database.dispose()


@pytest.fixture
def shared_dir() -> Path:
    return SHARED


@pytest.fixture
def samples_dir(shared_dir) -> Path:
    path = shared_dir / "samples"
    if not path.exists():
        pytest.skip(f"shared samples not found at {path}")
    return path
