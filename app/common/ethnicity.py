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

def _key(text: str) -> str:
    """Letters only: 'H'Mông', 'H Mông', 'HMông' and 'Hmong' share the key 'hmong'."""
    return "".join(ch for ch in fold(text) if "a" <= ch <= "z")


# Other names and old spellings found in records (Mèo, Mán, Thượng names, the Latin-script forms).
_ALIASES = {
    "hmong": "Mông", "hmongg": "Mông", "meo": "Mông", "man": "Dao", "khmer": "Khơ Me", "khome": "Khơ Me",
    "khomer": "Khơ Me", "khmerkrom": "Khơ Me", "jrai": "Gia Rai", "ede": "Ê Đê", "rhade": "Ê Đê",
    "bahnar": "Ba Na", "sanchi": "Sán Chay", "caolan": "Sán Chay", "koho": "Cơ Ho", "kho": "Cơ Ho",
    "sedang": "Xơ Đăng", "mnong": "Mnông", "stieng": "Stiêng", "xtieng": "Stiêng", "khmu": "Khơ Mú",
    "bru": "Bru - Vân Kiều", "vankieu": "Bru - Vân Kiều", "katu": "Cơ Tu", "colao": "Cờ Lao",
    "xapho": "Phù Lá", "hre": "Hrê", "kinhviet": "Kinh", "viet": "Kinh",
}
_BY_KEY = {_key(name): name for name in ETHNIC_GROUPS} | _ALIASES


@lru_cache(maxsize=4096)
def canonical_ethnicity(text: str | None) -> str | None:
    """'H'Mông', 'HMông', 'Mèo' -> 'Mông'; unknown spellings are kept as written."""
    if not text or not str(text).strip():
        return None
    return _BY_KEY.get(_key(str(text)), " ".join(str(text).split()))


@lru_cache(maxsize=512)
def is_ethnic_minority(ethnicity: str | None) -> bool:
    """Every group except Kinh is a dân tộc thiểu số, Hoa included (DOMAIN §2). Unknown is not counted."""
    return bool(ethnicity) and fold(ethnicity) != "kinh"


@lru_cache(maxsize=512)
def is_religious(religion: str | None) -> bool:
    return bool(religion) and fold(religion) not in {"", "khong", "0", "-", "k", "khong co", "kh"}
