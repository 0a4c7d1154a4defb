"""The members table: all rows in memory, filtered and sorted in the model (100,000 rows, per keystroke).

A QSortFilterProxyModel calls filterAcceptsRow through Python once per row; at 100,000 rows that alone
costs a hundred milliseconds. So the model keeps a list of visible row indexes, and a keystroke costs at most
one pass: the search goes through a prefix index of the folded words (name, card number, CCCD: each query
word must begin a word of the row, "hung" finds "Hùng", "ng" finds "Nguyễn"), and the other filters' result
is kept while only the text changes.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, QTimer

from app.common.ethnicity import is_ethnic_minority
from app.common.text import fold
from app.models.enums import Gender, Standing
from app.services.dates import full_years
from app.services.age_groups import age_group

COL_NAME, COL_BIRTH, COL_GENDER, COL_ETHNICITY, COL_UNIT, COL_STANDING, COL_ADMITTED, COL_STATUS = range(8)
HEADERS = ("Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Chi bộ", "Đảng viên", "Ngày vào Đảng", "Tình trạng")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

# status filter values
ON_ROLL, LEFT, ALL = "on_roll", "left", "all"
# above this many rows, typing waits for a pause before filtering (a fast typist's keystrokes come ~80 ms apart)
DEBOUNCE_ROWS, DEBOUNCE_MS = 5000, 120


def debounced_typing(model: "MemberTableModel", apply, parent):
    """A slot for textChanged: filters at once on a small list, after a pause in typing on a big one."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(DEBOUNCE_MS)
    timer.timeout.connect(apply)

    def typed(*_):
        if len(model.rows) > DEBOUNCE_ROWS:
            timer.start()
        else:
            timer.stop()
            apply()
    typed.timer = timer
    return typed


@dataclass
class MemberFilter:
    text: str = ""
    unit_ids: set[int] | None = None
    standing: Standing | None = None
    exempt: bool | None = None
    gender: Gender | None = None
    ethnic_minority: bool | None = None
    age_group: str | None = None
    status: str = ON_ROLL
    extra: dict = field(default_factory=dict)


def _status(r) -> str:
    if r.is_on_roll:
        return "Miễn sinh hoạt" if r.is_exempt else "Đang sinh hoạt"
    if r.left_kind is not None:
        return r.left_kind.label
    return "Không có tên trong danh sách"


class MemberTableModel(QAbstractTableModel):
    def __init__(self, parent=None, today: date | None = None):
        super().__init__(parent)
        self.today = today or date.today()
        self.rows: list = []
        self.visible: list[int] = []
        self.filter = MemberFilter()
        self._sort = (COL_NAME, Qt.SortOrder.AscendingOrder)
        self._word_rows: dict[str, list[int]] = {}  # folded word -> the rows holding it
        self._words: list[str] = []                   # the same words, sorted: prefixes by bisection
        self._minority: list[bool] = []
        self._age_group: list[str | None] = []
        self._others = None  # (the filters other than the text, the set of rows they pass)

    # --- data in ---
    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._others = None
        self.rows = list(rows)
        # folded name + card number + CCCD: a few thousand distinct words for 100,000 people
        word_rows: dict[str, list[int]] = {}
        for i, r in enumerate(self.rows):
            for w in set(f"{r.name_key} {r.card_number or ''} {r.national_id or ''}".split()):
                word_rows.setdefault(w, []).append(i)
        self._word_rows, self._words = word_rows, sorted(word_rows)
        self._minority = [is_ethnic_minority(r.ethnicity) for r in self.rows]
        self._age_group = [self._group(r) for r in self.rows]
        self.visible = self._compute()
        self._apply_sort()
        self.endResetModel()

    def _group(self, r) -> str | None:
        if not r.birth_date:
            return None
        return age_group(full_years(r.birth_date, self.today))

    def set_filter(self, flt: MemberFilter) -> None:
        self.filter = flt
        visible = self._compute()
        self.beginResetModel()
        self.visible = visible
        self._apply_sort()
        self.endResetModel()

    def _matching(self, prefix: str) -> set[int]:
        """Rows with a word starting with `prefix` (the words between prefix and prefix + U+FFFF)."""
        words, word_rows = self._words, self._word_rows
        out: set[int] = set()
        for k in range(bisect_left(words, prefix), bisect_left(words, prefix + "\uffff")):
            out.update(word_rows[words[k]])
        return out

    def _passing_others(self) -> set[int]:
        """Rows passing every filter but the text, in one pass; kept while only the text changes."""
        f = self.filter
        others = (frozenset(f.unit_ids) if f.unit_ids is not None else None, f.standing, f.exempt, f.gender,
                  f.ethnic_minority, f.age_group, f.status)
        if self._others is not None and self._others[0] == others:
            return self._others[1]
        status, units, standing, exempt, gender = f.status, f.unit_ids, f.standing, f.exempt, f.gender
        minority, age_group = f.ethnic_minority, f.age_group
        mino, groups = self._minority, self._age_group
        passing = {i for i, r in enumerate(self.rows)
                   if (status == ALL or r.is_on_roll == (status == ON_ROLL))
                   and (units is None or r.unit_id in units)
                   and (standing is None or r.standing == standing)
                   and (exempt is None or r.is_exempt == exempt)
                   and (gender is None or r.gender == gender)
                   and (minority is None or mino[i] == minority)
                   and (age_group is None or groups[i] == age_group)}
        self._others = (others, passing)
        return passing

    def _compute(self) -> list[int]:
        passing = self._passing_others()
        words = sorted(set(fold(self.filter.text).split()), key=len, reverse=True)
        if not words:
            return sorted(passing)
        found = None
        for w in words:  # the longest word first: the fewest rows
            rows = self._matching(w)
            found = rows if found is None else found & rows
            if not found:
                return []
        return sorted(found & passing)

    # --- sorting (rows arrive in Vietnamese name order already) ---
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        rows = self.rows
        reverse = order == Qt.SortOrder.DescendingOrder
        if column == COL_NAME:
            self.visible.sort(reverse=reverse)  # index order is name order
        else:
            self.visible.sort(key=lambda i: (self._sort_value(rows[i], column), i), reverse=reverse)

    def _sort_value(self, r, column):
        if column == COL_BIRTH:
            return r.birth_date or date.min
        if column == COL_ADMITTED:
            return r.admitted_on or date.min
        return fold(self._display(r, column))

    # --- Qt model ---
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def row_at(self, row: int):
        return self.rows[self.visible[row]]

    def row_of(self, member_id: int) -> int | None:
        for pos, i in enumerate(self.visible):
            if self.rows[i].id == member_id:
                return pos
        return None

    def _display(self, r, column) -> str:
        if column == COL_NAME:
            return r.full_name
        if column == COL_BIRTH:
            return r.birth_text
        if column == COL_GENDER:
            return r.gender.label if r.gender else ""
        if column == COL_ETHNICITY:
            return r.ethnicity or ""
        if column == COL_UNIT:
            return r.unit_name
        if column == COL_STANDING:
            return r.standing.label if r.standing else ""
        if column == COL_ADMITTED:
            return r.admitted_on.strftime("%d/%m/%Y") if r.admitted_on else ""
        if column == COL_STATUS:
            return _status(r)
        return ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[self.visible[index.row()]]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, index.column())
        if role == SORT_ROLE:
            return self._sort_value(r, index.column())
        if role == ROW_ROLE:
            return r
        if role == Qt.ItemDataRole.ForegroundRole and not r.is_on_roll:
            from PySide6.QtGui import QColor

            return QColor("#777777")
        return None
