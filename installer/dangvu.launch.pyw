"""Start Đảng vụ from the installed folder (run by pythonw.exe from the shortcuts).

Anything that fails before the program's own error dialog is installed (a missing module, a damaged
install) is written to the log folder and shown in a Windows message box: never a silent exit.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "pkgs"))


def _report(text):
    folder = os.path.join(os.environ.get("APPDATA") or os.path.expanduser("~"), "DangVu", "logs")
    path = os.path.join(folder, "khoi-dong-loi.log")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    except OSError:
        path = "(không ghi được tệp nhật ký)"
    message = ("Đảng vụ không khởi động được.\n\n" + text.strip().splitlines()[-1]
               + "\n\nChi tiết lỗi đã ghi vào:\n" + path)
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, message, "Đảng vụ — lỗi khởi động", 0x10)
    except Exception:
        sys.stderr.write(message + "\n")


def run():
    try:
        from app.cli import main

        code = main([])
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        import traceback

        _report(traceback.format_exc())
        code = 1
    sys.exit(code)


if __name__ == "__main__":
    run()
