"""Printing: one renderer for every Printout (app/export/printout.py) — preview, printer and PDF alike.

A4, landscape when the printout is wide, the margins of the settings; on page 1 the header block of
Hướng dẫn 36-HD/VPTW and the title; every page repeats the table header and carries "Trang i/n"; the notes
and the signature close the last page. Text is laid out by Qt in the printer's own resolution, in Times New
Roman where the system has it (Liberation Serif, its metric twin, on Linux).

Pages are measured first and drawn second, so the page count is known for "Trang i/n" and is returned.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QLineF, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from app.export.printout import PARTY_NAME, Printout, Section, cell_text

FONT_FAMILIES = ("Times New Roman", "Liberation Serif", "Tinos", "DejaVu Serif")
ALIGN = {"left": Qt.AlignmentFlag.AlignLeft, "center": Qt.AlignmentFlag.AlignHCenter,
         "right": Qt.AlignmentFlag.AlignRight}
WRAP = Qt.TextFlag.TextWordWrap


def font_family() -> str:
    """Times New Roman (Hướng dẫn 36-HD/VPTW) when installed, else the first serif that has Vietnamese."""
    families = set(QFontDatabase.families())
    return next((f for f in FONT_FAMILIES if f in families), "serif")


def ensure_gui() -> None:
    """The CLI renders PDFs too: a QGuiApplication is needed for fonts; without a display, offscreen."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui.app = QGuiApplication([])  # kept alive for the process


def make_printer(printout: Printout, pdf_path: str | Path | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if pdf_path is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf_path))
    top, right, bottom, left = printout.margins_mm
    orientation = QPageLayout.Orientation.Landscape if printout.is_landscape else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                      QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter))
    printer.setDocName(printout.title)
    printer.setCreator("Đảng vụ")
    return printer


# --- layout ---------------------------------------------------------------------------------------------

@dataclass
class _Page:
    ops: list = field(default_factory=list)   # ("text", rect, flags, font, text) | ("rect", rect) | ("line", p1, p2)


class _Renderer:
    def __init__(self, printout: Printout, painter: QPainter, width: float, height: float, dpi: float):
        self.p, self.painter, self.w, self.dpi = printout, painter, width, dpi
        family = font_family()
        size = printout.font_size
        self.fonts = {}
        for key, pt, bold, italic in (("body", size, False, False), ("head", size, True, False),
                                      ("caption", size + 1, True, False), ("note", size, False, True),
                                      ("hbody", 12.5, False, False), ("hbold", 12.5, True, False),
                                      ("hitalic", 12.5, False, True), ("title", 14.5, True, False),
                                      ("sub", 12, False, True), ("page", 10, False, False)):
            f = QFont(family)
            f.setPointSizeF(pt)
            f.setBold(bold)
            f.setItalic(italic)
            self.fonts[key] = f
        device = painter.device()
        self.metrics = {k: QFontMetricsF(f, device) for k, f in self.fonts.items()}
        self.pad = self.mm(0.9)
        self.footer = self.metrics["page"].lineSpacing() * 1.8
        self.body_h = height - self.footer
        self.pages: list[_Page] = [_Page()]
        self.y = 0.0

    def mm(self, v: float) -> float:
        return v * self.dpi / 25.4

    # measuring
    def text_h(self, font: str, text: str, width: float) -> float:
        fm = self.metrics[font]
        if "\n" not in text and fm.horizontalAdvance(text) <= width:
            return fm.lineSpacing()
        lines = text.split("\n")
        if all(fm.horizontalAdvance(line) <= width for line in lines):
            return len(lines) * fm.lineSpacing()
        return fm.boundingRect(QRectF(0, 0, width, 1e9), WRAP, text).height()

    def new_page(self) -> None:
        self.pages.append(_Page())
        self.y = 0.0

    def emit(self, *op) -> None:
        self.pages[-1].ops.append(op)

    def block(self, font: str, text: str, x: float, width: float, align="left") -> float:
        h = self.text_h(font, text, width)
        self.emit("text", QRectF(x, self.y, width, h), ALIGN[align] | WRAP, font, text)
        return h

    # parts
    def header_block(self) -> None:
        h = self.p.header
        left_w, right_x = self.w * 0.42, self.w * 0.42
        right_w = self.w - right_x
        y0 = self.y
        for font, text in (("hbody", h.parent_body), ("hbold", h.issuing_body), ("hbody", "*")):
            if text:
                self.y += self.block(font, text, 0, left_w, "center")
        left_end, self.y = self.y, y0
        self.y += self.block("hbold", PARTY_NAME, right_x, right_w, "center")
        line_w = self.metrics["hbold"].horizontalAdvance(PARTY_NAME) * 0.8
        mid = right_x + right_w / 2
        under = self.y + self.mm(0.6)
        self.emit("line", QPointF(mid - line_w / 2, under), QPointF(mid + line_w / 2, under))
        self.y += self.mm(2)
        self.y += self.block("hitalic", h.place_and_date, right_x, right_w, "center")
        self.y = max(self.y, left_end) + self.mm(6)
        self.y += self.block("title", self.p.title, 0, self.w, "center")
        for line in self.p.subtitle:
            if line:
                self.y += self.block("sub", line, 0, self.w, "center")
        self.y += self.mm(4)

    def columns_x(self, table) -> list[tuple[float, float]]:
        total = sum(c.width for c in table.columns) or 1
        out, x = [], 0.0
        for c in table.columns:
            cw = self.w * c.width / total
            out.append((x, cw))
            x += cw
        return out

    def table_header(self, table, xs) -> list:
        """The header's ops at y = 0 (shifted onto each page) and its height."""
        ops = []
        pad = self.pad
        grouped = any(c.group for c in table.columns)
        h2 = max(self.text_h("head", c.header, cw - 2 * pad) for c, (_x, cw) in zip(table.columns, xs)) + 2 * pad
        h1 = 0.0
        if grouped:
            groups = []
            for i, c in enumerate(table.columns):
                if c.group and groups and groups[-1][0] == c.group and groups[-1][2] == i - 1:
                    groups[-1][2] = i
                elif c.group:
                    groups.append([c.group, i, i])
            spans = [(g, xs[a][0], xs[b][0] + xs[b][1] - xs[a][0]) for g, a, b in groups]
            h1 = max(self.text_h("head", g, w - 2 * pad) for g, _x, w in spans) + 2 * pad
            for g, x, w in spans:
                ops.append(("rect", QRectF(x, 0, w, h1)))
                ops.append(("text", QRectF(x + pad, pad, w - 2 * pad, h1 - 2 * pad),
                            Qt.AlignmentFlag.AlignCenter | WRAP, "head", g))
        for c, (x, cw) in zip(table.columns, xs):
            top, hh = (h1, h2) if c.group else (0.0, h1 + h2)
            ops.append(("rect", QRectF(x, top, cw, hh)))
            ops.append(("text", QRectF(x + pad, top + pad, cw - 2 * pad, hh - 2 * pad),
                        Qt.AlignmentFlag.AlignCenter | WRAP, "head", c.header))
        height = h1 + h2
        if table.numbered:
            nh = self.metrics["note"].lineSpacing() + 2 * pad
            for k, (x, cw) in enumerate(xs, 1):
                ops.append(("rect", QRectF(x, height, cw, nh)))
                ops.append(("text", QRectF(x, height, cw, nh), Qt.AlignmentFlag.AlignCenter, "note", f"({k})"))
            height += nh
        return ops, height

    def place_header(self, ops, height) -> None:
        for op in ops:
            if op[0] == "rect":
                self.emit("rect", op[1].translated(0, self.y))
            else:
                self.emit("text", op[1].translated(0, self.y), *op[2:])
        self.y += height

    def table(self, table) -> None:
        xs = self.columns_x(table)
        pad = self.pad
        if table.caption:
            ch = self.text_h("caption", table.caption, self.w)
            if self.y + ch + self.mm(15) > self.body_h:
                self.new_page()
            self.y += self.block("caption", table.caption, 0, self.w) + self.mm(1.5)
        header_ops, header_h = self.table_header(table, xs)
        if self.y + header_h + self.mm(10) > self.body_h:
            self.new_page()
        self.place_header(header_ops, header_h)
        top_of_rows = header_h  # a row taller than a page is cut rather than pushed on forever
        if not table.rows:
            self.y += self.block("note", "(Không có)", 0, self.w, "center")
        edges = [x for x, _cw in xs] + [self.w]
        inner = [(x + pad, cw - 2 * pad) for x, cw in xs]
        flags = [ALIGN[c.align] | Qt.AlignmentFlag.AlignTop | WRAP for c in table.columns]  # once: Qt flag
        # arithmetic in Python costs more than the text measuring
        section_flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WRAP
        line = self.metrics["body"].lineSpacing()
        text_h = self.text_h
        for row in table.rows:
            if isinstance(row, Section):
                h = text_h("head", row.text, self.w - 2 * pad) + 2 * pad
            else:
                texts = [cell_text(v) for v in row]
                h = max((text_h("body", t, w) for t, (_x, w) in zip(texts, inner) if t), default=line) + 2 * pad
            if self.y + h > self.body_h and self.y > top_of_rows:
                self.new_page()
                self.place_header(header_ops, header_h)
            y = self.y
            if isinstance(row, Section):
                self.emit("grid", y, h, (0.0, self.w))
                self.emit("text", QRectF(pad, y + pad, self.w - 2 * pad, h - 2 * pad), section_flags, "head",
                          row.text)
            else:
                self.emit("grid", y, h, edges)
                for t, (x, w), f in zip(texts, inner, flags):
                    if t:
                        self.emit("text", QRectF(x, y + pad, w, h - 2 * pad), f, "body", t)
            self.y += h
        self.y += self.mm(4)

    def closing(self) -> None:
        for line in self.p.notes:
            h = self.text_h("note", line, self.w)
            if self.y + h > self.body_h:
                self.new_page()
            self.y += self.block("note", line, 0, self.w)
        s = self.p.signature
        if s is None:
            return
        right_x, right_w = self.w * 0.5, self.w * 0.5
        lines = [("hbold", s.on_behalf), ("hbold", s.title)]
        ls = self.metrics["hbold"].lineSpacing()
        need = ls * 2 + self.mm(20) + ls + self.mm(6)
        if self.y + need > self.body_h:
            self.new_page()
        self.y += self.mm(6)
        for font, text in lines:
            self.y += self.block(font, text, right_x, right_w, "center")
        self.y += self.mm(20)  # room for the signature and the seal
        if s.name:
            self.y += self.block("hbold", s.name, right_x, right_w, "center")

    def layout(self) -> None:
        self.header_block()
        for t in self.p.tables:
            self.table(t)
        self.closing()

    def draw(self, printer) -> None:
        """Per page: every border in one drawLines call, the texts grouped by font (few calls: see
        _NoneGuard), then the page number."""
        painter = self.painter
        pen = QPen(Qt.GlobalColor.black)
        pen.setWidthF(max(1.0, self.dpi / 200))
        painter.setPen(pen)
        n = len(self.pages)
        guard = _NoneGuard()
        for i, page in enumerate(self.pages, 1):
            if i > 1:
                printer.newPage()
            lines, texts = [], {}
            for op in page.ops:
                if op[0] == "text":
                    texts.setdefault(op[3], []).append(op)
                elif op[0] == "grid":
                    _, y, h, xs = op
                    lines += (QLineF(xs[0], y, xs[-1], y), QLineF(xs[0], y + h, xs[-1], y + h))
                    lines += [QLineF(x, y, x, y + h) for x in xs]
                elif op[0] == "rect":
                    r = op[1]
                    lines += (QLineF(r.topLeft(), r.topRight()), QLineF(r.bottomLeft(), r.bottomRight()),
                              QLineF(r.topLeft(), r.bottomLeft()), QLineF(r.topRight(), r.bottomRight()))
                else:
                    lines.append(QLineF(op[1], op[2]))
            if lines:
                painter.drawLines(lines)
            for font, ops in texts.items():
                painter.setFont(self.fonts[font])
                for _, rect, flags, _f, text in ops:
                    painter.drawText(rect, flags, text)
            painter.setFont(self.fonts["page"])
            painter.drawText(QRectF(0, self.body_h, self.w, self.footer),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, f"Trang {i}/{n}")
            guard.top_up()


class _NoneGuard:
    """PySide6 6.12 on CPython 3.11 drops one reference to None on every call of a void C++ method
    (drawLines, setFont, newPage …: measured, see the README); a long printout would bring None's count to
    zero and abort the interpreter ("none_dealloc"). From 3.12 None is immortal and this does nothing.
    The references the binding dropped are given back once per page (Py_IncRef: a reference held by a
    Python list would be released again when the interpreter shuts down)."""

    def __init__(self):
        self.active = sys.version_info < (3, 12)
        self.start = sys.getrefcount(None) if self.active else 0

    def top_up(self) -> None:
        if not self.active:
            return
        import ctypes

        lost = self.start - sys.getrefcount(None)
        none = ctypes.py_object(None)
        for _ in range(max(0, lost)):
            ctypes.pythonapi.Py_IncRef(none)


def render(printout: Printout, printer: QPrinter) -> int:
    """Lay out and paint the printout on the printer (paper, PDF, or the preview's pages); the page count."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("Không mở được máy in hoặc tệp PDF để ghi.")
    try:
        rect = printer.pageLayout().paintRectPixels(printer.resolution())
        r = _Renderer(printout, painter, rect.width(), rect.height(), printer.resolution())
        r.layout()
        r.draw(printer)
        return len(r.pages)
    finally:
        painter.end()


def write_pdf(printout: Printout, path: str | Path) -> int:
    """Save as PDF (QPrinter's PDF output); returns the number of pages."""
    ensure_gui()
    return render(printout, make_printer(printout, path))


# --- the window's side: preview, save as PDF / .xlsx, print a file through the system -----------------------

def preview_dialog(printout: Printout, parent=None):
    """QPrintPreviewDialog over the printout (zoom, pages, orientation, then Print to any printer)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = make_printer(printout)
    dlg = QPrintPreviewDialog(printer, parent)
    dlg.setWindowTitle(f"Xem trước khi in — {printout.title.capitalize()}")
    dlg.paintRequested.connect(lambda p: render(printout, p))
    dlg.printer_ = printer  # the dialog does not own it
    dlg.resize(1000, 760)
    return dlg


def _ask_path(parent, printout: Printout, suffix: str, kind: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    start = str(Path.home() / f"{printout.name}{suffix}")
    path, _ = QFileDialog.getSaveFileName(parent, f"Lưu {kind}", start, f"{kind} (*{suffix})")
    if not path:
        return None
    path = Path(path)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def save_pdf(printout: Printout, parent=None, path: Path | None = None) -> Path | None:
    from PySide6.QtWidgets import QMessageBox

    path = path or _ask_path(parent, printout, ".pdf", "Tệp PDF")
    if path is None:
        return None
    try:
        pages = write_pdf(printout, path)
    except OSError as exc:
        QMessageBox.warning(parent, "Không lưu được", f"Không ghi được tệp {path}: {exc}")
        return None
    _status(parent, f"Đã lưu {pages} trang PDF: {path}")
    return path


def save_xlsx(printout: Printout, parent=None, path: Path | None = None) -> Path | None:
    from PySide6.QtWidgets import QMessageBox

    from app.export.printout_xlsx import write_printout_xlsx

    path = path or _ask_path(parent, printout, ".xlsx", "Tệp Excel")
    if path is None:
        return None
    try:
        write_printout_xlsx(printout, path)
    except OSError as exc:  # open in Excel (locked on Windows), read-only folder
        QMessageBox.warning(parent, "Không lưu được", f"Không ghi được tệp {path}: {exc}. Nếu tệp đang mở trong "
                                                      "Excel, hãy đóng lại rồi thử lại.")
        return None
    _status(parent, f"Đã xuất Excel: {path}")
    return path


def _status(parent, text: str) -> None:
    window = parent.window() if parent is not None else None
    if window is not None and hasattr(window, "statusBar"):
        window.statusBar().showMessage(text, 8000)


def system_print(path: Path) -> str | None:
    """Send a document (the Word report) to the default printer through the system; None when sent, else
    the reason in Vietnamese. Windows: the shell's "print" verb (Word or whatever opens .docx prints it).
    Elsewhere: LibreOffice's headless print to the default CUPS printer, when both exist."""
    import shutil
    import subprocess

    if sys.platform == "win32":
        try:
            os.startfile(str(path), "print")  # noqa: S606 - the shell's print verb is the point
        except OSError as exc:
            return f"Windows không in được tệp {path.name}: {exc}. Hãy mở tệp rồi in từ Word."
        return None
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return "Máy này không có LibreOffice để in tệp Word; hãy mở tệp rồi in từ chương trình soạn thảo."
    lpstat = shutil.which("lpstat")
    if lpstat is not None:
        default = subprocess.run([lpstat, "-d"], capture_output=True, text=True, timeout=10).stdout
        if ":" not in default:
            return "Máy này chưa chọn máy in mặc định; hãy chọn trong phần cài đặt máy in rồi thử lại."
    else:
        return "Máy này không có dịch vụ in (CUPS); hãy mở tệp rồi in từ chương trình soạn thảo."
    subprocess.Popen([office, "--headless", "-p", str(path)], stdout=subprocess.DEVNULL,  # noqa: S603
                     stderr=subprocess.DEVNULL)
    return None
