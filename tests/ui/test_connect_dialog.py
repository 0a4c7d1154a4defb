"""Tệp → «Kết nối máy chủ…» offscreen: the fields make the URL, «Thử kết nối» says what failed in Vietnamese
(no server, wrong password, an empty database → create the schema), the password goes to the keyring only;
and the start-up checks open a server database. The password cases need a real server
(DANGVU_TEST_POSTGRES=1); the others run everywhere."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from app import connection
from app.db import url_for

from ..pg_helpers import PASSWORD, counts, memory_keyring, needs_postgres, password_server  # noqa: F401

SHOTS = Path("/tmp/pg-office")


def _fill(dialog, host="127.0.0.1", port="5432", database="dangvu", user="vanphong", password=""):
    # setText, not keyClicks: keyClicks aborts on non-ASCII text (STYLE.md)
    for field, value in ((dialog.host, host), (dialog.port, port), (dialog.database, database),
                         (dialog.user, user), (dialog.password, password)):
        field.setText(value)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_fields_make_the_url_and_a_bad_field_is_named(qtbot, memory_keyring):
    from app.ui.connect_dialog import ConnectDialog

    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    assert dialog.port.text() == "5432" and dialog.database.text() == "dangvu"
    assert "tệp dữ liệu trên máy này" in dialog.status.text()
    _fill(dialog, host="192.168.1.10", database="đảng_vụ", user="văn phòng", password="a@b:c")
    assert connection.parse_url(dialog.url()) == (
        connection.ServerConnection("192.168.1.10", "đảng_vụ", "văn phòng", 5432), "a@b:c")
    dialog.port.setText("cổng")
    assert dialog.test_connection() is False
    assert "Cổng «cổng» phải là một số" in dialog.status.text()


def test_no_server_on_that_port_is_said(qtbot, memory_keyring):
    from app.ui.connect_dialog import ConnectDialog

    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    _fill(dialog, port=str(_closed_port()), password="x")
    assert dialog.test_connection() is False
    assert dialog.status.text().startswith("Không kết nối được tới máy chủ 127.0.0.1:")
    assert "listen_addresses" in dialog.status.text()


def test_wrong_password_then_the_right_one_creates_the_schema_and_saves(qtbot, memory_keyring, password_server,
                                                                        monkeypatch):
    from app.ui.connect_dialog import ConnectDialog

    cluster, database = password_server
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _fill(dialog, port=str(cluster.port), database=database, user="dangvu", password="sai mật khẩu")
    assert dialog.test_connection() is False
    assert "sai người dùng hoặc mật khẩu" in dialog.status.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "connect-wrong-password.png"))

    _fill(dialog, port=str(cluster.port), database="khong_co", user="dangvu", password=PASSWORD)
    assert dialog.test_connection() is False
    assert "không có cơ sở dữ liệu «khong_co»" in dialog.status.text()

    _fill(dialog, port=str(cluster.port), database=database, user="dangvu", password=PASSWORD)
    asked = []
    assert dialog.test_connection(create_schema=lambda text: asked.append(text) or True) is True
    assert "chưa có cấu trúc dữ liệu" in asked[0] and "Đã tạo cấu trúc dữ liệu" in dialog.status.text()
    assert dialog.test_connection() is True and "0 đảng viên" in dialog.status.text()
    dialog.grab().save(str(SHOTS / "connect-ok.png"))

    assert dialog.save() is True
    saved = connection.settings_path().read_text(encoding="utf-8")
    assert PASSWORD not in saved and "dangvu" in saved and json.loads(saved)["port"] == cluster.port
    assert list(memory_keyring.store.values()) == [PASSWORD]
    monkeypatch.delenv("DANGVU_DB_URL", raising=False)
    url = url_for(None)  # what the next start opens: the server, password from the keyring
    assert counts(url, ("members", "units")) == {"members": 0, "units": 0}


class Script:
    def __init__(self):
        self.asked = []

    def server_problem(self, result):
        self.asked.append(("server", result.message))
        return False

    def server_emptied(self, result):
        self.asked.append(("emptied", result.message))
        return False

    def info(self, text):
        self.asked.append(("info", text))


def test_start_up_on_a_server_opens_it_without_a_file_lock(postgres_databases, monkeypatch):
    needs_postgres()
    from app.ui.startup_checks import close_database, open_database

    url = postgres_databases.fresh()
    try:
        script = Script()
        opened = open_database(url, script)
        assert opened is not None and opened.lock is None and not opened.read_only and script.asked == []
        assert opened.db.engine.dialect.name == "postgresql"
        close_database(opened)  # nothing to back up yet (no commune): no copy, no error
    finally:
        postgres_databases.drop(url)

    script = Script()
    assert open_database(f"postgresql+psycopg://dangvu@127.0.0.1:{_closed_port()}/x", script) is None
    assert script.asked and script.asked[0][0] == "server" and "Không kết nối được" in script.asked[0][1]
