"""The 54 ethnic groups of Viet Nam under their official names, and the spellings records use for them."""

from __future__ import annotations

from functools import lru_cache

from .text import fold

ETHNIC_GROUPS = (
    "Kinh", "Tày", "Thái", "Mường", "Khơ Me", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai", "Ê Đê", "Ba Na",
    "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông", "Thổ", "Stiêng", "Khơ Mú",
    "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì",
    "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Chứt", "Lự", "Lô Lô",
    "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)

_ALIASES = {
    "h'mong": "Mông", "hmong": "Mông", "h mong": "Mông", "meo": "Mông", "mong": "Mông",
    "khmer": "Khơ Me", "kho me": "Khơ Me", "khome": "Khơ Me", "kho-me": "Khơ Me",
    "ede": "Ê Đê", "e de": "Ê Đê", "bana": "Ba Na", "gia-rai": "Gia Rai", "jrai": "Gia Rai", "giarai": "Gia Rai",
    "san chi": "Sán Chay", "cao lan": "Sán Chay", "cham": "Chăm", "k'ho": "Cơ Ho", "coho": "Cơ Ho",
    "xo dang": "Xơ Đăng", "xodang": "Xơ Đăng", "h're": "Hrê", "raglai": "Ra Glai", "m'nong": "Mnông",
    "khmu": "Khơ Mú", "kho mu": "Khơ Mú", "van kieu": "Bru - Vân Kiều", "bru van kieu": "Bru - Vân Kiều",
    "katu": "Cơ Tu", "ta oi": "Tà Ôi", "gie trieng": "Giẻ Triêng", "xtieng": "Stiêng", "lolo": "Lô Lô",
    "lu": "Lự", "pa then": "Pà Thẻn", "co lao": "Cờ Lao", "bo y": "Bố Y", "pu peo": "Pu Péo", "ro mam": "Rơ Măm",
    "o du": "Ơ Đu", "tay": "Tày", "thai": "Thái", "nung": "Nùng", "kinh": "Kinh", "viet": "Kinh",
}
_BY_FOLD = {fold(name).replace("-", " ").replace("  ", " "): name for name in ETHNIC_GROUPS}


def canonical_ethnicity(text: str | None) -> str | None:
    """'H'Mông', 'HMông', 'Mèo' -> 'Mông'; unknown spellings are kept as written (title-cased)."""
    if not text or not str(text).strip():
        return None
    key = fold(text).replace("-", " ").strip()
    key = " ".join(key.split())
    if key in _ALIASES:
        return _ALIASES[key]
    if key in _BY_FOLD:
        return _BY_FOLD[key]
    compact = key.replace(" ", "")
    for k, name in _BY_FOLD.items():
        if k.replace(" ", "") == compact:
            return name
    return str(text).strip()


@lru_cache(maxsize=512)
def is_ethnic_minority(ethnicity: str | None) -> bool:
    """Every group except Kinh is a dân tộc thiểu số, Hoa included (DOMAIN §2). Unknown is not counted."""
    return bool(ethnicity) and fold(ethnicity) != "kinh"


@lru_cache(maxsize=512)
def is_religious(religion: str | None) -> bool:
    return bool(religion) and fold(religion) not in {"", "khong", "0", "-", "k", "khong co", "kh"}
