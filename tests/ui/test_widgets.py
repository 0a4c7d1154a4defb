from datetime import date

import pytest

from app.services.errors import DomainError

from .ask_answers import answers  # noqa: F401  (autouse)


def test_date_field_reads_day_month_year(qtbot):
    from app.ui.widgets import DateField

    f = DateField()
    qtbot.addWidget(f)
    f.setText("15/03/2026")
    assert f.parsed() == (date(2026, 3, 15), False)
    f.setText("5.1.2024")
    assert f.value() == date(2024, 1, 5)
    f.setText("")
    assert f.value() is None
    f.setText("31/02/2026")
    with pytest.raises(DomainError, match="ngày/tháng/năm"):
        f.value()
    f.setText("1958")
    with pytest.raises(DomainError):
        f.value()  # a year alone is only for birth dates


def test_birth_date_may_be_a_year_only(qtbot):
    from app.ui.widgets import DateField

    f = DateField(allow_year_only=True)
    qtbot.addWidget(f)
    f.setText("1958")
    assert f.parsed() == (date(1958, 1, 1), True)
    f.set_date(date(1958, 1, 1), year_only=True)
    assert f.text() == "1958"
    f.set_date(date(1958, 7, 9))
    assert f.text() == "09/07/1958"


def test_form_shows_refusal_next_to_named_field(qtbot):
    from PySide6.QtWidgets import QLineEdit

    from app.ui.widgets import Form

    form = Form()
    qtbot.addWidget(form)
    form.show()
    form.add("name", "Tên", QLineEdit())
    form.add("on", "Ngày", QLineEdit())
    form.aliases["date"] = "on"
    form.show_error(DomainError("Ngày sai.", "date"))
    assert form.errors["on"].text() == "Ngày sai." and not form.errors["on"].isHidden()
    assert form.errors["name"].isHidden()
    form.show_error(DomainError("Lỗi chung.", "unknown_field"))
    assert form.general_error.text() == "Lỗi chung."
    form.clear_errors()
    assert form.errors["on"].isHidden() and form.general_error.isHidden()


def test_loader_runs_off_the_ui_thread_and_delivers_newest(qtbot, db):
    import threading

    from app.ui.widgets import Loader

    loader = Loader(db)
    seen = []
    main = threading.get_ident()

    def work(tag):
        def fn(session):
            return tag, threading.get_ident()
        return fn

    loader.load("k", work("old"), seen.append)
    loader.load("k", work("new"), seen.append)
    qtbot.waitUntil(lambda: not loader.busy(), timeout=5000)
    assert [t for t, _ in seen] == ["new"]
    assert seen[0][1] != main


def test_a_long_refusal_is_shown_whole_not_clipped(qtbot, tmp_path):
    from app.ui.widgets import SpecDialog

    dialog = SpecDialog(None, "Thử", [("on", "Ngày", "date!"), ("place", "Nơi", "text")])
    qtbot.addWidget(dialog)
    dialog.show()
    long = ("Không thể ghi chuyển sinh hoạt đi ngày 01/05/2024: đồng chí Nguyễn Văn Hùng còn có sự kiện «chuyển "
            "chi bộ trong xã» ngày 01/05/2024 (khi vẫn có tên trong danh sách). Chọn ngày sau 01/05/2024.")
    dialog.show_error(DomainError(long, "place"))
    qtbot.wait(50)
    label = dialog.form.errors["place"]
    assert label.isVisible() and label.text() == long
    assert label.height() >= label.heightForWidth(label.width())  # every wrapped line has its room
    assert dialog.height() >= dialog.sizeHint().height()
