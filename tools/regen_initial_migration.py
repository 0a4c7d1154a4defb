"""Regenerate migration 0001 from the models. Only while no database made by a release exists (pre-1.0):
after the first release every schema change is a new Alembic revision instead."""

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parents[1]
target = ROOT / "app" / "migrations" / "versions" / "0001_initial_schema.py"
target.unlink(missing_ok=True)
with tempfile.TemporaryDirectory() as tmp:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "app" / "migrations"))
    cfg.set_main_option("sqlalchemy.url", f"sqlite:///{tmp}/gen.db")
    command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
print("regenerated", target)
