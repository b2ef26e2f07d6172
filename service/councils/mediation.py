"""Mediation of a neighbours' dispute in the 恳谈室 (policy 2.3: consultation platforms resolve
disputes): the parties, the sessions held, and how it ended — an agreement, or no agreement and
where the parties were sent. The outcome changes no status: with an agreement the secretary
answers the matter through the case engine, quoting it (`answer_draft`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service import clock, db
from service.audit.service import record
from service.cases.models import Case
from service.cases.workflow import OPEN_STATUSES
from service.councils import rules
from service.councils.models import CouncilMatter, Mediation, MediationSession
from service.councils.rules import MediationOutcome
from service.councils.workflow import KIND
from service.errors import ApiError
from service.notifications.service import notify
from service.regions.service import scoped
from service.registry.models import Household, Member
from service.security.actors import StaffActor
from service.security.permissions import Permission


def view(case_id: int) -> dict[str, Any] | None:
    """What the raiser reads in the matter's details: who takes part, when and where the
    sessions were, and the outcome. The mediators' notes stay with staff."""
    mediation = db.session().get(Mediation, case_id)
    if mediation is None:
        return None
    return {
        "parties": [party["name"] for party in mediation.parties],
        "sessions": [{"held_on": s.held_on, "place": s.place} for s in _sessions(case_id)],
        **_outcome_view(mediation),
    }


def staff_view(mediation: Mediation) -> dict[str, Any]:
    outcome = _outcome_view(mediation)
    agreed = mediation.outcome == MediationOutcome.AGREEMENT
    return {
        "case_id": str(mediation.case_id),
        "parties": [
            {"name": p["name"], "member_id": str(p["member_id"]) if p["member_id"] else None} for p in mediation.parties
        ],
        "sessions": [
            {"id": str(s.id), "held_on": s.held_on, "place": s.place, "mediators": s.mediators, "notes": s.notes}
            for s in _sessions(mediation.case_id)
        ],
        **outcome,
        "closed_at": mediation.closed_at,
        "answer_draft": rules.answer_quoting(mediation.agreement_text) if agreed else None,
    }


def _outcome_view(mediation: Mediation) -> dict[str, Any]:
    outcome = MediationOutcome(mediation.outcome) if mediation.outcome else None
    return {
        "outcome": outcome,
        "outcome_label": rules.MEDIATION_OUTCOME_LABELS[outcome] if outcome else None,
        "agreement_text": mediation.agreement_text,
        "referred_to": mediation.referred_to,
    }


def _sessions(case_id: int) -> list[MediationSession]:
    stmt = select(MediationSession).where(MediationSession.case_id == case_id).order_by(MediationSession.id)
    return list(db.session().scalars(stmt))


def _staff_matter(actor: StaffActor, case_id: int) -> tuple[CouncilMatter, Case]:
    stmt = scoped(
        select(CouncilMatter, Case)
        .join(Case, Case.id == CouncilMatter.case_id)
        .where(CouncilMatter.case_id == case_id, Case.kind == KIND),
        actor,
        Permission.COUNCILS_MANAGE,
        CouncilMatter.region_code,
    )
    row = db.session().execute(stmt).first()
    if row is None:
        raise ApiError("not_found", "找不到该议题")
    return row[0], row[1]


def _open_mediation(actor: StaffActor, case_id: int) -> tuple[Mediation, CouncilMatter, Case]:
    """The mediation of an open matter in the actor's scope, locked: its outcome is written once."""
    matter, case = _staff_matter(actor, case_id)
    mediation = db.session().get(Mediation, case_id, with_for_update=True)
    if mediation is None:
        raise ApiError("mediation_not_opened", "该议题还没有开始调解，请先登记当事人")
    if mediation.outcome is not None:
        raise ApiError("mediation_closed", "这次调解已经有结果，不能再更改")
    return mediation, matter, case


def read_for_staff(actor: StaffActor, case_id: int) -> dict[str, Any]:
    _staff_matter(actor, case_id)
    mediation = db.session().get(Mediation, case_id)
    if mediation is None:
        raise ApiError("not_found", "该议题还没有调解记录")
    return staff_view(mediation)


def open_mediation(actor: StaffActor, case_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """Open the record with the parties: the raiser first, then those the staff name. A party
    living in the community (named by register id) is told they are invited."""
    matter, case = _staff_matter(actor, case_id)
    refusal = rules.why_not_mediate(rules.Category(matter.category), case.status in OPEN_STATUSES)
    if refusal:
        raise ApiError("mediation_not_allowed", refusal)
    if db.session().get(Mediation, case_id) is not None:
        raise ApiError("mediation_exists", "该议题已经开始调解，请直接登记调解过程")
    raiser = db.session().get_one(Member, case.applicant_member_id)
    others = _parties(data["parties"], matter.region_code, raiser.id)
    mediation = Mediation(case_id=case_id, parties=[{"name": raiser.name, "member_id": raiser.id}, *others])
    db.session().add(mediation)
    for party in others:
        if party["member_id"]:
            notify(
                "恳谈室邀请您参加调解",
                "社区恳谈室将就一起邻里纠纷进行调解，请您参加。工作人员会与您联系，约定时间和地点。",
                member_id=party["member_id"],
            )
    notify(
        "您反映的纠纷已进入恳谈室调解",
        f"“{matter.title}”将由社区恳谈室组织双方调解，工作人员会与您联系，约定时间和地点。",
        member_id=raiser.id,
        case_id=case_id,
    )
    _audit("council.mediation_opened", actor, matter, {"parties": len(mediation.parties)})
    db.session().flush()
    return staff_view(mediation)


def _parties(given: list[dict[str, Any]], community: str, raiser_id: int) -> list[dict[str, Any]]:
    """A party named by register id must live in the matter's community; elsewhere and missing
    read the same, so the form does not reveal who is registered where."""
    ids = [p["member_id"] for p in given if p["member_id"]]
    local = (
        set(
            db.session().scalars(
                select(Member.id)
                .join(Household, Household.id == Member.household_id)
                .where(Member.id.in_(ids), Household.destination_region_code == community)
            )
        )
        if ids
        else set()
    )
    errors = {}
    for i, party in enumerate(given):
        if party["member_id"] == raiser_id:
            errors[f"parties.{i}.member_id"] = ["提出人已自动列为当事人，请填写另一方"]
        elif party["member_id"] and party["member_id"] not in local:
            errors[f"parties.{i}.member_id"] = ["本社区登记的居民中没有这个编号"]
    if errors:
        raise ApiError("validation_failed", "当事人有误，请按提示修改", errors=errors)
    return [{"name": p["name"].strip(), "member_id": p["member_id"]} for p in given]


def add_session(actor: StaffActor, case_id: int, data: dict[str, Any]) -> dict[str, Any]:
    mediation, matter, _case = _open_mediation(actor, case_id)
    if data["held_on"] > clock.today():
        raise ApiError("validation_failed", "调解日期不能晚于今天", errors={"held_on": ["调解开过之后再登记"]})
    db.session().add(
        MediationSession(
            case_id=case_id,
            held_on=data["held_on"],
            place=data["place"].strip(),
            mediators=data["mediators"].strip(),
            notes=data["notes"].strip(),
            staff_id=actor.staff_id,
        )
    )
    _audit("council.mediation_session", actor, matter, {"held_on": data["held_on"].isoformat()})
    db.session().flush()
    return staff_view(mediation)


def record_outcome(actor: StaffActor, case_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """How the dispute ended; every party who is a resident hears it (the raiser through the case)."""
    mediation, matter, case = _open_mediation(actor, case_id)
    outcome = MediationOutcome(data["outcome"])
    mediation.outcome = outcome
    mediation.closed_at = clock.now()
    if outcome is MediationOutcome.AGREEMENT:
        mediation.agreement_text = data["agreement_text"].strip()
        body = f"经恳谈室调解，双方达成协议：{mediation.agreement_text}"
    else:
        mediation.referred_to = data["referred_to"].strip()
        body = f"经恳谈室调解，双方未达成协议。您可以到{mediation.referred_to}继续解决。"
    title = f"调解结果：{rules.MEDIATION_OUTCOME_LABELS[outcome]}"
    for party in mediation.parties:
        if party["member_id"]:
            is_raiser = party["member_id"] == case.applicant_member_id
            notify(
                title,
                body,
                member_id=party["member_id"],
                case_id=case.id if is_raiser else None,
                # The message names no party and no terms: the inbox holds those, behind sign-in.
                wechat=("mediation_outcome", {"outcome": rules.MEDIATION_OUTCOME_LABELS[outcome]}),
            )
    _audit("council.mediation_outcome", actor, matter, {"outcome": outcome})
    db.session().flush()
    return staff_view(mediation)


def _audit(action: str, actor: StaffActor, matter: CouncilMatter, detail: dict[str, Any]) -> None:
    record(
        action, target_type="case", target_id=matter.case_id, region_code=matter.region_code, detail=detail, actor=actor
    )
