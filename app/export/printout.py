"""A printout is data: header block, title, tables (columns and rows; a cell may stack several lines),
notes and a signature. app/ui/printing.py renders it to paper / PDF, app/export/printout_xlsx.py to .xlsx;
the builders in app/export/printouts.py make one per list. No Qt here.

The header block and the signature follow Hướng dẫn 36-HD/VPTW (DOMAIN §6): parent body and issuing body
top left with an asterisk under them, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place and date top right,
"T/M ĐẢNG ỦY" / "BÍ THƯ" and the signer's name bottom right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .doc_settings import DocSettings

# A cell: text, a number, a date, None (unknown: printed empty), or a list of lines (stacked, DOMAIN §8)
Cell = "str | int | float | date | None | list"

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
# Landscape when the columns' widths (in characters, as Excel counts them) exceed what a portrait A4 page
# holds between the usual 30 mm and 15 mm margins at 11 points.
PORTRAIT_CHARS = 100


@dataclass
class Column:
    header: str
    width: float = 12       # in characters; the renderer shares the page width in proportion
    align: str = "left"     # left | center | right
    group: str | None = None  # a merged header above adjacent columns with the same group


@dataclass
class Section:
    """A row spanning the table that names what follows (a chi bộ in the whole book)."""

    text: str


@dataclass
class Table:
    columns: list[Column]
    rows: list = field(default_factory=list)   # list[list[Cell] | Section]
    caption: str = ""                         # printed above the table; the sheet name in .xlsx
    numbered: bool = False                    # a row of column numbers (1) … (n) under the header

    @property
    def data_rows(self) -> list[list]:
        return [r for r in self.rows if not isinstance(r, Section)]


@dataclass
class HeaderBlock:
    parent_body: str
    issuing_body: str
    place: str
    on: date

    @property
    def place_and_date(self) -> str:
        place = f"{self.place}, ngày" if self.place else "Ngày"
        return f"{place} {self.on.day:02d} tháng {self.on.month:02d} năm {self.on.year}"


@dataclass
class Signature:
    on_behalf: str
    title: str
    name: str


@dataclass
class Printout:
    title: str
    tables: list[Table]
    header: HeaderBlock
    subtitle: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # after the tables ("Tổng số: …")
    signature: Signature | None = None
    name: str = "danh-sach"                          # file name stem offered when saving
    font_size: float = 11
    landscape: bool | None = None                    # None: decided by the width of the widest table
    margins_mm: tuple = (20, 15, 20, 30)             # top, right, bottom, left (a setting: DOMAIN §6)

    @property
    def is_landscape(self) -> bool:
        if self.landscape is not None:
            return self.landscape
        return max((sum(c.width for c in t.columns) for t in self.tables), default=0) > PORTRAIT_CHARS


def header_from_settings(settings: DocSettings, on: date) -> HeaderBlock:
    return HeaderBlock(settings.parent_body.upper(), settings.issuing_body.upper(), settings.place_name, on)


def margins_from_settings(settings: DocSettings) -> tuple:
    return (settings.margin_top_mm, settings.margin_right_mm, settings.margin_bottom_mm, settings.margin_left_mm)


def signature_from_settings(settings: DocSettings) -> Signature:
    return Signature(settings.signer_on_behalf, settings.signer_title, settings.signer_name)


def cell_lines(value) -> list[str]:
    """The lines a cell prints: dates as dd/mm/yyyy, None as nothing, a stacked cell line by line."""
    if isinstance(value, (list, tuple)):
        return [text for v in value for text in cell_lines(v) or [""]]
    if value is None:
        return []
    if isinstance(value, date):
        return [f"{value.day:02d}/{value.month:02d}/{value.year}"]
    if isinstance(value, float):
        return [f"{value:.1f}".replace(".", ",")]
    return str(value).split("\n")


def cell_text(value) -> str:
    if type(value) is str:
        return value
    return "\n".join(cell_lines(value))

