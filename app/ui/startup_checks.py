"""Before the main window: integrity check (offer the newest good backup), the write lock (a second copy
opens read-only or quits), the optional password. After it: the daily backup on close, the lock released.

    session = open_database(db_path)      # None: the clerk chose to quit
    ...
    close_database(session)
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from app import backup, safety
from app.db import Database, sqlite_path, url_for

from .early_check import EarlyCheck
from .ui_thread import OnUiThread

log = logging.getLogger(__name__)

TITLE = "Đảng vụ"
MAX_PASSWORD_TRIES = 5


@dataclass
class OpenDatabase:
    db: Database
    lock: safety.DatabaseLock | None

    @property
    def read_only(self) -> bool:
        return self.db.read_only


class Prompts:
    """The questions asked at start; tests replace them, the program shows message boxes."""

    def __init__(self, parent=None):
        self.parent = parent

    def _ask(self, icon, text: str, yes: str, no: str) -> bool:
        box = QMessageBox(icon, TITLE, text, QMessageBox.StandardButton.NoButton, self.parent)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(no, QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes_button)
        box.exec()
        return box.clickedButton() is yes_button

    def restore_damaged(self, result: safety.IntegrityResult) -> bool:
        return self._ask(QMessageBox.Icon.Critical, result.message, "Phục hồi từ bản sao lưu", "Thoát")

    def damaged_no_backup(self, result: safety.IntegrityResult) -> None:
        QMessageBox.critical(self.parent, TITLE, result.message + "\nChương trình sẽ đóng; hãy nhờ người có "
                             "chuyên môn xem tệp dữ liệu.")

    def open_read_only(self, locked: safety.DatabaseLocked) -> bool:
        return self._ask(QMessageBox.Icon.Warning, locked.for_window, "Mở chỉ xem", "Thoát")

    def password(self, attempt: int) -> str | None:
        label = "Nhập mật khẩu để mở dữ liệu:" if attempt == 1 else "Mật khẩu không đúng. Nhập lại:"
        text, ok = QInputDialog.getText(self.parent, TITLE, label, QLineEdit.EchoMode.Password)
        return text if ok else None

    def info(self, text: str) -> None:
        QMessageBox.information(self.parent, TITLE, text)

    def server_problem(self, result: safety.ServerCheck) -> bool:
        """The server cannot be opened: True to open «Kết nối máy chủ…» (or go back to the local file)."""
        return self._ask(QMessageBox.Icon.Critical, result.message + "\n\nSửa kết nối (hoặc dùng tệp trên máy "
                         "này), hoặc thoát và mở lại khi máy chủ đã bật.", "Kết nối máy chủ…", "Thoát")

    def connect(self) -> bool:
        """The connection dialog; True when the clerk saved a (new) choice."""
        from .connect_dialog import ConnectDialog

        return ConnectDialog(parent=self.parent).exec() == ConnectDialog.DialogCode.Accepted

    def server_emptied(self, result: safety.ServerCheck) -> bool:
        """Warned: True to restore the newest good backup, False to open the database as it is."""
        if result.newest_good is None:
            self.info(result.message)
            return False
        return self._ask(QMessageBox.Icon.Warning, result.message, "Phục hồi từ bản sao lưu", "Mở như vậy")


class PromptsFromWorker:
    """The start-up questions asked by a worker thread that runs the checks (lock, integrity check, migration,
    password hash: a quarter of a second to seconds at 20,000 members, which would freeze the window just
    painted): each question is shown on the UI thread (through `ui`, made there), the worker waits for the
    answer."""

    def __init__(self, prompts: Prompts, ui: OnUiThread):
        self._prompts = prompts
        self._ui = ui

    def __getattr__(self, name):
        ask = getattr(self._prompts, name)
        return lambda *args: self._ui(lambda: ask(*args))


def db_file(db_path=None) -> Path | None:
    return sqlite_path(url_for(db_path))


def open_database(db_path=None, prompts: Prompts | PromptsFromWorker | None = None,
                  early: EarlyCheck | None = None) -> OpenDatabase | None:
    """The start-up checks, in order; returns the open database, or None when the program should quit.
    `early`: the integrity check already begun beside the imports (used when it checked this very file)."""
    prompts = prompts or Prompts()
    path = db_file(db_path)
    lock = None
    read_only = False
    url = url_for(db_path)
    if path is None and url.startswith("postgresql"):
        return _open_server(db_path, url, prompts)
    if path is not None:
        try:
            lock = safety.acquire_lock(path)
        except safety.DatabaseLocked as locked:
            log.warning("database %s is locked by %s", path, locked.holder)
            if not prompts.open_read_only(locked):
                return None
            read_only = True
        result = early.result_for(path) if early is not None else None
        if result is None:
            result = safety.check_integrity(path)
        if not result.ok and result.index_only and not read_only and safety.repair_indexes(path):
            prompts.info(f"Chỉ mục của tệp dữ liệu bị lỗi ({result.problems[0]}); chương trình đã dựng lại chỉ "
                         "mục từ dữ liệu trong các bảng, không mất gì. Nếu lỗi này lặp lại, hãy kiểm tra ổ đĩa.")
            result = safety.IntegrityResult(path)
        if not result.ok:
            if result.newest_good is None or read_only:
                prompts.damaged_no_backup(result)
                _release(lock)
                return None
            if not prompts.restore_damaged(result):
                _release(lock)
                return None
            try:
                backup.restore_backup(path, result.newest_good.path)
            except backup.BackupError as exc:
                prompts.info(str(exc))
                _release(lock)
                return None
            prompts.info(f"Đã phục hồi dữ liệu từ bản sao lưu {result.newest_good.path.name}. Tệp hỏng được "
                         "giữ lại trong thư mục sao lưu.")
    db = Database(db_path, read_only=read_only) if path is None else Database(path, read_only=read_only)
    if not _password_ok(db, prompts):
        db.dispose()
        _release(lock)
        return None
    return OpenDatabase(db, lock)


def _open_server(db_path, url: str, prompts: Prompts) -> OpenDatabase | None:
    """A server database: no file lock and no integrity_check (see app.safety.check_server for why); the
    server must answer with our schema, and an emptied database beside backups is warned about."""
    for _attempt in range(5):
        result = safety.check_server(url)
        if result.can_open:
            break
        if not prompts.server_problem(result) or not prompts.connect():
            return None
        if db_path is None:  # the dialog changed what url_for gives (the server, or the local file again)
            return open_database(None, prompts)
    else:
        return None
    if result.emptied and prompts.server_emptied(result):
        try:
            backup.restore_backup(url, result.newest_good.path)
        except backup.BackupError as exc:
            prompts.info(str(exc))
            return None
        prompts.info(f"Đã phục hồi dữ liệu trên máy chủ từ bản sao lưu {result.newest_good.path.name} "
                     f"({result.newest_good.kind_label}).")
    try:
        safety.backup_before_server_migration(url, result)
    except backup.BackupError as exc:
        prompts.info(f"Không sao lưu được trước khi nâng cấp dữ liệu trên máy chủ, nên chưa nâng cấp: {exc}")
        return None
    db = Database(url)  # an older schema is migrated here (Alembic, one transaction on the server)
    if not _password_ok(db, prompts):
        db.dispose()
        return None
    return OpenDatabase(db, None)


def _password_ok(db: Database, prompts: Prompts) -> bool:
    from app.services import security

    with db.session() as s:
        if not security.has_password(s):
            return True
        try:
            security.check_stored(s)
        except security.TamperedPassword as exc:
            log.error("start-up password hash refused: %s", exc)
            prompts.info(str(exc))
            return False
        for attempt in range(1, MAX_PASSWORD_TRIES + 1):
            text = prompts.password(attempt)
            if text is None:
                return False
            if security.verify_password(s, text):
                return True
        log.warning("start-up password refused %d times", MAX_PASSWORD_TRIES)
    return False


def _release(lock) -> None:
    if lock is not None:
        lock.release()


def close_database(opened: OpenDatabase) -> Path | None:
    """The daily backup (not from a read-only copy), then the lock goes. Returns the backup made, if any."""
    made = None
    opened.db.dispose()
    if not opened.read_only and opened.db.path is None and opened.db.url.startswith("postgresql"):
        # the daily copy of the server's data, from each PC that uses it (pg_dump, or the logical copy); the
        # server checks its own pages, so there is no integrity_check to run here
        try:
            made = backup.backup_on_close(opened.db.url)
        except backup.BackupError as exc:
            log.error("backup of the server database on close failed: %s", exc)
    elif not opened.read_only and opened.db.path is not None:
        # integrity_check at close (affordable then). The daily copy is itself checked with integrity_check
        # and refused when the file is damaged, so a damaged file never pushes a good backup out; when no copy
        # is made, the file is checked on its own. A failure makes the next start check fully again.
        try:
            made = backup.backup_on_close(opened.db.path)
        except backup.BackupError as exc:  # the program still closes; the log says why there is no copy
            log.error("backup on close failed: %s", exc)
        if made is not None:
            safety.record_full_check(opened.db.path, True)
        else:
            result = safety.check_integrity(opened.db.path, full=True, find_backup=False)
            if not result.ok:
                log.error("integrity_check at close failed for %s: %s", opened.db.path, result.problems[:3])
    _release(opened.lock)
    return made


def change_password(db: Database, parent=None) -> bool:
    """Settings → password: set, change or turn off the start-up password. True when something changed."""
    from app.services import security
    from app.services.errors import DomainError

    with db.session() as s:
        has = security.has_password(s)
    current = None
    if has:
        current, ok = QInputDialog.getText(parent, "Mật khẩu khi mở", "Mật khẩu hiện tại:",
                                           QLineEdit.EchoMode.Password)
        if not ok:
            return False
    new, ok = QInputDialog.getText(parent, "Mật khẩu khi mở",
                                   f"{security.NOT_ENCRYPTED}\n\nMật khẩu mới (ít nhất {security.MIN_LENGTH} ký tự; "
                                   "để trống để bỏ mật khẩu):", QLineEdit.EchoMode.Password)
    if not ok:
        return False
    try:
        with db.transaction() as s:
            if not new.strip() and new:
                raise DomainError("Mật khẩu không được chỉ có dấu cách.", "new_password")
            if not new and has:
                security.clear_password(s, current or "")
            elif new:
                again, ok = QInputDialog.getText(parent, "Mật khẩu khi mở", "Nhập lại mật khẩu mới:",
                                                 QLineEdit.EchoMode.Password)
                if not ok:
                    return False
                if again != new:
                    raise DomainError("Hai lần nhập mật khẩu mới không giống nhau.", "new_password")
                security.set_password(s, new, current_password=current)
            else:
                return False
    except DomainError as exc:
        QMessageBox.warning(parent, "Mật khẩu khi mở", str(exc))
        return False
    QMessageBox.information(parent, "Mật khẩu khi mở", "Đã lưu." if new else "Đã bỏ mật khẩu khi mở.")
    return True
