"""Read the figures of a report through the statistics service and turn them into app.export.data.

The counting lives in app.services.statistics (one place for the window, the CLI, the reports and the
forms); this module only picks and renames.
"""

from __future__ import annotations

from datetime import date, timedelta

from .data import (Awards, Movement, NewMembers, RatingYear, RecruitmentYear, ReportData, Snapshot, UnitChanges)

YEAR_END_HISTORY = 5      # years of ratings drawn in a year-end report's chart
RECRUITMENT_HISTORY = 3   # years of recruitment compared in a year-end report


def _snapshot(session, on: date) -> Snapshot:
    from app.models.enums import UnitKind
    from app.services import report_figures, statistics, units as unit_service

    s = statistics.structure_on(session, on)  # counted by the database
    u = statistics.units_on(session, on)
    tree = unit_service.list_units(session, on)
    root = next((i for i in tree if i.kind == UnitKind.COMMUNE), None)
    by_unit = [(i.name, i.member_count) for i in tree if root is not None and i.parent_id == root.id]
    return Snapshot(
        as_of=on, members=s["members"], female=s["female"], probationary=s["probationary"],
        ethnic_minority=s["ethnic_minority"], religious=s["religious"], youth_union=s["youth_union"],
        private_owner=s["private_business_owner"], exempt=s["exempt_from_activity"], working=s["working"],
        retired=s["retired"], age_groups=dict(s["age_groups"]), average_age=s["average_age"],
        age_unknown=s.get("age_unknown", 0),
        exempt_by_reason=report_figures.exemptions_by_reason(session, on) if s["exempt_from_activity"] else {},
        general_education=dict(s["general_education"]), professional=dict(s["professional"]),
        political_theory=dict(s["political_theory"]), occupation=dict(s["occupation"]),
        units_by_kind={"grassroots_committee": u["grassroots_committees"], "grassroots_cell": u["grassroots_cells"],
                       "cell": u["direct_cells"], "sub_committee": u["sub_committees"]},
        cells_by_place={k: v for k, v in u["direct_cells_by_place"].items() if v},
        members_by_unit=by_unit,
    )


def _movement(session, start: date, end: date) -> Movement:
    from app.services import statistics

    m = statistics.movement(session, start, end)
    return Movement(
        date_from=start, date_to=end, opening=m["opening"], admitted=m["admitted"],
        in_other_province=m["transferred_in_other_province"], in_same_province=m["transferred_in_same_province"],
        restored=m["restored"], deceased=m["deceased"], expelled=m["expelled"], struck_off=m["struck_off"],
        struck_off_probationary=m["struck_off_probationary"], resigned=m["resigned"],
        out_other_province=m["transferred_out_other_province"], out_same_province=m["transferred_out_same_province"],
        closing=m["closing"], unexplained=m.get("unexplained", 0))


def _unit_changes(session, start: date, end: date) -> UnitChanges:
    from app.services import statistics

    c = statistics.unit_changes(session, start, end)

    def names(key):
        return [e["name"] for e in c.get(key, [])]

    return UnitChanges(founded=names("founded"), merged=names("merged"), dissolved=names("dissolved"),
                       transferred_in=names("transferred_in"), transferred_out=names("transferred_out"))


def _ratings(raw: dict, session=None) -> list[RatingYear]:
    """Ratings per year; with a session, members' not-rated split by reason (the same figures as Biểu 6F)."""
    from app.services import report_figures

    out = []
    for year, e in sorted(raw.items(), key=lambda kv: int(kv[0])):
        if not e.get("rated"):
            continue
        r = RatingYear(year=int(year), total=e["subject"], excellent=e["HTXSNV"], good=e["HTTNV"],
                       done=e["HTNV"], failed=e["KHTNV"], not_rated_unknown=e["not_rated"])
        if session is not None and e["not_rated"]:
            why = report_figures.not_reviewed_reasons(session, int(year))
            r.not_rated_exempt, r.not_rated_new = why["exempt"], why["new_member"]
            r.not_rated_suspended, r.not_rated_other = why["suspended"], why["other"]
            known = r.not_rated_exempt + r.not_rated_new + r.not_rated_suspended + r.not_rated_other
            if known > e["not_rated"]:  # rated members who left before 31/12 make the two bases differ
                r.not_rated_exempt = r.not_rated_new = r.not_rated_suspended = r.not_rated_other = 0
                known = 0
            r.not_rated_unknown = e["not_rated"] - known
        out.append(r)
    return out


def new_members_from(raw: dict, label: str = "") -> NewMembers:
    return NewMembers(
        label=label, total=raw["members"], female=raw["female"], ethnic_minority=raw["ethnic_minority"],
        religious=raw["religious"], youth_union=raw["youth_union"], private_owner=raw["private_business_owner"],
        readmitted=raw.get("readmitted", 0), occupation=dict(raw["occupation"]), age_groups=dict(raw["age_groups"]),
        average_age=raw["average_age"], general_education=dict(raw["general_education"]),
        professional=dict(raw["professional"]))


def _recruitment(session, years: list[int], start: date | None, end: date):
    from app.services import statistics

    rows, breakdowns = [], []
    for y in years:
        s = date(y, 1, 1) if start is None else max(date(y, 1, 1), start)
        e = min(date(y, 12, 31), end)
        if e < s:
            continue
        r = statistics.recruitment(session, s, e)
        rows.append(RecruitmentYear(year=y, target=r["target"], admitted=r["admitted"],
                                    members_total=r["membership_base"],
                                    until=e if e < date(y, 12, 31) else None,
                                    since=s if s > date(y, 1, 1) else None))
        if s == date(y, 1, 1) and e == date(y, 12, 31):
            label = f"Năm {y}"
        elif s == date(y, 1, 1):
            label = f"Đến {e.day:02d}/{e.month}/{y}"
        else:
            label = f"{s.day:02d}/{s.month}-{e.day:02d}/{e.month}/{y}"
        breakdowns.append(new_members_from(r["breakdown"], label))
    # years before the first target or admission say nothing (a young database): drop them, keep the last
    while len(rows) > 1 and not (rows[0].target or rows[0].admitted):
        rows.pop(0)
        breakdowns.pop(0)
    return rows, breakdowns


def _awards(session, start: date, end: date) -> Awards:
    from app.services import statistics

    w = statistics.work_table(session, start, end)
    d = statistics.discipline_summary(session, start, end)
    unit_rewards: dict[str, int] = {}
    for key in ("grassroots_rewarded", "sub_committees_rewarded", "cells_rewarded"):
        for form, n in w.get(key, {}).items():
            unit_rewards[form] = unit_rewards.get(form, 0) + n
    return Awards(
        member_discipline=dict(d["members"]), unit_discipline=dict(d["units"]), unit_rewards=unit_rewards,
        member_rewards=dict(w["members_rewarded"]), badges={int(k): v for k, v in w["badges"].items() if v},
        cards_issued=w["cards_issued"], cards_reissued_lost=w["cards_reissued_lost"],
        cards_reissued_damaged=w["cards_reissued_damaged"], temp_out=w["temporary_out"], temp_in=w["temporary_in"],
        official_out=w["official_out"], official_in=w["official_in"])


def gather(session, kind: str, date_from: date | None, date_to: date, sections: set[str]) -> ReportData:
    """Everything the requested sections need, and nothing more (a report must stay fast on 20,000 members)."""
    from app.services import statistics

    from app.services import report_figures

    data = ReportData(date_from=date_from, date_to=date_to, snapshot=_snapshot(session, date_to))
    if "members" in sections:
        data.year_before = report_figures.members_a_year_before(session, date_to)
    if date_from is not None:
        if "members" in sections:
            data.movement = _movement(session, date_from, date_to)
        if "units" in sections:
            data.unit_changes = _unit_changes(session, date_from, date_to)
        if "discipline" in sections:
            data.awards = _awards(session, date_from, date_to)

    if "ratings" in sections or "appendix" in sections:
        if kind == "year_end":
            years = list(range(date_to.year - YEAR_END_HISTORY + 1, date_to.year + 1))
        elif kind == "period_review":
            years = list(range(date_from.year, date_to.year + 1))
        else:
            years = None
        data.member_ratings = _ratings(statistics.ratings_by_year(session, years, as_of=date_to), session)
        data.unit_ratings = _ratings(statistics.unit_ratings_by_year(session, years, as_of=date_to))
        if kind == "as_of":
            # a statistics report gives the latest evaluation completed by its date (ratings are made at the
            # end of December, so a date inside a year points to the year before)
            def done(r):
                return date(r.year, 12, 31) <= date_to
            data.member_ratings = [r for r in data.member_ratings if done(r)][-1:]
            data.unit_ratings = [r for r in data.unit_ratings if done(r)][-1:]

    if "recruitment" in sections or "appendix" in sections:
        if kind == "year_end":
            years = list(range(date_to.year - RECRUITMENT_HISTORY + 1, date_to.year + 1))
            data.recruitment, data.new_members_by_year = _recruitment(session, years, None, date_to)
            data.new_members = data.new_members_by_year[-1] if data.new_members_by_year else None
        elif kind == "period_review":
            years = list(range(date_from.year, date_to.year + 1))
            data.recruitment, data.new_members_by_year = _recruitment(session, years, date_from, date_to)
            data.new_members = new_members_from(statistics.new_members(session, date_from, date_to))
        else:
            data.recruitment, data.new_members_by_year = _recruitment(session, [date_to.year], None, date_to)
            data.new_members = data.new_members_by_year[-1] if data.new_members_by_year else None
    return data


def previous_day(d: date) -> date:
    return d - timedelta(days=1)
