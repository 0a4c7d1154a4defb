"""Regenerate migration 0001 from the models. Only while no database made by a release exists (pre-1.0)
and no later revision builds on 0001: once one does (0002 …), every schema change is a new Alembic revision
instead (BRIEF: one file app/migrations/versions/0003_<topic>.py), and this tool refuses without touching
anything.

    python tools/regen_initial_migration.py [--migrations DIR]   (default: app/migrations)

The new file is generated in a temporary copy of the folder and moved in only when generation succeeded,
so a failure never leaves the project without its first migration.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NAME = "0001_initial_schema.py"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--migrations", type=Path, default=ROOT / "app" / "migrations")
    args = p.parse_args(argv)
    versions = args.migrations / "versions"
    later = sorted(f.name for f in versions.glob("*.py") if f.name != NAME and not f.name.startswith("__"))
    if later:
        print(f"Refused: {', '.join(later)} build on 0001, so 0001 can no longer be regenerated. Write the schema "
              "change as a new revision instead (alembic revision --autogenerate, rev id 0003_<topic>).",
              file=sys.stderr)
        return 2
    from alembic import command
    from alembic.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "migrations"
        shutil.copytree(args.migrations, work, ignore=shutil.ignore_patterns("__pycache__"))
        (work / "versions" / NAME).unlink(missing_ok=True)
        cfg = Config()
        cfg.set_main_option("script_location", str(work))
        cfg.set_main_option("sqlalchemy.url", f"sqlite:///{tmp}/gen.db")
        command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
        shutil.copyfile(work / "versions" / NAME, versions / NAME)
    print("regenerated", versions / NAME)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
