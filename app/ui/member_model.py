"""The members table: all rows in memory, filtered and sorted in the model (20,000 rows, per keystroke).

A QSortFilterProxyModel calls filterAcceptsRow through Python once per row; at 20,000 rows that alone
costs tens of milliseconds, so the model keeps a list of visible row indexes and recomputes it in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

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
        self._keys: list[str] = []
        self._minority: list[bool] = []
        self._age_group: list[str | None] = []
        self._last = None  # (other filters, folded text, matching indexes) of the previous pass

    # --- data in ---
    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._last = None
        self.rows = list(rows)
        # folded name + card number + CCCD: one string per row, searched with `in`
        self._keys = [" ".join(filter(None, (r.name_key, r.card_number, r.national_id))) for r in self.rows]
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

    def _compute(self) -> list[int]:
        f = self.filter
        text = fold(f.text)
        words = text.split()
        rows, keys = self.rows, self._keys
        idx = range(len(rows))
        # typing narrows: when only the search text grew, search the rows the shorter text matched
        others = (f.unit_ids, f.standing, f.exempt, f.gender, f.ethnic_minority, f.age_group, f.status)
        last = self._last
        if last is not None and last[0] == others and last[1] and text.startswith(last[1]) and \
                len(words) >= len(last[1].split()):
            idx = last[2]
            words = words[len(last[1].split()) - 1:]  # the last old word may have grown
        for w in words:
            idx = [i for i in idx if w in keys[i]]
        if f.status == ON_ROLL:
            idx = [i for i in idx if rows[i].is_on_roll]
        elif f.status == LEFT:
            idx = [i for i in idx if not rows[i].is_on_roll]
        if f.unit_ids is not None:
            units = f.unit_ids
            idx = [i for i in idx if rows[i].unit_id in units]
        if f.standing is not None:
            idx = [i for i in idx if rows[i].standing == f.standing]
        if f.exempt is not None:
            idx = [i for i in idx if rows[i].is_exempt == f.exempt]
        if f.gender is not None:
            idx = [i for i in idx if rows[i].gender == f.gender]
        if f.ethnic_minority is not None:
            mino = self._minority
            idx = [i for i in idx if mino[i] == f.ethnic_minority]
        if f.age_group is not None:
            groups = self._age_group
            idx = [i for i in idx if groups[i] == f.age_group]
        idx = list(idx)
        self._last = (others, text, idx)
        return idx

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
