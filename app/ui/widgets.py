"""Small shared pieces of the window: date fields, enum combos, forms that show refusals next to the field.
Work off the UI thread is app/ui/ops.py's (Loader and show_error are re-exported here for the tabs)."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSizePolicy,
                               QVBoxLayout, QWidget)

from app.services.errors import DomainError

from .ask import ask_save  # noqa: F401  (re-exported: the tabs' unsaved-changes question)
from .ops import Loader, show_failure as show_error  # noqa: F401  (re-exported: the tabs' reads and errors)

ERROR_STYLE = "color: #b00020;"
_DATE_RE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")
_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")


class RowsTableModel(QAbstractTableModel):
    """A read-only table over a list of row objects; subclasses give HEADERS and data()."""

    HEADERS: tuple = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows = []

    def set_rows(self, rows):
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None


class DateField(QLineEdit):
    """A date typed dd/mm/yyyy. With year_only allowed, '1958' alone is accepted (old records)."""

    def __init__(self, parent=None, *, allow_year_only: bool = False):
        super().__init__(parent)
        self.allow_year_only = allow_year_only
        self.setPlaceholderText("dd/mm/yyyy hoặc yyyy" if allow_year_only else "dd/mm/yyyy")
        self.setValidator(QRegularExpressionValidator(r"[0-9/.\-]{0,10}", self))
        self.setMaximumWidth(130)

    def set_date(self, value: date | None, year_only: bool = False) -> None:
        if value is None:
            self.setText("")
        elif year_only:
            self.setText(str(value.year))
        else:
            self.setText(value.strftime("%d/%m/%Y"))

    def parsed(self) -> tuple[date | None, bool]:
        """(date, year_only); raises DomainError (field set by the form) when the text is not a date."""
        text = self.text().strip()
        if not text:
            return None, False
        m = _DATE_RE.match(text)
        if m:
            try:
                return date(int(m.group(3)), int(m.group(2)), int(m.group(1))), False
            except ValueError:
                pass
        elif self.allow_year_only and _YEAR_RE.match(text):
            return date(int(text), 1, 1), True
        hint = "ngày/tháng/năm (ví dụ 15/03/2026)" + (" hoặc chỉ năm (1958)" if self.allow_year_only else "")
        raise DomainError(f"Ngày «{text}» không hợp lệ: nhập theo dạng {hint}.")

    def value(self) -> date | None:
        return self.parsed()[0]


class EnumCombo(QComboBox):
    """A combo over a LabelledEnum (labels shown, members returned); optional blank first item."""

    def __init__(self, enum_cls, parent=None, *, blank: str | None = "", members=None):
        super().__init__(parent)
        if blank is not None:
            self.addItem(blank, None)
        for m in (members or list(enum_cls)):
            self.addItem(m.label, m)
            self.setItemData(self.count() - 1, m.label, Qt.ItemDataRole.ToolTipRole)
        # long labels (nhóm nghề nghiệp, loại hình) must not widen the form past the screen
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)

    def value(self):
        return self.currentData()

    def set_value(self, value) -> None:
        idx = self.findData(value)
        self.setCurrentIndex(max(idx, 0))


class UnitCombo(QComboBox):
    """Units indented by depth, from units.list_units rows."""

    def __init__(self, parent=None, *, blank: str | None = None):
        super().__init__(parent)
        self.blank = blank
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)

    def set_units(self, units, selected: int | None = None) -> None:
        current = selected if selected is not None else self.currentData()
        self.blockSignals(True)
        self.clear()
        if self.blank is not None:
            self.addItem(self.blank, None)
        for u in units:
            self.addItem("    " * u.depth + u.name, u.id)
        idx = self.findData(current)
        self.setCurrentIndex(max(idx, 0))
        self.blockSignals(False)

    def value(self) -> int | None:
        return self.currentData()

    def set_value(self, unit_id) -> None:
        self.setCurrentIndex(max(self.findData(unit_id), 0))


class Form(QWidget):
    """A QFormLayout whose rows each have a red line under the field for the services' refusal."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.general_error = QLabel()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.layout_.addRow(self.general_error)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.aliases: dict[str, str] = {}

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(1)
        lay.addWidget(widget)
        err = QLabel()
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        # a wrapped message takes the height it needs: never clipped at the top and bottom
        err.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding)
        err.hide()
        lay.addWidget(err)
        self.layout_.addRow(label, box)
        self.fields[name], self.errors[name] = widget, err
        return widget

    def clear_errors(self) -> None:
        for err in [*self.errors.values(), self.general_error]:
            err.clear()
            err.hide()

    def show_error(self, exc: DomainError) -> QWidget | None:
        """Put the message beside the field the service named; returns that field (focused)."""
        name = exc.field
        name = name if name in self.errors else self.aliases.get(name or "")
        label = self.errors.get(name) if name else None
        if label is None:
            self.general_error.setText(exc.message)
            self.general_error.show()
            return None
        label.setText(exc.message)
        label.show()
        widget = self.fields[name]
        widget.setFocus()
        return widget

    def read_date(self, name: str) -> date | None:
        try:
            return self.fields[name].value()
        except DomainError as exc:
            raise DomainError(exc.message, name) from None

    def read_birth(self, name: str = "birth_date") -> tuple[date | None, bool]:
        try:
            return self.fields[name].parsed()
        except DomainError as exc:
            raise DomainError(exc.message, name) from None


def text_or_none(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


class EthnicityCombo(QComboBox):
    """Dân tộc: the 54 groups to choose from, searched as one types (any part of the name); other text is
    still accepted (the services normalise spellings: H'Mông = Mông)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        from PySide6.QtWidgets import QCompleter

        from app.common.ethnicity import ETHNIC_GROUPS

        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(ETHNIC_GROUPS))
        completer = QCompleter(list(ETHNIC_GROUPS), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)
        self.setMinimumContentsLength(12)
        self.setCurrentIndex(-1)

    def text(self) -> str:
        return self.currentText()

    def setText(self, text: str) -> None:
        self.setEditText(text or "")


class Choices(tuple):
    """A field kind: a fixed list of (label, value) pairs (e.g. the badge years)."""


def make_field(kind, initial=None, *, units=None) -> QWidget:
    """The one builder of form fields (member form, event dialogs, every SpecDialog).

    kinds: "text", "long", "date", "date!" (required), "birth" (a date or a year alone), "unit" (needs units=),
    "bool", "int", Choices(...), an enum class, or (enum class, members) for a combo without a blank line.
    """
    from PySide6.QtWidgets import QCheckBox, QPlainTextEdit, QSpinBox

    if kind in ("date", "date!", "birth"):
        w = DateField(allow_year_only=kind == "birth")
        w.set_date(initial)
    elif kind == "text":
        w = QLineEdit(initial or "")
    elif kind == "ethnicity":
        w = EthnicityCombo()
        w.setText(initial or "")
    elif kind == "long":
        w = QPlainTextEdit(initial or "")
        w.setFixedHeight(64)
        w.setTabChangesFocus(True)
    elif kind == "unit":
        w = UnitCombo(blank=UNIT_PROMPT)
        w.set_units(units or [], initial)
    elif kind == "bool":
        w = QCheckBox()
        w.setChecked(bool(initial))
    elif kind == "int":
        w = QSpinBox()
        w.setRange(0, 100000)
        w.setValue(initial or 0)
    elif isinstance(kind, Choices):
        w = QComboBox()
        for label, value in kind:
            w.addItem(label, value)
        if initial is not None:
            w.setCurrentIndex(max(w.findData(initial), 0))
    elif isinstance(kind, tuple):
        w = EnumCombo(kind[0], blank=None, members=kind[1])
        w.set_value(initial)
    else:
        w = EnumCombo(kind, blank="")
        w.set_value(initial)
    return w


def field_changed_signal(w: QWidget):
    """The signal a field emits when the clerk changes it (for "unsaved changes")."""
    from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit, QSpinBox

    if isinstance(w, QLineEdit):
        return w.textEdited
    if isinstance(w, EthnicityCombo):
        return w.editTextChanged
    if isinstance(w, QPlainTextEdit):
        return w.textChanged
    if isinstance(w, QAbstractButton):
        return w.toggled
    if isinstance(w, QSpinBox):
        return w.valueChanged
    return w.currentIndexChanged


def field_state(w: QWidget):
    """What the clerk typed or chose, comparable (for "has anything been typed?")."""
    from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit, QSpinBox

    if isinstance(w, (QLineEdit, EthnicityCombo)):
        return w.text().strip()
    if isinstance(w, QPlainTextEdit):
        return w.toPlainText().strip()
    if isinstance(w, QAbstractButton):
        return w.isChecked()
    if isinstance(w, QSpinBox):
        return w.value()
    return w.currentIndex()


# a unit must be chosen: never silently the first one in the list
UNIT_PROMPT = "— chọn chi bộ —"


class SpecDialog(QDialog):
    """A small dialog built from (name, label, kind[, initial]) fields; the OK button runs
    `perform(session, values)` in one transaction; a refusal keeps it open with the message by its field.

    who: the person or unit the dialog acts on, shown in large type above the fields (a window title is cut
    off and easy to overlook; an event for the wrong person is the worst error). Esc or Hủy over typed data
    asks before throwing it away.
    """

    def __init__(self, db, title: str, fields, perform=None, parent=None, *, units=None, aliases=None,
                 note=None, split_at: int | None = None, who: str | None = None, ok_text: str = "Lưu"):
        super().__init__(parent)
        from PySide6.QtWidgets import QHBoxLayout

        self.db = db
        self.setWindowTitle(title)
        self.spec, self._perform = list(fields), perform
        self.result_value = None
        lay = QVBoxLayout(self)
        self.who = QLabel(who or "")
        self.who.setWordWrap(True)
        self.who.setStyleSheet("font-size: 14px; font-weight: bold; padding: 2px 0 6px 0;")
        self.who.setVisible(bool(who))
        lay.addWidget(self.who)
        self.form = Form()
        self.forms = [self.form]
        if split_at:
            # long forms in two columns so they fit a 1366×768 screen
            second = Form()
            row = QHBoxLayout()
            row.addWidget(self.form)
            row.addWidget(second)
            lay.addLayout(row)
            self.forms.append(second)
            self.setMinimumWidth(860)
        else:
            lay.addWidget(self.form)
            self.setMinimumWidth(480)
        if note:
            lbl = QLabel(note)
            lbl.setWordWrap(True)
            self.form.layout_.insertRow(0, lbl)
        self._form_of: dict[str, Form] = {}
        for i, (name, label, kind, *initial) in enumerate(self.spec):
            target = self.forms[1] if split_at and i >= split_at else self.form
            self._form_of[name] = target
            target.add(name, label, make_field(kind, initial[0] if initial else None, units=units))
        self.form.aliases.update(aliases or {})
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self._initial = self.state()

    def field(self, name: str) -> QWidget:
        return self._form_of[name].fields[name]

    def state(self) -> tuple:
        return tuple(field_state(self.field(name)) for name, *_ in self.spec)

    def is_dirty(self) -> bool:
        return self.state() != self._initial

    def reject(self) -> None:
        from .ask import ask_discard

        if self.is_dirty() and not ask_discard(self, self.windowTitle()):
            return
        super().reject()

    def show_error(self, exc: DomainError) -> None:
        name = self.form.aliases.get(exc.field, exc.field)
        target = self._form_of.get(name, self.form)
        target.show_error(DomainError(exc.message, name))
        # wrapped red lines need more height than the dialog had: grow it, never clip the message
        self.layout().activate()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    def submit(self) -> None:
        for f in self.forms:
            f.clear_errors()
        try:
            values = self.values()
            if not self.before_write(values):
                return
            with self.db.transaction() as s:
                self.result_value = self.perform(s, values)
        except DomainError as exc:
            self.show_error(exc)
            return
        self.accept()

    def before_write(self, values: dict) -> bool:
        """A last question before writing (a date in the future …); False keeps the dialog open."""
        return True

    def values(self) -> dict:
        out = {}
        for name, label, kind, *_ in self.spec:
            w = self.field(name)
            if kind in ("date", "date!"):
                out[name] = self._form_of[name].read_date(name)
                if kind == "date!" and out[name] is None:
                    raise DomainError(f"Chưa nhập {label.lower()}.", name)
            elif kind in ("text", "ethnicity"):
                out[name] = w.text().strip() or None
            elif kind == "long":
                out[name] = w.toPlainText().strip() or None
            elif kind == "bool":
                out[name] = w.isChecked()
            elif kind == "int":
                out[name] = w.value()
            elif isinstance(kind, Choices):
                out[name] = w.currentData()
            else:
                out[name] = w.value()
                if kind == "unit" and out[name] is None:
                    raise DomainError(f"Chưa chọn {label.lower()}.", name)
        return out

    def perform(self, session, values: dict):
        return self._perform(session, values)


def setup_table(view, widths=(), *, stretch_last: bool = True) -> None:
    """One look for every table: whole rows selected, one line per row (fixed height is also what keeps
    a 20,000-row view fast), Vietnamese text elided rather than wrapped."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    for col, w in enumerate(widths):
        view.setColumnWidth(col, w)
    view.horizontalHeader().setStretchLastSection(stretch_last)
