"""The answers step of the import wizard (issue 11): answered there or by `--answers` the database is the
same; a second import of the same layout asks nothing."""

import json
import subprocess
import sys
from pathlib import Path

from app.ui import import_wizard as W

from ..importing.unknown_values import ANSWERS, QUESTIONS, database_rows, second_sheet, write_sheet
from .test_import_wizard import wizard  # noqa: F401 - the same wizard fixture

ROOT = Path(__file__).resolve().parents[2]


def _to_answers(qtbot, wizard, path):
    page = wizard.files_page
    page.add_files([str(path)])
    qtbot.waitUntil(page.isComplete, timeout=20000)
    wizard.next()
    assert wizard.currentId() == W.PAGE_SHEETS
    wizard.next()
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: not preview.planning, timeout=20000)
    wizard.next()
    return wizard.currentId()


def test_answered_in_the_wizard_or_by_file_the_database_is_the_same(qtbot, wizard, db, tmp_path):
    (tmp_path / "wiz").mkdir()
    sheet = write_sheet(tmp_path / "wiz" / "chi_bo.xlsx")
    assert _to_answers(qtbot, wizard, sheet) == W.PAGE_ANSWERS
    page = wizard.answers_page
    shown = [(page.table.item(r, 0).text(), page.table.item(r, 1).text(), page.table.item(r, 2).text())
             for r in range(page.table.rowCount())]
    from app.common.vocab import vocabularies
    assert shown == [(vocabularies()[f].label, text, str(n)) for f, text, n in QUESTIONS]
    for r, q in enumerate(page.questions):
        page.choose(r, ANSWERS[q.field][q.text])
    Path("/tmp/h11-values").mkdir(exist_ok=True)
    wizard.grab().save("/tmp/h11-values/answers_page.png")
    wizard.next()   # plans again with the answers (on the worker), then goes on by itself
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_CONFIRM, timeout=30000)
    assert wizard.plan.questions == []
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentId() == W.PAGE_RESULT, timeout=60000)
    assert wizard.outcome == "done", wizard.error

    # the same sheet and answers through the command line, into another database
    (tmp_path / "cli").mkdir()
    cli_sheet = write_sheet(tmp_path / "cli" / "chi_bo.xlsx")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(ANSWERS, ensure_ascii=False), encoding="utf-8")
    cli_db = tmp_path / "cli.sqlite3"
    import os
    env = dict(os.environ, DANGVU_DATA_DIR=str(tmp_path / "cli_data"))
    res = subprocess.run([sys.executable, "-m", "app", "import", str(cli_sheet), "--db", str(cli_db), "--answers",
                          str(answers), "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    mine, theirs = database_rows(db.path), database_rows(cli_db)
    for table in ("members", "evaluations", "units", "spans"):
        assert mine[table] == theirs[table], table
    # the answers kept are the same (the example is the text as written: the same in both)
    assert mine["answers"] == theirs["answers"] and len(mine["answers"]) == 8


def test_a_second_import_of_the_same_layout_asks_nothing(qtbot, db, tmp_path):
    from app.importing import apply_plan, plan_import, read_workbooks, run

    first = write_sheet(tmp_path / "chi_bo.xlsx")
    with db.session() as s:
        plan = plan_import(s, read_workbooks([first], remembered={}), answers=ANSWERS)
    run(apply_plan(db, plan))
    w = W.ImportWizard(db)
    qtbot.addWidget(w)
    w.show()
    assert _to_answers(qtbot, w, second_sheet(tmp_path / "chi_bo_2.xlsx")) == W.PAGE_CONFIRM
    assert w.plan.questions == []
