"""Reading a test's database straight, not through the code under test, on either backend (issue 16): the
independent counts of the services, import and export suites."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime


def sql(db, query: str, *args) -> list[tuple]:
    """Rows of a query read straight from the database, not through the code under test. `db` is a
    Database (either backend: read through its engine) or the path of a SQLite file.

    `?` placeholders in the query; values come back in SQLite's stored form on both backends (dates as ISO
    text, flags as 0/1), so one expected figure serves both."""
    return _run(db, query, args, commit=False)


def change(db, query: str, *args) -> None:
    """A change made behind the services' back (an older program's row, another tool), committed."""
    _run(db, query, args, commit=True)


def _run(db, query: str, args: tuple, commit: bool):
    if not hasattr(db, "engine"):
        con = sqlite3.connect(str(db))
        try:
            rows = con.execute(query, args).fetchall()
            con.commit()
            return rows
        finally:
            con.close()
    with db.engine.connect() as conn:
        if conn.dialect.paramstyle != "qmark":  # psycopg: %s, and a literal % doubled
            query = query.replace("%", "%%").replace("?", "%s")
        result = conn.exec_driver_sql(query, args)
        rows = [tuple(map(_stored_form, row)) for row in result] if result.returns_rows else []
        if commit:
            conn.commit()
        return rows


def _stored_form(value):
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (date, datetime)):
        return str(value)  # SQLite's own text: 2025-12-31, 2025-12-31 08:30:00.000001
    return value


def scalar(db, query: str, *args):
    return sql(db, query, *args)[0][0]


def foreign_key_violations(db) -> list[tuple]:
    """Rows pointing at a row that is not there, for every foreign key of every table (either backend:
    one LEFT JOIN per key, read from the schema the database reports)."""
    from sqlalchemy import inspect

    found = []
    inspector = inspect(db.engine)
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            on = " AND ".join(f"c.{a} = p.{b}" for a, b in zip(fk["constrained_columns"], fk["referred_columns"]))
            present = " AND ".join(f"c.{a} IS NOT NULL" for a in fk["constrained_columns"])
            missing = f"p.{fk['referred_columns'][0]} IS NULL"
            n = scalar(db, f"SELECT COUNT(*) FROM {table} c LEFT JOIN {fk['referred_table']} p ON {on} "
                           f"WHERE {present} AND {missing}")
            if n:
                found.append((table, fk["referred_table"], n))
    return found


def column_names(db, table: str) -> list[str]:
    from sqlalchemy import inspect

    return [c["name"] for c in inspect(db.engine).get_columns(table)]
