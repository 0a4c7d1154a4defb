"""Issue 9: the command line sees today's state, not the state stamped when the member was last saved.

A transfer out dated next week and an exemption ending tomorrow are written today through the services; the
clock then moves past both days (app.cli._today is the command line's one clock) and `print members --out
x.xlsx` no longer lists the member who left, and `stats` agrees, without the window having been opened."""

from datetime import date, timedelta

import openpyxl

from app.db import Database

from .services.factories import leaving_next_week_and_resting_till_tomorrow


def _listed(path) -> list[str]:
    """The names in the printed list, read back from the .xlsx (a name column, one row per member)."""
    ws = openpyxl.load_workbook(path, read_only=True).active
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r and "Họ và tên" in [str(c or "").strip() for c in r])
    col = [str(c or "").strip() for c in rows[head]].index("Họ và tên")
    return sorted(str(r[col]) for r in rows[head + 1:] if r and r[0] is not None and r[col]
                  and str(r[0]).strip().isdigit())


def test_cli_restamps_the_flags_when_the_clock_moves(tmp_path, monkeypatch, capsys):
    import json

    from app import cli

    db_path = tmp_path / "xa.sqlite3"
    today = date.today()
    with Database(db_path).transaction() as s:
        leaving_next_week_and_resting_till_tomorrow(s, today)

    def seen_on(day):
        """What `print members` lists and what `stats --json` counts, with the command line's clock at day."""
        monkeypatch.setattr(cli, "_today", lambda: day)
        capsys.readouterr()
        assert cli.main(["stats", "--db", str(db_path), "--as-of", day.isoformat(), "--json"]) == 0
        stats = json.loads(capsys.readouterr().out)
        out = tmp_path / f"ds-{day:%Y%m%d}.xlsx"
        assert cli.main(["print", "members", "--db", str(db_path), "--as-of", day.isoformat(),
                         "--out", str(out)]) == 0
        return _listed(out), stats["members"], stats["exempt_from_activity"]

    assert seen_on(today) == (["Hà Thị Nghỉ", "Lò Văn Đi", "Trần Văn Ở"], 3, 1)
    # eight days on, nobody saved anything: the list follows the calendar, as the figures do
    assert seen_on(today + timedelta(days=8)) == (["Hà Thị Nghỉ", "Trần Văn Ở"], 2, 0)
    with Database(db_path).session() as s:
        from app.services.member_queries import list_member_rows

        rows = {r.full_name: r for r in list_member_rows(s)}
        assert not rows["Lò Văn Đi"].is_on_roll and not rows["Hà Thị Nghỉ"].is_exempt
