"""The bench's synthetic data follows the rules it is measured against: every hukou move it posts
is one policy 1.1 opens, its deadlines are the engine's, and its overdue shares are the ones
bench/data.py states (realistic everywhere, a backlog in one district)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from bench import data
from service.cases import deadlines
from service.cases.calendar import SHANGHAI
from service.cases.models import Case
from service.cases.workflow import SUBMITTED
from service.hukou import rules
from service.hukou.service import household_facts
from service.registry.models import Household

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
COUNTIES = ("500101", "500102", data.DISTRICT, data.BACKLOG_DISTRICT)


def _world(cases: int, seed: int = 6) -> list[data.Household]:
    villages = {
        county: [f"{county}{300 + t:03d}{400 + v:03d}" for t in range(3) for v in range(10)] for county in COUNTIES
    }
    site_of = {village: int(village[6:9]) for codes in villages.values() for village in codes}
    return data.make_households(random.Random(seed), cases, villages, site_of)


def _as_registered(household: data.Household) -> Household:
    """The households row the bench loads, read back as the register's model."""
    row = dict(zip(data.HOUSEHOLD_COLUMNS, data._household_line(household, NOW).split("\t"), strict=True))
    value = {key: None if text == "\\N" else text for key, text in row.items()}
    return Household(
        destination_region_code=value["destination_region_code"],
        housing=value["housing"],
        site_id=int(value["site_id"]) if value["site_id"] else None,
        has_homestead_at_destination=value["has_homestead_at_destination"] == "1",
        has_contract_land_at_destination=value["has_contract_land_at_destination"] == "1",
        destination_group=value["destination_group"],
    )


def test_1_1_every_move_the_bench_posts_is_one_the_rules_open():
    for household in _world(2000):
        facts = household_facts(_as_registered(household))
        for member_id in household.other_member_ids:
            body = data.hukou_move_request(household, member_id)
            mode = rules.Mode(body["mode"])
            assert rules.option_for(facts, mode).open, (household, rules.option_for(facts, mode).reason)
            if mode is rules.Mode.VILLAGE_GROUP:
                assert (
                    rules.village_problem(body["village_group_code"], "village", facts.destination_region_code) is None
                )
                assert rules.village_group_held(facts, body["village_group_code"], body["group"])
            member = rules.MemberFacts(member_id, "成员", household.origin, open_case_id=None)
            assert rules.check_member(member, facts.destination_region_code).may_move


def test_bench_due_dates_are_what_the_engine_stores(app):
    national_day = datetime(2026, 9, 28, 2, 30, tzinfo=UTC)  # a deadline across the October holidays
    submissions = [national_day, NOW - timedelta(minutes=1)] + [NOW - timedelta(hours=13 * i) for i in range(130)]
    with app.app_context():
        for submitted in submissions:
            case = Case(kind="hukou_move", status=SUBMITTED, clock_started_at=submitted, submitted_at=submitted)
            assert data.due_at(submitted) == deadlines.due_at(case), submitted
    assert data.due_at(national_day).astimezone(SHANGHAI).time().isoformat() == "23:59:59.999999"


def _running(cases: int) -> dict[str, list[tuple[datetime, datetime]]]:
    """(submitted, due) of every running case, by district, as the loader writes them."""
    households = _world(cases)
    rows: list[str] = []
    data._cases(households, random.Random(7), NOW, rows, [], [], [], [], [])
    by_county: dict[str, list[tuple[datetime, datetime]]] = {}
    for row in rows:
        fields = row.split("\t")
        if fields[12] != "\\N":
            moment = [datetime.fromisoformat(fields[i]).replace(tzinfo=UTC) for i in (13, 12)]
            by_county.setdefault(fields[8], []).append((moment[0], moment[1]))
    return by_county


@pytest.fixture(scope="module")
def running() -> dict[str, list[tuple[datetime, datetime]]]:
    return _running(20_000)


def _overdue_share(cases: list[tuple[datetime, datetime]]) -> float:
    return sum(due < NOW for _, due in cases) / len(cases)


def test_a_few_running_cases_are_overdue_outside_the_backlog_district(running):
    usual = [case for county, cases in running.items() if county != data.BACKLOG_DISTRICT for case in cases]
    assert len(usual) > 3000
    assert 0.03 <= _overdue_share(usual) <= 0.05
    # Submitted within the promised time, or late by at most as long again.
    on_time = [submitted for submitted, due in usual if due >= NOW]
    assert min(on_time) >= NOW - timedelta(days=data.RECENT_DAYS)
    assert min(submitted for submitted, _ in usual) >= NOW - timedelta(days=data.LATE_DAYS)


def test_the_backlog_district_has_half_its_running_cases_overdue(running):
    backlog = running[data.BACKLOG_DISTRICT]
    assert len(backlog) > 1000
    assert 0.45 <= _overdue_share(backlog) <= 0.55
    assert len(running[data.DISTRICT]) == pytest.approx(len(backlog), rel=0.1)  # queues of one size


def test_every_loaded_deadline_ends_a_beijing_day(running):
    dues = {due for cases in running.values() for _, due in cases}
    assert {due.astimezone(SHANGHAI).time().isoformat() for due in dues} == {"23:59:59.999999"}
    assert all(due.astimezone(SHANGHAI).date() > date(2026, 10, 1) for due in dues)
