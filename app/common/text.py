"""Vietnamese text helpers: folding for search and the Vietnamese sort order.

Pure functions, no third-party imports: every layer may use them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(text: str | None) -> str:
    """Normalise to NFC and collapse runs of white space (sheets mix decomposed and composed text)."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def fold(text: str | None) -> str:
    """Accent- and case-insensitive key: 'Nguyễn Văn Hùng' -> 'nguyen van hung'.

    SQLite's lower()/LIKE fold only ASCII, so search goes through this key stored in an indexed column.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # đ has no combining mark to strip; it is its own letter in Vietnamese.
    stripped = stripped.replace("đ", "d")
    return _SPACES.sub(" ", stripped).strip()


# Vietnamese letter order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
# Tones rank after the base letter: none, huyền, sắc, hỏi, ngã, nặng (the dictionary order).
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {ch: i for i, ch in enumerate(_BASE_ORDER)}
_TONE_RANK = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve (ă), circumflex (â ê ô), horn (ơ ư)


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch)
    tone = 0
    letter = ""
    for part in decomposed:
        if part in _TONE_RANK:
            tone = _TONE_RANK[part]
        else:
            letter += part
    base = unicodedata.normalize("NFC", letter)
    rank = _BASE_RANK.get(base)
    if rank is None:
        rank = 100 + ord(base[0]) if base else 0
    return rank, tone


@lru_cache(maxsize=65536)  # a commune's names use few distinct words; imports key thousands of rows
def word_key(word: str) -> tuple:
    """Sort key of one word in Vietnamese letter order (tones break ties after the letters)."""
    low = word.casefold()
    letters = tuple(_letter_key(ch)[0] for ch in low)
    tones = tuple(_letter_key(ch)[1] for ch in low)
    return letters, tones


def split_name(full_name: str) -> tuple[str, str]:
    """('Nguyễn Văn', 'Hùng'): family and middle names, and the given name (the last word)."""
    parts = nfc(full_name).split(" ")
    if not parts or parts == [""]:
        return "", ""
    return " ".join(parts[:-1]), parts[-1]


def name_sort_key(full_name: str) -> tuple:
    """Vietnamese list order: by given name, then family and middle names."""
    family, given = split_name(full_name)
    return (word_key(given), tuple(word_key(w) for w in family.split(" ") if w))


def name_sort_string(full_name: str) -> str:
    """A string that sorts like name_sort_key under plain binary collation (for ORDER BY in SQL)."""
    family, given = split_name(full_name)

    def encode(word: str) -> str:
        letters, tones = word_key(word)
        return "".join(chr(0x30 + r) for r in letters) + "".join(chr(0x30 + t) for t in tones)

    words = [given] + [w for w in family.split(" ") if w]
    return "\x01".join(encode(w) for w in words)
