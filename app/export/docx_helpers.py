"""Low-level python-docx helpers for party documents (Hướng dẫn 36-HD/VPTW): fonts, borders, fields, page setup.

python-docx is imported by the callers; these helpers only touch the objects they are given and the oxml
layer, so importing this module stays cheap.
"""

from __future__ import annotations

from app.common.safe_text import xml_safe

FONT_NAME = "Times New Roman"
# 1 mm in EMU (python-docx lengths are EMU)
EMU_PER_MM = 36000
A4_WIDTH_MM = 210
A4_HEIGHT_MM = 297


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def set_rfonts(rpr_parent, name: str = FONT_NAME) -> None:
    """Set every font slot, so Word neither substitutes a theme font for Vietnamese text nor for the
    East Asian / complex-script ranges (a bare `run.font.name` only sets ascii/hAnsi)."""
    rpr = rpr_parent.get_or_add_rPr()
    rfonts = rpr.find(_qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement

        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(_qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        key = _qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]


def style_run(run, size: float | None = 14, bold: bool | None = None, italic: bool | None = None,
              underline: bool | None = None, name: str = FONT_NAME):
    from docx.shared import Pt

    run.font.name = name
    set_rfonts(run._r, name)
    if size is not None:
        run.font.size = Pt(size)
        # complex-script size too, or Word shows 11pt for some ranges
        rpr = run._r.get_or_add_rPr()
        szcs = rpr.find(_qn("w:szCs"))
        if szcs is None:
            from docx.oxml import OxmlElement

            szcs = OxmlElement("w:szCs")
            rpr.append(szcs)
        szcs.set(_qn("w:val"), str(int(round(size * 2))))
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline
    return run


def set_style_font(style, size: float = 14, name: str = FONT_NAME) -> None:
    from docx.shared import Pt

    style.font.name = name
    style.font.size = Pt(size)
    set_rfonts(style.element, name)


def set_doc_defaults_font(document, name: str = FONT_NAME, size: float = 14) -> None:
    """docDefaults carry theme fonts in python-docx's own template; replace them with Times New Roman."""
    styles = document.styles.element
    rpr_default = styles.find(_qn("w:docDefaults"))
    if rpr_default is None:
        return
    rpr = rpr_default.find(_qn("w:rPrDefault") + "/" + _qn("w:rPr"))
    if rpr is None:
        return
    rfonts = rpr.find(_qn("w:rFonts"))
    if rfonts is None:
        from docx.oxml import OxmlElement

        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for key in list(rfonts.attrib):
        del rfonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(_qn(attr), name)
    for tag in ("w:sz", "w:szCs"):
        el = rpr.find(_qn(tag))
        if el is None:
            from docx.oxml import OxmlElement

            el = OxmlElement(tag)
            rpr.append(el)
        el.set(_qn("w:val"), str(int(size * 2)))


def set_a4(section, top_mm: float, bottom_mm: float, left_mm: float, right_mm: float) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(A4_WIDTH_MM)
    section.page_height = Mm(A4_HEIGHT_MM)
    section.top_margin = Mm(top_mm)
    section.bottom_margin = Mm(bottom_mm)
    section.left_margin = Mm(left_mm)
    section.right_margin = Mm(right_mm)
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)


def paragraph_format(paragraph, align=None, first_indent_mm: float | None = None, before: float = 0,
                     after: float = 0, line: float | None = None, left_indent_mm: float | None = None,
                     keep_with_next: bool | None = None):
    from docx.shared import Mm, Pt

    pf = paragraph.paragraph_format
    if align is not None:
        pf.alignment = align
    if first_indent_mm is not None:
        pf.first_line_indent = Mm(first_indent_mm)
    if left_indent_mm is not None:
        pf.left_indent = Mm(left_indent_mm)
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    if line is not None:
        pf.line_spacing = line
    if keep_with_next is not None:
        pf.keep_with_next = keep_with_next
    return paragraph


def add_text(paragraph, text: str, size: float | None = 14, bold=None, italic=None, underline=None):
    # a control character read from an old sheet must not stop the whole report (issue 17)
    return style_run(paragraph.add_run(xml_safe(text)), size=size, bold=bold, italic=italic, underline=underline)


def paragraph_bottom_border(paragraph, size_eighths: int = 6) -> None:
    """The short rule under 'ĐẢNG CỘNG SẢN VIỆT NAM' (and under the issuing body, if wanted)."""
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(_qn("w:val"), "single")
    bottom.set(_qn("w:sz"), str(size_eighths))
    bottom.set(_qn("w:space"), "1")
    bottom.set(_qn("w:color"), "000000")
    pbdr.append(bottom)
    # pBdr must precede spacing/ind/jc in CT_PPr's sequence
    anchor = None
    for tag in ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc"):
        anchor = ppr.find(_qn(tag))
        if anchor is not None:
            break
    if anchor is not None:
        anchor.addprevious(pbdr)
    else:
        ppr.append(pbdr)


def table_borders(table, visible: bool) -> None:
    from docx.oxml import OxmlElement

    tblpr = table._tbl.tblPr
    existing = tblpr.find(_qn("w:tblBorders"))
    if existing is not None:
        tblpr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(_qn("w:val"), "single" if visible else "nil")
        if visible:
            el.set(_qn("w:sz"), "4")
            el.set(_qn("w:space"), "0")
            el.set(_qn("w:color"), "000000")
        borders.append(el)
    # tblBorders comes after tblW/jc/tblInd in CT_TblPr
    layout = tblpr.find(_qn("w:tblLayout"))
    cell_mar = tblpr.find(_qn("w:tblCellMar"))
    look = tblpr.find(_qn("w:tblLook"))
    anchor = next((a for a in (layout, cell_mar, look) if a is not None), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        tblpr.append(borders)


def fixed_widths(table, widths_mm: list[float]) -> None:
    """Word honours <w:tcW> per cell, LibreOffice the grid: set both, and a fixed layout."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = tblpr.find(_qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblpr.append(layout)
    layout.set(_qn("w:type"), "fixed")
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(_qn("w:gridCol")), widths_mm):
        col.set(_qn("w:w"), str(int(width * 56.7)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def cell_vertical_center(cell) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def shade_cell(cell, fill: str = "E7E6E6") -> None:
    from docx.oxml import OxmlElement

    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(_qn("w:val"), "clear")
    shd.set(_qn("w:color"), "auto")
    shd.set(_qn("w:fill"), fill)
    tcpr.append(shd)


def repeat_header(row) -> None:
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(_qn("w:val"), "true")
    trpr.append(el)


def cant_split(row) -> None:
    """A table row that Word moves whole to the next page rather than break (a header cell cut in two)."""
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    if trpr.find(_qn("w:cantSplit")) is None:
        trpr.append(OxmlElement("w:cantSplit"))


def add_field(paragraph, instr: str, size: float = 14, placeholder: str = "2") -> None:
    """A field such as PAGE: begin / instrText / separate / cached result / end."""
    from docx.oxml import OxmlElement

    def fld(kind: str):
        run = paragraph.add_run()
        style_run(run, size=size)
        el = OxmlElement("w:fldChar")
        el.set(_qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    fld("begin")
    run = paragraph.add_run()
    style_run(run, size=size)
    instr_el = OxmlElement("w:instrText")
    instr_el.set(_qn("xml:space"), "preserve")
    instr_el.text = f" {instr} "
    run._r.append(instr_el)
    fld("separate")
    style_run(paragraph.add_run(placeholder), size=size)
    fld("end")


def page_break(document_or_subdoc) -> None:
    from docx.enum.text import WD_BREAK

    p = document_or_subdoc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)


def doc_date_text(place: str, day) -> str:
    """'Bình Lư, ngày 15 tháng 3 năm 2026': day under 10 and months 1–2 take a leading zero (thể thức
    văn bản: 'ngày 06 tháng 7', 'ngày 15 tháng 02') so nobody can add a digit by hand."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {d} tháng {m} năm {day.year}"


def fit_tables(document, text_width_mm: float) -> None:
    """Scale every table wider than the text area (margins come from the settings, the templates and the
    appendix tables are laid out for the default 165 mm)."""
    from docx.oxml.ns import qn

    limit_twips = text_width_mm * 56.7
    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        cols = grid.findall(qn("w:gridCol"))
        widths = [int(c.get(qn("w:w")) or 0) for c in cols]
        total = sum(widths)
        if not total or total <= limit_twips + 1:
            continue
        factor = limit_twips / total
        for c, w in zip(cols, widths):
            c.set(qn("w:w"), str(int(w * factor)))
        for tcw in tbl.iter(qn("w:tcW")):
            if tcw.get(qn("w:type")) in (None, "dxa"):
                tcw.set(qn("w:w"), str(int(int(tcw.get(qn("w:w")) or 0) * factor)))
