"""Statistics against answers counted by hand on a small commune."""

from datetime import date

import pytest

from app.common.vnformat import fmt_percent
from app.models.enums import (GeneralEducation as G, Gender, OccupationGroup as O, PlaceType, PoliticalTheory as T,
                              ProfessionalLevel as P, Rating, TransferScope, UnitKind)
from app.services import evaluations as E, members as M, recruitment as R, statistics as S, units as U

from .factories import commune, made_up_name

AS_OF = date(2026, 3, 1)

# name, born, gender, ethnicity, religion, edu, prof, theory, occupation, youth
PEOPLE = [
    ("Nguyễn Văn An", date(1999, 3, 2), Gender.MALE, "Kinh", None, G.UPPER_SECONDARY, P.UNIVERSITY, None, O.COMMUNE_OFFICIAL, True),
    ("Lò Thị Bình", date(1994, 3, 1), Gender.FEMALE, "Thái", None, G.UPPER_SECONDARY, P.COLLEGE, T.ELEMENTARY, O.PUBLIC_EMPLOYEE, False),
    ("Sùng A Chứ", date(1990, 3, 2), Gender.MALE, "H'Mông", None, G.LOWER_SECONDARY, None, None, O.FARMER, False),
    ("Giàng Thị Dợ", date(1985, 1, 1), Gender.FEMALE, "HMông", "Tin lành", G.PRIMARY, None, None, O.FARMER, False),
    ("Trần Văn Em", date(1980, 6, 1), Gender.MALE, "Kinh", None, G.UPPER_SECONDARY, P.MASTER, T.ADVANCED, O.STATE_OFFICIAL, False),
    ("Hoàng Thị Gấm", date(1975, 6, 1), Gender.FEMALE, "Hoa", "Phật giáo", G.UPPER_SECONDARY, P.INTERMEDIATE, T.INTERMEDIATE, O.PUBLIC_EMPLOYEE, False),
    ("Vàng Văn Hải", date(1968, 6, 1), Gender.MALE, "Giáy", None, G.LOWER_SECONDARY, P.ELEMENTARY, T.ELEMENTARY, O.VILLAGE_WORKER, False),
    ("Đặng Thị Ích", date(1962, 6, 1), Gender.FEMALE, "Dao", "Không", G.PRIMARY, None, None, O.RETIRED, False),
    ("Lê Văn Khoa", date(1950, 6, 1), Gender.MALE, "Kinh", None, G.UPPER_SECONDARY, P.UNIVERSITY, T.INTERMEDIATE, O.RETIRED, False),
    ("Phạm Thị Lan", date(2001, 12, 1), Gender.FEMALE, "Kinh", None, G.UPPER_SECONDARY, P.UNIVERSITY, None, O.PUBLIC_EMPLOYEE, True),
]
# hand count at 01/3/2026 (Khoa is exempt; Lan is the probationer admitted 2025-09-01; Hải left 2025-05-01):
# on the list: 9 (Hải transferred out) — An, Bình, Chứ, Dợ, Em, Gấm, Ích, Khoa, Lan
# ages: An 26, Bình 31 (born 1/3/1994: turns 32 on 1/3/2026 -> 32), Chứ 35, Dợ 41, Em 45, Gấm 50, Ích 63, Khoa 75, Lan 24


@pytest.fixture
def fixture_db(db):
    with db.transaction() as s:
        _, a, b = commune(s)
        ids = {}
        for name, born, gender, eth, rel, edu, prof, theory, occ, youth in PEOPLE:
            unit = b if occ == O.PUBLIC_EMPLOYEE else a
            data = {"full_name": name, "birth_date": born, "gender": gender, "ethnicity": eth, "religion": rel,
                    "general_education": edu, "professional_level": prof, "political_theory": theory,
                    "occupation_group": occ, "youth_union": youth}
            if name == "Phạm Thị Lan":
                m = M.admit_member(s, unit_id=unit.id, decision_date=date(2025, 9, 1), person=data)
            else:
                on = min(date(born.year + 25, 5, 1), date(2019, 5, 1))
                m = M.admit_member(s, unit_id=unit.id, decision_date=on, person=data)
                M.confirm_official(s, m.id, decision_date=date(on.year + 1, 5, 2))
            ids[name] = m.id
        M.exempt_member(s, ids["Lê Văn Khoa"], start=date(2022, 1, 1), reason="Tuổi cao")
        M.transfer_out(s, ids["Vàng Văn Hải"], on=date(2025, 5, 1), scope=TransferScope.SAME_PROVINCE,
                       place="Xã Sơn Bình")
        for name in ("Nguyễn Văn An", "Lò Thị Bình", "Sùng A Chứ", "Giàng Thị Dợ", "Trần Văn Em"):
            E.rate_member(s, ids[name], 2025, Rating.GOOD)
        E.rate_member(s, ids["Hoàng Thị Gấm"], 2025, Rating.EXCELLENT)
        E.rate_member(s, ids["Đặng Thị Ích"], 2025, Rating.DONE)
        E.rate_unit(s, a.id, 2025, Rating.GOOD)
        E.rate_unit(s, b.id, 2025, Rating.EXCELLENT)
        R.set_target(s, a.id, 2025, 1)
        R.set_target(s, b.id, 2025, 2)
    return db, ids


def test_snapshot_matches_the_hand_count(fixture_db):
    db, _ = fixture_db
    with db.session() as s:
        d = S.snapshot(s, AS_OF)
    assert d["members"] == 9
    assert d["female"] == 5  # Bình, Dợ, Gấm, Ích, Lan
    assert d["probationary"] == 1
    assert d["ethnic_minority"] == 5  # Bình (Thái), Chứ, Dợ (Mông), Gấm (Hoa), Ích (Dao)
    assert d["religious"] == 2  # Tin lành, Phật giáo ("Không" is none)
    assert d["youth_union"] == 2
    assert d["exempt_from_activity"] == 1
    assert d["retired"] == 2 and d["working"] == 7
    assert d["age_groups"] == {"18-30": 2, "31-35": 2, "36-40": 0, "41-45": 2, "46-50": 1, "51-55": 0,
                               "56-60": 0, ">60": 2}
    # (26+32+35+41+45+50+63+75+24) / 9 = 391/9 = 43,44…
    assert d["average_age"] == 43.4
    assert d["general_education"] == {"literate": 0, "primary": 2, "lower_secondary": 1, "upper_secondary": 6,
                                      "unknown": 0}
    assert d["professional"] == {"elementary": 0, "intermediate": 1, "college": 1, "university": 3, "master": 1,
                                 "doctor": 0, "none": 3}
    assert d["political_theory"] == {"elementary": 1, "intermediate": 2, "advanced": 1, "none": 5}
    assert d["units"]["total"] == 2
    assert d["ratings"]["2025"] == {"rated": 7, "HTXSNV": 1, "HTTNV": 5, "HTNV": 1, "KHTNV": 0,
                                    "good_or_better": 6, "subject": 9, "not_rated": 2}
    assert d["unit_ratings"]["2025"]["HTXSNV"] == 1 and d["unit_ratings"]["2025"]["rated"] == 2


def test_shares_are_written_the_vietnamese_way(fixture_db):
    db, _ = fixture_db
    with db.session() as s:
        d = S.snapshot(s, AS_OF)
    assert fmt_percent(d["female"], d["members"]) == "55,6%"  # 5/9 = 55,55…
    r = d["ratings"]["2025"]
    assert fmt_percent(r["good_or_better"], r["rated"]) == "85,7%"  # 6/7


def test_movement_for_form_1(fixture_db):
    db, _ = fixture_db
    with db.session() as s:
        m = S.movement(s, date(2025, 1, 1), date(2025, 12, 31))
        last = S.movement(s, *S.previous_period(date(2025, 1, 1), date(2025, 12, 31)))
    assert m["opening"] == 9 and m["admitted"] == 1 and m["transferred_out"] == 1
    assert m["transferred_out_same_province"] == 1 and m["closing"] == 9 and m["unexplained"] == 0
    assert last["opening"] == 9 and last["admitted"] == 0 and last["closing"] == 9


def test_new_members_for_form_2_and_recruitment(fixture_db):
    db, _ = fixture_db
    with db.session() as s:
        n = S.new_members(s, date(2025, 1, 1), date(2025, 12, 31))
        r = S.recruitment(s, date(2025, 1, 1), date(2025, 12, 31))
    assert n["members"] == 1 and n["female"] == 1 and n["youth_union"] == 1
    assert n["age_groups"]["18-30"] == 1 and n["average_age"] == 23.0  # 23 full years on 01/9/2025
    assert r["admitted"] == 1 and r["target"] == 3 and r["membership_base"] == 9


def test_review_table_for_form_6f(fixture_db):
    db, _ = fixture_db
    with db.session() as s:
        t = S.review_table(s, 2025)
    assert t["members_subject"] == 9 and t["members_reviewed"] == 7 and t["members_not_reviewed"] == 2
    assert t["members_exempt"] == 1 and t["members_new_under_6_months"] == 1


def test_dissolved_unit_not_counted_after_its_date(db):
    with db.transaction() as s:
        root, a, _ = commune(s)
        c = U.create_unit(s, name="Chi bộ Trạm Khuyến nông", kind=UnitKind.GRASSROOTS_CELL,
                          place_type=PlaceType.PUBLIC_SERVICE, founded_on=date(2010, 1, 1))
        U.dissolve_unit(s, c.id, on=date(2025, 10, 1), decision_number="45-QĐ/ĐU")
    with db.session() as s:
        assert S.units_on(s, date(2025, 9, 30))["total"] == 3
        assert S.units_on(s, date(2025, 10, 1))["total"] == 2
        assert S.unit_changes(s, date(2025, 7, 1), date(2026, 3, 1))["dissolved"][0]["name"] == c.name


def test_rounding_on_861_members(db):
    """Seed 003: 37 of 861 members with primary education is written 4,3%; 30 cử nhân/cao cấp is 3,5%."""
    with db.transaction() as s:
        _, a, _ = commune(s)
        for i in range(861):
            m = M.create_member(s, {"full_name": made_up_name(i, "Đảng Viên"), "birth_date": date(1980, 1, 1),
                                    "general_education": G.PRIMARY if i < 37 else G.UPPER_SECONDARY,
                                    "political_theory": T.ADVANCED if i < 30 else None})
            M.record_on_roll(s, m.id, unit_id=a.id, on=date(2025, 7, 1))
    with db.session() as s:
        d = S.snapshot(s, date(2026, 3, 1))
    assert d["members"] == 861
    assert fmt_percent(d["general_education"]["primary"], d["members"]) == "4,3%"
    assert fmt_percent(d["political_theory"]["advanced"], d["members"]) == "3,5%"


# ---- query plans: no full scan of a big table (issue 15) ---------------------------------------------------

BIG_TABLES = ("member_events", "member_spans", "evaluations")


def _plans_of(db, action):
    """Run `action(session)` and return (statement, plan lines) for every SELECT it sent."""
    import re

    from sqlalchemy import event

    sent = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", capture)
    try:
        with db.session() as s:
            action(s)
    finally:
        event.remove(db.engine, "before_cursor_execute", capture)
    out = []
    with db.engine.connect() as conn:
        for statement, parameters in sent:
            plan = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            out.append((re.sub(r"\s+", " ", statement)[:160], plan))
    return out


# partial indexes: scanning one reads only the few rows it holds (the spans not on the list)
PARTIAL_INDEXES = ("ix_member_spans_uncounted",)


def _full_scans(plans):
    """Plan lines that read a whole big table (a scan of a covering index is a narrow read, a scan of a
    partial index reads only its rows: allowed)."""
    bad = []
    for statement, plan in plans:
        for line in plan:
            words = line.split()
            if (len(words) >= 2 and words[0] == "SCAN" and words[1] in BIG_TABLES and "COVERING INDEX" not in line
                    and not any(f"USING INDEX {name}" in line for name in PARTIAL_INDEXES)):
                bad.append((line, statement))
    return bad


def test_no_full_scan_of_a_big_table(tmp_path):
    """Reminders, the snapshot, the forms and the daily re-stamp use the indexes. SQLite without ANALYZE
    assumes big tables, as a 100,000-member file is; a missing index shows as `SCAN member_events`."""
    from datetime import timedelta

    from app.db import Database
    from app.services import reminders as R
    from app.services.demo import generate_demo
    from app.services.lifecycle import refresh_current_state

    db = Database(tmp_path / "plans.sqlite3")
    with db.transaction() as s:
        for _ in generate_demo(s, 150, seed=3):
            pass
    as_of = date(2026, 3, 1)
    plans = _plans_of(db, lambda s: (R.reminders(s, as_of), R.reminder_groups(s, as_of), S.snapshot(s, as_of),
                                     S.form_rows(s, date(2025, 1, 1), date(2025, 12, 31))))
    with db.transaction() as s:
        refresh_current_state(s, as_of)
    plans += _plans_of(db, lambda s: refresh_current_state(s, as_of + timedelta(days=40)))
    assert len(plans) > 20  # the probe saw the queries
    assert _full_scans(plans) == []
    # and the probe does see a full scan when there is one
    from sqlalchemy import text

    probe = _plans_of(db, lambda s: s.execute(text("SELECT count(*) FROM member_events WHERE reason = 'x'")))
    assert _full_scans(probe)
    db.dispose()


def test_the_database_counts_equal_a_count_over_the_rows(tmp_path):
    """structure_on (conditional sums in SQL, ages from cut-off dates) gives what structure() counts over the
    roster's rows, on a demo commune, on days that fall on and around birthdays and 29 February."""
    from app.db import Database
    from app.services.demo import generate_demo

    db = Database(tmp_path / "same.sqlite3")
    with db.transaction() as s:
        for _ in generate_demo(s, 150, seed=5):
            pass
    days = [date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28), date(2025, 12, 31), date(2026, 3, 1)]
    with db.session() as s:
        counted = S.structures_on(s, days)
        for day in days:
            assert counted[day] == S.structure(S.roster(s, day), day), day
            assert counted[day]["members"] == S.count_on(s, day) > 100
    db.dispose()


def test_count_on_many_equals_a_count_over_the_spans(db):
    """count_on_many (spans begun − spans ended − uncounted alive, from index ranges) gives the number of
    counted spans alive on each day, counted here over the rows; with members attending temporarily from
    elsewhere (not on the list: DOMAIN §2), one who came and left, one who left and came back, and a move."""
    from sqlalchemy import select

    from app.models import MemberSpan

    with db.transaction() as s:
        _, a, b = commune(s)
        ids = []
        for i in range(6):
            m = M.admit_member(s, unit_id=(a if i % 2 else b).id, decision_date=date(2019 + i % 3, 5, 1),
                               person={"full_name": made_up_name(i), "birth_date": date(1990, 1, 1 + i),
                                       "gender": Gender.FEMALE if i % 2 else Gender.MALE})
            ids.append(m.id)
        for i in range(3):  # attending here for a while, members of another party organisation
            M.transfer_in(s, unit_id=a.id, on=date(2023, 3 + i, 1), temporary=True, end_date=date(2026, 1, 1),
                          person={"full_name": made_up_name(10 + i), "birth_date": date(1985, 2, 1 + i),
                                  "gender": Gender.MALE})
        M.transfer_out(s, ids[0], on=date(2024, 6, 1), scope=TransferScope.SAME_PROVINCE, place="Xã Sơn Bình")
        M.move_member(s, ids[1], unit_id=b.id, on=date(2024, 9, 1))
        M.strike_off(s, ids[2], on=date(2023, 1, 10))
        M.restore_membership(s, ids[2], on=date(2025, 2, 1), unit_id=a.id)
    days = [date(2019, 4, 30), date(2019, 5, 1), date(2020, 5, 1), date(2023, 1, 10), date(2023, 4, 1),
            date(2024, 5, 31), date(2024, 6, 1), date(2024, 12, 31), date(2025, 2, 1), date(2026, 3, 1)]
    with db.session() as s:
        spans = s.execute(select(MemberSpan.valid_from, MemberSpan.valid_to, MemberSpan.counted)).all()
        assert any(not counted for *_, counted in spans)  # the temporary ones are there, not counted
        expected = {d: sum(1 for vf, vt, counted in spans if counted and vf <= d and (vt is None or d < vt))
                    for d in days}
        # by hand: six admitted by 1/5/2021; one struck off 10/1/2023 (back 1/2/2025), one out on 1/6/2024
        assert (expected[date(2023, 4, 1)], expected[date(2024, 6, 1)], expected[date(2025, 2, 1)]) == (5, 4, 5)
        assert S.count_on_many(s, days) == expected
        assert {d: S.count_on(s, d) for d in days} == expected
        by_unit = S.structures_on(s, days, by_unit=True)
        assert {d: sum(by_unit[d]["_by_unit"].values()) for d in days} == expected
        assert {d: by_unit[d]["_by_unit"] for d in days} == S.members_by_unit_on(s, days)
