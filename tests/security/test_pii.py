import pytest

from service.security import pii

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
INDEX_KEY = b"i" * 32


def test_encrypt_then_decrypt_returns_the_plaintext():
    blob = pii.encrypt("50010119900101123X", KEY, b"members.id_number")
    assert pii.decrypt(blob, KEY, b"members.id_number") == "50010119900101123X"


def test_ciphertext_starts_with_version_byte_and_hides_the_plaintext():
    blob = pii.encrypt("13812345678", KEY)
    assert blob[0] == 1
    assert b"13812345678" not in blob
    assert len(blob) == 1 + 12 + len("13812345678") + 16


def test_encrypting_the_same_value_twice_gives_different_ciphertexts():
    assert pii.encrypt("张三", KEY) != pii.encrypt("张三", KEY)


def test_non_ascii_plaintext_round_trips():
    assert pii.decrypt(pii.encrypt("重庆市万州区", KEY), KEY) == "重庆市万州区"


def test_flipped_ciphertext_byte_is_detected():
    blob = bytearray(pii.encrypt("13812345678", KEY))
    blob[-1] ^= 0x01
    with pytest.raises(ValueError, match="tampered"):
        pii.decrypt(bytes(blob), KEY)


def test_flipped_nonce_byte_is_detected():
    blob = bytearray(pii.encrypt("13812345678", KEY))
    blob[1] ^= 0x01
    with pytest.raises(ValueError):
        pii.decrypt(bytes(blob), KEY)


def test_wrong_key_is_rejected():
    with pytest.raises(ValueError, match="wrong key"):
        pii.decrypt(pii.encrypt("13812345678", KEY), OTHER_KEY)


def test_ciphertext_cannot_be_moved_to_another_column():
    blob = pii.encrypt("13812345678", KEY, b"members.phone")
    with pytest.raises(ValueError, match="wrong context"):
        pii.decrypt(blob, KEY, b"members.id_number")
    with pytest.raises(ValueError):
        pii.decrypt(blob, KEY)


def test_unknown_version_is_rejected():
    blob = pii.encrypt("13812345678", KEY)
    with pytest.raises(ValueError, match="version"):
        pii.decrypt(b"\x02" + blob[1:], KEY)


def test_empty_or_truncated_blob_is_rejected():
    with pytest.raises(ValueError):
        pii.decrypt(b"", KEY)
    with pytest.raises(ValueError):
        pii.decrypt(pii.encrypt("13812345678", KEY)[:20], KEY)


def test_keys_must_be_32_bytes():
    with pytest.raises(ValueError, match="32 bytes"):
        pii.encrypt("x", b"short")
    with pytest.raises(ValueError, match="32 bytes"):
        pii.blind_index("x", b"")


def test_same_value_gives_same_index_of_64_hex_characters():
    index = pii.blind_index("50010119900101123X", INDEX_KEY)
    assert index == pii.blind_index("50010119900101123X", INDEX_KEY)
    assert len(index) == 64
    assert int(index, 16) >= 0


def test_lower_and_upper_case_x_index_the_same():
    assert pii.blind_index("50010119900101123x", INDEX_KEY) == pii.blind_index("50010119900101123X", INDEX_KEY)


def test_surrounding_whitespace_does_not_change_the_index():
    assert pii.blind_index(" 13812345678\n", INDEX_KEY) == pii.blind_index("13812345678", INDEX_KEY)


def test_index_depends_on_value_and_key():
    assert pii.blind_index("13812345678", INDEX_KEY) != pii.blind_index("13812345679", INDEX_KEY)
    assert pii.blind_index("13812345678", INDEX_KEY) != pii.blind_index("13812345678", KEY)


def test_normalize_id_number_strips_separators_and_upper_cases_x():
    assert pii.normalize_id_number(" 500101 19900101 123x ") == "50010119900101123X"
    assert pii.normalize_id_number("500101-19900101-123X") == "50010119900101123X"


def test_normalize_id_number_converts_full_width_input():
    assert pii.normalize_id_number("５００１０１１９９００１０１１２３ｘ") == "50010119900101123X"


@pytest.mark.parametrize(
    "raw",
    ["13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678", "0086-13812345678"],
)
def test_normalize_phone_strips_separators_and_china_prefix(raw):
    assert pii.normalize_phone(raw) == "13812345678"


def test_normalize_phone_keeps_landline_area_code():
    assert pii.normalize_phone("023-6386 1234") == "02363861234"


def test_mask_id_number_keeps_first_three_and_last_four():
    assert pii.mask_id_number("50010119900101123X") == "500***********123X"


def test_mask_id_number_masks_the_normalized_number():
    assert pii.mask_id_number("500101 19900101 123x") == "500***********123X"


def test_mask_phone_keeps_first_three_and_last_four():
    assert pii.mask_phone("13812345678") == "138****5678"
    assert pii.mask_phone("+86 138-1234-5678") == "138****5678"


@pytest.mark.parametrize(
    ("mask", "value"),
    [
        (pii.mask_phone, "12345678"),
        (pii.mask_phone, "1381234567"),
        (pii.mask_phone, "138123456789"),
        (pii.mask_phone, "12345"),
        (pii.mask_phone, "123"),
        (pii.mask_phone, "1"),
        (pii.mask_id_number, "500101900101123"),
        (pii.mask_id_number, "5001011990010112345"),
        (pii.mask_id_number, "1234567"),
        (pii.mask_id_number, "12"),
    ],
)
def test_odd_inputs_never_reveal_more_than_half(mask, value):
    masked = mask(value)
    assert len(masked) == len(value)
    assert masked.count("*") * 2 >= len(value)


def test_masks_of_empty_input_are_empty():
    assert pii.mask_phone("") == ""
    assert pii.mask_id_number("") == ""
    assert pii.mask_name("") == ""


def test_mask_name_keeps_only_the_surname():
    assert pii.mask_name("张三丰") == "张**"
    assert pii.mask_name("张三") == "张*"
    assert pii.mask_name("欧阳娜娜") == "欧***"
    assert pii.mask_name(" 张三 ") == "张*"


def test_mask_name_of_one_character_reveals_nothing():
    assert pii.mask_name("张") == "*"
