"""The structured content of a report: sections of computed sentences, tables and charts.

It is what the Reports tab previews and what the .docx writer lays out; nothing here knows about Word.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    # a "- " line in the seeds: same indent, no extra style
    computed: bool = True


@dataclass
class Table:
    title: str                      # e.g. "XẾP LOẠI TỔ CHỨC ĐẢNG VÀ ĐẢNG VIÊN"
    header: list[str]
    rows: list[list[str]]
    widths_mm: list[float] | None = None
    # rows whose first cell is a Roman numeral are group rows, printed bold
    bold_rows: set[int] = field(default_factory=set)
    # a heading over some columns, as seed 001's "KẾT QUẢ ĐẠT ĐƯỢC" over the years: (text, first, last)
    group_header: tuple[str, int, int] | None = None


@dataclass
class Chart:
    key: str                        # ratings | age | units | recruitment
    title: str
    png: bytes
    width_mm: float = 150


@dataclass
class Section:
    key: str
    heading: str                    # without its number: "TÌNH HÌNH TỔ CHỨC ĐẢNG"
    blocks: list = field(default_factory=list)          # Paragraph | Table | Chart | Section (sub-heading)
    narrative: str = ""

    def sentences(self) -> list[str]:
        out = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, Section):
                out.extend(block.sentences())
        return out


@dataclass
class Appendix:
    number: int
    title: str
    table: Table
    note: str = ""


@dataclass
class ReportContent:
    kind: str
    title: str                      # "BÁO CÁO"
    subject: str                    # trích yếu
    doc_date: date
    date_from: date | None
    date_to: date
    intro: str                      # the opening paragraph (narrative, or a default sentence)
    sections: list[Section] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def all_sentences(self) -> list[str]:
        out = []
        for section in self.sections:
            out.extend(section.sentences())
        return out

    def charts(self) -> list[Chart]:
        found = []

        def walk(blocks):
            for b in blocks:
                if isinstance(b, Chart):
                    found.append(b)
                elif isinstance(b, Section):
                    walk(b.blocks)

        for s in self.sections:
            walk(s.blocks)
        return found
