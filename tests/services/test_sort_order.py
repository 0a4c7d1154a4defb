"""Members are listed in Vietnamese name order (given name, family name, middle name; the Vietnamese
alphabet: d before đ, a before ă before â) on either backend, whatever collation the server was set up with."""

from datetime import date

from app.db import Database
from app.services import members as M
from app.services.member_queries import list_member_rows, search_members

from .factories import commune, person

# written by hand in the order a clerk expects (not computed by the code under test)
IN_ORDER = ["Hà Ả", "Dương Văn An", "Đặng Văn An", "Lê Văn An", "Nguyễn An", "Nguyễn Văn An", "Nguyễn Văn Ánh",
            "Nguyễn Thị Ân", "Lê Thị Bình", "Nguyễn Văn Bình", "Hà A Chu"]


def _database(backend, tmp_path, request) -> Database:
    if backend == "sqlite":
        return Database(tmp_path / "order.sqlite3")
    # An office server installed in Vietnamese (or English) sorts text by that language's rules, which
    # would shuffle the sort strings (they are built to sort byte by byte): the column's own collation is
    # "C" (migration 0006_pg_sort_order), so the order holds on such a server too.
    databases = request.getfixturevalue("postgres_databases")
    url = databases.fresh(icu_locale="vi-VN")
    request.addfinalizer(lambda: databases.drop(url))
    return Database(url)


def test_the_member_list_is_in_vietnamese_order_on_any_server(backend, tmp_path, request):
    db = _database(backend, tmp_path, request)
    try:
        with db.transaction() as s:
            _, a, _ = commune(s)
            for i, name in enumerate(reversed(IN_ORDER)):
                M.enter_member(s, person=person(name, date(1970, 1, 1 + i)), unit_id=a.id, on=date(2020, 1, 1),
                               admitted_on=date(2000, 1, 1), official_on=date(2001, 1, 1))
        with db.session() as s:
            assert [r.full_name for r in list_member_rows(s)] == IN_ORDER
            # and a search returns its rows in the same order, found without accents or case
            assert [r.full_name for r in search_members(s, "THI")] == ["Nguyễn Thị Ân", "Lê Thị Bình"]
    finally:
        db.dispose()
