"""Policy 2.3 rules of councils, seats and conventions, without a database."""

from __future__ import annotations

from datetime import date

from service.councils import rules
from service.councils.rules import CouncilKind, Position, SeatFacts


def _seat(position: Position, member_id: int | None = None, **sitting) -> dict[str, list[str]]:
    return rules.seat_problems(
        SeatFacts(
            position=position,
            member_id=member_id,
            sitting_positions=frozenset(sitting.get("positions", ())),
            sitting_member_ids=frozenset(sitting.get("members", ())),
        )
    )


def test_2_3_a_council_has_one_sitting_chair_and_one_secretary():
    assert "position" in _seat(Position.CHAIR, positions={Position.CHAIR})
    assert "position" in _seat(Position.SECRETARY, positions={Position.SECRETARY})
    assert _seat(Position.MEMBER, positions={Position.CHAIR, Position.SECRETARY, Position.MEMBER}) == {}
    assert _seat(Position.CHAIR, positions={Position.SECRETARY}) == {}


def test_2_3_the_same_resident_is_not_seated_twice_at_once():
    assert "member_id" in _seat(Position.MEMBER, 7, members={7})
    assert _seat(Position.MEMBER, 8, members={7}) == {}


def test_a_seat_counts_until_the_day_its_holder_leaves():
    today = date(2026, 3, 2)
    assert rules.is_sitting(None, today)
    assert rules.is_sitting(date(2026, 3, 3), today)
    assert not rules.is_sitting(today, today)


def test_2_3_a_courtyard_committee_names_a_site_of_its_own_community():
    assert "site_id" in rules.site_problems(CouncilKind.COURTYARD, None, "500230001001")
    assert "site_id" in rules.site_problems(CouncilKind.COURTYARD, "500230001002", "500230001001")
    assert rules.site_problems(CouncilKind.COURTYARD, "500230001001", "500230001001") == {}
    assert rules.site_problems(CouncilKind.RED_WHITE, None, "500230001001") == {}


def test_2_3_the_community_lacks_the_four_councils_it_has_not_set_up():
    assert rules.missing_four_councils(["red_white", "talk_room"]) == [
        CouncilKind.VILLAGERS_COUNCIL,
        CouncilKind.MORAL_REVIEW,
        CouncilKind.ANTI_DRUG_GAMBLING,
    ]
    assert rules.missing_four_councils([k.value for k in rules.FOUR_COUNCILS]) == []


def test_2_3_an_inhabited_centralized_site_needs_a_courtyard_committee():
    assert rules.needs_courtyard_committee("urban_centralized", 3)
    assert rules.needs_courtyard_committee("rural_centralized", 1)
    assert not rules.needs_courtyard_committee("urban_centralized", 0)
    assert not rules.needs_courtyard_committee("dispersed", 12)


def test_2_3_a_convention_is_adopted_by_a_held_meeting_of_the_same_community():
    here = "500230001001"
    assert rules.adopting_meeting_problems(here, True, here) == {}
    assert "adopted_meeting_id" in rules.adopting_meeting_problems(here, False, here)
    assert "adopted_meeting_id" in rules.adopting_meeting_problems("500230001002", True, here)
    assert "adopted_meeting_id" in rules.adopting_meeting_problems(None, False, here)


def test_term_ends_after_it_starts():
    assert rules.term_problems(date(2026, 1, 1), date(2025, 12, 31)) == {"term_ends_on": ["届期结束日不能早于开始日"]}
    assert rules.term_problems(date(2026, 1, 1), None) == {}
