"""Lay a ReportContent out in Word through a docxtpl template (Hướng dẫn 36-HD/VPTW layout).

The template carries the header block, title, 'Nơi nhận' and signature; the body and the appendices are
built with python-docx as sub-documents and put where `{{p body }}` and `{{p appendix }}` stand.
A placeholder the program does not know, or a template that would leave '{{' in the output, is refused
with a Vietnamese message; a known placeholder with nothing to put in it is reported as a warning and
printed as '…', the way a clerk leaves a blank to fill by hand.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from app.common.safe_text import clean_for_document
from app.services.errors import DomainError

from .content import Chart, Paragraph, ReportContent, Section, Table
from .doc_settings import DocSettings, issuing_body_in_text
from .docx_helpers import (add_text, cant_split, cell_vertical_center, doc_date_text, fit_tables, fixed_widths,
                           paragraph_format, repeat_header, set_a4, table_borders)
from .sentences import dmy

BODY_SIZE = 14
TABLE_SIZE = 12
FIRST_INDENT_MM = 12.7
BLANK = "…"

HEADER_BLANK = "………………………"   # a name still to fill in the header: wide enough to write by hand

# what each placeholder is, for the clerk's message (the settings' own Vietnamese labels, never the keys)
_OTHER_LABELS = {
    "place_date": "Địa danh ghi trên văn bản",
    "title": "Tên loại văn bản",
    "subject": "Trích yếu",
    "party_name": "Tên xã (trong câu văn)",
    "doc_date": "Ngày văn bản",
    "date_from": "Từ ngày",
    "date_to": "Đến ngày",
    "body": "Nội dung báo cáo",
    "appendix": "Phụ lục",
}


def placeholder_label(key: str) -> str:
    from app.services.settings import LABELS

    return LABELS.get(key) or _OTHER_LABELS.get(key, key)


# Jinja names that are not placeholders (loop variables, filters' helpers)
_JINJA_LOCALS = {"r", "loop"}


@dataclass
class RenderResult:
    path: Path
    warnings: list[str] = field(default_factory=list)


def _roman(n: int) -> str:
    vals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for v, s in vals:
        while n >= v:
            out += s
            n -= v
    return out


# --- body --------------------------------------------------------------------------------------------

def _body_paragraph(doc, text: str, bold=False, italic=False, indent=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    paragraph_format(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_mm=FIRST_INDENT_MM if indent else 0,
                     before=3, after=3, line=1.15)
    add_text(p, text, size=BODY_SIZE, bold=bold, italic=italic)
    return p


def _heading(doc, text: str, level: int):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = doc.add_paragraph()
    paragraph_format(p, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent_mm=FIRST_INDENT_MM, before=6, after=3,
                     line=1.15, keep_with_next=True)
    add_text(p, text, size=BODY_SIZE, bold=True, italic=(level >= 3))
    return p


def _narrative(doc, text: str):
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            _body_paragraph(doc, line)


def _table(doc, table: Table, size: float = TABLE_SIZE):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cols = len(table.header)
    head_rows = 2 if table.group_header else 1
    t = doc.add_table(rows=head_rows + len(table.rows), cols=cols)
    table_borders(t, visible=True)
    widths = table.widths_mm or ([12, 165 - 12 - 22 * (cols - 2)] + [22] * (cols - 2) if cols > 2 else [80, 85])
    fixed_widths(t, widths)
    # python-docx finds rows and cells by walking the XML: take each row's cells once (O(n), not O(n²))
    rows = list(t.rows)

    def head(cell, text):
        cell_vertical_center(cell)
        p = cell.paragraphs[0]
        paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=2)
        add_text(p, text, size=size, bold=True)

    if table.group_header:
        label, first, last = table.group_header
        top, bottom = rows[0].cells, rows[1].cells
        for j, text in enumerate(table.header):
            if first <= j <= last:
                head(bottom[j], text)
            else:
                head(top[j].merge(bottom[j]), text)
        merged = top[first].merge(top[last])
        head(merged, label)
        repeat_header(rows[1])
    else:
        for j, text in enumerate(table.header):
            head(rows[0].cells[j], text)
    repeat_header(rows[0])
    for row in rows:  # no row, header or body, breaks across a page
        cant_split(row)
    rows = rows[head_rows - 1:]
    for i, (row, values) in enumerate(zip(rows[1:], table.rows)):
        bold = i in table.bold_rows
        cells = row.cells
        for j, value in enumerate(values):
            cell = cells[j]
            cell_vertical_center(cell)
            p = cell.paragraphs[0]
            align = WD_ALIGN_PARAGRAPH.LEFT if j == 1 or (j == 0 and cols == 2) else WD_ALIGN_PARAGRAPH.CENTER
            paragraph_format(p, align=align, before=1, after=1)
            add_text(p, value, size=size, bold=bold)
    return t


def _chart(doc, chart: Chart):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    p = doc.add_paragraph()
    paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=0, keep_with_next=True)
    p.add_run().add_picture(io.BytesIO(chart.png), width=Mm(chart.width_mm))
    cap = doc.add_paragraph()
    paragraph_format(cap, align=WD_ALIGN_PARAGRAPH.CENTER, before=2, after=6)
    add_text(cap, chart.title, size=12, italic=True)


def _blocks(doc, blocks, numbering: list[int], level: int):
    sub = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            _body_paragraph(doc, block.text, bold=block.bold, italic=block.italic)
        elif isinstance(block, Table):
            if block.title:
                _heading(doc, block.title, 3)
            _table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block)
        elif isinstance(block, Section):
            sub += 1
            number = numbering + [sub]
            label = ".".join(str(n) for n in number[1:]) + "."
            _heading(doc, f"{label} {block.heading}", level + 1)
            _blocks(doc, block.blocks, number, level + 1)
            _narrative(doc, block.narrative)


def build_body(doc, content: ReportContent) -> None:
    """Intro, then I., II., … with 1., 1.1. inside (the seeds' heading scheme)."""
    _narrative(doc, content.intro)
    for i, section in enumerate(content.sections, start=1):
        _heading(doc, f"{_roman(i)}. {section.heading.upper()}", 1)
        _blocks(doc, section.blocks, [i], 1)
        _narrative(doc, section.narrative)


def build_appendix(doc, content: ReportContent, settings: DocSettings) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    number = settings.doc_number or BLANK
    for appendix in content.appendices:
        # the heading itself starts the page: a break paragraph of its own could land alone on a page
        p = doc.add_paragraph()
        paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
        p.paragraph_format.page_break_before = True
        add_text(p, f"PHỤ LỤC {appendix.number}", size=14, bold=True)
        p = doc.add_paragraph()
        paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
        add_text(p, appendix.title.upper(), size=14, bold=True)
        p = doc.add_paragraph()
        paragraph_format(p, align=WD_ALIGN_PARAGRAPH.CENTER, after=8, keep_with_next=True)
        add_text(p, f"(Kèm theo Báo cáo số {number}-{settings.doc_symbol}, ngày {dmy(content.doc_date)} "
                    f"của {issuing_body_in_text(settings)})",
                 size=13, italic=True)
        _table(doc, appendix.table)
        if appendix.note:
            p = doc.add_paragraph()
            paragraph_format(p, before=4)
            add_text(p, appendix.note, size=12, italic=True)


# --- template ----------------------------------------------------------------------------------------

def template_context(content: ReportContent, settings: DocSettings) -> dict:
    """The values for the template's placeholders (blank ones are reported by _blank_warnings)."""
    values = {
        "parent_body": settings.parent_body.upper(),
        "issuing_body": settings.issuing_body.upper(),
        "doc_number": settings.doc_number,
        "doc_symbol": settings.doc_symbol,
        "place_name": settings.place_name,
        "place_date": doc_date_text(settings.place_name, content.doc_date),
        "title": content.title,
        "subject": content.subject,
        "signer_on_behalf": settings.signer_on_behalf.upper(),
        "signer_title": settings.signer_title.upper(),
        "signer_name": settings.signer_name,
        "recipients": [r for r in settings.recipients if r.strip()],
        "party_name": settings.party_name,
        "doc_date": dmy(content.doc_date),
        "date_from": dmy(content.date_from) if content.date_from else "",
        "date_to": dmy(content.date_to),
    }
    return values


SETTINGS_WARNING = "(mở «Cài đặt» để điền)"  # the Reports tab offers the dialog beside such a warning


def _blank_warnings(values: dict, used: set[str]) -> list[str]:
    warnings = []
    order = ("parent_body", "issuing_body", "doc_number", "doc_symbol", "place_date", "place_name")
    for key in sorted(used, key=lambda k: (order.index(k) if k in order else len(order), k)):
        value = values.get(key)
        if key in ("body", "appendix"):
            continue
        if key == "place_date":
            if not values.get("place_name"):
                warnings.append(f"Chưa điền «{placeholder_label('place_name')}»: văn bản để trống ({BLANK}) "
                                f"{SETTINGS_WARNING}.")
        elif key == "recipients" and not value:
            warnings.append(f"Chưa điền «{placeholder_label(key)}»: văn bản không có nơi nhận {SETTINGS_WARNING}.")
        elif value in ("", None, []):
            blank = HEADER_BLANK if key in ("parent_body", "issuing_body") else BLANK
            warnings.append(f"Chưa điền «{placeholder_label(key)}»: văn bản để trống ({blank}) cho người dùng "
                            f"điền tay {SETTINGS_WARNING}.")
    return warnings


def template_variables(template_path: Path) -> set[str]:
    """Every placeholder the template uses (raises DomainError on a broken template)."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateSyntaxError

    _check_balanced(template_path)
    try:
        tpl = DocxTemplate(str(template_path))
        return set(tpl.get_undeclared_template_variables()) - _JINJA_LOCALS
    except TemplateSyntaxError as exc:
        raise DomainError(f"Mẫu báo cáo {template_path.name} có lỗi cú pháp ở chỗ đặt giá trị "
                          f"(dòng {exc.lineno}): {exc.message}. Hãy sửa mẫu trong Word: mỗi chỗ đặt giá trị "
                          f"có dạng {{{{ ten }}}}.", field="template") from exc
    except Exception as exc:  # a file Word cannot open either
        raise DomainError(f"Không đọc được mẫu báo cáo {template_path}: {exc}", field="template") from exc


def _check_balanced(template_path: Path) -> None:
    """Each placeholder must open and close inside one paragraph: an unclosed '{{ subject' would otherwise
    swallow the text up to the next '}}' without a word."""
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(template_path) as z:
            parts = [n for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")
                     and any(k in n for k in ("document", "header", "footer"))]
            blobs = [z.read(n) for n in parts]
    except (OSError, zipfile.BadZipFile) as exc:
        raise DomainError(f"Không đọc được mẫu báo cáo {template_path}: tệp không phải .docx hợp lệ.",
                          field="template") from exc
    for blob in blobs:
        root = etree.fromstring(blob)
        for p in root.iter("{*}p"):
            text = "".join(t.text or "" for t in p.iter("{*}t"))
            for open_, close in (("{{", "}}"), ("{%", "%}")):
                if text.count(open_) != text.count(close):
                    raise DomainError(f"Mẫu báo cáo {template_path.name} có chỗ đặt giá trị bị thiếu dấu mở hoặc "
                                      f"đóng trong đoạn «{text.strip()[:80]}». Mỗi chỗ đặt giá trị phải có dạng "
                                      f"{{{{ ten }}}} trong cùng một dòng.", field="template")


_LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")


def _check_no_leftovers(docx_document, template_name: str) -> None:
    parts = [docx_document.element]
    for section in docx_document.sections:
        for hf in (section.header, section.first_page_header, section.footer, section.first_page_footer):
            if hf.is_linked_to_previous:
                continue
            parts.append(hf._element)
    for el in parts:
        text = "".join(t.text or "" for t in el.iter() if t.tag.endswith("}t"))
        m = _LEFTOVER.search(text)
        if m:
            around = text[max(0, m.start() - 30): m.end() + 30]
            raise DomainError(f"Mẫu báo cáo {template_name} còn chỗ đặt giá trị chưa được thay: «{around}». "
                              f"Hãy sửa mẫu trong Word (mỗi chỗ đặt giá trị phải nằm trọn trong một dòng, "
                              f"dạng {{{{ ten }}}}).", field="template")


def render_docx(content: ReportContent, settings: DocSettings, template_path: Path, out_path: Path) -> RenderResult:
    """Fill the template and write out_path atomically (a half-written file never replaces a good one)."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined, TemplateError

    template_path = Path(template_path)
    out_path = Path(out_path)
    used = template_variables(template_path)
    values = template_context(content, settings)
    known = set(values) | {"body", "appendix"}
    unknown = sorted(used - known)
    if unknown:
        raise DomainError(
            f"Mẫu báo cáo {template_path.name} có chỗ đặt giá trị không biết: "
            + ", ".join("{{ " + u + " }}" for u in unknown)
            + ". Các tên dùng được: " + ", ".join(sorted(known)) + ".", field="template")
    if "body" not in used:
        raise DomainError(f"Mẫu báo cáo {template_path.name} thiếu chỗ đặt nội dung {{{{p body }}}}.",
                          field="template")
    warnings = _blank_warnings(values, used)
    context = {k: (clean_for_document(v) if v not in ("", None) else
                   HEADER_BLANK if k in ("parent_body", "issuing_body") else BLANK)
               for k, v in values.items()}

    tpl = DocxTemplate(str(template_path))
    # `{{p body }}` takes raw paragraph XML: put a marker paragraph there, then build the body with
    # python-docx in the rendered document itself (pictures get their relationships in the right part)
    context["body"] = _marker_xml(BODY_MARKER)
    context["appendix"] = _marker_xml(APPENDIX_MARKER)
    try:
        tpl.render(context, jinja_env=Environment(undefined=StrictUndefined, autoescape=True))
    except TemplateError as exc:
        raise DomainError(f"Không điền được mẫu báo cáo {template_path.name}: {exc}", field="template") from exc
    document = tpl.docx
    _fill_marker(document, BODY_MARKER, lambda: build_body(document, content))
    _fill_marker(document, APPENDIX_MARKER,
                 lambda: build_appendix(document, content, settings) if content.appendices else None)
    _check_no_leftovers(tpl.docx, template_path.name)
    _keep_signature_with_text(tpl.docx)
    for section in tpl.docx.sections:
        set_a4(section, settings.margin_top_mm, settings.margin_bottom_mm, settings.margin_left_mm,
               settings.margin_right_mm)
    text_width_mm = 210 - settings.margin_left_mm - settings.margin_right_mm
    fit_tables(tpl.docx, text_width_mm)
    _fit_pictures(tpl.docx, text_width_mm)
    _end_with_paragraph(tpl.docx)

    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~", suffix=".docx", dir=str(out_path.parent))
    except OSError as exc:
        raise DomainError(f"Không ghi được vào thư mục {out_path.parent}: {exc.strerror or exc}. Hãy chọn "
                          f"thư mục khác.", field="out") from exc
    os.close(fd)
    try:
        tpl.save(tmp)
        os.replace(tmp, out_path)
    except PermissionError as exc:
        raise DomainError(f"Không ghi được tệp {out_path}: tệp đang mở trong Word hoặc không có quyền ghi. "
                          f"Hãy đóng tệp rồi làm lại.", field="out") from exc
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    return RenderResult(out_path, warnings)


BODY_MARKER = "\u27e6BODY\u27e7"
APPENDIX_MARKER = "\u27e6APPENDIX\u27e7"


def _marker_xml(marker: str):
    from markupsafe import Markup

    # raw paragraph XML: marked safe, since everything else is escaped ('&' in a name must not break the file)
    return Markup(f'<w:p><w:r><w:t>{marker}</w:t></w:r></w:p>')


def _fill_marker(document, marker: str, build) -> None:
    """Build at the end of the body, then move what was built to where the marker paragraph stands."""
    body = document.element.body
    target = next((p for p in body.iter("{*}p")
                   if "".join(t.text or "" for t in p.iter("{*}t")).strip() == marker), None)
    # python-docx appends before the closing sectPr: what was built sits between the old children and it
    count = len(body)
    has_sectpr = body[-1].tag.endswith("}sectPr") if count else False
    build()
    end = len(body) - (1 if has_sectpr else 0)
    new = list(body)[count - (1 if has_sectpr else 0):end]
    if target is None:
        return
    for el in new:
        target.addprevious(el)
    target.getparent().remove(target)


def _keep_signature_with_text(document) -> None:
    """'Nơi nhận' and the signature never stand alone on the last page: the last paragraph of text before
    them keeps with them, and their table row does not split (36-HD/VPTW: the signature follows the text)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    body = document.element.body
    sig = next((t for t in body.iterchildren(qn("w:tbl"))
                if "Nơi nhận" in "".join(x.text or "" for x in t.iter(qn("w:t")))), None)
    if sig is None:
        return
    for tr in sig.iter(qn("w:tr")):
        trpr = tr.find(qn("w:trPr"))
        if trpr is None:
            trpr = OxmlElement("w:trPr")
            tr.insert(0, trpr)
        if trpr.find(qn("w:cantSplit")) is None:
            trpr.append(OxmlElement("w:cantSplit"))
    prev = sig.getprevious()
    while prev is not None and prev.tag == qn("w:p") and not "".join(x.text or "" for x in prev.iter(qn("w:t"))).strip():
        _keep_next(prev)
        prev = prev.getprevious()
    if prev is not None and prev.tag == qn("w:p") and not list(prev.iter(qn("w:drawing"))):
        _keep_next(prev)


def _keep_next(p) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:keepNext")) is None:
        style = ppr.find(qn("w:pStyle"))  # the schema puts pStyle first, keepNext right after it
        ppr.insert(1 if style is not None and ppr.index(style) == 0 else 0, OxmlElement("w:keepNext"))


def _fit_pictures(document, text_width_mm: float) -> None:
    from docx.shared import Mm

    limit = Mm(text_width_mm)
    for shape in document.inline_shapes:
        if shape.width > limit:
            ratio = limit / shape.width
            shape.height = int(shape.height * ratio)
            shape.width = limit


def _end_with_paragraph(document) -> None:
    """Word wants a paragraph after a table that ends the document (the signature table, when there is no
    appendix): add a tiny empty one rather than let Word 'repair' the file."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    body = document.element.body
    children = [c for c in body.iterchildren() if not c.tag.endswith("}sectPr")]
    if children and children[-1].tag == qn("w:tbl"):
        p = OxmlElement("w:p")
        children[-1].addnext(p)
