"""Cell values as old sheets write them → typed values, always keeping what was written.

Dates (real dates, Excel serial numbers, dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy, a year alone), education
levels (DOMAIN.md §2), ratings (DOMAIN.md §3), ethnic groups in their spellings, and notes that carry a
state ("Miễn SH", "Dự bị", "Chuyển đi", "Từ trần", "Nghỉ hưu"). Pure functions, no third-party imports.
"""

from __future__ import annotations

from app.common.ethnicity import canonical_ethnicity

import functools
import math
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from app.common.text import fold, nfc
from app.common.vocab import NONE, form_key, vocabularies
from app.common.vocab import rating as RV
from app.models.enums import (DatePrecision, Gender, GeneralEducation, PoliticalTheory, ProfessionalLevel,
                              Rating)

_EXCEL_EPOCH = date(1899, 12, 30)
MIN_YEAR = 1880


class ValueProblem(ValueError):
    """A value that cannot be read; the message is Vietnamese and quotes the cell."""


@dataclass(frozen=True)
class SheetDate:
    value: date
    precision: DatePrecision = DatePrecision.DAY

    @property
    def year_only(self) -> bool:
        return self.precision == DatePrecision.YEAR

    def __str__(self) -> str:
        return str(self.value.year) if self.year_only else self.value.strftime("%d/%m/%Y")


_DMY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{2}|\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_MY = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_WORDS = re.compile(r"(?:ngay\s*)?(\d{1,2})\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})")


def _two_digit_year(y: int) -> int:
    return 1900 + y if y > 30 else 2000 + y


def _make(y: int, m: int, d: int, text: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        raise ValueProblem(f"Ngày «{text}» không có thật.") from None


def parse_sheet_date(value, *, today: date | None = None) -> SheetDate | None:
    """A date cell in any of the ways sheets write it; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        result = SheetDate(value)
    elif isinstance(value, bool):
        raise ValueProblem(f"«{value}» không phải là ngày.")
    elif isinstance(value, (int, float)):
        number = float(value)
        if not math.isfinite(number):
            raise ValueProblem(f"Số «{value}» không phải là ngày.")
        if number.is_integer() and MIN_YEAR <= number <= 2100:
            result = SheetDate(date(int(number), 1, 1), DatePrecision.YEAR)
        elif 1 <= number < 80000:
            # Excel's serial day numbers (1900 system, counted from 30/12/1899 because of the 1900 leap bug)
            result = SheetDate(_EXCEL_EPOCH + timedelta(days=int(number)))
        else:
            raise ValueProblem(f"Số «{value:g}» không phải là ngày.")
    else:
        text = nfc(str(value)).strip().rstrip(".")
        if not text:
            return None
        text = re.sub(r"^(ngày|ngay|sinh ngày|năm|nam)\s+", "", text, flags=re.IGNORECASE)
        m = _DMY.match(text)
        if m:
            d, mo, y = (int(g) for g in m.groups())
            if len(m.group(3)) == 2:
                y = _two_digit_year(y)
            if mo > 12 and d <= 12:
                raise ValueProblem(f"Ngày «{text}» không đúng dạng ngày/tháng/năm.")
            result = SheetDate(_make(y, mo, d, text))
        elif (m := _YMD.match(text)):
            y, mo, d = (int(g) for g in m.groups())
            result = SheetDate(_make(y, mo, d, text))
        elif text.isdigit() and len(text) == 5 and 10000 <= int(text) < 80000:
            # an Excel serial day number pasted as text
            result = SheetDate(_EXCEL_EPOCH + timedelta(days=int(text)))
        elif (m := _YEAR.match(text)):
            result = SheetDate(_make(int(m.group(1)), 1, 1, text), DatePrecision.YEAR)
        elif (m := _MY.match(text)):
            # month and year only: the month is kept, the precision is the year (no month precision exists)
            mo, y = int(m.group(1)), int(m.group(2))
            result = SheetDate(_make(y, mo, 1, text), DatePrecision.YEAR)
        elif (m := _WORDS.search(fold(text))):
            d, mo, y = (int(g) for g in m.groups())
            result = SheetDate(_make(y, mo, d, text))
        else:
            raise ValueProblem(f"«{text}» không đọc được là ngày (dạng ngày/tháng/năm hoặc năm).")
    today = today or date.today()
    if result.value.year < MIN_YEAR or result.value > today + timedelta(days=3660):
        raise ValueProblem(f"Ngày «{result}» nằm ngoài khoảng hợp lý.")
    return result


# --- classified fields: one vocabulary each (app/common/vocab) ------------------------------------------

NOT_RATED = RV.NOT_RATED
EXEMPT = RV.EXEMPT


def understand(field_name: str, value) -> str | None:
    """What a cell of a classified field means in that field's vocabulary: a stored value, vocab.NONE for a
    known "none", or None when nobody knows yet (the import then asks the clerk)."""
    if value is None:
        return None
    return vocabularies()[field_name].lookup(nfc(str(value)))


@functools.lru_cache(maxsize=4096)
def parse_rating(value) -> tuple[Rating | str | None, str | None]:
    """(Rating, raw text); EXEMPT for 'Miễn SH', NOT_RATED for 'chưa xếp loại'/'-'; None for empty."""
    if value is None:
        return None, None
    raw = nfc(str(value))
    if not raw:
        return None, None
    if raw in ("-", "x", "/", "--", "—") or not form_key(raw):
        return NOT_RATED, raw
    found = RV.VOCAB.lookup(raw)
    if found is None:
        raise ValueProblem(f"Không hiểu mức xếp loại «{raw}» (HTXSNV, HTTNV, HTNV, KHTNV hoặc Tốt, HTT …).")
    if found in (EXEMPT, NOT_RATED):
        return found, raw
    return Rating(found), raw


@functools.lru_cache(maxsize=4096)
def parse_gender(value) -> Gender | None:
    if value is None or not str(value).strip(" ."):
        return None
    found = understand("gender", value)
    if found is None:
        raise ValueProblem(f"Giới tính «{nfc(str(value))}» không rõ (Nam hoặc Nữ).")
    return Gender(found)


@functools.lru_cache(maxsize=4096)
def is_mark(value) -> bool:
    """A tick in a yes/no column ("x", "X", "✓", 1, "có")."""
    if value is None:
        return False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value == 1
    key = fold(str(value)).strip()
    return key in ("x", "+", "1", "co", "v", "\u2713", "\u2714", "yes", "dv", "doan vien")


def _level(field_name: str, enum, text):
    if text is None:
        return None
    found = understand(field_name, text)
    return enum(found) if found not in (None, NONE) else None


@functools.lru_cache(maxsize=4096)
def classify_general_education(text) -> GeneralEducation | None:
    """DOMAIN.md §2: '12/12', '9/12', '7/10', 'THPT' … (app/common/vocab/general_education.py)."""
    return _level("general_education", GeneralEducation, text)


@functools.lru_cache(maxsize=4096)
def classify_professional(text) -> ProfessionalLevel | None:
    return _level("professional", ProfessionalLevel, text)


@functools.lru_cache(maxsize=4096)
def classify_political_theory(text) -> PoliticalTheory | None:
    # cao cấp and cử nhân are reported together (DOMAIN §2)
    return _level("political_theory", PoliticalTheory, text)


@functools.lru_cache(maxsize=4096)
def parse_religion(value) -> tuple[str | None, bool]:
    """(the religion's one name, understood): ('Phật giáo', True) for 'Đạo Phật'; (None, True) for 'Không';
    (the text as written, False) when not known — kept, and asked."""
    text = nfc(str(value)) if value is not None else ""
    if not text:
        return None, True
    found = understand("religion", text)
    if found is None:
        return text, False
    return (None if found == NONE else found), True


# --- one cell holding sex, ethnic group and religion (Mẫu 7-HSĐV column 3) -------------------------------

_PARTS = re.compile(r"\s*(?:\n|,|;|\s-\s|/)\s*")


@functools.lru_cache(maxsize=4096)
def split_identity(value) -> dict:
    """{'gender', 'ethnicity', 'religion'} found in one cell: "Nam\\nKinh\\nKhông", "Nam Kinh Không",
    "Nữ, Tày, Phật giáo". Only the parts found are in the result; 'rest' holds what no part explains.

    One word after another: the sex first, then the longest ethnic name, then the religion — so "Nam Kinh
    Không" is a man, Kinh, no religion, and never a religion called "Nam Kinh Không" (issue 11).
    """
    text = nfc(str(value)) if value is not None else ""
    out: dict = {}
    rest: list[str] = []
    chunks = [c for c in _PARTS.split(text) if c and c.strip()]
    words: list[str] = []
    for chunk in chunks:
        words.extend(chunk.split())
        words.append("\n")
    i = 0
    while i < len(words):
        if words[i] == "\n":
            i += 1
            continue
        taken = 0
        for size in (4, 3, 2, 1):
            piece = [w for w in words[i:i + size]]
            if "\n" in piece or len(piece) < size:
                continue
            phrase = " ".join(piece)
            for name in ("gender", "ethnicity", "religion"):
                if name in out:
                    continue
                found = understand(name, phrase)
                if found is not None and not (name == "gender" and phrase.lower() in ("x", "0", "1")):
                    out[name] = found
                    taken = size
                    break
            if taken:
                break
        if not taken:
            rest.append(words[i])
            taken = 1
        i += taken
    if rest:
        out["rest"] = " ".join(rest)
    return out


# --- ethnic groups ---------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def parse_ethnicity(value) -> str | None:
    """The group's standard name (H'Mông = Mông = HMông), or the text as written when unknown.

    The same canonical name the member service stores (app.common.ethnicity), so that a re-import compares
    equal to what is already in the database instead of showing a false change.
    """
    if value is None:
        return None
    raw = nfc(str(value))
    if not raw:
        return None
    return canonical_ethnicity(raw)


def ethnicity_known(value) -> bool:
    """Whether an ethnic-group cell names one of the 54 groups (else it is kept as written, and asked)."""
    return value is not None and understand("ethnicity", value) not in (None, NONE)


# --- notes that carry a state ----------------------------------------------------------------------------

STATE_EXEMPT = "exempt"
STATE_PROBATIONARY = "probationary"
STATE_OFFICIAL = "official"
STATE_TRANSFERRED_OUT = "transferred_out"
STATE_DECEASED = "deceased"
STATE_RETIRED = "retired"

_STATE_WORDS = (
    ("mien sh", STATE_EXEMPT), ("mien sinh hoat", STATE_EXEMPT), ("mien cong tac", STATE_EXEMPT),
    ("mien shd", STATE_EXEMPT), ("msh", STATE_EXEMPT),
    ("du bi", STATE_PROBATIONARY), ("dv du bi", STATE_PROBATIONARY), ("dvdb", STATE_PROBATIONARY),
    ("chuyen di", STATE_TRANSFERRED_OUT), ("chuyen sinh hoat di", STATE_TRANSFERRED_OUT),
    ("da chuyen", STATE_TRANSFERRED_OUT), ("chuyen sh", STATE_TRANSFERRED_OUT),
    ("tu tran", STATE_DECEASED), ("da mat", STATE_DECEASED), ("qua doi", STATE_DECEASED), ("tu tran", STATE_DECEASED),
    ("nghi huu", STATE_RETIRED), ("huu tri", STATE_RETIRED), ("nghi che do", STATE_RETIRED),
)

STATE_LABELS = {
    STATE_EXEMPT: "Miễn công tác và sinh hoạt đảng", STATE_PROBATIONARY: "Đảng viên dự bị",
    STATE_OFFICIAL: "Đảng viên chính thức",
    STATE_TRANSFERRED_OUT: "Chuyển sinh hoạt đi", STATE_DECEASED: "Từ trần", STATE_RETIRED: "Nghỉ hưu",
}


@functools.lru_cache(maxsize=4096)
def states_in_note(value) -> tuple[str, ...]:
    """States a note records ("Miễn SH, nghỉ hưu" → exempt and retired), in a stable order."""
    if value is None:
        return []
    key = " " + re.sub(r"[^a-z0-9]+", " ", fold(str(value))) + " "
    found = []
    for word, state in _STATE_WORDS:
        if f" {word} " in key and state not in found:
            found.append(state)
    return tuple(found)


def parse_standing(value) -> str | None:
    if value is None:
        return None
    key = fold(str(value)).strip()
    if not key:
        return None
    if key in ("db", "du bi", "dv du bi", "dvdb") or key.startswith("du bi"):
        return STATE_PROBATIONARY
    if key in ("ct", "chinh thuc", "dv chinh thuc", "dvct") or key.startswith("chinh thuc"):
        return STATE_OFFICIAL
    raise ValueProblem(f"«{nfc(str(value))}» không phải Dự bị hay Chính thức.")


# --- identity numbers ------------------------------------------------------------------------------------

def parse_national_id(value) -> str | None:
    if value is None:
        return None
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"[\s.\-']", "", str(value))
    if not text:
        return None
    if numeric and text.isdigit() and len(text) in (10, 11):
        # a number cell drops the leading zeros of a CCCD (province codes 001–096)
        return text.zfill(12)
    if not re.fullmatch(r"\d{9}|\d{12}", text):
        raise ValueProblem(f"Số CCCD «{value}» phải gồm 12 chữ số (CMND cũ: 9 chữ số).")
    return text


def parse_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.strftime("%d/%m/%Y")
    text = nfc(str(value))
    return text or None


def parse_card_number(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        # a card number typed as a number: "21.554710" keeps its six decimals
        text = str(int(value)) if value.is_integer() else f"{value:.6f}"
    else:
        text = nfc(str(value))
    return text or None
