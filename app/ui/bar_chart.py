"""A small bar chart painted by Qt (QPainter): the home page's two charts.

Drawn natively instead of as matplotlib pictures: nothing to import at start-up (matplotlib's import and first
drawing took about a second and held the interpreter), less memory, and a resize repaints the same bars without
reading or rendering anything again. The reports (docx) keep matplotlib: their charts are pictures in a file.

    chart = BarChart(horizontal=True, color="#b22222")
    chart.set_bars("Đảng viên theo tổ chức trực thuộc", [("Bản Nà Sla", 58), ...])
    chart.set_message("Chưa có đảng viên: biểu đồ hiện khi đã có dữ liệu.")   # nothing to draw: no axes

A horizontal chart shows as many bars (in the order given) as fit its height and says so in the title
("8/23 đông nhất"); a vertical one shows every bar. Every bar carries its value written beside it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.common.vnformat import fmt_int

ROW_MIN = 18          # px per horizontal bar: below that the names are not legible
ROWS_MAX = 12         # more bars than that is a list, not a chart
MARGIN = 8
AXIS_COLOR = QColor("#888888")
TEXT_COLOR = QColor("#202020")


class BarChart(QWidget):
    def __init__(self, horizontal: bool, color: str, parent=None):
        super().__init__(parent)
        self.horizontal = horizontal
        self.color = QColor(color)
        self.title = ""
        self.bars: list[tuple[str, int]] = []
        self.message = ""
        self.more_label = "đông nhất"   # what the bars shown are, when not all fit ("8/23 đông nhất")
        self.painted: list[tuple[str, int]] = []   # the bars of the last paint (what the clerk saw)
        self.setMinimumSize(200, 150)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), QColor("white"))
        self.setPalette(palette)

    # --- what to show ---
    def set_bars(self, title: str, bars: list[tuple[str, int]]) -> None:
        self.title, self.bars, self.message = title, list(bars), ""
        self.painted = []
        self.update()

    def set_message(self, text: str) -> None:
        self.title, self.bars, self.message = "", [], text
        self.painted = []
        self.update()

    def shown_bars(self, height: int | None = None) -> list[tuple[str, int]]:
        """The bars that fit: all of a vertical chart; of a horizontal one, as many rows as its height holds."""
        if not self.horizontal:
            return self.bars
        height = self.height() if height is None else height
        rows = max(1, min(ROWS_MAX, (height - self._title_height() - 2 * MARGIN) // ROW_MIN))
        return self.bars[:rows]

    def shown_title(self) -> str:
        shown = len(self.shown_bars())
        if shown < len(self.bars):
            return f"{self.title} ({shown}/{len(self.bars)} {self.more_label})"
        return self.title

    # --- painting ---
    def _title_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(self.font().pointSizeF() * 1.1)
        return font

    def _title_height(self) -> int:
        return QFontMetrics(self._title_font()).height() + 6

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(TEXT_COLOR)
        area = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        if not self.bars:
            self.painted = []
            p.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.message)
            p.end()
            return
        p.setFont(self._title_font())
        title_h = self._title_height()
        title = QFontMetrics(p.font()).elidedText(self.shown_title(), Qt.TextElideMode.ElideRight, int(area.width()))
        p.drawText(QRectF(area.left(), area.top(), area.width(), title_h), Qt.AlignmentFlag.AlignHCenter, title)
        p.setFont(self.font())
        plot = area.adjusted(0, title_h, 0, 0)
        bars = self.shown_bars()
        if self.horizontal:
            self._paint_horizontal(p, plot, bars)
        else:
            self._paint_vertical(p, plot, bars)
        self.painted = bars
        p.end()

    def _paint_horizontal(self, p: QPainter, plot: QRectF, bars) -> None:
        fm = QFontMetrics(p.font())
        top = max((v for _, v in bars), default=0) or 1
        name_w = min(max(fm.horizontalAdvance(name) for name, _ in bars) + 6, int(plot.width() * 0.4))
        value_w = max(fm.horizontalAdvance(fmt_int(v)) for _, v in bars) + 6
        x0 = plot.left() + name_w
        span = max(plot.width() - name_w - value_w, 10)
        row = plot.height() / len(bars)
        bar_h = max(row * 0.7, 4)
        for i, (name, value) in enumerate(bars):
            y = plot.top() + i * row
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, name_w - 6)
            p.drawText(QRectF(plot.left(), y, name_w - 6, row),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown)
            length = span * value / top
            p.fillRect(QRectF(x0, y + (row - bar_h) / 2, length, bar_h), self.color)
            p.drawText(QRectF(x0 + length + 3, y, value_w, row), Qt.AlignmentFlag.AlignVCenter, fmt_int(value))
        p.setPen(AXIS_COLOR)
        p.drawLine(int(x0), int(plot.top()), int(x0), int(plot.bottom()))

    def _paint_vertical(self, p: QPainter, plot: QRectF, bars) -> None:
        fm = QFontMetrics(p.font())
        label_h, value_h = fm.height() + 4, fm.height() + 2
        top = max((v for _, v in bars), default=0) or 1
        base = plot.bottom() - label_h
        span = max(base - plot.top() - value_h, 10)
        col = plot.width() / len(bars)
        bar_w = max(col * 0.6, 4)
        for i, (name, value) in enumerate(bars):
            x = plot.left() + i * col
            height = span * value / top
            p.fillRect(QRectF(x + (col - bar_w) / 2, base - height, bar_w, height), self.color)
            p.drawText(QRectF(x, base - height - value_h, col, value_h),
                       Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, fmt_int(value))
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, int(col))
            p.drawText(QRectF(x, base + 2, col, label_h), Qt.AlignmentFlag.AlignHCenter, shown)
        p.setPen(AXIS_COLOR)
        p.drawLine(int(plot.left()), int(base), int(plot.right()), int(base))
