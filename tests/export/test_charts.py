"""Charts: PNG at 200 dpi, drawn without pyplot, from worker threads, readable in black and white."""

from __future__ import annotations

import io
import sys
import threading

from app.export import charts
from app.export.data import RatingYear, RecruitmentYear

AGES = {"18-30": 3, "31-35": 2, "36-40": 2, "41-45": 0, "46-50": 2, "51-55": 1, "56-60": 0, ">60": 1}


def _image(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png))


def test_each_chart_is_a_200_dpi_png_without_pyplot():
    pngs = [charts.ratings_chart([RatingYear(2024, excellent=1, good=6, done=1), RatingYear(2025, excellent=2,
                                                                                            good=5, done=1, failed=1)]),
            charts.age_chart(AGES, 40.4),
            charts.units_chart([("Chi bộ bản Nà Sla", 5), ("Chi bộ Trường Tiểu học", 5), ("Chi bộ Trạm y tế", 1)]),
            charts.recruitment_chart([RecruitmentYear(2024, 2, 3), RecruitmentYear(2025, 4, 2)])]
    for png in pngs:
        img = _image(png)
        assert img.format == "PNG"
        dpi = img.info.get("dpi")
        assert dpi and round(dpi[0]) == 200
        assert img.size[0] == 6.3 * 200
    assert "matplotlib.pyplot" not in sys.modules


def test_ratings_are_told_apart_in_grey():
    """Black-and-white print: the four ratings use four different greys (and hatches)."""
    greys = {grey for _, grey, _ in charts.RATING_STYLES}
    hatches = {hatch for _, _, hatch in charts.RATING_STYLES}
    assert len(greys) == 4 and len(hatches) == 4
    img = _image(charts.ratings_chart([RatingYear(2025, excellent=30, good=40, done=20, failed=10)])).convert("L")
    lo, hi = img.getextrema()
    assert lo < 60 and hi == 255       # dark bars and a white page


def test_many_units_are_summed_in_one_bar_and_same_names_kept_apart():
    rows = [(f"Chi bộ bản {i}", i) for i in range(60)] + [("Chi bộ bản 1", 99)]
    img = _image(charts.units_chart(rows, limit=25))
    assert img.size[1] < 6 * 200      # 25 bars, not 61


def test_charts_from_two_threads_at_once():
    out, errors = [], []

    def work():
        try:
            out.append(charts.age_chart(AGES, 40.4))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(out) == 3 and len(set(out)) == 1
