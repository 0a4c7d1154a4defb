"""What may stand as a person's name in the records (issue 17: one letter, emoji, a right-to-left override
and markup were accepted as members' names). One rule for the import and for the member form.

Pure functions, no third-party imports: every layer may use them.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 80
MAX_WORDS = 7
# letters, with the marks Vietnamese puts on them, and the joiners real names use: "H'Mông" style
# apostrophes, hyphens ("Nguyễn Thị Mai-Anh"), a dot after an initial
_JOINERS = set(" -'’.")


def name_problem(name: str) -> str | None:
    """Why the text cannot be a person's name (Vietnamese, for the clerk), or None when it can."""
    text = unicodedata.normalize("NFC", name or "").strip()
    if not text:
        return "Chưa có họ và tên."
    if any(ch.isdigit() for ch in text):
        return f"«{text[:60]}» có chữ số, không giống họ và tên."
    if len(text) > MAX_LENGTH:
        return f"Họ và tên dài {len(text)} ký tự (quá {MAX_LENGTH}), không giống họ và tên."
    if len(text.split()) > MAX_WORDS:
        return f"«{text[:60]}» có hơn {MAX_WORDS} chữ, không giống họ và tên."
    marks_in_a_row = 0
    letters = 0
    for ch in text:
        category = unicodedata.category(ch)
        if category.startswith("L"):
            letters += 1
            marks_in_a_row = 0
        elif category.startswith("M"):
            marks_in_a_row += 1
            if marks_in_a_row > 2:   # a Vietnamese letter carries at most two marks (ệ, ở …)
                return f"«{text[:60]}» có dấu chồng lên nhau bất thường, không giống họ và tên."
        elif ch not in _JOINERS:
            return f"«{text[:60]}» có ký tự «{ch}» ({unicodedata.name(ch, 'U+%04X' % ord(ch)).lower()}), " \
                   f"không giống họ và tên."
    if letters < 2:
        return f"«{text}» quá ngắn (cần ít nhất hai chữ cái), không giống họ và tên."
    return None
