"""Whatever a sheet holds that nothing understands is asked once per value; the answers are kept and used by
every later import; a value nobody answered stays unknown (issue 11)."""

import json
import shutil

from app.importing import apply_plan, plan_import, read_workbooks, run

from .helpers import scalar, sql
from .test_cli_import import _run
from .unknown_values import ANSWERS, QUESTIONS, database_rows, second_sheet, write_sheet


def _plan(db, path, answers=None):
    tables = read_workbooks([path], remembered={})
    with db.session() as s:
        return plan_import(s, tables, answers=answers)


def test_each_unknown_value_is_asked_once_with_its_count_and_an_example(db, tmp_path):
    plan = _plan(db, write_sheet(tmp_path / "chi_bo.xlsx"))
    assert [(q.field, q.text, q.rows) for q in plan.questions] == QUESTIONS
    first = plan.questions[0]
    assert first.example == "chi_bo.xlsx, trang «Sheet1», dòng 5, cột G"   # Trần Thị Bình, the first cook
    # until answered nothing is guessed: the rows hold no group, no rating, no level for those values
    by_name = {r.full_name: r for r in plan.rows}
    assert "occupation_group" not in by_name["Trần Thị Bình"].person
    assert 2024 not in by_name["Trần Thị Bình"].ratings
    assert by_name["Trần Thị Bình"].person["general_education_text"] == "9"
    assert by_name["Trần Thị Bình"].person.get("general_education") is None
    assert plan.unit_place_types["Chi bộ Cơ quan"] is None
    # "Nam Kinh Không" in the religion column: a man, Kinh, no religion
    em = by_name["Phạm Văn Em"].person
    assert (em["gender"].value, em["ethnicity"], em.get("religion")) == ("male", "Kinh", None)


def test_answers_apply_are_kept_and_a_second_import_asks_nothing(db, tmp_path):
    plan = _plan(db, write_sheet(tmp_path / "chi_bo.xlsx"), ANSWERS)
    assert plan.questions == []
    run(apply_plan(db, plan))
    p = db
    assert sql(p, "SELECT full_name, occupation_group FROM members WHERE occupation IN ('Cấp dưỡng', 'Thủ kho') "
                  "ORDER BY full_name") == [("Hoàng Thị Dung", None), ("Lê Văn Cường", "other"),
                                            ("Trần Thị Bình", "other")]
    assert scalar(p, "SELECT COUNT(*) FROM evaluations WHERE raw_text = 'Loại A' AND rating = 'HTTNV'") == 2
    assert scalar(p, "SELECT place_type FROM units WHERE name = 'Chi bộ Cơ quan'") == "state_agency"
    assert scalar(p, "SELECT religion FROM members WHERE full_name = 'Lê Văn Cường'") is None
    assert scalar(p, "SELECT ethnicity FROM members WHERE full_name = 'Hoàng Thị Dung'") == "Thượng"  # as written
    assert scalar(p, "SELECT COUNT(*) FROM value_answers") == 8
    same = _plan(db, tmp_path / "chi_bo.xlsx")
    assert same.questions == [] and same.counts["members_unchanged"] == 5   # read back as it was written
    again = _plan(db, second_sheet(tmp_path / "chi_bo_2.xlsx"))
    assert again.questions == []
    by_name = {r.full_name: r for r in again.rows}
    assert by_name["Vũ Thị Giang"].person["occupation_group"].value == "other"
    assert "occupation_group" not in by_name["Đỗ Văn Hải"].person      # "leave unknown" stays unknown
    assert by_name["Vũ Thị Giang"].ratings[2024][0] == "HTTNV"


def test_unanswered_values_stay_unknown_and_are_asked_again(db, tmp_path):
    sheet = write_sheet(tmp_path / "chi_bo.xlsx")
    run(apply_plan(db, _plan(db, sheet)))
    p = db
    assert scalar(p, "SELECT COUNT(*) FROM members WHERE occupation = 'Cấp dưỡng' AND occupation_group IS NULL") == 2
    assert scalar(p, "SELECT COUNT(*) FROM evaluations WHERE raw_text = 'Loại A'") == 0
    assert scalar(p, "SELECT place_type FROM units WHERE name = 'Chi bộ Cơ quan'") is None
    assert scalar(p, "SELECT COUNT(*) FROM value_answers") == 0
    # asked again; the unit now exists, and its missing place type is a line of «Hoàn thiện dữ liệu»
    assert [(q.field, q.text) for q in _plan(db, sheet).questions] == \
        [(f, t) for f, t, _n in QUESTIONS if f != "place_type"]


def test_cli_lists_the_questions_and_takes_the_answers_from_a_file(tmp_path):
    sheet = write_sheet(tmp_path / "chi_bo.xlsx")
    db = tmp_path / "cli.sqlite3"
    dry = _run("import", sheet, "--db", db, "--dry-run", "--json", env_dir=tmp_path / "data")
    assert dry.returncode == 0, dry.stderr
    out = json.loads(dry.stdout)
    assert [(q["field"], q["value"], q["rows"]) for q in out["questions"]] == QUESTIONS
    assert out["questions"][0]["example"] == "chi_bo.xlsx, trang «Sheet1», dòng 5, cột G"
    assert out["questions"][0]["choices"]["other"].startswith("Khác")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    real = _run("import", sheet, "--db", db, "--answers", answers, "--json", env_dir=tmp_path / "data")
    assert real.returncode == 0, real.stderr
    second = _run("import", second_sheet(tmp_path / "chi_bo_2.xlsx"), "--db", db, "--dry-run", "--json",
                  env_dir=tmp_path / "data")
    assert json.loads(second.stdout)["questions"] == []
    # the same answers through the engine give the same database
    from app.db import Database

    (tmp_path / "copy").mkdir()
    copy = shutil.copy(sheet, tmp_path / "copy" / sheet.name)
    other = Database(tmp_path / "engine.sqlite3")
    try:
        run(apply_plan(other, _plan(other, copy, ANSWERS)))
    finally:
        other.dispose()
    a, b = database_rows(db), database_rows(tmp_path / "engine.sqlite3")
    assert a["members"] == b["members"] and a["evaluations"] == b["evaluations"] and a["units"] == b["units"]
    assert [r[:2] + r[3:] for r in a["answers"]] == [r[:2] + r[3:] for r in b["answers"]]


def test_a_bad_answers_file_stops_before_anything_is_written(tmp_path):
    sheet = write_sheet(tmp_path / "chi_bo.xlsx")
    db = tmp_path / "cli.sqlite3"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"occupation_group": {"Cấp dưỡng": "astronaut"}}), encoding="utf-8")
    res = _run("import", sheet, "--db", db, "--answers", answers, env_dir=tmp_path / "data")
    assert res.returncode == 1 and "astronaut" in res.stderr + res.stdout
    assert not db.exists() or scalar(db, "SELECT COUNT(*) FROM members") == 0
