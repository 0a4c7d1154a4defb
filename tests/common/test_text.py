from app.common.ethnicity import canonical_ethnicity, is_ethnic_minority, is_religious
from app.common.text import fold, name_sort_key, name_sort_string, nfc


def test_fold_strips_accents_case_and_d_bar():
    assert fold("Nguyễn Văn Hùng") == "nguyen van hung"
    assert fold("ĐẶNG THỊ ÁNH") == "dang thi anh"
    assert fold("  Lò   Văn  Páo ") == "lo van pao"


def test_fold_handles_decomposed_text():
    decomposed = "Nguye\u0302\u0303n"
    assert fold(decomposed) == "nguyen"
    assert nfc(decomposed) == "Nguyễn"


def test_sort_by_given_name_then_family():
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Đặng Văn Dũng", "Bùi Thị Đào", "Nguyễn Văn Dũng",
             "Phạm Thị Ư", "Vũ Văn Ước", "Hà Thị Uyên"]
    ordered = sorted(names, key=name_sort_key)
    # An < Ánh (tone after letters) < Bình < Dũng (Đặng before Nguyễn) < Đào (đ after d) < Uyên < Ư < Ước
    assert ordered == ["Lê Văn An", "Nguyễn Thị Ánh", "Trần Văn Bình", "Đặng Văn Dũng", "Nguyễn Văn Dũng",
                       "Bùi Thị Đào", "Hà Thị Uyên", "Phạm Thị Ư", "Vũ Văn Ước"]


def test_sort_string_orders_like_the_key():
    names = ["Trần Văn Bình", "Nguyễn Thị Ánh", "Lê Văn An", "Bùi Thị Đào", "Đặng Văn Dũng", "Ông Ích Ê",
             "Âu Văn Ơn", "Ân Thị Ơn", "Lò Thị Ă"]
    assert sorted(names, key=name_sort_string) == sorted(names, key=name_sort_key)


def test_vietnamese_letter_order():
    words = ["ơ", "o", "ô", "a", "â", "ă", "đ", "d", "e", "ê", "u", "ư"]
    ordered = sorted(words, key=lambda w: name_sort_key("X " + w))
    assert ordered == ["a", "ă", "â", "d", "đ", "e", "ê", "o", "ô", "ơ", "u", "ư"]


def test_ethnic_spellings_and_minority_rule():
    assert canonical_ethnicity("H'Mông") == canonical_ethnicity("HMông") == canonical_ethnicity("Mông") == "Mông"
    assert canonical_ethnicity("tày") == "Tày"
    assert not is_ethnic_minority("Kinh")
    assert is_ethnic_minority("Hoa")  # Hoa counts as a minority (DOMAIN §2)
    assert not is_ethnic_minority(None)
    assert is_religious("Công giáo") and not is_religious("Không") and not is_religious(None)
