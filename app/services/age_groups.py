"""The age groups of Biểu 2/3-BTCTW, in one place: statistics count by them; the reports, the official forms,
the home tab's chart and the members filter name them from here.

Age is in completed years at the report date (DOMAIN §5). The first group also takes a record younger than
18 (a mistyped birth date is counted somewhere the clerk will see it, not dropped).
"""

from __future__ import annotations

# (key, lowest age, highest age): the keys are those statistics return and saved reports store
AGE_GROUPS = (("18-30", 0, 30), ("31-35", 31, 35), ("36-40", 36, 40), ("41-45", 41, 45), ("46-50", 46, 50),
              ("51-55", 51, 55), ("56-60", 56, 60), (">60", 61, 200))
_YOUNGEST = 18  # the forms' first row reads "từ 18"; Điều lệ Đảng, Điều 1


def age_group(age: int) -> str:
    for key, low, high in AGE_GROUPS:
        if low <= age <= high:
            return key
    return AGE_GROUPS[0][0]


def age_label(key: str, style: str = "phrase") -> str:
    """How a group is written: "phrase" in a report's sentence ("từ 31-35 tuổi", "trên 60 tuổi"), "form" as a
    row of the official forms ("- Từ 31 - 35 tuổi"), "short" under a chart's bar ("31–35", "trên 60")."""
    _, low, high = next(g for g in AGE_GROUPS if g[0] == key)
    low = max(low, _YOUNGEST)
    last = high >= AGE_GROUPS[-1][2]
    if style == "phrase":
        return f"trên {low - 1} tuổi" if last else f"từ {low}-{high} tuổi"
    if style == "form":
        return f"- Trên {low - 1} tuổi" if last else f"- Từ {low} - {high} tuổi"
    if style == "short":
        return f"trên {low - 1}" if last else f"{low}–{high}"
    raise ValueError(f"unknown age label style {style!r}")
