"""Import wizard, steps 4–6: the confirmation (what will be written), the import itself as one write
operation with its progress and Hủy (app/ui/ops.py), and the result with its undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWizard, QWizardPage

from app.common.errors import UserError
from app.common.vnformat import fmt_int

from .ask import confirm
from .import_common import OK_STYLE, STATUS_WORDS, ProblemsModel, ProblemsPanel, error_text, escape
from .import_preview_page import PreviewPage
from .ops import Op
from .widgets import ERROR_STYLE

if TYPE_CHECKING:
    from .import_wizard import ImportWizard


# --- page 4: confirm --------------------------------------------------------------------------------------

class ConfirmPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 4/6 — Xác nhận")
        self.setSubTitle("Đọc lại những gì sẽ được ghi, rồi bấm «Nhập vào dữ liệu».")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Nhập vào dữ liệu")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addStretch(1)

    def initializePage(self) -> None:
        self.summary.setText(self.summary_html())

    def summary_html(self) -> str:
        plan, res = self.wiz.plan, self.wiz.resolutions
        unticked = {k for k, v in res.items() if v == "skip"}
        by_status = {s: 0 for s in STATUS_WORDS}
        for r in plan.rows:
            if r.key not in unticked:
                by_status[r.status] += 1
        taken = kept = 0
        for r in plan.rows:
            if r.status != "conflict" or r.key in unticked:
                continue
            for key, _ in PreviewPage.decisions(r):
                if isinstance(res.get(r.key), dict) and res[r.key].get(key) == "sheet":
                    taken += 1
                else:
                    kept += 1
        files = ", ".join(f"«{f.name}»" for f in plan.files)
        items = [
            f"Thêm mới <b>{fmt_int(by_status['new'])}</b> đảng viên;",
            f"Cập nhật <b>{fmt_int(by_status['update'] + by_status['conflict'])}</b> đảng viên đã có "
            f"(điền các trường còn trống; {fmt_int(by_status['conflict'])} người có xung đột: "
            f"{fmt_int(taken)} trường lấy theo tệp, {fmt_int(kept)} trường giữ dữ liệu hiện có);",
            f"Không đổi <b>{fmt_int(by_status['unchanged'])}</b> dòng (đã có, giống hệt);",
            f"Bỏ qua <b>{fmt_int(by_status['skipped'] + len(unticked))}</b> dòng "
            f"({fmt_int(len(unticked))} dòng do bạn bỏ chọn);",
            f"Tạo <b>{fmt_int(len(plan.units_to_create))}</b> chi bộ mới"
            + (f": {', '.join(plan.units_to_create)};" if plan.units_to_create else ";"),
            f"Ghi khoảng <b>{fmt_int(plan.counts['evaluations_created'])}</b> kết quả xếp loại.",
        ]
        return (f"<p>Từ {files}, ngày chốt danh sách <b>{plan.as_of:%d/%m/%Y}</b>:</p><ul>"
                + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
                "<p><b>Trước khi ghi</b>, chương trình tạo một bản sao lưu tệp dữ liệu (thư mục «backups» cạnh "
                "tệp dữ liệu).</p>"
                "<p>Cả lần nhập là một giao dịch: nếu bạn bấm «Hủy nhập» giữa chừng hoặc có lỗi, không có gì được "
                "ghi. Sau khi nhập xong vẫn có thể <b>hoàn tác cả lần nhập</b>.</p>"
                "<p>Các trạng thái không ghi ngày (dự bị, miễn sinh hoạt, nghỉ hưu, chuyển đi, từ trần) được ghi vào "
                "ngày chốt và đánh dấu «cần xem lại».</p>")


# --- page 5: progress -------------------------------------------------------------------------------------

class ProgressPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 5/6 — Đang nhập")
        self.setSubTitle("Đang ghi vào dữ liệu. Bấm «Hủy nhập» để dừng: mọi thứ đã ghi trong lần này được bỏ đi.")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.message = QLabel("Chuẩn bị…")
        self.message.setWordWrap(True)
        self.cancel_button = QPushButton("Hủy nhập")
        self.cancel_button.clicked.connect(self.cancel)
        row = QHBoxLayout()
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.message)
        lay.addLayout(row)
        lay.addStretch(2)
        self.op: Op | None = None
        self.finished = False

    def running(self) -> bool:
        return self.op is not None and not self.finished

    def initializePage(self) -> None:
        from app.services.imports import apply_plan

        self.finished = False
        self.cancel_button.setEnabled(True)
        self.bar.setRange(0, 0)
        db, plan, resolutions = self.wiz.db, self.wiz.plan, dict(self.wiz.resolutions)
        entered_by = _user_name()
        # apply_plan checks the token only inside its transaction, so a cancel can never undo a commit
        self.op = op = Op(self, lambda: apply_plan(db, plan, resolutions, entered_by=entered_by, cancel=op.token),
                          write=True)
        op.progress(self._progress).success(self._done).failure(self._failed).run()
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.running():
            self.op.cancel()
            self.cancel_button.setEnabled(False)
            self.message.setText("Đang hủy, bỏ những gì đã ghi trong lần này…")

    def _progress(self, item) -> None:
        if self.op is not None and self.op.cancelled:
            return
        self.bar.setRange(0, max(item.total, 1))
        self.bar.setValue(item.done)
        self.message.setText(item.what)

    def _done(self, result) -> None:
        self.wiz.result = result
        self.wiz.outcome = "late_cancel" if self.op.cancelled else "done"
        self.wiz.changed = True
        self._finish()

    def _failed(self, exc) -> None:
        from app.common.progress import Cancelled

        if isinstance(exc, Cancelled):
            self.wiz.result, self.wiz.outcome = None, "cancelled"
        else:
            if not isinstance(exc, UserError):
                from .error_dialog import log_bug

                log_bug(exc)   # a full disk or a bug: the result page says so, the log keeps the traceback
            self.wiz.result, self.wiz.outcome, self.wiz.error = None, "error", exc
        self._finish()

    def _finish(self) -> None:
        self.finished = True
        self.cancel_button.setEnabled(False)
        self.completeChanged.emit()
        self.wiz.next()

    def isComplete(self) -> bool:
        return self.finished


def _user_name() -> str | None:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name on some Windows setups; the import does not need one
        return None


# --- page 6: result ---------------------------------------------------------------------------------------

class ResultPage(QWizardPage):
    def nextId(self) -> int:
        return -1   # the last page, although the answers page has a higher id

    def __init__(self, wizard: ImportWizard):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Bước 6/6 — Kết quả")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.undo_button = QPushButton("Hoàn tác lần nhập này")
        self.undo_button.clicked.connect(self.ask_undo)
        self.undo_status = QLabel()
        self.undo_status.setWordWrap(True)
        self.undo_bar = QProgressBar()
        self.undo_bar.setRange(0, 0)
        self.undo_bar.setMaximumWidth(160)
        self.undo_bar.hide()
        row = QHBoxLayout()
        row.addWidget(self.undo_button)
        row.addWidget(self.undo_bar)
        row.addWidget(self.undo_status, 1)
        self.problems_model = ProblemsModel(self)
        self.problems_view = ProblemsPanel(self.problems_model)
        self.problems_title = QLabel()
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addLayout(row)
        lay.addWidget(self.problems_title)
        lay.addWidget(self.problems_view, 1)
        self.undo_running = False
        self.undone: dict | None = None

    def initializePage(self) -> None:
        outcome, result = self.wiz.outcome, self.wiz.result
        self.undo_status.setText("")
        self.undone = None
        self.problems_view.setVisible(result is not None)
        if result is None:
            self.undo_button.hide()
            self.problems_model.set_problems([])
            self.problems_title.setText("")
            if outcome == "cancelled":
                self.setSubTitle("Đã hủy nhập.")
                self.summary.setText("<p><b>Đã hủy nhập: dữ liệu không thay đổi.</b> Không có đảng viên, chi bộ "
                                     "hay kết quả xếp loại nào được ghi.</p><p>Muốn nhập lại: đóng cửa sổ này và chọn "
                                     "«Nhập từ Excel…» trong menu Tệp.</p>")
            else:
                err = self.wiz.error
                self.setSubTitle("Không nhập được.")
                self.summary.setText(f"<p style='color:#b00020'><b>Không nhập được, dữ liệu không thay đổi.</b>"
                                     f"</p><p>{escape(error_text(err))}</p>")
            return
        self.undo_button.show()
        self.undo_button.setEnabled(result.batch_id is not None)
        self.setSubTitle("Đã nhập xong." if outcome == "done" else
                         "Đã nhập xong trước khi kịp hủy; có thể hoàn tác bằng nút dưới đây.")
        self.summary.setText(self.summary_html(result))
        self.problems_model.set_problems(result.problems)
        self.problems_title.setText(f"Các vấn đề ghi nhận khi nhập ({fmt_int(len(result.problems))}):")

    @staticmethod
    def summary_html(result) -> str:
        items = [f"Thêm mới <b>{fmt_int(result.members_created)}</b> đảng viên",
                 f"Cập nhật <b>{fmt_int(result.members_updated)}</b> đảng viên",
                 f"Không đổi <b>{fmt_int(result.members_unchanged)}</b>",
                 f"Bỏ qua <b>{fmt_int(result.rows_skipped)}</b> dòng",
                 f"Tạo <b>{fmt_int(result.units_created)}</b> chi bộ mới",
                 f"Ghi <b>{fmt_int(result.evaluations_created)}</b> kết quả xếp loại"]
        if result.conflicts_left:
            items.append(f"Giữ dữ liệu hiện có ở <b>{fmt_int(result.conflicts_left)}</b> trường xung đột")
        backup = (f"<p>Bản sao lưu trước khi nhập: <code>{escape(result.backup_path)}</code></p>"
                  if result.backup_path else "")
        return ("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" + backup
                + f"<p>Lần nhập số {result.batch_id}.</p>")

    def ask_undo(self) -> None:
        if confirm(self, "Hoàn tác lần nhập",
                   "Bỏ toàn bộ những gì lần nhập này đã ghi (đảng viên thêm mới, các trường đã cập nhật, chi bộ và "
                   "kết quả xếp loại đã tạo)?", "Hoàn tác lần nhập", danger=True):
            self.undo()

    def undo(self) -> None:
        from app.services.imports import undo_import

        db, batch_id = self.wiz.db, self.wiz.result.batch_id
        self.undo_button.setEnabled(False)
        self.undo_running = True
        self.undo_bar.show()
        self.undo_status.setStyleSheet("")
        self.undo_status.setText("Đang hoàn tác lần nhập…")
        Op(self, lambda: undo_import(db, batch_id), write=True).success(self._undone).failure(self._undo_failed).run()

    def undoing(self) -> bool:
        return self.undo_running

    def _undone(self, value: dict) -> None:
        self.undo_running = False
        self.undo_bar.hide()
        self.undone = value
        self.wiz.changed = True
        self.undo_status.setStyleSheet(OK_STYLE)
        self.undo_status.setText(f"Đã hoàn tác: xóa {fmt_int(value['members_deleted'])} đảng viên, "
                                 f"{fmt_int(value['units_deleted'])} tổ chức đảng; khôi phục "
                                 f"{fmt_int(value['fields_restored'])} trường.")

    def _undo_failed(self, exc) -> None:
        self.undo_running = False
        self.undo_bar.hide()
        self.undone = {}
        self.undo_button.setEnabled(True)
        self.undo_status.setStyleSheet(ERROR_STYLE)
        self.undo_status.setText(f"Không hoàn tác được: {error_text(exc)}")
        if not isinstance(exc, UserError):
            from .error_dialog import log_bug

            log_bug(exc)
