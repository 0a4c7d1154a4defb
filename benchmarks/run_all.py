"""Run every benchmark in turn (`python dev.py bench`). Each prints its own table; see README › Performance."""

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPTS = ["bench_core.py", "bench_import.py", "bench_reports.py", "bench_ui.py"]


def main() -> int:
    failed = []
    for name in SCRIPTS:
        print(f"\n## {name}\n", flush=True)
        sys.argv = [str(HERE / name)]
        try:
            runpy.run_path(str(HERE / name), run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (0, None):
                failed.append(name)
    if failed:
        print("failed:", ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
