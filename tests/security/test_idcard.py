from datetime import UTC, date, datetime, timedelta

import pytest
from stdnum.cn import ric

from service import clock
from service.security.idcard import IdCard, InvalidIdNumber, age_on, parse_id_number

TODAY = date(2026, 3, 1)


def with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


def wrong_check_digit(first17: str) -> str:
    right = ric.calc_check_digit(first17 + "0")
    return first17 + ("0" if right != "0" else "1")


def test_valid_number_gives_its_facts():
    number = with_check_digit("50010119900101123")
    assert parse_id_number(number, today=TODAY) == IdCard(
        number=number, region_code="500101", birth_date=date(1990, 1, 1), sex="male"
    )


def test_even_seventeenth_digit_is_female():
    assert parse_id_number(with_check_digit("50023619850615002"), today=TODAY).sex == "female"


def test_chongqing_number_of_someone_born_before_1997_is_accepted():
    # stdnum's validate() would reject this: region 500236 (奉节县) only exists from 1997.
    card = parse_id_number(with_check_digit("50023619560315001"), today=TODAY)
    assert card.birth_date == date(1956, 3, 15)


def test_lower_case_x_check_digit_is_accepted_and_upper_cased():
    # 11010519491231002 has the check digit X.
    assert with_check_digit("11010519491231002") == "11010519491231002X"
    assert parse_id_number("11010519491231002x", today=TODAY).number == "11010519491231002X"


def test_spaces_and_hyphens_are_ignored():
    number = with_check_digit("50010119900101123")
    spaced = f" {number[:6]} {number[6:14]}-{number[14:]} "
    assert parse_id_number(spaced, today=TODAY).number == number


def test_wrong_check_digit_is_rejected():
    with pytest.raises(InvalidIdNumber, match="校验码不对"):
        parse_id_number(wrong_check_digit("50010119900101123"), today=TODAY)


@pytest.mark.parametrize("raw", ["50010119900101123", "5001011990010112345", "", "500101900101123"])
def test_wrong_length_is_rejected(raw):
    with pytest.raises(InvalidIdNumber, match="位数不对"):
        parse_id_number(raw, today=TODAY)


@pytest.mark.parametrize(
    "raw",
    ["5001011990O101123X", "50010119900101123Y", "X0010119900101123X", "50010119900101123/", "5001011990010112٣X"],
)
def test_letters_and_symbols_are_rejected(raw):
    with pytest.raises(InvalidIdNumber, match="含有非法字符"):
        parse_id_number(raw, today=TODAY)


@pytest.mark.parametrize(
    "first17",
    ["50010120990101123", "50010118991231123", "50010119900230123", "50010119901301123", "50010120260302123"],
    ids=["2099", "1899", "feb-30", "month-13", "tomorrow"],
)
def test_implausible_birth_date_is_rejected(first17):
    with pytest.raises(InvalidIdNumber, match="出生日期不合理"):
        parse_id_number(with_check_digit(first17), today=TODAY)


def test_born_today_and_on_1900_01_01_are_accepted():
    assert parse_id_number(with_check_digit("50010120260301123"), today=TODAY).birth_date == TODAY
    assert parse_id_number(with_check_digit("50010119000101123"), today=TODAY).birth_date == date(1900, 1, 1)


def test_today_defaults_to_the_service_clock_in_china_time():
    # 23:30 UTC on 28 February is already 1 March in Chongqing.
    clock.set_now(datetime(2026, 2, 28, 23, 30, tzinfo=UTC))
    try:
        assert parse_id_number(with_check_digit("50010120260301123")).birth_date == date(2026, 3, 1)
        with pytest.raises(InvalidIdNumber):
            parse_id_number(with_check_digit("50010120260302123"))
    finally:
        clock.set_now(None)


def test_error_message_does_not_contain_the_number():
    number = wrong_check_digit("50010119900101123")
    with pytest.raises(InvalidIdNumber) as caught:
        parse_id_number(number, today=TODAY)
    assert number not in str(caught.value)


def test_invalid_id_number_is_a_value_error():
    assert issubclass(InvalidIdNumber, ValueError)


def test_age_counts_full_years():
    born = date(1990, 6, 15)
    assert age_on(born, date(2026, 6, 14)) == 35
    assert age_on(born, date(2026, 6, 15)) == 36
    assert age_on(born, born) == 0


def test_leap_day_birthday_turns_a_year_older_on_first_of_march():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18


def test_age_before_birth_is_an_error():
    with pytest.raises(ValueError):
        age_on(date(2000, 1, 1), date(2000, 1, 1) - timedelta(days=1))
