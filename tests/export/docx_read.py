"""Reading a produced .docx back: all the text (body, tables, headers), fonts and page setup."""

from __future__ import annotations

from pathlib import Path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def paragraphs(path: Path) -> list[str]:
    """Every paragraph's text in document order, including those inside tables."""
    import docx

    doc = docx.Document(str(path))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in doc.element.body.iter(f"{W}p")]


def full_text(path: Path) -> str:
    return "\n".join(paragraphs(path))


def all_xml_text(path: Path) -> str:
    """Text of every part that Word shows: body, headers, footers."""
    import zipfile

    out = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("word/") and name.endswith(".xml") and any(
                    k in name for k in ("document", "header", "footer")):
                out.append(z.read(name).decode("utf-8"))
    return "\n".join(out)
