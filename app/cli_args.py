"""What the command line accepts and how it fails: one Vietnamese sentence and exit status 1, never a
traceback, and with --json one JSON document on standard output whatever happens (issue 17).

Every sub-command module takes its argument types from here, and app/cli.py runs every command through
`run_command`, so a new command gets the same behaviour without writing it again.
"""

from __future__ import annotations

import argparse
import errno
import json
import re
import sys
from datetime import date

# the Party was founded on 3/2/1930: no record of a member is older; nothing is planned past 2100
EARLIEST = date(1930, 2, 3)
LATEST = date(2100, 12, 31)


def date_arg(text: str) -> date:
    from app.services.dates import parse_date

    try:
        value = parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not EARLIEST <= value <= LATEST:
        raise argparse.ArgumentTypeError(
            f"Ngày {value.day:02d}/{value.month:02d}/{value.year:04d} nằm ngoài khoảng có thể có hồ sơ đảng viên "
            f"({EARLIEST:%d/%m/%Y} – {LATEST:%d/%m/%Y})")
    return value


def int_arg(low: int, high: int, what: str, grouped: bool = True):
    def show(n: int) -> str:
        return f"{n:,}".replace(",", ".") if grouped else str(n)

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"«{text}» không phải số nguyên ({what})") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what} phải từ {show(low)} đến {show(high)}; đã nhập {show(value)}")
        return value
    return parse


_ARGPARSE_PHRASES = (
    (re.compile(r"the following arguments are required: (.*)"), r"thiếu tham số bắt buộc: \1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"tham số không hiểu được: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
     r"tham số \1: «\2» không có; chọn một trong: \3"),
    (re.compile(r"argument (\S+): expected one argument"), r"tham số \1 cần một giá trị"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.*)"), r"tham số \1: giá trị \3 không hợp lệ"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"tham số \1 không dùng cùng \2"),
    (re.compile(r"one of the arguments (.*) is required"), r"cần một trong các tham số \1"),
    (re.compile(r"argument (\S+): (.*)"), r"tham số \1: \2"),
)


def existing_database(path) -> None:
    """A command that only reads must not make an empty database where the clerk mistyped a path (it would
    then report a commune of 0 members as if it were true)."""
    from pathlib import Path

    from app.services.errors import DomainError

    if path is None or str(path).startswith(("sqlite:", "postgresql")):
        return
    p = Path(path)
    if p.is_dir():
        raise DomainError(f"«{p}» là một thư mục, không phải tệp cơ sở dữ liệu.", field="db")
    if not p.exists():
        raise DomainError(f"Không có tệp cơ sở dữ liệu «{p}» (kiểm tra lại đường dẫn --db).", field="db")


def read_text_file(path) -> str:
    """A text file the clerk wrote (a narrative): UTF-8, UTF-8 with BOM, or UTF-16 as Notepad saves it."""
    from pathlib import Path

    from app.services.errors import DomainError

    data = Path(path).read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(f"Tệp «{path}» không phải văn bản UTF-8 hay UTF-16; hãy lưu lại bằng Notepad với mã "
                          f"hóa UTF-8.", field="narrative") from None


def vietnamese_usage_error(message: str) -> str:
    for pattern, replacement in _ARGPARSE_PHRASES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class Parser(argparse.ArgumentParser):
    """argparse with its errors in Vietnamese, exit status 1, and a JSON error under --json."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        text = f"Lỗi: {vietnamese_usage_error(message).rstrip('.')}. Xem «{self.prog} -h»."
        if "--json" in sys.argv[1:]:
            print(json.dumps({"error": text}, ensure_ascii=False))
        print(text, file=sys.stderr)
        raise SystemExit(1)


def describe_failure(exc: BaseException) -> str | None:
    """The Vietnamese sentence for a failure the clerk can act on, or None for a real bug."""
    from app.common.errors import UserError

    if isinstance(exc, UserError):   # DomainError, PlanError, ImportFileError, BackupError …
        return str(getattr(exc, "message", None) or exc)
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, UnicodeDecodeError):
        return (f"Tệp đọc vào không phải văn bản UTF-8 ({exc.reason}); hãy lưu lại tệp dạng UTF-8 "
                f"(Notepad: Lưu thành… → Mã hóa UTF-8).")
    # SQLAlchemy wraps sqlite3's errors; look at the driver's own
    orig = getattr(exc, "orig", None)
    if orig is not None and orig is not exc:
        text = str(orig).lower()
        if "readonly" in text or "read-only" in text:
            return "Tệp cơ sở dữ liệu chỉ đọc được, không ghi được (tệp hoặc thư mục chỉ đọc, hoặc ổ đĩa khóa ghi)."
        if "disk is full" in text or "database or disk is full" in text:
            return "Ổ đĩa đã đầy: không ghi được cơ sở dữ liệu; không có gì bị thay đổi. Hãy giải phóng chỗ trống."
        if "unable to open" in text:
            return "Không mở được tệp cơ sở dữ liệu (đường dẫn sai, là một thư mục, hoặc không có quyền)."
        if "not a database" in text or "malformed" in text:
            return "Tệp cơ sở dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu của Đảng vụ."
        if "locked" in text or "busy" in text:
            return "Cơ sở dữ liệu đang bị một chương trình khác ghi; hãy thử lại sau ít phút."
        if isinstance(orig, OSError):
            return _os_error(orig)
    return None


def _os_error(exc: OSError) -> str:
    where = f" «{exc.filename}»" if getattr(exc, "filename", None) else ""
    code = exc.errno
    if code == errno.ENOSPC:
        return f"Ổ đĩa đã đầy, không ghi được tệp{where}; không có gì bị thay đổi. Hãy giải phóng chỗ trống rồi làm lại."
    if code in (errno.EACCES, errno.EPERM):
        return f"Không có quyền ghi hoặc đọc tệp{where}."
    if code == errno.EROFS:
        return f"Ổ đĩa chỉ đọc, không ghi được tệp{where}."
    if code == errno.ENOENT:
        return f"Không tìm thấy tệp hoặc thư mục{where}."
    if code == errno.EISDIR:
        return f"{where.strip() or 'Đường dẫn'} là một thư mục, không phải tệp."
    if code == errno.ENOTDIR:
        return f"Đường dẫn{where} sai: một phần của nó không phải thư mục."
    return f"Lỗi hệ thống khi đọc/ghi tệp{where}: {exc.strerror or exc}."


def run_command(func, args) -> int:
    """Run one sub-command; a failure the clerk can act on is one sentence (and JSON with --json)."""
    import io

    json_mode = bool(getattr(args, "json", False))
    real_stdout, real_stderr = sys.stdout, sys.stderr
    captured = io.StringIO()
    said = _Tee(real_stderr)
    if json_mode:
        # libraries print (xlrd's warnings go to standard output): with --json, what the command printed is
        # held back and only its JSON document reaches standard output; the rest goes to standard error
        sys.stdout = captured
        sys.stderr = said
    try:
        code = func(args)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:  # noqa: BLE001 - turned into a message, or re-raised as the bug it is
        message = describe_failure(exc)
        if message is None:
            import logging

            logging.getLogger("dangvu").exception("Lỗi không lường trước trong lệnh %s",
                                                  getattr(args, "command", ""))
            message = (f"Lỗi không lường trước ({type(exc).__name__}); chi tiết đã ghi vào nhật ký của chương "
                       f"trình. Dữ liệu không bị thay đổi nửa chừng: mỗi thao tác ghi là một giao dịch.")
        sys.stdout, sys.stderr = real_stdout, real_stderr
        if json_mode:
            _release(captured.getvalue(), real_stdout, keep_json=False)
            print(json.dumps({"error": message}, ensure_ascii=False), file=real_stdout)
        print(f"Lỗi: {message}", file=sys.stderr)
        return 1
    finally:
        sys.stdout, sys.stderr = real_stdout, real_stderr
    if json_mode:
        if not _release(captured.getvalue(), real_stdout, keep_json=True) and code:
            # refused before any JSON was written (the file is locked or damaged): the message it gave
            lines = [x[5:].strip() if x.startswith("Lỗi:") else x for x in said.text().splitlines() if x.strip()]
            print(json.dumps({"error": " ".join(lines) or "Không thực hiện được lệnh."}, ensure_ascii=False),
                  file=real_stdout)
    return code


class _Tee:
    """Standard error as it is, remembering what was said (to repeat it as JSON)."""

    def __init__(self, out):
        self._out = out
        self._said: list[str] = []

    def write(self, text: str) -> int:
        self._said.append(text)
        return self._out.write(text)

    def text(self) -> str:
        return "".join(self._said)

    def __getattr__(self, name):
        return getattr(self._out, name)


def _release(text: str, out, keep_json: bool) -> bool:
    """Send the command's JSON document to standard output and any other text to standard error."""
    if not text.strip():
        return False
    try:
        json.loads(text)
        if keep_json:
            out.write(text)
            out.flush()
        return True
    except ValueError:
        pass
    lines = text.splitlines(keepends=True)
    for start, line in enumerate(lines):
        if line[:1] in ("{", "["):
            candidate = "".join(lines[start:])
            try:
                json.loads(candidate)
            except ValueError:
                continue
            sys.stderr.write("".join(lines[:start]))
            if keep_json:
                out.write(candidate)
                out.flush()
            return True
    sys.stderr.write(text)
    return False
