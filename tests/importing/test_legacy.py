"""TCVN3 and VNI conversion tables, both ways, on every precomposed Vietnamese letter; detection per cell."""

import unicodedata

import pytest

from app.importing import legacy as L


def test_there_are_134_letters():
    assert len(L.VIETNAMESE_LETTERS) == 134
    assert len(set(L.VIETNAMESE_LETTERS)) == 134
    assert all(unicodedata.is_normalized("NFC", ch) and len(ch) == 1 for ch in L.VIETNAMESE_LETTERS)


@pytest.mark.parametrize("letter", L.VIETNAMESE_LETTERS)
def test_tcvn3_both_ways(letter):
    encoded = L.unicode_to_tcvn3(letter)
    assert all(0xA0 <= ord(ch) <= 0xFF for ch in encoded)
    if letter.islower() or letter in "ĂÂÊÔƠƯĐ":
        assert L.tcvn3_to_unicode(encoded) == letter
    else:
        # VN3 has no capitals with tones: .VnTimeH draws the lower-case codes as capitals
        assert L.tcvn3_to_unicode(encoded, upper=True) == letter


@pytest.mark.parametrize("letter", L.VIETNAMESE_LETTERS)
def test_vni_both_ways(letter):
    encoded = L.unicode_to_vni(letter)
    assert L.vni_to_unicode(encoded) == letter


def test_known_words_from_real_sheets():
    assert L.tcvn3_to_unicode("§¶ng viªn NguyÔn V¨n Hïng") == "Đảng viên Nguyễn Văn Hùng"
    assert L.vni_to_unicode("Ñaûng vieân") == "Đảng viên"
    assert L.tcvn3_to_unicode("danh s¸ch ®¶ng viªn", upper=True) == "DANH SÁCH ĐẢNG VIÊN"
    assert L.vni_to_unicode("ÑAÛNG VIEÂN") == "ĐẢNG VIÊN"


def test_whole_sentences_round_trip():
    text = "Đồng chí Nguyễn Thị Hồng Nhung, dân tộc Tày, quê quán xã Thanh Long, kết nạp ngày 19/5/1990"
    assert L.tcvn3_to_unicode(L.unicode_to_tcvn3(text.lower())) == text.lower()
    assert L.vni_to_unicode(L.unicode_to_vni(text)) == text


def test_detection_by_font():
    assert L.encoding_of_font(".VnTime") == (L.TCVN3, False)
    assert L.encoding_of_font(".VnTimeH") == (L.TCVN3, True)
    assert L.encoding_of_font("VNI-Times") == (L.VNI, False)
    assert L.encoding_of_font("Times New Roman") is None
    assert L.decode_cell("Tèt", ".VnTime") == "Tốt"
    assert L.decode_cell("Tèt", "Times New Roman") == "Tèt"  # a well-formed word: left alone without a clue


def test_detection_by_text():
    assert L.decode_cell("Hoµng C«ng V\xadîng") == "Hoàng Công Vượng"
    assert L.decode_cell("Nguyeãn Thò Hueä") == "Nguyễn Thị Huệ"
    assert L.decode_cell("Nguyễn Văn Hùng") == "Nguyễn Văn Hùng"
    assert L.decode_cell("Tày") == "Tày"
    # decomposed Unicode is normalised to NFC
    assert L.decode_cell(unicodedata.normalize("NFD", "Nguyễn")) == "Nguyễn"


def test_ambiguous_cells_follow_the_sheet():
    vote = L.SheetEncodingVote()
    for text in ("Hoµng V¨n Thô", "N«ng ThÞ Hång", "Tµy", "Nïng"):
        vote.add(text)
    assert vote.default() == L.TCVN3
    assert L.decode_cell("Tèt", None, vote.default()) == "Tốt"
    unicode_vote = L.SheetEncodingVote()
    for text in ("Hoàng Văn Thụ", "Nông Thị Hồng"):
        unicode_vote.add(text)
    assert unicode_vote.default() is None


from hypothesis import given, strategies as st  # noqa: E402

_WORD_CHARS = "".join(L.VIETNAMESE_LETTERS) + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY"


@given(st.text(alphabet=_WORD_CHARS + " ,.-0123456789", max_size=60))
def test_vni_round_trip_on_any_text(text):
    assert L.vni_to_unicode(L.unicode_to_vni(text)) == unicodedata.normalize("NFC", text)


_LOWER_CHARS = "".join(ch for ch in L.VIETNAMESE_LETTERS if ch.islower()) + "abcdeghiklmnopqrstuvxy ,.-0123456789"


@given(st.text(alphabet=_LOWER_CHARS, max_size=60))
def test_tcvn3_round_trip_on_any_lower_case_text(text):
    assert L.tcvn3_to_unicode(L.unicode_to_tcvn3(text)) == text
