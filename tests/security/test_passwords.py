import pytest

from service.security.passwords import hash_password, needs_rehash, password_problems, verify_password

PASSWORD = "Anju-2026-重庆"


@pytest.fixture(scope="module")
def stored_hash():
    # One hash for the whole module: argon2id is slow on purpose.
    return hash_password(PASSWORD)


def test_hash_is_argon2id_and_not_the_password(stored_hash):
    assert stored_hash.startswith("$argon2id$")
    assert PASSWORD not in stored_hash


def test_right_password_verifies(stored_hash):
    assert verify_password(stored_hash, PASSWORD) is True


def test_wrong_password_does_not_verify(stored_hash):
    assert verify_password(stored_hash, PASSWORD + "x") is False


@pytest.mark.parametrize("bad_hash", ["", "not a hash", "$argon2id$v=19$m=65536,t=3,p=4$broken", "$2b$12$" + "a" * 53])
def test_malformed_hash_does_not_verify_and_does_not_raise(bad_hash):
    assert verify_password(bad_hash, PASSWORD) is False


def test_fresh_hash_needs_no_rehash(stored_hash):
    assert needs_rehash(stored_hash) is False


def test_hash_with_weaker_parameters_needs_rehash(stored_hash):
    weaker = stored_hash.replace("t=3", "t=2")
    assert needs_rehash(weaker) is True


def test_good_password_has_no_problems():
    assert password_problems("Anju2026") == []
    assert password_problems("anju-2026") == []
    assert password_problems("重庆anju2026") == []


def test_short_password_is_a_problem():
    assert password_problems("Aa1-") == ["密码至少需要 8 个字符"]


def test_password_over_128_characters_is_a_problem():
    assert password_problems("Aa1-" * 32) == []
    assert password_problems("Aa1-" * 32 + "x") == ["密码不能超过 128 个字符"]


@pytest.mark.parametrize("password", ["abcdefgh", "abcd1234", "ABCD1234", "abcdEFGH", "12345678", "!@#$%^&*"])
def test_fewer_than_three_character_classes_is_a_problem(password):
    assert password_problems(password) == ["密码需要包含小写字母、大写字母、数字、符号中的至少三种"]


def test_every_problem_is_listed():
    assert len(password_problems("abc")) == 2
