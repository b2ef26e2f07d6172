"""No one lost (policy 3.3 全员管理和无缝衔接): where each relocated person stands in every matter
the relocation touches, and which of those is a gap staff must close.

渝民发〔2020〕10号 3.3: 对搬迁群众实行全员管理，做到迁出地与迁入地无缝衔接，不漏一户、不落一人。

Readings taken here:
- Each matter (hukou 1.1, collective membership 1.3, party relationship 1.2, pension 1.5,
  medical insurance 1.6, assistance 1.7) stands at one of five statuses. "Choice not yet made"
  is not a gap by itself: the policy leaves the hukou move (愿转尽转) and several transfers to
  the person. It becomes one when a day count set by the office has passed.
- The day counts are settings (service/settings.py), because the policy names no number except
  assistance's "原则上1个月内办结".
- Pairing (2.5) is a household matter with no per-person status: a 建档立卡 household without its
  cadre is a gap of each of its members, so counting people counts it.

Plain facts in, statuses and gaps out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CLAUSE = "3.3"


class Status(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_NEEDED = "not_needed"
    CHOICE_PENDING = "choice_pending"
    GAP = "gap"


STATUS_LABELS = {
    Status.DONE: "已办结",
    Status.IN_PROGRESS: "办理中",
    Status.NOT_NEEDED: "无需办理",
    Status.CHOICE_PENDING: "待本人选择",
    Status.GAP: "有缺口",
}


class Domain(StrEnum):
    HUKOU = "hukou"
    COLLECTIVE = "collective"
    PARTY = "party"
    PENSION = "pension"
    MEDICAL = "medical"
    ASSISTANCE = "assistance"


DOMAIN_LABELS = {
    Domain.HUKOU: "户口迁移",
    Domain.COLLECTIVE: "集体经济组织成员身份",
    Domain.PARTY: "党组织关系",
    Domain.PENSION: "养老保险",
    Domain.MEDICAL: "医疗保险",
    Domain.ASSISTANCE: "低保特困救助",
}


class Gap(StrEnum):
    PENSION_DECISION_MISSING = "pension_decision_missing"
    MEDICAL_UNCOVERED = "medical_uncovered"
    ASSISTANCE_MONTH_UNPAID = "assistance_month_unpaid"
    ASSISTANCE_TRANSFER_LATE = "assistance_transfer_late"
    PARTY_NOT_TRANSFERRED = "party_not_transferred"
    COLLECTIVE_UNDECLARED = "collective_undeclared"
    NO_PAIRING_CADRE = "no_pairing_cadre"


GAP_LABELS = {
    Gap.PENSION_DECISION_MISSING: "户口已迁移，养老保险关系逾期未作决定",
    Gap.MEDICAL_UNCOVERED: "医疗保险断保或参保期间有空档",
    Gap.ASSISTANCE_MONTH_UNPAID: "低保特困救助金有月份未发放",
    Gap.ASSISTANCE_TRANSFER_LATE: "低保特困救助转移超过时限未办结",
    Gap.PARTY_NOT_TRANSFERRED: "已“三脱钩”的党员未转接组织关系",
    Gap.COLLECTIVE_UNDECLARED: "户口迁移后逾期未声明集体经济组织成员身份",
    Gap.NO_PAIRING_CADRE: "建档立卡户没有结对帮扶干部",
}
GAP_DOMAINS = {
    Gap.PENSION_DECISION_MISSING: Domain.PENSION,
    Gap.MEDICAL_UNCOVERED: Domain.MEDICAL,
    Gap.ASSISTANCE_MONTH_UNPAID: Domain.ASSISTANCE,
    Gap.ASSISTANCE_TRANSFER_LATE: Domain.ASSISTANCE,
    Gap.PARTY_NOT_TRANSFERRED: Domain.PARTY,
    Gap.COLLECTIVE_UNDECLARED: Domain.COLLECTIVE,
}


class CaseState(StrEnum):
    """The person's latest case of one kind, as far as a status needs it."""

    NONE = "none"
    OPEN = "open"
    COMPLETED = "completed"


@dataclass(frozen=True)
class Limits:
    """The day counts after which a pending matter is a gap (service/settings.py)."""

    pension_decision_days: int
    collective_declaration_days: int
    assistance_transfer_days: int


@dataclass(frozen=True)
class PersonFacts:
    today: date
    # Hukou (1.1): the completed move's day; whether a move case is open; whether the hukou is
    # already registered at the destination without a move (nothing to move).
    hukou_moved_on: date | None
    hukou_case: CaseState
    hukou_at_destination: bool
    # Collective membership (1.3): a declaration either way, or an open application.
    collective_declared: bool
    collective_case: CaseState
    # Party (1.2): members only; 三脱钩 as service/party/rules.py finds it.
    party_member: bool
    party_decoupled: bool
    party_transfer: CaseState
    # Pension (1.5): whether the decision asks the person for an answer (choose / must transfer),
    # and whether one is recorded (a declaration or a transfer case).
    pension_answer_needed: bool
    pension_declared: bool
    pension_transfer: CaseState
    # Medical insurance (1.6): cover today, and days without cover between periods.
    medical_covered_today: bool
    medical_has_hole: bool
    # Assistance (1.7): on civil affairs' list, a month unpaid (the domain's lapse list), whether
    # the completed move asks for a transfer, and the open transfer's start.
    assistance_listed: bool
    assistance_month_unpaid: bool
    assistance_transfer_needed: bool
    assistance_transfer: CaseState
    assistance_transfer_opened_on: date | None
    # Pairing (2.5): 建档立卡 household, and whether it has its cadre.
    registered_poor: bool
    has_pairing_cadre: bool


def _days_since(day: date | None, today: date) -> int:
    return (today - day).days if day else 0


# --- The gap rules, one per clause reading ------------------------------------------------


def pension_decision_missing(facts: PersonFacts, limits: Limits) -> bool:
    """Hukou moved, the pension decision asks for an answer, and none came within N days."""
    return (
        facts.pension_answer_needed
        and not facts.pension_declared
        and facts.pension_transfer is CaseState.NONE
        and _days_since(facts.hukou_moved_on, facts.today) > limits.pension_decision_days
    )


def medical_uncovered(facts: PersonFacts, _limits: Limits) -> bool:
    """No cover today (never insured or lapsed), or days without cover between periods."""
    return not facts.medical_covered_today or facts.medical_has_hole


def assistance_month_unpaid(facts: PersonFacts, _limits: Limits) -> bool:
    return facts.assistance_listed and facts.assistance_month_unpaid


def assistance_transfer_late(facts: PersonFacts, limits: Limits) -> bool:
    """ "原则上1个月内办结": a transfer still open after the set days."""
    return facts.assistance_transfer is CaseState.OPEN and (
        _days_since(facts.assistance_transfer_opened_on, facts.today) > limits.assistance_transfer_days
    )


def party_not_transferred(facts: PersonFacts, _limits: Limits) -> bool:
    """三脱钩 makes the transfer an obligation (1.2), not a choice; an open case is under way."""
    return facts.party_member and facts.party_decoupled and facts.party_transfer is CaseState.NONE


def collective_undeclared(facts: PersonFacts, limits: Limits) -> bool:
    """Neither declaration (keep at origin / apply at destination) N days after the hukou move."""
    return (
        facts.hukou_moved_on is not None
        and not facts.collective_declared
        and facts.collective_case is CaseState.NONE
        and _days_since(facts.hukou_moved_on, facts.today) > limits.collective_declaration_days
    )


def no_pairing_cadre(facts: PersonFacts, _limits: Limits) -> bool:
    return facts.registered_poor and not facts.has_pairing_cadre


GAP_RULES: Mapping[Gap, Callable[[PersonFacts, Limits], bool]] = {
    Gap.PENSION_DECISION_MISSING: pension_decision_missing,
    Gap.MEDICAL_UNCOVERED: medical_uncovered,
    Gap.ASSISTANCE_MONTH_UNPAID: assistance_month_unpaid,
    Gap.ASSISTANCE_TRANSFER_LATE: assistance_transfer_late,
    Gap.PARTY_NOT_TRANSFERRED: party_not_transferred,
    Gap.COLLECTIVE_UNDECLARED: collective_undeclared,
    Gap.NO_PAIRING_CADRE: no_pairing_cadre,
}


def gaps_of(facts: PersonFacts, limits: Limits) -> frozenset[Gap]:
    return frozenset(gap for gap, rule in GAP_RULES.items() if rule(facts, limits))


# --- Statuses per matter ------------------------------------------------------------------


def _by_case(state: CaseState, otherwise: Status) -> Status:
    return {CaseState.COMPLETED: Status.DONE, CaseState.OPEN: Status.IN_PROGRESS}.get(state, otherwise)


def statuses(facts: PersonFacts, found: frozenset[Gap]) -> dict[Domain, Status]:
    """Each matter's status; a gap found for a matter is its status whatever else holds."""
    if facts.hukou_moved_on is not None:
        hukou = Status.DONE
    elif facts.hukou_at_destination:
        hukou = Status.NOT_NEEDED
    else:
        hukou = _by_case(facts.hukou_case, Status.CHOICE_PENDING)
    if facts.collective_declared:
        collective = Status.DONE
    elif facts.hukou_moved_on is None:
        collective = _by_case(facts.collective_case, Status.NOT_NEEDED)
    else:
        collective = _by_case(facts.collective_case, Status.CHOICE_PENDING)
    party = Status.NOT_NEEDED if not facts.party_member else _by_case(facts.party_transfer, Status.CHOICE_PENDING)
    if facts.pension_declared:
        pension = Status.DONE
    else:
        pension = _by_case(
            facts.pension_transfer, Status.CHOICE_PENDING if facts.pension_answer_needed else Status.NOT_NEEDED
        )
    medical = Status.DONE
    if not facts.assistance_listed:
        assistance = Status.NOT_NEEDED
    elif facts.assistance_transfer_needed:
        assistance = _by_case(facts.assistance_transfer, Status.CHOICE_PENDING)
    else:
        assistance = Status.DONE
    found_in = {GAP_DOMAINS[gap] for gap in found if gap in GAP_DOMAINS}
    result = {
        Domain.HUKOU: hukou,
        Domain.COLLECTIVE: collective,
        Domain.PARTY: party,
        Domain.PENSION: pension,
        Domain.MEDICAL: medical,
        Domain.ASSISTANCE: assistance,
    }
    return {domain: Status.GAP if domain in found_in else status for domain, status in result.items()}
