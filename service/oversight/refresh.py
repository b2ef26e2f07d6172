"""The nightly refresh of the reconciliation (`flask oversight refresh`): every relocated person's
facts read from the registers and case outcomes of the other domains, in batches, through the
domains' own read functions, judged by service/oversight/rules.py, and written over the table.

Each batch costs a fixed number of statements whatever its size; the whole run is one
transaction, so readers see the old table or the new one, never half of each.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import contains_eager

from service import clock, db, settings
from service.assistance import rules as assistance_rules
from service.assistance import service as assistance
from service.assistance.models import AssistanceRecord, AssistanceTransfer
from service.cases.models import Case
from service.cases.workflow import COMPLETED, OPEN_STATUSES
from service.collective import memberships
from service.collective.models import CollectiveApplication, CollectiveDeclaration
from service.hukou.facts import completed_moves
from service.hukou.models import HukouMoveMember
from service.medical import rules as medical_rules
from service.medical import service as medical
from service.oversight import rules
from service.oversight.models import OversightPerson, OversightRefresh
from service.oversight.rules import CaseState, Gap, Limits, PersonFacts
from service.pairing.models import Pairing
from service.party import rules as party_rules
from service.party import service as party
from service.party.models import PartyMember, PartyTransfer
from service.pension import rules as pension_rules
from service.pension import service as pension
from service.pension.models import PensionDeclaration, PensionRecord, PensionTransfer
from service.registry import pii
from service.registry.models import Household, Member

BATCH = 1000
# Transfer tables of the domains: each row names its case and member (1.2, 1.3, 1.5, 1.7).
_TRANSFERS = {
    "collective": CollectiveApplication,
    "party": PartyTransfer,
    "pension": PensionTransfer,
    "assistance": AssistanceTransfer,
}
_ANSWER_NEEDED = {pension_rules.Decision.CHOOSE, pension_rules.Decision.MUST_TRANSFER}
_TRANSFER_NEEDED = {assistance_rules.Answer.TRANSFER, assistance_rules.Answer.TRANSFER_OPEN}


def limits() -> Limits:
    current = settings.current()
    return Limits(
        pension_decision_days=current.oversight_pension_decision_days,
        collective_declaration_days=current.oversight_collective_declaration_days,
        assistance_transfer_days=current.oversight_assistance_transfer_days,
    )


def refresh() -> OversightRefresh:
    """Recompute every person's row; flushes, the caller commits."""
    session = db.session()
    today, used = clock.today(), limits()
    session.execute(delete(OversightPerson))
    people = 0
    for members in _batches():
        rows = _rows(members, today, used)
        session.execute(insert(OversightPerson), rows)
        people += len(rows)
    run = OversightRefresh(as_of=today, people=people, limits=used.__dict__)
    session.add(run)
    session.flush()
    return run


def _batches() -> Iterator[list[Member]]:
    session, last = db.session(), 0
    while True:
        members = list(
            session.scalars(
                select(Member)
                .join(Household, Household.id == Member.household_id)
                .options(contains_eager(Member.household))
                .where(Member.id > last)
                .order_by(Member.id)
                .limit(BATCH)
            )
        )
        if not members:
            return
        yield members
        last = members[-1].id


def _case_states(model, ids: list[int]) -> dict[int, tuple[CaseState, date]]:
    """Each member's latest case of a transfer table: open or completed, and the day it was filed."""
    rows = db.session().execute(
        select(model.member_id, Case.status, Case.submitted_at)
        .join(Case, Case.id == model.case_id)
        .where(model.member_id.in_(ids), Case.status.in_((*OPEN_STATUSES, COMPLETED)))
        .order_by(Case.id)
    )
    return {
        member_id: (CaseState.COMPLETED if status == COMPLETED else CaseState.OPEN, submitted_at.date())
        for member_id, status, submitted_at in rows
    }


def _rows(members: list[Member], today: date, used: Limits) -> list[dict]:
    session = db.session()
    ids = [m.id for m in members]
    moves = completed_moves(ids)
    hukou_open = set(
        session.scalars(select(HukouMoveMember.open_member_id).where(HukouMoveMember.open_member_id.in_(ids)))
    )
    cases = {name: _case_states(model, ids) for name, model in _TRANSFERS.items()}
    declared = set(
        session.scalars(select(CollectiveDeclaration.member_id).where(CollectiveDeclaration.member_id.in_(ids)))
    )
    sides = memberships.current_sides(members)
    listed = set(session.scalars(select(PartyMember.member_id).where(PartyMember.member_id.in_(ids))))
    held = {r.member_id: r for r in session.scalars(select(PensionRecord).where(PensionRecord.member_id.in_(ids)))}
    pension_declared = set(
        session.scalars(select(PensionDeclaration.member_id).where(PensionDeclaration.member_id.in_(ids)))
    )
    covered = set(session.scalars(select(Member.id).where(Member.id.in_(ids), medical.covered_on(today))))
    periods: dict[int, list[medical_rules.Period]] = {}
    for row in medical.periods_of(ids):
        periods.setdefault(row.member_id, []).append(medical.period_of(row))
    on_list = assistance.facts_of(members)
    unpaid = set(
        session.scalars(
            select(AssistanceRecord.member_id).where(AssistanceRecord.member_id.in_(ids), assistance.lapsed(today))
        )
    )
    household_ids = {m.household_id for m in members}
    paired = set(session.scalars(select(Pairing.open_household_id).where(Pairing.open_household_id.in_(household_ids))))

    rows = []
    for member in members:
        household, move = member.household, moves.get(member.id)
        state = {name: found.get(member.id, (CaseState.NONE, None)) for name, found in cases.items()}
        decision = pension_rules.decide(pension.facts_of(member, held.get(member.id), move)).decision
        assistance_facts, record = on_list[member.id]
        decoupled = party_rules.decoupling(party.facts_from(household, move, sides[member.id], today)).complete
        facts = PersonFacts(
            today=today,
            hukou_moved_on=move.completed_at.date() if move else None,
            hukou_case=CaseState.OPEN if member.id in hukou_open else CaseState.NONE,
            hukou_at_destination=member.hukou_region_code == household.destination_region_code,
            collective_declared=member.id in declared,
            collective_case=state["collective"][0],
            party_member=member.party_member or member.id in listed,
            party_decoupled=decoupled,
            party_transfer=state["party"][0],
            pension_answer_needed=decision in _ANSWER_NEEDED,
            pension_declared=member.id in pension_declared,
            pension_transfer=state["pension"][0],
            medical_covered_today=member.id in covered,
            medical_has_hole=bool(medical_rules.gaps(periods.get(member.id, []))),
            assistance_listed=record is not None,
            assistance_month_unpaid=member.id in unpaid,
            assistance_transfer_needed=assistance_rules.option(assistance_facts).answer in _TRANSFER_NEEDED
            or state["assistance"][0] is CaseState.COMPLETED,
            assistance_transfer=state["assistance"][0],
            assistance_transfer_opened_on=state["assistance"][1],
            registered_poor=household.registered_poor,
            has_pairing_cadre=household.id in paired,
        )
        found = rules.gaps_of(facts, used)
        statuses = rules.statuses(facts, found)
        rows.append(
            {
                "member_id": member.id,
                "household_id": household.id,
                "region_code": household.destination_region_code,
                "origin_region_code": household.origin_region_code,
                "name": member.name,
                "id_number_masked": pii.masked_id_number(member),
                "hukou_moved_on": facts.hukou_moved_on,
                "hukou_to_region_code": move.to_region_code if move else None,
                **{domain.value: status.value for domain, status in statuses.items()},
                **{f"gap_{gap.value}": gap in found for gap in Gap},
                "gap_count": len(found),
            }
        )
    return rows
