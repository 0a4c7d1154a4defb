"""The errors the clerk is shown (not reported as bugs) share one base, and each reads as its message."""

from app.common.errors import UserError


def test_every_error_shown_to_the_clerk_is_a_user_error():
    from app.backup import BackupError
    from app.importing.plan import PlanError
    from app.importing.readers import ImportFileError
    from app.services.errors import DomainError, NotFound

    shown = [DomainError("Chưa nhập ngày.", "event_date"), NotFound("Không tìm thấy đảng viên mã 7.", "member"),
             PlanError("Không tìm thấy ngày chốt danh sách."), ImportFileError("a.xlsx", "Tệp «a.xlsx» bị hỏng."),
             BackupError("Không sao lưu được tệp dữ liệu.")]
    for exc in shown:
        assert isinstance(exc, UserError)
        assert str(exc) == exc.message and exc.message
    assert shown[0].field == "event_date" and shown[3].file == "a.xlsx"
    # a programming error is not one
    assert not isinstance(KeyError("x"), UserError)
