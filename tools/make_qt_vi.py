"""Compile Qt's own strings in Vietnamese (app/ui/ask.py: _QT_STRINGS) to resources/i18n/qt_vi.qm.

Run after changing those strings:  python tools/make_qt_vi.py
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.ui.ask import QM_NAME, write_ts  # noqa: E402

out = ROOT / "resources" / "i18n" / QM_NAME
out.parent.mkdir(parents=True, exist_ok=True)
lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).with_name("pyside6-lrelease"))
with tempfile.TemporaryDirectory() as tmp:
    ts = Path(tmp) / "qt_vi.ts"
    write_ts(ts)
    subprocess.run([lrelease, str(ts), "-qm", str(out)], check=True)
print(out)
