"""Issue 17: whatever a cell holds, the value parsers answer with a value, None, or a located problem
(ValueProblem) — never another exception (a "0000" date once raised a bare ValueError)."""

from datetime import date

from hypothesis import given, settings, strategies as st

from app.importing import values as V

ANY_CELL = st.one_of(st.none(), st.text(max_size=40), st.integers(), st.floats(allow_nan=True),
                     st.booleans(), st.dates(min_value=date(1, 1, 1)),
                     st.from_regex(r"\d{1,4}[/.\-]\d{1,4}([/.\-]\d{1,5})?", fullmatch=True),
                     st.sampled_from(["0000", "0000-01-01T00:00:00", "00/00/0000", "9999-99-99", "năm 0"]))


@settings(max_examples=400, deadline=None)
@given(ANY_CELL)
def test_every_parser_gives_a_value_or_a_located_problem(cell):
    for parse in (V.parse_sheet_date, V.parse_rating, V.parse_gender, V.parse_ethnicity, V.parse_standing,
                  V.parse_national_id, V.parse_text, V.parse_card_number, V.classify_general_education,
                  V.classify_professional, V.classify_political_theory, V.states_in_note, V.is_mark):
        try:
            parse(cell)
        except V.ValueProblem:
            pass
