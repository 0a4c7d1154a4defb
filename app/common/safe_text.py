"""Text from sheets made safe for the records and for every document the program writes (issue 17).

Two dangers come in with a clerk's files:
- characters XML cannot hold (U+0001 from an old .xls, a NUL from a CSV): python-docx and openpyxl refuse
  them, so one such name would stop every report and export until someone found the record by hand;
- text that begins like a formula ("=HYPERLINK(…)", "+1", "@SUM"): written into an .xlsx as a value,
  openpyxl stores it as a live formula, which Excel runs when the clerk opens the export.
Pure functions, no third-party imports: every layer may use them.
"""

from __future__ import annotations

import re
import unicodedata

# XML 1.0 allows tab, line feed and carriage return below U+0020; nothing in U+D800–U+DFFF, U+FFFE, U+FFFF
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# bidirectional overrides and isolates turn "Nguyễn Văn An" around on screen and in print (a name that
# reads differently from what is stored); Vietnamese never needs them
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Excel stores a control character in a sheet's XML as _x0001_; readers that do not decode it show it so
_EXCEL_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def xml_safe(text: str) -> str:
    """The text with the characters no document can hold left out (used by every writer)."""
    if not text or text.isprintable():
        return text
    return _XML_ILLEGAL.sub("", text)


def decode_excel_escapes(text: str) -> str:
    """`_x0001_` → U+0001, as Excel means it (`_x005F_` escapes an underscore)."""
    if "_x" not in text:
        return text
    return _EXCEL_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)


def clean_text(text: str) -> str:
    """Text read from a sheet, as the records keep it: NFC, no control characters but line breaks and tabs,
    no bidirectional overrides. Everything else the clerk wrote is kept as written."""
    if not text:
        return text
    if text.isascii() and text.isprintable():
        return text
    text = _XML_ILLEGAL.sub("", text)
    text = _BIDI_CONTROLS.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def looks_like_formula(text: str) -> bool:
    return bool(text) and text.startswith(FORMULA_START)


def set_text_cell(cell, value) -> None:
    """Put a value into an openpyxl cell so that user text is always text: never a formula, never refused.

    openpyxl turns any string that starts with "=" into a formula; the cell is typed as a string after the
    value is set so the text is stored and shown exactly as written. Numbers and dates pass as they are.
    """
    if isinstance(value, str):
        value = xml_safe(value)
        cell.value = value
        if cell.data_type == "f" or looks_like_formula(value):
            cell.data_type = "s"
            cell.quotePrefix = True   # Excel shows it as text even after the clerk edits the cell
        return
    cell.value = value


def clean_for_document(value):
    """Recursively make every string of a report's data safe to write (dicts, lists, tuples kept)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {k: clean_for_document(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_for_document(v) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(clean_for_document(v) for v in value)
    return value
