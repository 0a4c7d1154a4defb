"""Legacy Vietnamese text in old sheets: TCVN3 (ABC, fonts .VnTime/.VnTimeH) and VNI-Windows (VNI-Times).

Read as Unicode such cells look like "§¶ng viªn" (TCVN3) or "Ñaûng vieân" (VNI) (DOMAIN.md §7). The
encoding is decided per cell: by the cell's font when the file keeps it, else by the text itself; a
sheet-wide majority settles the cells whose text alone is ambiguous ("Tèt" is TCVN3 "Tốt" but also a
well-formed Unicode syllable).

Pure functions, no third-party imports.
"""

from __future__ import annotations

import functools
import re
import unicodedata

UNICODE = "unicode"
TCVN3 = "tcvn3"
VNI = "vni"

# --- TCVN3 (TCVN 5712:1993, VN3): one byte per letter, lower-case letters only with tones ---------------
_TCVN3_PAIRS = (
    "\xa1Ă \xa2Â \xa3Ê \xa4Ô \xa5Ơ \xa6Ư \xa7Đ \xa8ă \xa9â \xaaê \xabô \xacơ \xadư \xaeđ "
    "\xb5à \xb6ả \xb7ã \xb8á \xb9ạ \xbbằ \xbcẳ \xbdẵ \xbeắ \xc6ặ \xc7ầ \xc8ẩ \xc9ẫ \xcaấ \xcbậ "
    "\xccè \xceẻ \xcfẽ \xd0é \xd1ẹ \xd2ề \xd3ể \xd4ễ \xd5ế \xd6ệ "
    "\xd7ì \xd8ỉ \xdcĩ \xddí \xdeị "
    "\xdfò \xe1ỏ \xe2õ \xe3ó \xe4ọ \xe5ồ \xe6ổ \xe7ỗ \xe8ố \xe9ộ \xeaờ \xebở \xecỡ \xedớ \xeeợ "
    "\xefù \xf1ủ \xf2ũ \xf3ú \xf4ụ \xf5ừ \xf6ử \xf7ữ \xf8ứ \xf9ự "
    "\xfaỳ \xfbỷ \xfcỹ \xfdý \xfeỵ"
).split(" ")
TCVN3_TO_UNICODE: dict[str, str] = {pair[0]: pair[1] for pair in _TCVN3_PAIRS}
UNICODE_TO_TCVN3: dict[str, str] = {pair[1]: pair[0] for pair in _TCVN3_PAIRS}
_TCVN3_DECODE = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI-Windows: a base letter followed by one or two mark characters ---------------------------------
# Marks after a, e, o, u, y (lower-case form; the upper-case form is the same character upper-cased).
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
# circumflex + tone (â ấ ầ ẩ ẫ ậ) and breve + tone (ă ắ ằ ẳ ẵ ặ)
_VNI_CIRCUMFLEX = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_VNI_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# single characters: ơ ư đ and the i-family and ỵ
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(encode: Unicode letter -> VNI, decode: VNI sequence -> Unicode letter), both cases."""
    encode: dict[str, str] = {}

    def add(letter: str, code: str) -> None:
        letter = unicodedata.normalize("NFC", letter)
        encode.setdefault(letter, code)
        encode.setdefault(letter.upper(), code.upper())

    for base in "aeouy":
        for mark, tone in _VNI_TONES.items():
            add(base + tone, base + mark)
    for base in "aeo":
        for mark, tone in _VNI_CIRCUMFLEX.items():
            add(base + "\u0302" + tone, base + mark)
    for mark, tone in _VNI_BREVE.items():
        add("a\u0306" + tone, "a" + mark)
    for mark, tone in _VNI_TONES.items():
        add("ơ" + tone, "ô" + mark)
        add("ư" + tone, "ö" + mark)
    for code, letter in _VNI_SINGLE.items():
        encode[letter] = code
        encode[letter.upper()] = code.upper()
    # ỵ is one character in VNI, not y + nặng
    encode["ỵ"], encode["Ỵ"] = "î", "Î"
    decode: dict[str, str] = {}
    for letter, code in encode.items():
        decode.setdefault(code, letter)
        # sheets mix the case of base and mark ("Aù"): the letter takes the base's case
        if len(code) == 2:
            for variant in (code[0] + code[1].lower(), code[0] + code[1].upper()):
                decode.setdefault(variant, letter)
    return encode, decode


UNICODE_TO_VNI, VNI_TO_UNICODE = _vni_tables()
_VNI_PAIRS = {k: v for k, v in VNI_TO_UNICODE.items() if len(k) == 2}
_VNI_SINGLES = {k: v for k, v in VNI_TO_UNICODE.items() if len(k) == 1}

# Every precomposed Vietnamese letter outside ASCII: 67 lower-case and their 67 capitals.
VIETNAMESE_LETTERS: tuple[str, ...] = tuple(sorted(
    {unicodedata.normalize("NFC", b + t) for b in ("a", "a\u0302", "a\u0306", "e", "e\u0302", "i", "o",
                                                 "o\u0302", "o\u031b", "u", "u\u031b", "y")
     for t in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")} - set("aeiouy") | {"đ"}))
VIETNAMESE_LETTERS = VIETNAMESE_LETTERS + tuple(ch.upper() for ch in VIETNAMESE_LETTERS)


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """Decode TCVN3 text; `upper` for .VnTimeH cells, whose font shows the lower-case codes as capitals."""
    out = text.translate(_TCVN3_DECODE)
    out = unicodedata.normalize("NFC", out)
    return out.upper() if upper else out


def unicode_to_tcvn3(text: str) -> str:
    """Encode to TCVN3 (capitals with tones have no code in VN3: they are written in lower case)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = UNICODE_TO_TCVN3.get(ch)
        if code is None and ch not in UNICODE_TO_TCVN3 and ch.lower() in UNICODE_TO_TCVN3 and ord(ch) > 127:
            code = UNICODE_TO_TCVN3[ch.lower()]
        out.append(code if code is not None else ch)
    return "".join(out)


def vni_to_unicode(text: str) -> str:
    out = []
    i, n = 0, len(text)
    while i < n:
        pair = text[i:i + 2]
        letter = _VNI_PAIRS.get(pair) if len(pair) == 2 else None
        if letter is not None:
            out.append(letter)
            i += 2
            continue
        ch = text[i]
        out.append(_VNI_SINGLES.get(ch, ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def unicode_to_vni(text: str) -> str:
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def encoding_of_font(font_name: str | None) -> tuple[str, bool] | None:
    """(encoding, upper-case font) that a legacy font implies, or None for a Unicode font."""
    if not font_name:
        return None
    name = font_name.strip().lower()
    if name.startswith(".vn"):
        # .VnTimeH, .VnArialH, .VnHelvetInsH …: the H fonts draw the lower-case codes as capitals
        return TCVN3, name.endswith("h")
    if name.startswith("vni-") or name.startswith("vni "):
        return VNI, False
    return None


# --- detection by the text itself ------------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_LETTER_MARKS = {"\u0302", "\u0306", "\u031b"}
_VOWELS = set("aeiouy")


_NUCLEI = {"a", "e", "i", "o", "u", "y", "ai", "ao", "au", "ay", "eo", "eu", "ia", "ie", "iu", "oa", "oe", "oi",
           "ua", "ue", "ui", "uo", "uu", "uy", "ya", "ye", "uoi", "uou", "uya", "uye", "uyu", "ieu", "yeu", "oai",
           "oay", "uay", "oeo", "uai", "uao", "uau", "ueu", "uoa"}
_SYLLABLE = re.compile(r"^(ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdghklmnpqrstvx])?([aeiouy]+?)(ch|ng|nh|[cmnpt])?$")


def _syllable_ok(word: str) -> bool:
    """Vietnamese spelling: onset, a known vowel group, coda ("nguyeon" is no syllable, "nguyen" is)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("đ", "d")
    if not bare.isalpha() or not bare.isascii():
        return True  # not a plain word: judged by the other rules
    m = _SYLLABLE.match(bare)
    if not m:
        return False
    nucleus = m.group(2)
    if m.group(1) in ("gi", "qu") and nucleus not in _NUCLEI:
        return True
    return nucleus in _NUCLEI


def _word_ok(word: str) -> bool:
    """Does a word look like a Vietnamese syllable in Unicode (at most one tone, marks on vowels)?"""
    tones = 0
    prev_base = ""
    seen_lower = False
    for ch in unicodedata.normalize("NFD", word):
        if unicodedata.combining(ch):
            if ch in _TONES:
                tones += 1
            elif ch not in _LETTER_MARKS:
                return False
            if prev_base.lower() not in _VOWELS:
                return False
            continue
        code = ord(ch)
        if 0x80 <= code <= 0xFF:
            return False
        if ch.islower():
            seen_lower = True
        elif ch.isupper() and seen_lower:
            # "MiÔn": a capital inside a lower-case word is a legacy code, not Unicode
            return False
        prev_base = ch
    return tones <= 1 and _syllable_ok(word)


_LATIN1_HIGH = re.compile("[\u00a0-\u00ff]")
_LATER_LETTER = re.compile("[\u0100-\u024f\u1e00-\u1eff]")


def may_be_legacy(text: str) -> bool:
    """Fast first look (C-speed regexes): legacy text has Latin-1 letters and no later Vietnamese letters."""
    return bool(_LATIN1_HIGH.search(text)) and not _LATER_LETTER.search(text)


def _looks_legacy(text: str) -> bool:
    """Only texts with characters in the Latin-1 range (but no later letters) can be legacy."""
    if not may_be_legacy(text):
        return False
    has_high = False
    for ch in text:
        code = ord(ch)
        if code > 0xFF:
            # Unicode Vietnamese (ạ ư đ …); the typographic punctuation Word adds does not count
            if unicodedata.category(ch).startswith("L"):
                return False
        elif code >= 0xA0:
            has_high = True
    return has_high


def _score(text: str) -> int:
    good = bad = 0
    for word in text.split():
        if not any(ord(ch) > 127 for ch in word):
            continue
        if _word_ok(word.strip(".,;:()[]\"'-/")):
            good += 1
        else:
            bad += 1
    return good - 2 * bad


@functools.lru_cache(maxsize=65536)
def guess_encoding(text: str) -> tuple[str, bool]:
    """(encoding, sure) for a text with no font to tell; `sure` is False when Unicode reading also fits."""
    if not text or not _looks_legacy(text):
        return UNICODE, True
    scores = {UNICODE: _score(text), TCVN3: _score(tcvn3_to_unicode(text)), VNI: _score(vni_to_unicode(text))}
    best = max(scores.values())
    if scores[UNICODE] == best:
        legacy_best = max(scores[TCVN3], scores[VNI])
        return UNICODE, legacy_best < best
    winner = TCVN3 if scores[TCVN3] >= scores[VNI] else VNI
    return winner, scores[TCVN3] != scores[VNI]


def decode(text: str, encoding: str, upper: bool = False) -> str:
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, upper)
    if encoding == VNI:
        return vni_to_unicode(text)
    return unicodedata.normalize("NFC", text)


@functools.lru_cache(maxsize=65536)
def decode_cell(text: str, font_name: str | None = None, sheet_default: str | None = None) -> str:
    """Unicode NFC text of one cell, whatever the legacy encoding it was typed in."""
    if not text:
        return text
    if not _looks_legacy(text):
        return unicodedata.normalize("NFC", text.upper() if _is_upper_font(font_name) else text)
    by_font = encoding_of_font(font_name)
    if by_font is not None:
        return decode(text, by_font[0], by_font[1])
    encoding, sure = guess_encoding(text)
    if not sure and sheet_default in (TCVN3, VNI):
        # ambiguous alone (TCVN3 "Tèt" is a well-formed word too): the sheet's other cells decide
        encoding = sheet_default
    return decode(text, encoding)


def _is_upper_font(font_name: str | None) -> bool:
    enc = encoding_of_font(font_name)
    return bool(enc and enc[1])


class SheetEncodingVote:
    """Counts the encodings the unambiguous cells of a sheet were written in."""

    def __init__(self) -> None:
        self.votes = {UNICODE: 0, TCVN3: 0, VNI: 0}

    def add(self, text: str) -> None:
        if not text or not _looks_legacy(text):
            return
        encoding, sure = guess_encoding(text)
        if sure:
            self.votes[encoding] += 1

    def default(self) -> str | None:
        legacy = max((TCVN3, VNI), key=lambda e: self.votes[e])
        if self.votes[legacy] > self.votes[UNICODE]:
            return legacy
        return None
