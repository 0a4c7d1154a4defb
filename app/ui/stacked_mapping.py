"""The wizard's view of stacked columns (the official book, DOMAIN §8): one sheet column, several facts.

Shown above the line-by-line mapping table: "Cột E «Văn hoá, lý luận, CMNV, ngoại ngữ» → 4 trường", each
line with the field it is read as and the first member's value, so the clerk sees the column as what it is
and corrects a line's meaning in the table below (remembered for the layout like any column).
"""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from app.importing.book_layout import stacked_groups


class StackedColumnsPanel(QTreeWidget):
    HEADERS = ["Cột trong sổ", "Đọc thành", "Ví dụ (người đầu tiên)"]

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setColumnCount(len(self.HEADERS))
        self.setHeaderLabels(self.HEADERS)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(0, 330)
        self.setColumnWidth(1, 470)
        self.setMaximumHeight(190)
        self.hide()

    def show_table(self, table) -> None:
        """Fill from the table's current mapping; hidden when no column stacks several facts."""
        self.clear()
        groups = stacked_groups(table) if table is not None and not table.skipped_reason else []
        for letters, header, lines in groups:
            fields = " · ".join(label for _line, label, _sample in lines)
            samples = " / ".join(sample or "…" for _line, _label, sample in lines)
            top = QTreeWidgetItem([f"Cột {letters} «{header}»", f"{len(lines)} trường: {fields}", samples])
            for c in range(3):
                top.setToolTip(c, top.text(c))
            for line, label, sample in lines:
                QTreeWidgetItem(top, [f"dòng {line}", label, sample])
            self.addTopLevelItem(top)
        self.setVisible(bool(groups))

    def summary(self) -> list[str]:
        """The panel's text, one line per sheet column ("Cột E «…» → Giáo dục phổ thông · …")."""
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            parts = [top.child(k).text(1) for k in range(top.childCount())]
            out.append(f"{top.text(0)} → {' · '.join(parts)}")
        return out
