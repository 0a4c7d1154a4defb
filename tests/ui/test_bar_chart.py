"""Tổng quan's two charts, painted by Qt (app/ui/bar_chart.py): the bars hold the demo's own counts (counted here
from the file), they are drawn (pixels of the bars' colours in a grab), a resize repaints without a read, and
with no member each chart says so instead of drawing empty axes."""

from datetime import date

from PySide6.QtGui import QColor

from .conftest import sql

UNIT_RED, AGE_GOLD = QColor("#b22222"), QColor("#c8a200")
ALIVE = "counted = 1 AND valid_from <= :d AND (valid_to IS NULL OR valid_to > :d)"


def _pixels_of(widget, color: QColor) -> int:
    image = widget.grab().toImage()
    target = color.rgb()
    return sum(1 for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)
               if image.pixel(x, y) == target)


def _members_by_direct_unit(db, day: date) -> dict[str, int]:
    """Members on the list per unit directly under the commune's committee, its sub-units included."""
    import sqlite3

    con = sqlite3.connect(str(db.path))
    try:
        rows = con.execute(f"""
            WITH RECURSIVE tree(top, id) AS (
                SELECT u.id, u.id FROM units u JOIN units c ON c.id = u.parent_id AND c.kind = 'commune'
                 WHERE u.active_to IS NULL OR u.active_to > :d
                UNION ALL SELECT tree.top, u.id FROM units u JOIN tree ON u.parent_id = tree.id)
            SELECT top.name, (SELECT COUNT(*) FROM member_spans s JOIN tree t ON t.id = s.unit_id
                               WHERE t.top = top.id AND {ALIVE})
              FROM units top WHERE top.id IN (SELECT top FROM tree)""", {"d": day.isoformat()}).fetchall()
    finally:
        con.close()
    return dict(rows)


def _ages(db, day: date) -> list[int]:
    births = sql(db, f"SELECT m.birth_date FROM member_spans s JOIN members m ON m.id = s.member_id "
                     f"WHERE s.counted = 1 AND s.valid_from <= ? AND (s.valid_to IS NULL OR s.valid_to > ?)",
                 day.isoformat(), day.isoformat())
    ages = []
    for (born,) in births:
        b = date.fromisoformat(born)
        ages.append(day.year - b.year - ((day.month, day.day) < (b.month, b.day)))
    return ages


def _shown_home(qtbot, db, height=768):
    from app.ui.home_tab import HomeTab

    home = HomeTab(db)
    qtbot.addWidget(home)
    home.resize(1366, height)
    home.show()
    home.refresh()
    qtbot.waitUntil(home.data_shown, timeout=15000)
    return home


def test_the_charts_paint_the_demos_counts(qtbot, demo_db):
    home = _shown_home(qtbot, demo_db)
    today = home.today
    units, ages = home.unit_chart, home.age_chart

    # members per direct unit, the largest first, names without "Chi bộ "/"Đảng bộ "
    expected = {n.removeprefix("Chi bộ ").removeprefix("Đảng bộ "): c
                for n, c in _members_by_direct_unit(demo_db, today).items()}
    assert len(units.bars) == len(expected) > 3
    for name, count in units.bars:
        full = next(n for n in expected if n == name or (name.endswith("…") and n.startswith(name[:-1])))
        assert expected[full] == count, name
    assert [c for _, c in units.bars] == sorted(expected.values(), reverse=True)
    assert not any(name.startswith(("Chi bộ ", "Đảng bộ ")) for name, _ in units.bars)
    assert units.painted and units.painted == units.bars[:len(units.painted)]

    # the age structure, counted here from the birth dates (completed years on the day)
    counted = _ages(demo_db, today)
    bounds = [("18–30", 0, 30), ("31–35", 31, 35), ("36–40", 36, 40), ("41–45", 41, 45), ("46–50", 46, 50),
              ("51–55", 51, 55), ("56–60", 56, 60), ("trên 60", 61, 200)]
    assert ages.bars == [(label, sum(low <= a <= high for a in counted)) for label, low, high in bounds]
    assert sum(c for _, c in ages.bars) == len(counted) == int(home.values["members"].text().replace(".", ""))
    average = round(sum(counted) / len(counted), 1)
    assert ages.title.startswith("Cơ cấu độ tuổi (tuổi bình quân ")
    assert abs(float(ages.title.split()[-1].rstrip(")").replace(",", ".")) - average) <= 0.11
    assert ages.painted == ages.bars  # every age group is drawn

    # drawn: the bars' colours are on the screen, in each chart
    assert _pixels_of(units, UNIT_RED) > 200
    assert _pixels_of(ages, AGE_GOLD) > 200
    assert _pixels_of(units, AGE_GOLD) == 0


def test_a_smaller_chart_shows_the_largest_units_and_says_so_without_reading_again(qtbot, demo_db):
    home = _shown_home(qtbot, demo_db)
    units = home.unit_chart
    total = len(units.bars)
    units.resize(units.width(), 120)
    units.grab()  # paints at the new size
    shown = len(units.painted)
    assert 1 <= shown < total
    assert units.painted == units.bars[:shown]
    assert units.shown_title() == f"Đảng viên theo tổ chức trực thuộc ({shown}/{total} đông nhất)"
    assert not home.loader.busy()  # nothing was read or rendered for the resize


def test_no_member_no_axes_but_a_sentence(qtbot, db):
    home = _shown_home(qtbot, db)
    assert home.values["members"].text() == "0"
    for chart in home.chart_views:
        assert chart.bars == [] and chart.painted == []
        assert chart.message == "Chưa có đảng viên: biểu đồ hiện khi đã có dữ liệu."
        assert _pixels_of(chart, UNIT_RED) == 0 and _pixels_of(chart, AGE_GOLD) == 0


def test_the_longer_bar_is_the_larger_value(qtbot):
    from app.ui.bar_chart import BarChart

    chart = BarChart(horizontal=True, color="#b22222")
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_bars("Đảng viên theo tổ chức trực thuộc", [("Bản Nà Sla", 1250), ("Trường Tiểu học", 300)])
    chart.show()
    qtbot.waitUntil(lambda: chart.painted == [("Bản Nà Sla", 1250), ("Trường Tiểu học", 300)], timeout=5000)
    assert _pixels_of(chart, UNIT_RED) > 100
    # the longer bar is the larger value: more red in the top half than in the bottom
    image = chart.grab().toImage()
    red = UNIT_RED.rgb()
    half = image.height() // 2
    top = sum(image.pixel(x, y) == red for y in range(0, half) for x in range(0, image.width(), 2))
    bottom = sum(image.pixel(x, y) == red for y in range(half, image.height()) for x in range(0, image.width(), 2))
    assert top > 3 * bottom > 0
