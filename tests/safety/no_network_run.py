"""A full run of the program with every socket forbidden (run by test_no_network.py in its own process).

An audit hook (PEP 578) sees every socket any Python code creates or resolves, whoever calls it, and the
socket constructors are replaced by ones that raise. Prints one JSON line: the steps done and the events.
"""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

FORBIDDEN = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.gethostbyname",
             "socket.gethostbyaddr", "socket.sendto", "urllib.Request", "http.client.connect",
             "ftplib.connect", "smtplib.connect", "webbrowser.open"}
seen: list[str] = []


def audit(event, args):
    if event in FORBIDDEN:
        seen.append(f"{event} {args!r}"[:200])
        raise OSError(f"network forbidden: {event}")


sys.addaudithook(audit)


class NoSocket(socket.socket):
    def __init__(self, *a, **k):
        seen.append("socket.socket()")
        raise OSError("network forbidden")


socket.socket = NoSocket
socket.create_connection = lambda *a, **k: (_ for _ in ()).throw(OSError("network forbidden"))


def main(work: Path, sheet: Path | None) -> dict:
    steps = []
    db_path = work / "dangvu.sqlite3"
    from app import backup, safety

    log_path = safety.setup_logging(work / "logs")
    lock = safety.acquire_lock(db_path)
    assert safety.check_integrity(db_path).ok
    from app.db import Database

    db = Database(db_path)
    steps.append("start: database opened and migrated")
    from app.services import security

    with db.transaction() as s:
        security.set_password(s, "matkhau-xa")
    with db.session() as s:
        assert security.verify_password(s, "matkhau-xa")
    steps.append("start: password set and checked")
    db.dispose()

    from app.cli import main as cli

    lock.release()  # the window's lock goes: each writing command takes it itself (issue 18)
    if sheet is not None:
        assert cli(["import", str(sheet), "--db", str(db_path)]) == 0
        steps.append("import: sample sheet")
    else:
        assert cli(["demo", "--db", str(db_path), "--members", "60", "--quiet"]) in (0, 1)
        steps.append("demo data")
    assert cli(["stats", "--db", str(db_path), "--as-of", "2024-12-31"]) == 0
    assert cli(["reminders", "--db", str(db_path), "--as-of", "2024-12-31"]) == 0
    steps.append("services: statistics, reminders")
    outputs = []
    for args, out in ((["report", "--db", str(db_path), "--as-of", "2024-12-31"], "report.docx"),
                      (["report", "--db", str(db_path), "--year", "2024"], "year.docx"),
                      (["forms", "--db", str(db_path), "--from", "2024-01-01", "--to", "2024-12-31"], "forms.xlsx")):
        target = work / out
        code = cli(args + ["--out", str(target)])
        assert code == 0 and target.stat().st_size > 0, (args, code)
        outputs.append(out)
    steps.append("report: " + ", ".join(outputs))

    lock = safety.acquire_lock(db_path)
    copy = backup.create_backup(db_path, "manual")
    backup.restore_backup(db_path, copy)
    steps.append("backup and restore")

    # the window too: Qt, the tabs, charts imported on demand (when the window is part of this checkout)
    import importlib.util
    import os

    if importlib.util.find_spec("app.ui.main_window") is None:
        lock.release()
        steps.append("window: not in this checkout")
        return {"steps": steps, "log": str(log_path)}
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from app.ui import error_dialog
    from app.ui.main_window import MainWindow

    error_dialog.install_excepthook(work / "logs")
    db = Database(db_path)
    window = MainWindow(db)
    window.show()
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        app.processEvents()
    window.close()
    db.dispose()
    lock.release()
    steps.append("window: every tab shown")
    return {"steps": steps, "log": str(log_path)}


def probe() -> None:
    """The guard itself: a connection attempt through the standard library must be seen and refused."""
    import urllib.request

    for attempt in (lambda: urllib.request.urlopen("http://127.0.0.1:9/", timeout=1),
                    lambda: socket.getaddrinfo("localhost", 80), lambda: socket.socket()):
        try:
            attempt()
        except OSError:
            pass


if __name__ == "__main__":
    if sys.argv[1] == "--probe":
        probe()
        print(json.dumps({"network": seen}))
        raise SystemExit(0)
    work = Path(sys.argv[1])
    sheet = Path(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
    result = main(work, sheet)
    result["network"] = seen
    print(json.dumps(result, ensure_ascii=False))
