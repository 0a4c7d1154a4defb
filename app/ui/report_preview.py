"""The Reports tab's preview: the computed content as HTML (headings numbered like the document, the clerk's
own text in blue, the appendix tables) and its charts, decoded and scaled on the worker so that the UI thread
only lays them out."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QTextBrowser

from app.export import ReportRequest

PREVIEW_WIDTH = 640   # px: charts are scaled on the worker to this width, so the UI thread only shows them
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def preview_job(session, request: ReportRequest):
    """Worker side of "Xem số liệu": the content, and each chart decoded and scaled for the screen."""
    from app.export import report_content

    content = report_content(session, request)
    images = {}
    for chart in content.charts():
        img = QImage.fromData(chart.png, "PNG")
        if not img.isNull() and img.width() > PREVIEW_WIDTH:
            img = img.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
        images[chart.key] = img
    return content, images


class PreviewBrowser(QTextBrowser):
    """The preview page; charts are served from memory (chart:<key>) rather than files."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.images: dict[str, QImage] = {}
        self.setOpenLinks(False)

    def loadResource(self, kind, url):
        image_kinds = (QTextDocument.ResourceType.ImageResource, QTextDocument.ResourceType.ImageResource.value)
        if url.scheme() == "chart" and kind in image_kinds:
            img = self.images.get(url.path())
            if img is not None:
                return img
        return super().loadResource(kind, url)


def content_html(content, images: dict, own_intro: bool = False) -> str:
    """The preview as HTML: headings numbered like the document, computed sentences, charts, the clerk's
    text (in blue, so it is told apart from the figures), then the appendix tables."""
    e = html.escape
    parts = ["<style>p{margin:3px 0 6px 0;} h3{margin:12px 0 4px 0;} h4{margin:8px 0 3px 0;}"
             " .own{color:#0b4f9c;} .warn{color:#8a4b00;} td,th{padding:2px 6px;}</style>"]
    parts.append(f"<h2 align='center'>{e(content.title)}</h2><p align='center'><b>{e(content.subject)}</b></p>")
    if content.warnings:
        parts.append("<p class='warn'><b>Cần xem lại trước khi ký:</b></p><ul class='warn'>"
                     + "".join(f"<li>{e(w)}</li>" for w in content.warnings) + "</ul>")
    intro_class = " class='own'" if own_intro else ""
    parts.append(f"<p{intro_class}>{e(content.intro)}</p>")

    def blocks(items, number: str):
        from app.export.content import Chart, Paragraph, Section, Table

        sub = 0
        for b in items:
            if isinstance(b, Paragraph):
                parts.append(f"<p>{e(b.text)}</p>")
            elif isinstance(b, Chart):
                if b.key in images:
                    parts.append(f"<p align='center'><img src='chart:{e(b.key)}'><br><i>{e(b.title)}</i></p>")
                else:
                    parts.append(f"<p><i>{e(b.title)}</i></p>")
            elif isinstance(b, Section):
                sub += 1
                parts.append(f"<h4>{number}{sub}. {e(b.heading)}</h4>")
                blocks(b.blocks, f"{number}{sub}.")
            elif isinstance(b, Table):
                parts.append(table_html(b))

    for i, section in enumerate(content.sections):
        parts.append(f"<h3>{ROMAN[i] if i < len(ROMAN) else i + 1}. {e(section.heading)}</h3>")
        blocks(section.blocks, "")
        if section.narrative.strip():
            parts.append("".join(f"<p class='own'>{e(line)}</p>" for line in section.narrative.splitlines()
                                 if line.strip()))
    for a in content.appendices:
        parts.append(f"<h3>PHỤ LỤC {a.number}: {e(a.title)}</h3>")
        parts.append(table_html(a.table))
    return "".join(parts)


def table_html(table) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in table.header)
    rows = []
    for i, row in enumerate(table.rows):
        cells = "".join(f"<td>{'<b>' if i in table.bold_rows else ''}{e(str(c))}"
                        f"{'</b>' if i in table.bold_rows else ''}</td>" for c in row)
        rows.append(f"<tr>{cells}</tr>")
    title = f"<p><b>{e(table.title)}</b></p>" if table.title else ""
    return (f"{title}<table border='1' cellspacing='0' cellpadding='2'><tr>{head}</tr>{''.join(rows)}</table>")
