"""Charts for reports: matplotlib's Figure API on the Agg canvas (no pyplot state, safe on a worker
thread), PNG bytes at 200 dpi, greys and hatching so they read on a black-and-white printer."""

from __future__ import annotations

import io
import threading
from contextlib import contextmanager

from .data import AGE_GROUPS, RatingYear, RecruitmentYear

DPI = 200
FONT = ["Times New Roman", "Liberation Serif", "DejaVu Serif"]
# four ratings: darkest = best, each with its own hatch so a photocopy still tells them apart
RATING_STYLES = (("Hoàn thành xuất sắc nhiệm vụ (tỷ lệ trên số hoàn thành tốt nhiệm vụ trở lên)", "0.15", ""),
                 ("Hoàn thành tốt nhiệm vụ", "0.55", "//"),
                 ("Hoàn thành nhiệm vụ", "0.85", ".."),
                 ("Không hoàn thành nhiệm vụ", "1.0", "xx"))


def _figure(width_in: float, height_in: float, left: float = 0.1, bottom: float = 0.14, right: float = 0.98,
            top: float = 0.95):
    """Fixed margins instead of a layout engine: constrained layout draws every chart twice."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=DPI)
    fig.subplots_adjust(left=left, bottom=bottom, right=right, top=top)
    return fig


def _style_axes(ax, count_axis: str | None = None) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors="black", labelsize=9)
    if count_axis:
        # counts of people: whole ticks, written the Vietnamese way ('1.000', never '0.5')
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        from app.common.vnformat import fmt_int

        axis = ax.yaxis if count_axis == "y" else ax.xaxis
        axis.set_major_locator(MaxNLocator(integer=True))
        axis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt_int(int(round(v)))))


def _png(fig) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    # zlib level 3: a third of the default's time for a few per cent more bytes
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white", pil_kwargs={"compress_level": 3})
    return buf.getvalue()


_RC_LOCK = threading.Lock()


@contextmanager
def _rc():
    """rcParams are process-wide: one chart at a time changes them (reports run on a worker thread)."""
    import matplotlib

    with _RC_LOCK, matplotlib.rc_context({"font.family": "serif", "font.serif": FONT, "font.size": 10,
                                          "hatch.linewidth": 0.6, "axes.edgecolor": "black"}):
        yield


def _vn(n: float, decimals: int = 1) -> str:
    from app.common.vnformat import fmt_decimal

    return fmt_decimal(n, decimals, strip_zero=True)


RATING_KEYS = ("excellent", "good", "done", "failed")


def ratings_chart_labels(r: RatingYear) -> list[str]:
    """The percentages printed on a year's bar, from the same computation as the sentences
    (sentences.rating_shares): HTXSNV over HTTNV-or-better, as the text writes it."""
    from .sentences import rating_shares

    shares = rating_shares(r)
    return [shares[k] for k in RATING_KEYS]


def ratings_chart(years: list[RatingYear], subject: str = "đảng viên", title: bool = True) -> bytes:
    """Stacked 100% bars per year: each rating's share of those rated; the labels are the report's own
    percentages (ratings_chart_labels), so text and chart never disagree."""
    with _rc():
        fig = _figure(6.3, 2.7, left=0.09, bottom=0.33, top=0.88 if title else 0.96)
        ax = fig.add_subplot()
        labels = [str(r.year) for r in years]
        bottoms = [0.0] * len(years)
        for idx, (label, grey, hatch) in enumerate(RATING_STYLES):
            values = []
            for r in years:
                part = (r.excellent, r.good, r.done, r.failed)[idx]
                values.append(100.0 * part / r.rated if r.rated else 0.0)
            bars = ax.bar(labels, values, bottom=bottoms, color=grey, edgecolor="black", linewidth=0.6,
                          hatch=hatch, label=label, width=0.55 if len(years) > 2 else 0.3)
            for bar, v, b, r in zip(bars, values, bottoms, years):
                if v >= 6:
                    text_color = "white" if grey in ("0.15",) else "black"
                    ax.text(bar.get_x() + bar.get_width() / 2, b + v / 2, ratings_chart_labels(r)[idx], ha="center",
                            va="center", fontsize=8, color=text_color,
                            bbox=None if text_color == "white" else dict(boxstyle="square,pad=0.1", fc="white",
                                                                          ec="none"))
            bottoms = [b + v for b, v in zip(bottoms, values)]
        ax.set_ylim(0, 100)
        ax.set_ylabel("Tỷ lệ (%)")
        if title:
            ax.set_title(f"Kết quả xếp loại chất lượng {subject} theo năm", fontsize=11, fontweight="bold")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, fontsize=7.5, frameon=False)
        _style_axes(ax)
        return _png(fig)


def age_chart(age_groups: dict[str, int], average_age: float | None = None, title: bool = True,
              members: int | None = None) -> bytes:
    """Members per age group; the shares are over all members (the sentence's base), not only those whose
    birth date is known."""
    from .sentences import pct

    with _rc():
        fig = _figure(6.3, 2.5, left=0.1, bottom=0.19, top=0.88 if title else 0.96)
        ax = fig.add_subplot()
        labels = [label.replace("Từ ", "").replace("từ ", "").replace(" tuổi", "") for _, label in AGE_GROUPS]
        labels[-1] = "Trên 60"
        values = [age_groups.get(key, 0) for key, _ in AGE_GROUPS]
        total = members if members is not None else sum(values)
        bars = ax.bar(labels, values, color="0.6", edgecolor="black", linewidth=0.6, hatch="//", width=0.65)
        for bar, v in zip(bars, values):
            share = f"{_vn(v, 0)}\n({pct(v, total)})" if total else _vn(v, 0)
            ax.annotate(share, (bar.get_x() + bar.get_width() / 2, v), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=7.5)
        ax.set_ylim(0, max(values + [1]) * 1.3)
        ax.set_ylabel("Số đảng viên")
        ax.set_xlabel("Nhóm tuổi")
        heading = "Cơ cấu đảng viên theo độ tuổi"
        if average_age is not None:
            heading += f" (tuổi bình quân {_vn(average_age)})"
        if title:
            ax.set_title(heading, fontsize=11, fontweight="bold")
        else:
            ax.set_xlabel(f"Nhóm tuổi (tuổi bình quân {_vn(average_age)})" if average_age is not None else "Nhóm tuổi")
        _style_axes(ax, "y")
        return _png(fig)


UNIT_BAR_IN = 0.12    # the pitch of one unit's bar (its 7-point name still reads)


def units_chart_limit(height_in: float) -> int:
    """How many bars a units chart of that height holds (the rest are one bar: units_chart's `limit`)."""
    return max(6, int((height_in - 0.7) / UNIT_BAR_IN))


def units_chart(members_by_unit: list[tuple[str, int]], limit: int = 25, title: bool = True,
                height_in: float | None = None) -> bytes:
    """Horizontal bars, largest first; past `limit` units the rest are summed in one bar. `height_in`
    fixes the height (the room left where the chart stands); the bars then fill it."""
    rows = sorted(members_by_unit, key=lambda kv: (-kv[1], kv[0]))
    if len(rows) > limit:
        # the rest as one bar of their average, so it does not dwarf the others
        rest = rows[limit - 1:]
        avg = round(sum(n for _, n in rest) / len(rest))
        rows = rows[:limit - 1] + [(f"{len(rest)} chi, đảng bộ còn lại (bình quân)", avg)]
    rows.reverse()
    with _rc():
        height = height_in or max(2.2, UNIT_BAR_IN * len(rows) + 0.8)
        longest = max((min(len(name), 45) for name, _ in rows), default=10)
        fig = _figure(6.3, height, left=min(0.5, (longest * 0.052 + 0.2) / 6.3), bottom=0.55 / height,
                      right=0.97, top=1 - (0.45 if title else 0.15) / height)
        ax = fig.add_subplot()
        # '$' would start matplotlib's math mode in a unit's name
        names = [(name if len(name) <= 45 else name[:44] + "…").replace("$", r"\$") for name, _ in rows]
        values = [n for _, n in rows]
        # numeric positions: two units may share a (shortened) name and must still get a bar each
        pos = list(range(len(rows)))
        bars = ax.barh(pos, values, color="0.7", edgecolor="black", linewidth=0.5, hatch="\\\\", height=0.7)
        for bar, v in zip(bars, values):
            ax.annotate(_vn(v, 0), (v, bar.get_y() + bar.get_height() / 2), xytext=(2, 0),
                        textcoords="offset points", va="center", fontsize=7)
        ax.set_xlim(0, max(values + [1]) * 1.12)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.set_xlabel("Số đảng viên")
        if title:
            ax.set_title("Số đảng viên theo chi, đảng bộ trực thuộc", fontsize=11, fontweight="bold")
        _style_axes(ax, "x")
        ax.set_yticks(pos, names)
        ax.tick_params(axis="y", labelsize=7)
        return _png(fig)


def recruitment_chart(years: list[RecruitmentYear], title: bool = True) -> bytes:
    with _rc():
        fig = _figure(6.3, 2.5, left=0.1, bottom=0.12, top=0.88 if title else 0.96)
        ax = fig.add_subplot()
        labels = [str(r.year) for r in years]
        x = list(range(len(years)))
        w = 0.36
        tb = ax.bar([i - w / 2 for i in x], [r.target for r in years], width=w, color="white", edgecolor="black",
                    hatch="..", linewidth=0.7, label="Chỉ tiêu")
        ab = ax.bar([i + w / 2 for i in x], [r.admitted for r in years], width=w, color="0.35", edgecolor="black",
                    linewidth=0.7, label="Đã kết nạp")
        for bars in (tb, ab):
            for bar in bars:
                h = bar.get_height()
                ax.annotate(str(int(h)), (bar.get_x() + bar.get_width() / 2, h), xytext=(0, 2),
                            textcoords="offset points", ha="center", va="bottom", fontsize=8)
        for i, r in enumerate(years):
            if r.target:
                ax.annotate(f"{_vn(100.0 * r.admitted / r.target)}%", (i, max(r.target, r.admitted)),
                            xytext=(0, 14), textcoords="offset points", ha="center", fontsize=8, style="italic")
        ax.set_xticks(x, labels)
        top = max([max(r.target, r.admitted) for r in years] + [1])
        ax.set_ylim(0, top * 1.4)
        ax.set_ylabel("Số quần chúng")
        if title:
            ax.set_title("Kết nạp đảng viên so với chỉ tiêu", fontsize=11, fontweight="bold")
        ax.legend(fontsize=8, frameon=False, loc="upper left")
        _style_axes(ax, "y")
        return _png(fig)
