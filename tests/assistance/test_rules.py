"""Policy 1.7 (social assistance follows the hukou) as plain decisions."""

from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from service.assistance.rules import (
    Answer,
    Category,
    DocumentKind,
    MemberFacts,
    document_kind,
    handover,
    missing_months,
    option,
)
from service.notices.rules import PaperKind, notice_number
from tests.factories import DESTINATION, ORIGIN, YOUYANG_DESTINATION

# Townships of the test world: two of 丰都 (the origin's and the destination's), one of 酉阳.
FENGDU_TOWN = ORIGIN[:9]
FENGDU_OTHER_TOWN = DESTINATION[:9]
YOUYANG_TOWN = YOUYANG_DESTINATION[:9]


def facts(moved_to: str | None = FENGDU_OTHER_TOWN + "001", **kw) -> MemberFacts:
    values = {"category": Category.DIBAO, "paying_township_code": FENGDU_TOWN, "moved_to_region_code": moved_to}
    return MemberFacts(**{**values, **kw})


def test_1_7_a_member_off_the_list_has_nothing_to_transfer():
    result = option(facts(category=None, paying_township_code=None))
    assert (result.answer, result.may_apply, result.clause) == (Answer.NOT_RECEIVING, False, "1.7")


def test_1_7_without_a_completed_hukou_move_the_origin_keeps_paying():
    assert option(facts(moved_to=None)).answer == Answer.NOT_MOVED


def test_1_7_a_move_inside_the_paying_township_changes_no_payer():
    result = option(facts(moved_to=FENGDU_TOWN + "007"))
    assert (result.answer, result.may_apply) == (Answer.SAME_TOWNSHIP, False)


def test_1_7_a_move_out_of_the_paying_township_may_be_transferred_on_application():
    result = option(facts(category=Category.TEKUN))
    assert (result.answer, result.may_apply) == (Answer.TRANSFER, True)
    assert "特困" in result.reason and "不断档" in result.reason


def test_1_7_one_open_transfer_at_a_time():
    assert option(facts(transfer_open=True)).answer == Answer.TRANSFER_OPEN


def test_1_7_same_county_gets_a_notice_to_the_destination_township():
    assert document_kind("500230", FENGDU_OTHER_TOWN) == DocumentKind.NOTICE


def test_1_7_cross_county_gets_a_letter_to_the_destination_county_bureau():
    assert document_kind("500230", YOUYANG_TOWN) == DocumentKind.LETTER


def test_1_7_document_numbers_name_the_bureau_kind_year_and_sequence():
    # The transfer papers are notices: numbered by the notices' one numbering (civil affairs, 救).
    number = partial(notice_number, "丰都县", "civil_affairs", "救")
    assert number(PaperKind.TRANSFER_NOTICE, 2026, 3) == "丰民救转〔2026〕3号"
    assert number(PaperKind.TRANSFER_LETTER, 2026, 3) == "丰民救函〔2026〕3号"
    with pytest.raises(ValueError):
        number(PaperKind.TRANSFER_LETTER, 2026, 0)


def test_1_7_no_lapse_the_origin_pays_through_the_takeover_month_the_destination_from_the_next():
    result = handover(date(2026, 12, 15))
    assert (result.origin_last_month, result.destination_first_month) == (date(2026, 12, 1), date(2027, 1, 1))


def test_1_7_a_missing_payment_month_is_found():
    paid = [date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1), date(2026, 5, 1)]
    assert missing_months(paid, today=date(2026, 6, 10)) == [date(2026, 3, 1)]


def test_1_7_payments_that_stopped_before_last_month_are_missing():
    paid = [date(2026, 1, 1), date(2026, 2, 1)]
    assert missing_months(paid, today=date(2026, 5, 3)) == [date(2026, 3, 1), date(2026, 4, 1)]


def test_1_7_the_current_month_may_still_be_in_payment():
    assert missing_months([date(2026, 4, 1)], today=date(2026, 5, 31)) == []
    assert missing_months([], today=date(2026, 5, 31)) == []
