"""«Cài đặt»: the names, signer, numbering, Nơi nhận, margins, population and template folder that every
report and form prints, and the kinds of the party units (the report's unit structure and Biểu 5 count from
them). Suggested from the unit tree, checked by the rules of Hướng dẫn 36-HD/VPTW, previewed as the header
and the signature block will print.

    SettingsDialog(db, parent).exec()   # saves in one transaction on «Lưu»
    offer_settings(window, db)          # first start / after the first import: opens it when names are blank
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMessageBox, QPlainTextEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

HEADER_KEYS = ("parent_body", "issuing_body", "place_name")


class SettingsDialog(QDialog):
    def __init__(self, db, parent=None):
        super().__init__(parent)
        from app.services import settings as S, units as U

        self.db = db
        self.setWindowTitle("Cài đặt")
        with db.session() as s:
            self.stored = S.get_settings(s)
            self.suggested = {k: v for k, v in S.suggest_settings(s).items() if not self.stored.get(k)}
            self.units = [u for u in U.list_units(s) if u.kind.value != "commune" and u.active_to is None]
        self.editors: dict[str, QWidget] = {}
        self.unit_changes: dict[int, dict] = {}

        tabs = QTabWidget()
        tabs.addTab(self._document_page(S), "Văn bản")
        tabs.addTab(self._units_page(), "Tổ chức đảng")
        self.tabs = tabs

        self.preview = QLabel()
        self.preview.setTextFormat(Qt.TextFormat.RichText)
        self.preview.setWordWrap(True)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.preview.setStyleSheet("background: white; border: 1px solid #bbb; padding: 8px;")
        self.preview.setMinimumWidth(430)
        self.checks = QLabel()
        self.checks.setWordWrap(True)
        self.checks.setTextFormat(Qt.TextFormat.RichText)

        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Xem trước đầu và cuối văn bản</b>"))
        right.addWidget(self.preview, 1)
        right.addWidget(self.checks)
        body = QHBoxLayout()
        body.addWidget(tabs, 3)
        body.addLayout(right, 2)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.suggest_button = QPushButton("Điền theo gợi ý")
        self.suggest_button.setToolTip("Điền các ô còn trống bằng gợi ý lấy từ tên Đảng bộ xã trong cây tổ chức")
        self.suggest_button.setEnabled(bool(self.suggested))
        self.suggest_button.clicked.connect(self.fill_suggestions)
        bottom = QHBoxLayout()
        bottom.addWidget(self.suggest_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)

        lay = QVBoxLayout(self)
        lay.addLayout(body, 1)
        lay.addLayout(bottom)
        self.resize(1180, 720)
        self.update_preview()

    # --- pages ---
    def _document_page(self, S) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in S.FIELDS:
            value = self.stored.get(f.key, "")
            hint = self.suggested.get(f.key)
            if f.kind == "long":
                editor = QPlainTextEdit(value)
                editor.setPlaceholderText(f.example)
                editor.setFixedHeight(86)
                editor.textChanged.connect(self.update_preview)
                form.addRow(f.label, editor)
            elif f.kind == "folder":
                editor = QLineEdit(value)
                pick = QPushButton("Chọn…")
                pick.clicked.connect(lambda _=False, e=editor: self._pick_folder(e))
                row = QHBoxLayout()
                row.addWidget(editor, 1)
                row.addWidget(pick)
                editor.textChanged.connect(self.update_preview)
                form.addRow(f.label, row)
            else:
                editor = QLineEdit(value)
                editor.setPlaceholderText(f"gợi ý: {hint}" if hint else (f"ví dụ: {f.example}" if f.example else ""))
                editor.textChanged.connect(self.update_preview)
                form.addRow(f.label, editor)
            self.editors[f.key] = editor
        return page

    def _units_page(self) -> QWidget:
        from app.models.enums import PlaceType, UnitKind

        page = QWidget()
        lay = QVBoxLayout(page)
        note = QLabel("Cấp và loại hình của từng tổ chức đảng: phần «Tình hình tổ chức đảng» của báo cáo và Biểu "
                      "5-BTCTW đếm theo đây (đảng bộ cơ sở, chi bộ cơ sở, chi bộ trực thuộc; thôn, trường học, "
                      "cơ quan, doanh nghiệp…).")
        note.setWordWrap(True)
        lay.addWidget(note)
        table = QTableWidget(len(self.units), 3)
        table.setHorizontalHeaderLabels(["Tổ chức đảng", "Cấp", "Loại hình (Biểu 5)"])
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        kinds = [k for k in UnitKind if k != UnitKind.COMMUNE]
        for row, u in enumerate(self.units):
            item = QTableWidgetItem(("    " * max(0, u.depth - 1)) + u.name)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, 0, item)
            kind = QComboBox()
            for k in kinds:
                kind.addItem(k.label, k.value)
            kind.setCurrentIndex(kinds.index(u.kind))
            kind.currentIndexChanged.connect(lambda _i, uid=u.id, box=kind: self._unit_changed(uid, "kind", box))
            table.setCellWidget(row, 1, kind)
            place = QComboBox()
            place.addItem("(chưa rõ)", None)
            for p in PlaceType:
                place.addItem(p.label, p.value)
            place.setCurrentIndex(0 if u.place_type is None else list(PlaceType).index(u.place_type) + 1)
            place.currentIndexChanged.connect(
                lambda _i, uid=u.id, box=place: self._unit_changed(uid, "place_type", box))
            table.setCellWidget(row, 2, place)
        table.resizeColumnToContents(1)
        table.setColumnWidth(2, 260)
        self.units_table = table
        lay.addWidget(table, 1)
        return page

    def _unit_changed(self, unit_id: int, field: str, box: QComboBox) -> None:
        self.unit_changes.setdefault(unit_id, {})[field] = box.currentData()

    def _pick_folder(self, editor: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Thư mục mẫu báo cáo", editor.text())
        if folder:
            editor.setText(folder)

    # --- values ---
    def value(self, key: str) -> str:
        editor = self.editors[key]
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    def set_value(self, key: str, text: str) -> None:
        editor = self.editors[key]
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)

    def values(self) -> dict[str, str]:
        return {key: self.value(key) for key in self.editors}

    def changes(self) -> dict[str, str]:
        return {k: v for k, v in self.values().items() if v != (self.stored.get(k) or "")}

    def fill_suggestions(self) -> None:
        for key, text in self.suggested.items():
            if not self.value(key).strip():
                self.set_value(key, text)

    def problems(self) -> list[tuple[str, str]]:
        from app.services.settings import check_settings

        return check_settings(self.values())

    def update_preview(self) -> None:
        from app.export.docx_helpers import doc_date_text
        from app.export.docx_writer import BLANK, HEADER_BLANK

        v = {k: self.value(k).strip() for k in self.editors}
        e = html.escape
        parent = e(v["parent_body"].upper()) or HEADER_BLANK
        issuing = e(v["issuing_body"].upper()) or HEADER_BLANK
        number = e(v["doc_number"]) or BLANK
        place = e(doc_date_text(v["place_name"] or BLANK, date.today()))
        recipients = "".join(f"<div style='font-size:9pt'>- {e(line.strip().lstrip('-').strip())}</div>"
                             for line in v["recipients"].splitlines() if line.strip())
        self.preview.setText(
            "<table width='100%' style='font-family:Times New Roman'><tr>"
            f"<td align='center' width='45%'>{parent}<br><b>{issuing}</b><br>*<br>Số {number}-{e(v['doc_symbol'])}</td>"
            f"<td align='center'><b>ĐẢNG CỘNG SẢN VIỆT NAM</b><br>──────────<br><i>{place}</i></td></tr></table>"
            "<p align='center' style='font-family:Times New Roman'><b>BÁO CÁO</b><br><b>…</b></p>"
            "<table width='100%' style='font-family:Times New Roman'><tr>"
            f"<td width='48%' valign='top'><u>Nơi nhận:</u>{recipients}</td>"
            f"<td align='center' valign='top'><b>{e(v['signer_on_behalf'].upper())}<br>"
            f"{e(v['signer_title'].upper())}</b><br><br><br><b>{e(v['signer_name']) or BLANK}</b></td>"
            "</tr></table>")
        problems = self.problems()
        missing = [k for k in HEADER_KEYS + ("doc_number", "signer_name") if not v[k]]
        lines = [f"<span style='color:#a00'>• {e(m)}</span>" for _k, m in problems]
        from app.services.settings import LABELS

        lines += [f"<span style='color:#8a4b00'>• Chưa điền «{e(LABELS[k])}»: văn bản sẽ để trống"
                  f"{' (điền tay khi ký)' if k == 'doc_number' else ''}.</span>" for k in missing]
        self.checks.setText("<br>".join(lines) if lines else
                            "<span style='color:#060'>Đầu và cuối văn bản đúng thể thức 36-HD/VPTW.</span>")

    def save(self) -> None:
        from app.services import settings as S
        from app.services.errors import DomainError

        changes = self.changes()
        try:
            with self.db.transaction() as s:
                if changes:
                    S.set_settings(s, changes)
                if self.unit_changes:
                    S.set_unit_kinds(s, self.unit_changes)
        except DomainError as exc:
            QMessageBox.warning(self, "Chưa lưu được", str(exc))
            return
        self.accept()


def needs_settings(db) -> bool:
    """True while the header's names have never been saved (a fresh database, a first import)."""
    from app.services.settings import stored_keys

    if getattr(db, "read_only", False):
        return False
    with db.session() as s:
        return not (set(HEADER_KEYS) & stored_keys(s))


def open_settings(db, parent=None) -> bool:
    """Open «Cài đặt» and wait; True when the clerk saved."""
    return SettingsDialog(db, parent).exec() == QDialog.DialogCode.Accepted


def offer_settings(parent, db) -> SettingsDialog | None:
    """First start, or after the first import: open «Cài đặt» (without blocking) when the names are blank."""
    if db is None or not needs_settings(db):
        return None
    dialog = SettingsDialog(db, parent)
    dialog.setWindowTitle("Cài đặt — hãy điền tên cơ quan, địa danh, người ký trước khi in báo cáo")
    dialog.open()
    return dialog
