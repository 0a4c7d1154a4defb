"""The members table model on its own: filtering and sorting without widgets."""

from datetime import date

from app.common.text import fold, name_sort_string
from app.models.enums import Gender, MemberEventKind, Standing
from app.services.member_queries import MemberRow

TODAY = date(2026, 6, 1)


def row(i, name, *, unit=1, standing=Standing.OFFICIAL, exempt=False, gender=Gender.MALE, ethnicity="Kinh",
        birth=date(1980, 1, 1), on_roll=True, left=None, card=None):
    return MemberRow(i, name, fold(name), name_sort_string(name), gender, birth, False, ethnicity, unit,
                     f"Chi bộ {unit}", standing, on_roll, exempt, left, date(2010, 1, 1), card, None)


ROWS = sorted([
    row(1, "Nguyễn Văn Hùng", ethnicity="Kinh", birth=date(2000, 5, 1), card="12345"),
    row(2, "Đặng Thị Hương", gender=Gender.FEMALE, ethnicity="Thái", unit=2, birth=date(1960, 1, 1)),
    row(3, "Nguyễn Văn Hưng", standing=Standing.PROBATIONARY, ethnicity="Mông", unit=2),
    row(4, "Lò Văn Dũng", exempt=True, ethnicity="Thái", birth=date(1940, 1, 1)),
    row(5, "Trần Văn Hùng", on_roll=False, left=MemberEventKind.TRANSFERRED_OUT),
], key=lambda r: r.sort_key)


def model(**flt):
    from app.ui.member_model import MemberFilter, MemberTableModel

    m = MemberTableModel(today=TODAY)
    m.set_rows(ROWS)
    m.set_filter(MemberFilter(**flt))
    return m


def names(m):
    return [m.row_at(i).full_name for i in range(m.rowCount())]


def test_search_ignores_accents_and_case(qapp):
    assert set(names(model(text="hung"))) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}
    assert set(names(model(text="HÙNG"))) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}
    assert names(model(text="dang huong")) == ["Đặng Thị Hương"]
    assert names(model(text="đặng")) == ["Đặng Thị Hương"]
    assert names(model(text="12345")) == ["Nguyễn Văn Hùng"]  # party card number


def test_members_who_left_are_hidden_but_findable(qapp):
    from app.ui.member_model import ALL, LEFT

    assert "Trần Văn Hùng" not in names(model())
    assert names(model(status=LEFT)) == ["Trần Văn Hùng"]
    assert "Trần Văn Hùng" in names(model(text="tran hung", status=ALL))


def test_filters(qapp):
    assert set(names(model(unit_ids={2}))) == {"Đặng Thị Hương", "Nguyễn Văn Hưng"}
    assert names(model(standing=Standing.PROBATIONARY)) == ["Nguyễn Văn Hưng"]
    assert names(model(exempt=True)) == ["Lò Văn Dũng"]
    assert names(model(gender=Gender.FEMALE)) == ["Đặng Thị Hương"]
    # Kinh is the only group not counted as dân tộc thiểu số
    assert set(names(model(ethnic_minority=True))) == {"Đặng Thị Hương", "Nguyễn Văn Hưng", "Lò Văn Dũng"}
    assert names(model(age_group="18-30")) == ["Nguyễn Văn Hùng"]  # 26 full years on 1/6/2026
    assert set(names(model(age_group=">60"))) == {"Lò Văn Dũng", "Đặng Thị Hương"}


def test_vietnamese_name_order_and_column_sort(qapp):
    from PySide6.QtCore import Qt

    from app.ui.member_model import COL_BIRTH, COL_NAME

    m = model()
    # Vietnamese order goes by the given name first: Dũng before Hùng, Hương, Hưng
    assert names(m)[0] == "Lò Văn Dũng"
    m.sort(COL_BIRTH, Qt.SortOrder.AscendingOrder)
    assert names(m)[0] == "Lò Văn Dũng" and names(m)[-1] == "Nguyễn Văn Hùng"
    m.sort(COL_NAME, Qt.SortOrder.DescendingOrder)
    assert names(m)[-1] == "Lò Văn Dũng"


def test_typing_narrows_like_a_fresh_search(qapp):
    from app.ui.member_model import MemberFilter, MemberTableModel

    m = MemberTableModel(today=TODAY)
    m.set_rows(ROWS)
    for query in ("nguyen van hung", "đặng thị", "van h"):
        for n in range(len(query) + 1):
            m.set_filter(MemberFilter(text=query[:n]))
            fresh = model(text=query[:n])
            assert names(m) == names(fresh), query[:n]
        for n in range(len(query), -1, -1):  # and back
            m.set_filter(MemberFilter(text=query[:n]))
            assert names(m) == names(model(text=query[:n]))


def test_search_is_by_word_prefix(qapp):
    # each query word must begin a word of the name, card number or CCCD (a prefix index, not a substring scan)
    assert set(names(model(text="ng"))) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}
    assert names(model(text="ung")) == []  # inside a word: not a match
    assert names(model(text="123")) == ["Nguyễn Văn Hùng"]
    assert names(model(text="van dung lo")) == ["Lò Văn Dũng"]  # any word order
    # "h" and "v" each begin a word: Đặng Thị Hương has no word with v, Lò Văn Dũng none with h
    assert set(names(model(text="h v"))) == {"Nguyễn Văn Hùng", "Nguyễn Văn Hưng"}


def test_big_lists_wait_for_a_pause_in_typing(qapp, qtbot):
    from PySide6.QtWidgets import QLineEdit

    from app.ui.member_model import DEBOUNCE_ROWS, MemberFilter, MemberTableModel, debounced_typing

    m = MemberTableModel(today=TODAY)
    many = [row(i, f"Nguyễn Văn Người{i}") for i in range(DEBOUNCE_ROWS + 1)] + [row(-1, "Lò Văn Dũng")]
    m.set_rows(sorted(many, key=lambda r: r.sort_key))
    edit = QLineEdit()
    passes = []

    def apply():
        passes.append(edit.text())
        m.set_filter(MemberFilter(text=edit.text()))

    edit.textChanged.connect(debounced_typing(m, apply, edit))
    for n in range(1, 4):
        edit.setText("dung"[:n])
    assert passes == []  # nothing yet: the clerk is still typing
    edit.setText("dung")
    qtbot.waitUntil(lambda: passes == ["dung"], timeout=3000)  # one pass, for the whole word
    assert names(m) == ["Lò Văn Dũng"]


def _plain(text: str) -> str:
    """The test's own folding (not app.common.text.fold): accents off, đ → d, lower case."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


def test_typing_on_and_backspacing_match_an_independent_filter_at_every_keystroke(qapp):
    """Issue 15: a keystroke narrows through the prefix index and backspacing finds kept prefixes again; at
    every step the rows shown (and their order) are what a plain filter written here finds over the same rows:
    accented or not, several words, card numbers, with a unit filter and the status filter."""
    import random

    from app.ui.member_model import ALL, COL_BIRTH, MemberFilter, MemberTableModel

    rnd = random.Random(15)
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Lò", "Giàng", "Bùi", "Vũ"]
    middle = ["Văn", "Thị", "Đức", "Thu", "Bích", "Ngọc", "Minh", ""]
    given = ["Hùng", "Hưng", "Hương", "Hường", "Dũng", "Lan", "Ánh", "Đạt", "Huệ", "Hà", "Hải", "Nga"]
    rows = []
    for i in range(1, 3001):
        name = " ".join(w for w in (rnd.choice(family), rnd.choice(middle), rnd.choice(given)) if w)
        rows.append(row(i, name, unit=rnd.choice([1, 2, 3, 4]), on_roll=rnd.random() > 0.1,
                        birth=date(rnd.randint(1940, 2004), rnd.randint(1, 12), rnd.randint(1, 28)),
                        card=f"41.{rnd.randint(100000, 999999)}" if rnd.random() > 0.5 else None))
    rows.sort(key=lambda r: r.sort_key)
    m = MemberTableModel(today=TODAY)
    m.set_rows(rows)

    def expected(text, units, status):
        words = _plain(text).split()
        out = []
        for r in rows:
            own = _plain(r.full_name).split() + ([r.card_number] if r.card_number else [])
            if units is not None and r.unit_id not in units:
                continue
            if status != ALL and not r.is_on_roll:
                continue
            if all(any(o.startswith(w) for o in own) for w in words):
                out.append(r.id)
        return out

    checked = 0
    for query, units, status in (("Nguyễn Thị Hương", None, "on_roll"), ("nguyen van hung", {2, 3}, ALL),
                                 ("đặng huệ", {1}, "on_roll"), ("41.5", None, ALL), ("hu", None, ALL)):
        steps = [query[:n] for n in range(1, len(query) + 1)] + [query[:n] for n in range(len(query) - 1, -1, -1)]
        for text in steps:
            m.set_filter(MemberFilter(text=text, unit_ids=units, status=status))
            got = [m.row_at(i).id for i in range(m.rowCount())]
            assert got == expected(text, units, status), text
            checked += 1
        assert expected(query, units, status)  # each query finds someone: the comparison is not of empty lists
    assert checked == 90
    # sorted by birth date (the sort kept while typing): the same rows, oldest first, name order among equals
    m.sort(COL_BIRTH)
    m.set_filter(MemberFilter(text="hu", status=ALL))
    want = sorted(expected("hu", None, ALL), key=lambda mid: ([r.birth_date for r in rows if r.id == mid][0],
                                                               [k for k, r in enumerate(rows) if r.id == mid][0]))
    assert [m.row_at(i).id for i in range(m.rowCount())] == want
    hidden = next(r.id for r in rows if r.id not in want)
    assert m.row_of(want[7]) == 7 and m.row_of(hidden) is None


def test_a_long_lived_read_collects_nothing_meanwhile_and_freezes_what_it_built(qapp):
    """The worker's build of a 100,000-row list runs with the collector off (a full collection holds the GIL:
    the UI thread's stall) and what it built is out of later collections; the collector is on again after."""
    import gc

    from app.ui.member_model import long_lived_read

    import weakref

    class Node:
        pass

    assert gc.isenabled()
    collections = []
    gc.callbacks.append(lambda phase, info: collections.append(phase))
    try:
        # young garbage in a cycle, made before the read: collected first, not frozen for good
        a, b = Node(), Node()
        a.other, b.other = b, a
        gone = weakref.ref(a)
        del a, b
        with long_lived_read():
            assert gone() is None
            collections.clear()
            assert not gc.isenabled()
            built = [[i] for i in range(50_000)]  # lists are tracked: enough to trigger collections
            assert collections == []
        assert gc.isenabled() and gc.get_freeze_count() >= len(built)
    finally:
        gc.callbacks.pop()
        gc.unfreeze()
