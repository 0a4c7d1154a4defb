"""The command line, run as a user runs it: a real process on a real database file."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args, check=True):
    proc = subprocess.run([sys.executable, "-m", "app", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(proc.stderr)
    return proc


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.sqlite3"
    run("demo", "--db", path, "--members", 300, "--quiet")
    return path


def test_stats_json_has_the_documented_keys(demo_db):
    data = json.loads(run("stats", "--db", demo_db, "--as-of", "2026-03-01", "--json").stdout)
    for key in ("as_of", "members", "female", "probationary", "ethnic_minority", "religious", "youth_union",
                "exempt_from_activity", "working", "retired", "age_groups", "average_age", "general_education",
                "professional", "political_theory", "units", "ratings", "unit_ratings"):
        assert key in data, key
    assert set(data["age_groups"]) == {"18-30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">60"}
    assert set(data["general_education"]) == {"literate", "primary", "lower_secondary", "upper_secondary", "unknown"}
    assert set(data["professional"]) == {"elementary", "intermediate", "college", "university", "master", "doctor",
                                         "none"}
    assert set(data["political_theory"]) == {"elementary", "intermediate", "advanced", "none"}
    assert data["as_of"] == "2026-03-01"
    assert data["working"] + data["retired"] == data["members"]
    assert sum(data["age_groups"].values()) + data["age_unknown"] == data["members"]
    assert data["units"]["total"] >= 20
    year = data["ratings"]["2025"]
    assert set(year) >= {"rated", "HTXSNV", "HTTNV", "HTNV", "KHTNV", "not_rated"}
    assert year["HTXSNV"] + year["HTTNV"] + year["HTNV"] + year["KHTNV"] == year["rated"]


def test_stats_count_equals_an_independent_sql_count(demo_db):
    """Recount the list with plain sqlite3 from the events' spans, not through the statistics code."""
    import sqlite3

    data = json.loads(run("stats", "--db", demo_db, "--as-of", "2026-03-01", "--json").stdout)
    con = sqlite3.connect(demo_db)
    n, female = con.execute(
        "select count(*), sum(m.gender = 'female') from member_spans s join members m on m.id = s.member_id "
        "where s.counted = 1 and s.valid_from <= '2026-03-01' and (s.valid_to is null or s.valid_to > '2026-03-01')"
    ).fetchone()
    assert (data["members"], data["female"]) == (n, female)
    rated = con.execute("select count(*) from evaluations where year = 2025 and rating is not null").fetchone()[0]
    assert data["ratings"]["2025"]["rated"] == rated


def test_demo_refuses_to_overwrite(demo_db):
    proc = run("demo", "--db", demo_db, "--members", 10, check=False)
    assert proc.returncode == 1 and "đã có dữ liệu" in proc.stderr


def test_reminders_command(demo_db):
    out = json.loads(run("reminders", "--db", demo_db, "--as-of", date.today().isoformat(), "--json").stdout)
    assert isinstance(out, list) and all({"kind", "full_name", "message"} <= set(r) for r in out)


def test_bad_date_is_a_clear_message(demo_db):
    proc = run("stats", "--db", demo_db, "--as-of", "31-31-2026", check=False)
    assert proc.returncode == 1 and "Ngày không hợp lệ" in proc.stderr
