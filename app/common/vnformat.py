"""Numbers written the Vietnamese way: '4.116', '94,8%', '02 chi bộ'.

Percentages are rounded half up to one decimal (seed 003 writes 37/861 as "4,3%"): Python's round() is
banker's rounding on binary floats, so we use Decimal.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def fmt_int(n: int) -> str:
    """4116 -> '4.116'."""
    sign = "-" if n < 0 else ""
    return sign + f"{abs(int(n)):,}".replace(",", ".")


def fmt_count(n: int, pad: bool = True) -> str:
    """Counts under ten take a leading zero in party documents ('02 chi bộ')."""
    if pad and 0 <= n < 10:
        return f"{n:02d}"
    return fmt_int(n)


def percent_value(part: int | float, whole: int | float, decimals: int = 1) -> Decimal | None:
    if not whole:
        return None
    q = Decimal(1).scaleb(-decimals)
    return (Decimal(str(part)) * 100 / Decimal(str(whole))).quantize(q, rounding=ROUND_HALF_UP)


def fmt_decimal(value: Decimal | float | int, decimals: int = 1, strip_zero: bool = False) -> str:
    q = Decimal(1).scaleb(-decimals)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    text = fmt_int(int(whole))
    if frac and not (strip_zero and set(frac) == {"0"}):
        text += "," + frac
    return sign + text


def fmt_percent(part: int | float, whole: int | float, decimals: int = 1) -> str:
    """37 of 861 -> '4,3%'; no whole -> '–'."""
    value = percent_value(part, whole, decimals)
    if value is None:
        return "–"
    return fmt_decimal(value, decimals) + "%"


def fmt_ratio(part: int, whole: int) -> str:
    """'165/174' with counts padded like the seeds ('04/808')."""
    return f"{fmt_count(part)}/{fmt_count(whole)}"
