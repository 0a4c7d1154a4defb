"""Date arithmetic the party rules use (full years of age, months of probation)."""

from __future__ import annotations

import calendar
from datetime import date, datetime


def add_months(d: date, months: int) -> date:
    month0 = d.month - 1 + months
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_years(d: date, years: int) -> date:
    return add_months(d, 12 * years)


def full_years(born: date, on: date) -> int:
    """Age in completed years on a date (Biểu 2/3 count age this way)."""
    years = on.year - born.year
    if (on.month, on.day) < (born.month, born.day):
        years -= 1
    return years


def fmt_date(d: date | None, year_only: bool = False) -> str:
    if d is None:
        return ""
    if year_only:
        return str(d.year)
    return d.strftime("%d/%m/%Y")


def parse_date(text: str) -> date:
    """dd/mm/yyyy as the clerk types it, or ISO yyyy-mm-dd from the CLI."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày không hợp lệ: «{text}» (nhập theo dạng ngày/tháng/năm, ví dụ 15/03/2026)")


def year_end(year: int) -> date:
    return date(year, 12, 31)
