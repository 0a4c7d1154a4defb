"""Báo cáo: choose the kind and period, preview the computed figures and charts, write the clerk's own text
(kept with the saved report), and export the Word report or the statistical forms (Biểu 1–7-BTCTW).

Everything that reads the database, draws charts or writes a file runs off the UI thread (app/ui/ops.py: Loader
for the reads, an Op with a progress dialog for the files); the UI thread only lays out what came back.
The preview's HTML and charts are app/ui/report_preview.py's. About 700 lines, one screen: the choices, the
saved reports, the clerk's text and the two exports all read and write the one ReportRequest on screen.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFileDialog, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QListWidget, QListWidgetItem, QMessageBox, QPlainTextEdit,
                               QProgressBar, QPushButton, QSizePolicy, QSpinBox, QSplitter, QStackedWidget, QTabWidget,
                               QVBoxLayout, QWidget)

from app.common.progress import Cancelled, Progress
from app.export import CHART_KEYS, KINDS, NARRATIVE_KEYS, NARRATIVE_LABELS, SECTIONS, ReportRequest
from app.services.errors import DomainError
from app.services.reports import REPORT_KINDS

from .ask import confirm
from .ops import Loader, Op, show_failure
from .report_preview import PreviewBrowser, content_html, preview_job
from .widgets import Form, ask_save

# short names for the combo; the full title (KINDS) is the tooltip
KIND_LABELS = {key: kind.label for key, kind in REPORT_KINDS.items()}
KIND_FILE_PARTS = {key: kind.file_part for key, kind in REPORT_KINDS.items()}


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _dmy(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _date_edit(value: date) -> QDateEdit:
    w = QDateEdit(_qdate(value))
    w.setDisplayFormat("dd/MM/yyyy")
    w.setCalendarPopup(True)
    w.setMinimumDate(QDate(1930, 1, 1))
    w.setMaximumDate(QDate(2200, 12, 31))
    w.setMinimumWidth(120)
    return w


def describe_saved(row: dict) -> str:
    """One line of the saved-reports list."""
    kind = row["kind"]
    if kind == "as_of":
        what = f"Thống kê đến {_dmy(row['date_to'])}"
    elif kind == "year_end":
        what = f"Cuối năm {row['date_to'].year if row['date_to'] else ''}"
    else:
        what = f"{row['title'] or 'Sơ kết'} ({_dmy(row['date_from'])}–{_dmy(row['date_to'])})"
    when = row["updated_at"] or row["created_at"]
    return f"{what} — lưu {when.strftime('%d/%m/%Y %H:%M')}" if when else what


def _saved_rows(session) -> list[dict]:
    """Plain rows (no ORM objects leave the worker's session)."""
    from app.services import reports

    out = []
    for r in reports.list_reports(session):
        out.append({"id": r.id, "kind": r.kind, "title": r.title, "date_from": r.date_from, "date_to": r.date_to,
                    "sections_json": r.sections_json, "narrative_json": r.narrative_json,
                    "created_at": r.created_at, "updated_at": r.updated_at,
                    "sections": reports.sections_of(r), "narrative": reports.narrative_of(r)})
    return out


def request_from_saved(row: dict) -> ReportRequest:
    """The saved choices as a request (services.reports.saved_choices reads both shapes a row may hold)."""
    req = ReportRequest.from_record(row)
    req.sections = {s for s in req.sections if s in SECTIONS}
    req.narrative = {k: v for k, v in req.narrative.items() if k in NARRATIVE_KEYS}
    return req


class ReportsTab(QWidget):

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self.db = db
        self.stale = True
        self.loader = Loader(db, self)
        self.report_id: int | None = None      # the saved report being edited
        self.saved: list[dict] = []
        self.content = None                    # the last preview (ReportContent)
        self.preview_request: ReportRequest | None = None
        self.last_path: Path | None = None     # the last file written
        self.last_result = None                # ReportResult or the .xlsx path
        self.progress_dialog = None
        self.dirty = False
        self._build()
        self._kind_changed()
        self.dirty = False
        if getattr(db, "read_only", False):
            # a file opened read-only (checks failed or another copy is open): export still works, saving cannot
            for b in (self.save_button, self.delete_saved_button):
                b.setEnabled(False)
                b.setToolTip("Tệp dữ liệu đang mở ở chế độ chỉ xem: không lưu được.")

    # --- layout ---
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 6)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        # left: the choices and the saved reports
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 4, 0)
        box = QGroupBox("Loại báo cáo và kỳ số liệu")
        box_lay = QVBoxLayout(box)
        box_lay.setContentsMargins(6, 4, 6, 4)
        self.form = Form()
        self.form.layout_.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
            self.kind.setItemData(self.kind.count() - 1, KINDS[key], Qt.ItemDataRole.ToolTipRole)
        today = date.today()
        last_year = today.year - 1 if today.month < 12 else today.year
        self.as_of = _date_edit(today)
        self.year = QSpinBox()
        self.year.setRange(1930, 2200)
        self.year.setValue(last_year)
        self.year.setMaximumWidth(90)
        self.date_from = _date_edit(date(today.year, 1, 1))
        self.date_to = _date_edit(today)
        period = QWidget()
        period_lay = QHBoxLayout(period)
        period_lay.setContentsMargins(0, 0, 0, 0)
        period_lay.addWidget(self.date_from)
        period_lay.addWidget(QLabel("đến"))
        period_lay.addWidget(self.date_to)
        period_lay.addStretch(1)
        self.title = QLineEdit()
        self.title.setPlaceholderText("Sơ kết 03 năm thực hiện Nghị quyết số …")
        self.doc_date = _date_edit(today)
        self.form.add("kind", "Loại:", self.kind)
        self.form.add("as_of", "Số liệu đến ngày:", self.as_of)
        self.form.add("year", "Năm báo cáo:", self.year)
        self.form.add("date_from", "Kỳ báo cáo từ:", period)
        self.form.add("title", "Trích yếu:", self.title)
        self.form.add("doc_date", "Ngày ký văn bản:", self.doc_date)
        self.form.aliases.update({"date_to": "date_from", "narrative": "kind", "out": "kind"})
        self.form.fields["date_from"] = self.date_from
        box_lay.addWidget(self.form)
        left_lay.addWidget(box)

        sec_box, self.section_checks = self._check_group("Các phần của báo cáo", SECTIONS)
        left_lay.addWidget(sec_box)
        chart_box, self.chart_checks = self._check_group("Biểu đồ", CHART_KEYS)
        left_lay.addWidget(chart_box)

        saved_box = QGroupBox("Báo cáo đã lưu")
        saved_lay = QVBoxLayout(saved_box)
        saved_lay.setContentsMargins(6, 4, 6, 4)
        self.saved_list = QListWidget()
        self.saved_list.setMinimumHeight(80)
        self.saved_list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        saved_lay.addWidget(self.saved_list, 1)
        row = QHBoxLayout()
        self.open_saved_button = QPushButton("Mở lại")
        self.open_saved_button.clicked.connect(self.open_selected)
        self.delete_saved_button = QPushButton("Xóa")
        self.delete_saved_button.clicked.connect(self.delete_selected)
        self.new_button = QPushButton("Báo cáo mới")
        self.new_button.setToolTip("Bắt đầu một báo cáo mới (không sửa báo cáo đang mở)")
        self.new_button.clicked.connect(self.new_report)
        for b in (self.open_saved_button, self.delete_saved_button, self.new_button):
            row.addWidget(b)
        row.addStretch(1)
        saved_lay.addLayout(row)
        left_lay.addWidget(saved_box, 1)
        splitter.addWidget(left)

        # right: the preview and the clerk's text
        self.right_tabs = QTabWidget()
        preview_page = QWidget()
        preview_lay = QVBoxLayout(preview_page)
        preview_lay.setContentsMargins(4, 4, 4, 4)
        self.preview_note = QLabel("Bấm «Xem số liệu» để tính số liệu và vẽ biểu đồ theo lựa chọn bên trái.")
        self.preview_note.setWordWrap(True)
        preview_lay.addWidget(self.preview_note)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings_label.setStyleSheet("color: #8a4b00; background: #fff6e0; padding: 4px;")
        self.warnings_label.hide()
        preview_lay.addWidget(self.warnings_label)
        # a warning about a blank or wrong setting opens «Cài đặt» (app/ui/settings_dialog.py) from here
        self.settings_button = QPushButton("Mở Cài đặt…")
        self.settings_button.clicked.connect(self.open_settings)
        self.settings_button.hide()
        preview_lay.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.preview = PreviewBrowser()
        preview_lay.addWidget(self.preview, 1)
        self.right_tabs.addTab(preview_page, "Số liệu xem trước")

        text_page = QWidget()
        text_lay = QHBoxLayout(text_page)
        text_lay.setContentsMargins(4, 4, 4, 4)
        self.narrative_list = QListWidget()
        self.narrative_list.setMaximumWidth(260)
        self.narrative_list.setWordWrap(True)
        self.narrative_list.setSpacing(2)
        self.narrative_stack = QStackedWidget()
        self.narrative_edits: dict[str, QPlainTextEdit] = {}
        for key in NARRATIVE_KEYS:
            item = QListWidgetItem(NARRATIVE_LABELS[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.narrative_list.addItem(item)
            page = QWidget()
            page_lay = QVBoxLayout(page)
            page_lay.setContentsMargins(0, 0, 0, 0)
            head = QLabel(f"<b>{html.escape(NARRATIVE_LABELS[key])}</b>")
            hint = QLabel(self._narrative_hint(key))
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            edit = QPlainTextEdit()
            edit.setPlaceholderText("Lời văn của đảng ủy cho phần này (để trống nếu không cần)…")
            edit.textChanged.connect(lambda k=key: self._narrative_changed(k))
            page_lay.addWidget(head)
            page_lay.addWidget(hint)
            page_lay.addWidget(edit, 1)
            self.narrative_edits[key] = edit
            self.narrative_stack.addWidget(page)
        self.narrative_list.currentRowChanged.connect(self.narrative_stack.setCurrentIndex)
        self.narrative_list.setCurrentRow(0)
        text_lay.addWidget(self.narrative_list)
        text_lay.addWidget(self.narrative_stack, 1)
        self.right_tabs.addTab(text_page, "Lời văn (tự viết)")
        splitter.addWidget(self.right_tabs)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([450, 900])
        left.setMinimumWidth(400)

        # bottom: the actions and what happened
        bar = QHBoxLayout()
        self.preview_button = QPushButton("Xem số liệu")
        self.preview_button.setDefault(True)
        self.preview_button.clicked.connect(self.show_preview)
        self.save_button = QPushButton("Lưu báo cáo")
        self.save_button.setToolTip("Lưu lựa chọn và lời văn để mở lại sau (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.docx_button = QPushButton("Xuất Word (.docx)…")
        self.docx_button.clicked.connect(self.export_docx)
        self.xlsx_button = QPushButton("Xuất biểu thống kê (.xlsx)…")
        self.xlsx_button.setToolTip("Biểu 1–7-BTCTW của kỳ đang chọn, kèm cùng kỳ năm trước")
        self.xlsx_button.clicked.connect(self.export_xlsx)
        self.open_file_button = QPushButton("Mở tệp")
        self.open_file_button.setToolTip("Mở tệp vừa xuất bằng Word/Excel để xem và in")
        self.open_file_button.setEnabled(False)
        self.open_file_button.clicked.connect(self.open_last_file)
        self.print_file_button = QPushButton("In")
        self.print_file_button.setToolTip("Gửi tệp vừa xuất tới máy in mặc định")
        self.print_file_button.setEnabled(False)
        self.print_file_button.clicked.connect(self.print_last_file)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.hide()
        for b in (self.preview_button, self.save_button, self.docx_button, self.xlsx_button, self.open_file_button,
                  self.print_file_button):
            bar.addWidget(b)
        bar.addWidget(self.busy)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bar.addWidget(self.status, 1)
        outer.addLayout(bar)

        self.kind.currentIndexChanged.connect(self._kind_changed)
        for w in (self.as_of, self.date_from, self.date_to, self.doc_date):
            w.dateChanged.connect(self._changed)
        self.year.valueChanged.connect(self._changed)
        self.title.textChanged.connect(self._changed)

    @staticmethod
    def _narrative_hint(key: str) -> str:
        if key == "intro":
            return "Đặt ở đầu báo cáo, thay câu mở đầu mặc định (căn cứ văn bản cấp trên, mục đích báo cáo)."
        if key in SECTIONS:
            return "Đặt ngay sau số liệu của phần này (nhận xét, nguyên nhân, kết quả nổi bật)."
        return "Một phần riêng sau các phần số liệu; chỉ in khi có nội dung."

    # --- reading and setting the choices ---
    def kind_key(self) -> str:
        return self.kind.currentData()

    def set_kind(self, key: str) -> None:
        self.kind.setCurrentIndex(max(self.kind.findData(key), 0))

    def _row_visible(self, name: str, visible: bool) -> None:
        self.form.layout_.setRowVisible(self.form.fields[name].parentWidget()
                                        if name != "date_from" else self.date_from.parentWidget().parentWidget(),
                                        visible)

    def _kind_changed(self) -> None:
        kind = self.kind_key()
        self._row_visible("as_of", kind == "as_of")
        self._row_visible("year", kind == "year_end")
        self._row_visible("date_from", kind == "period_review")
        self._row_visible("title", kind == "period_review")
        self._changed()

    def _check_group(self, title: str, labels: dict[str, str]) -> tuple[QGroupBox, dict[str, QCheckBox]]:
        """A box of ticked check boxes, two to a row, one per key."""
        box = QGroupBox(title)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        checks: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(labels.items()):
            cb = QCheckBox(label)
            cb.setChecked(True)
            cb.toggled.connect(self._changed)
            checks[key] = cb
            grid.addWidget(cb, i // 2, i % 2)
        return box, checks

    def _changed(self, *_args) -> None:
        self.dirty = True
        if self.content is not None:
            self.preview_note.setText("Lựa chọn đã thay đổi: bấm «Xem số liệu» để tính lại.")

    def _narrative_changed(self, key: str) -> None:
        self.dirty = True
        item = self.narrative_list.item(NARRATIVE_KEYS.index(key))
        font = item.font()
        font.setBold(bool(self.narrative_edits[key].toPlainText().strip()))
        item.setFont(font)

    def narrative(self) -> dict[str, str]:
        return {k: e.toPlainText().strip() for k, e in self.narrative_edits.items() if e.toPlainText().strip()}

    def request(self) -> ReportRequest:
        """The request as chosen; raises DomainError (with the field) when it cannot be made."""
        kind = self.kind_key()
        req = ReportRequest(kind=kind, title=self.title.text().strip() if kind == "period_review" else "")
        if kind == "as_of":
            req.as_of = self.as_of.date().toPython()
        elif kind == "year_end":
            req.year = self.year.value()
        else:
            req.date_from, req.date_to = self.date_from.date().toPython(), self.date_to.date().toPython()
        req.sections = {k for k, cb in self.section_checks.items() if cb.isChecked()}
        req.charts = {k for k, cb in self.chart_checks.items() if cb.isChecked()}
        req.narrative = self.narrative()
        req.doc_date = self.doc_date.date().toPython()
        if not req.sections and not req.narrative:
            raise DomainError("Hãy chọn ít nhất một phần của báo cáo.", field="sections")
        req.validate()
        return req

    def _checked_request(self) -> ReportRequest | None:
        self.form.clear_errors()
        try:
            return self.request()
        except DomainError as exc:
            self._refuse(exc)
            return None

    def _refuse(self, exc: DomainError) -> None:
        if exc.field == "sections":
            self.status.setText(f"<span style='color:#b00020'>{html.escape(exc.message)}</span>")
            next(iter(self.section_checks.values())).setFocus()
            return
        self.form.show_error(exc)
        self.status.setText(f"<span style='color:#b00020'>{html.escape(exc.message)}</span>")

    def set_request(self, req: ReportRequest) -> None:
        self.set_kind(req.kind)
        if req.kind == "as_of" and req.as_of:
            self.as_of.setDate(_qdate(req.as_of))
        elif req.kind == "year_end" and req.year:
            self.year.setValue(int(req.year))
        elif req.kind == "period_review":
            if req.date_from:
                self.date_from.setDate(_qdate(req.date_from))
            if req.date_to:
                self.date_to.setDate(_qdate(req.date_to))
        self.title.setText(req.title or "")
        for k, cb in self.section_checks.items():
            cb.setChecked(k in req.sections)
        for k, cb in self.chart_checks.items():
            cb.setChecked(k in req.charts)
        for k, edit in self.narrative_edits.items():
            edit.setPlainText(req.narrative.get(k, ""))

    # --- main-window protocol ---
    def refresh(self) -> None:
        self.loader.load("saved", _saved_rows, self._show_saved, self._load_failed)

    def _load_failed(self, exc) -> None:
        self.busy.hide()
        self.preview_button.setEnabled(True)
        if isinstance(exc, DomainError):
            self._refuse(exc)
        else:
            show_failure(self, exc)

    def _show_saved(self, rows: list[dict]) -> None:
        self.saved = rows
        self.saved_list.clear()
        for row in rows:
            item = QListWidgetItem(describe_saved(row))
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setToolTip(row["title"] or KINDS.get(row["kind"], ""))
            self.saved_list.addItem(item)
            if row["id"] == self.report_id:
                item.setSelected(True)
                self.saved_list.setCurrentItem(item)

    # --- preview ---
    def show_preview(self) -> None:
        req = self._checked_request()
        if req is None:
            return
        self.preview_button.setEnabled(False)
        self.busy.show()
        self.status.setText("Đang tính số liệu và vẽ biểu đồ…")
        self.preview_request = req
        self.loader.load("preview", lambda s: preview_job(s, req), self._show_content, self._load_failed)

    def _show_content(self, value) -> None:
        content, images = value
        self.busy.hide()
        self.preview_button.setEnabled(True)
        self.content = content
        self.preview.images = images
        self.preview.document().clear()
        own_intro = bool(self.preview_request and self.preview_request.narrative.get("intro", "").strip())
        self.preview.setHtml(content_html(content, images, own_intro))
        period = (f"từ {_dmy(content.date_from)} " if content.date_from else "") + f"đến {_dmy(content.date_to)}"
        self.preview_note.setText(f"Số liệu {period}; chữ màu xanh là lời văn tự viết. "
                                  "Số liệu tính từ dữ liệu hiện có, không sửa tay ở đây.")
        self.status.setText(f"Đã tính xong: {len(content.sections)} phần, {len(images)} biểu đồ, "
                            f"{len(content.appendices)} phụ lục.")
        self.right_tabs.setCurrentIndex(0)

    # --- saving the choices and the text ---
    def save(self) -> bool:
        if not self.save_button.isEnabled():
            return False
        req = self._checked_request()
        if req is None:
            return False
        from app.services import reports

        record = req.to_record()
        try:
            with self.db.transaction() as s:
                row = reports.save_report(s, kind=record["kind"], title=record["title"],
                                          date_from=record["date_from"], date_to=record["date_to"],
                                          sections=sorted(req.sections), charts=sorted(req.charts),
                                          narrative=req.narrative, report_id=self.report_id)
                self.report_id = row.id
        except DomainError as exc:
            self._refuse(exc)
            return False
        self.dirty = False
        self.status.setText("Đã lưu báo cáo và lời văn.")
        self.refresh()
        return True

    def selected_saved(self) -> dict | None:
        item = self.saved_list.currentItem()
        if item is None:
            return None
        rid = item.data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.saved if r["id"] == rid), None)

    def has_unsaved_text(self) -> bool:
        # the choices are quick to make again; the clerk's own text is what must not be lost silently
        return self.dirty and bool(self.narrative())

    def maybe_leave(self) -> bool:
        """Before closing or replacing what is on screen: Save / Discard / Cancel when text is unsaved."""
        if not self.has_unsaved_text():
            return True
        answer = ask_save(self, "Lời văn báo cáo")
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def open_saved(self, report_id: int) -> None:
        row = next((r for r in self.saved if r["id"] == report_id), None)
        if row is not None and report_id != self.report_id and not self.maybe_leave():
            return
        if row is None:
            QMessageBox.warning(self, "Không thực hiện được", f"Không tìm thấy báo cáo đã lưu mã {report_id}.")
            return
        self.set_request(request_from_saved(row))
        self.report_id = report_id
        self.dirty = False
        self.form.clear_errors()
        self.status.setText(f"Đã mở: {describe_saved(row)}")

    def open_selected(self) -> None:
        row = self.selected_saved()
        if row is None:
            self.status.setText("Chọn một báo cáo trong danh sách đã lưu.")
            return
        self.open_saved(row["id"])

    def delete_selected(self) -> None:
        row = self.selected_saved()
        if row is None:
            self.status.setText("Chọn một báo cáo trong danh sách đã lưu.")
            return
        if not confirm(self, "Xóa báo cáo đã lưu", f"Xóa «{describe_saved(row)}» cùng lời văn đã viết? "
                       "Tệp Word đã xuất không bị xóa.", "Xóa báo cáo", danger=True):
            return
        from app.services import reports

        try:
            with self.db.transaction() as s:
                reports.delete_report(s, row["id"])
        except DomainError as exc:
            show_failure(self, exc)
            return
        if self.report_id == row["id"]:
            self.report_id = None
        self.status.setText("Đã xóa báo cáo đã lưu.")
        self.refresh()

    def new_report(self) -> None:
        if not self.maybe_leave():
            return
        self.report_id = None
        for edit in self.narrative_edits.values():
            edit.clear()
        self.saved_list.clearSelection()
        self.dirty = False
        self.status.setText("Báo cáo mới: chọn loại, kỳ số liệu và viết lời văn.")

    # --- files ---
    def _default_name(self, req: ReportRequest, suffix: str) -> str:
        if req.kind == "year_end":
            stamp = str(req.year)
        elif req.kind == "as_of":
            stamp = req.as_of.strftime("%d-%m-%Y")
        else:
            stamp = f"{req.date_from.strftime('%d-%m-%Y')}_{req.date_to.strftime('%d-%m-%Y')}"
        base = ("BaoCao_" + KIND_FILE_PARTS[req.kind]) if suffix == ".docx" else "BieuThongKe"
        folder = self.last_path.parent if self.last_path else Path.home() / "Documents"
        if not folder.is_dir():
            folder = Path.home()
        return str(folder / f"{base}_{stamp}{suffix}")

    def _ask_path(self, caption: str, default: str, filter_: str, suffix: str) -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self, caption, default, filter_)
        if not path:
            return None
        path = Path(path)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return path

    def export_docx(self) -> None:
        req = self._checked_request()
        if req is None:
            return
        path = self._ask_path("Lưu báo cáo Word", self._default_name(req, ".docx"), "Tài liệu Word (*.docx)", ".docx")
        if path is None:
            return
        db = self.db

        def job(token):
            from app.export import build_report

            for step in build_report(db, req, path):
                if isinstance(step, Progress) and step.cancellable:
                    token.check()   # before the file is written, stopping leaves nothing behind
                yield step

        self._run_file_job("Đang xuất báo cáo Word…", job, path)

    def forms_period(self, req: ReportRequest) -> tuple[date, date]:
        date_from, date_to = req.period()
        # a statistics report as of a date counts the forms' movements from the first of that year
        return date_from or date(date_to.year, 1, 1), date_to

    def export_xlsx(self) -> None:
        req = self._checked_request()
        if req is None:
            return
        date_from, date_to = self.forms_period(req)
        path = self._ask_path("Lưu biểu thống kê", self._default_name(req, ".xlsx"), "Bảng tính Excel (*.xlsx)",
                              ".xlsx")
        if path is None:
            return
        db, doc_day = self.db, req.doc_date

        def job(token):
            from app.export.forms import write_forms

            yield Progress(0, 2, "Điền các biểu thống kê…")
            token.check()
            written = write_forms(db, date_from, date_to, path, doc_day=doc_day)
            yield Progress(2, 2, "Đã ghi biểu thống kê.", cancellable=False)
            yield written

        self._run_file_job("Đang xuất biểu thống kê…", job, path)

    def _files_enabled(self, on: bool) -> None:
        self.docx_button.setEnabled(on)
        self.xlsx_button.setEnabled(on)

    def _run_file_job(self, title: str, job, path: Path) -> None:
        """job(token) is a generator of Progress and then the written result, run as one operation."""
        self._files_enabled(False)
        self.status.setText(f"{title} ({path.name})")

        def done(value):
            self._files_enabled(True)
            self.progress_dialog = None
            self._written(value)

        def failed(exc):
            self._files_enabled(True)
            self.progress_dialog = None
            if isinstance(exc, Cancelled):
                self.status.setText("Đã hủy xuất tệp.")
                return
            self.status.setText("Chưa xuất được tệp.")
            if isinstance(exc, DomainError):
                self._refuse(exc)
            show_failure(self, exc)

        op = Op(self, lambda: job(op.token)).success(done).failure(failed).with_progress_dialog(title)
        self.progress_dialog = op.dialog
        op.run()

    def _written(self, value) -> None:
        if hasattr(value, "warnings"):  # a ReportResult or the forms' FormsResult (with its self-check)
            path, warnings = Path(value.path), list(value.warnings)
        else:
            path, warnings = Path(value), []
        self.last_result = value
        self.last_path = path
        self.open_file_button.setEnabled(True)
        self.print_file_button.setEnabled(True)
        self.status.setText(f"Đã ghi tệp: {html.escape(str(path))}. Bấm «Mở tệp» để xem và in."
                            + (" Có điểm cần xem lại (phía trên)." if warnings else ""))
        if warnings:
            self.warnings_label.setText(f"<b>{html.escape(path.name)} — cần xem lại trước khi ký:</b><br>"
                                        + "<br>".join("• " + html.escape(w) for w in warnings))
            self.right_tabs.setCurrentIndex(0)
        self.warnings_label.setVisible(bool(warnings))
        self.settings_button.setVisible(any("Cài đặt" in w for w in warnings))

    def open_settings(self) -> bool:
        from .settings_dialog import open_settings

        saved = open_settings(self.db, self)
        if saved:
            self.settings_button.hide()
        return saved

    def open_last_file(self) -> None:
        if self.last_path is None:
            return
        if not self.last_path.exists():
            QMessageBox.warning(self, "Không thực hiện được", f"Tệp không còn ở chỗ cũ: {self.last_path}")
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_path))):
            QMessageBox.warning(self, "Không mở được tệp",
                                f"Máy chưa có chương trình mở được tệp {self.last_path.name}. "
                                f"Tệp nằm ở: {self.last_path}")

    def print_last_file(self) -> None:
        """The system prints the file (Windows: the shell's print verb), see app/ui/printing.system_print."""
        from .printing import system_print

        if self.last_path is None or not self.last_path.exists():
            QMessageBox.warning(self, "Không thực hiện được", f"Tệp không còn ở chỗ cũ: {self.last_path}")
            return
        problem = system_print(self.last_path)
        if problem:
            QMessageBox.warning(self, "Không in được", problem)
        else:
            self.status.setText(f"Đã gửi {html.escape(self.last_path.name)} tới máy in mặc định.")

