from decimal import Decimal

import pytest

from app.common.vnformat import fmt_count, fmt_decimal, fmt_int, fmt_percent, fmt_ratio, percent_value


@pytest.mark.parametrize("part,whole,text", [
    (37, 861, "4,3%"),      # seed 003: 4,297… rounds half up to 4,3
    (30, 861, "3,5%"),      # 3,484… -> 3,5
    (165, 174, "94,8%"),    # seed 000
    (803, 808, "99,4%"),    # seed 003
    (139, 803, "17,3%"),
    (282, 861, "32,8%"),    # the seed truncates to 32,7; rounding is the rule (DOMAIN §5)
    (1, 16, "6,3%"),        # 6,25 exactly: half up, not banker's 6,2
    (1, 40, "2,5%"),
    (0, 5, "0,0%"),
])
def test_percent_rounds_half_up(part, whole, text):
    assert fmt_percent(part, whole) == text


def test_percent_of_nothing_is_a_dash():
    assert fmt_percent(3, 0) == "–"


def test_two_decimals_like_seed_002():
    assert fmt_percent(192, 187, decimals=2) == "102,67%"
    assert percent_value(192, 187, 2) == Decimal("102.67")


def test_thousands_use_dots():
    assert fmt_int(4116) == "4.116"
    assert fmt_int(18606) == "18.606"
    assert fmt_int(1234567) == "1.234.567"
    assert fmt_int(854) == "854"
    assert fmt_int(-1200) == "-1.200"


def test_counts_under_ten_take_a_leading_zero():
    assert fmt_count(2) == "02"
    assert fmt_count(0) == "00"
    assert fmt_count(44) == "44"
    assert fmt_count(2, pad=False) == "2"
    assert fmt_ratio(4, 808) == "04/808"


def test_decimal_comma():
    assert fmt_decimal(17239.15, 2) == "17.239,15"
    assert fmt_decimal(44.25, 1) == "44,3"
    assert fmt_decimal(11.0, 1, strip_zero=True) == "11"
