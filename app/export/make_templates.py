"""Write the report templates in resources/templates/ (run: python -m app.export.make_templates).

The templates are ordinary .docx files with docxtpl placeholders; the clerk may copy one into the
templates folder named in the settings and edit it in Word. The layout follows Hướng dẫn 36-HD/VPTW:
A4, Times New Roman, the header block as a borderless two-column table, title, trích yếu, the body,
'Nơi nhận' and the signature block side by side, page numbers from page 2.

Placeholders (all optional except `body`):
  {{ parent_body }} {{ issuing_body }} {{ doc_number }} {{ doc_symbol }} {{ place_date }}
  {{ title }} {{ subject }} {{p body }} {{ signer_on_behalf }} {{ signer_title }} {{ signer_name }}
  {%p for r in recipients %} … {{ r }} … {%p endfor %}   {{p appendix }}
"""

from __future__ import annotations

import sys
from pathlib import Path

from .docx_helpers import (add_field, add_text, fixed_widths, paragraph_bottom_border, paragraph_format, set_a4,
                           set_doc_defaults_font, set_style_font, table_borders)

TEMPLATE_NAMES = {
    "as_of": "bao_cao_thong_ke.docx",
    "year_end": "bao_cao_cuoi_nam.docx",
    "period_review": "bao_cao_so_ket.docx",
}
TEXT_WIDTH_MM = 165  # A4 210 - left 30 - right 15


def build_template(path: Path) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    set_doc_defaults_font(doc)
    for name in ("Normal", "Table Grid", "Header", "Footer"):
        try:
            set_style_font(doc.styles[name], 14)
        except KeyError:
            pass
    # python-docx's own styles point headings and tables at theme fonts: Times New Roman everywhere
    from docx.oxml.ns import qn

    for rfonts in doc.styles.element.iter(qn("w:rFonts")):
        for key in list(rfonts.attrib):
            del rfonts.attrib[key]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rfonts.set(qn(attr), "Times New Roman")
    normal = doc.styles["Normal"]
    normal.paragraph_format.space_after = 0
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    set_a4(section, 20, 20, 30, 15)
    center = WD_ALIGN_PARAGRAPH.CENTER

    # header block: left = parent / issuing body / * / Số; right = ĐẢNG CỘNG SẢN VIỆT NAM / place, date
    table = doc.add_table(rows=1, cols=2)
    table_borders(table, visible=False)
    fixed_widths(table, [72, 93])
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    paragraph_format(p, align=center)
    add_text(p, "{{ parent_body }}", size=14)
    p = left.add_paragraph()
    paragraph_format(p, align=center)
    add_text(p, "{{ issuing_body }}", size=14, bold=True)
    p = left.add_paragraph()
    paragraph_format(p, align=center)
    add_text(p, "*", size=14)
    p = left.add_paragraph()
    paragraph_format(p, align=center)
    add_text(p, "Số {{ doc_number }}-{{ doc_symbol }}", size=14)

    p = right.paragraphs[0]
    paragraph_format(p, align=center, left_indent_mm=4)
    p.paragraph_format.right_indent = p.paragraph_format.left_indent
    add_text(p, "ĐẢNG CỘNG SẢN VIỆT NAM", size=15, bold=True)
    paragraph_bottom_border(p)
    p = right.add_paragraph()
    paragraph_format(p, align=center, before=6)
    add_text(p, "{{ place_date }}", size=14, italic=True)

    p = doc.add_paragraph()
    paragraph_format(p, align=center, before=18)
    add_text(p, "{{ title }}", size=16, bold=True)
    p = doc.add_paragraph()
    paragraph_format(p, align=center)
    add_text(p, "{{ subject }}", size=14, bold=True)
    p = doc.add_paragraph()
    paragraph_format(p, align=center, after=6)
    add_text(p, "-----", size=14)

    p = doc.add_paragraph()
    add_text(p, "{{p body }}", size=14)

    # Nơi nhận (left) and the signature block (right). Hướng dẫn 36-HD/VPTW's table of styles for Party
    # documents: "Nơi nhận:" in ordinary letters, 14, upright, underlined; each recipient 12, upright (the
    # State's style — bold italic 12, list 11 — is not the Party's)
    sig = doc.add_table(rows=1, cols=2)
    table_borders(sig, visible=False)
    fixed_widths(sig, [80, 85])
    left, right = sig.rows[0].cells
    p = left.paragraphs[0]
    paragraph_format(p, before=12)
    add_text(p, "Nơi nhận:", size=14, bold=False, italic=False, underline=True)
    p = left.add_paragraph()
    add_text(p, "{%p for r in recipients %}", size=12)
    p = left.add_paragraph()
    add_text(p, "- {{ r }}", size=12)
    p = left.add_paragraph()
    add_text(p, "{%p endfor %}", size=12)

    p = right.paragraphs[0]
    paragraph_format(p, align=center, before=12)
    add_text(p, "{{ signer_on_behalf }}", size=14, bold=True)
    p = right.add_paragraph()
    paragraph_format(p, align=center)
    add_text(p, "{{ signer_title }}", size=14, bold=True)
    for _ in range(4):
        paragraph_format(right.add_paragraph(), align=center)
    p = right.add_paragraph()
    paragraph_format(p, align=center)
    add_text(p, "{{ signer_name }}", size=14, bold=True)

    p = doc.add_paragraph()
    add_text(p, "{{p appendix }}", size=14)

    # page number in the middle of the top from page 2 on (36-HD/VPTW): a different first page
    section.different_first_page_header_footer = True
    hp = section.header.paragraphs[0]
    paragraph_format(hp, align=center)
    add_field(hp, "PAGE", size=14)
    section.first_page_header.is_linked_to_previous = False

    doc.core_properties.title = "Báo cáo"
    doc.core_properties.author = "Đảng vụ"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def default_templates_dir() -> Path:
    from app.paths import resources_dir

    return resources_dir() / "templates"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else default_templates_dir()
    for name in TEMPLATE_NAMES.values():
        print(build_template(out_dir / name))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
