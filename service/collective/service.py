"""Collective membership (policy 1.3): declaring, the application case, the notice, objections,
the vote, and reading membership histories.

Only flushes; the request commits. The rules decide (rules.py), the case engine keeps status,
clock, timeline and notifications, memberships.py keeps the history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.exc import IntegrityError

from service import clock, db
from service.accounts.bound import bound_member
from service.attachments import service as attachments
from service.audit.service import record
from service.cases import engine, queries
from service.cases.models import Case
from service.cases.workflow import ACCEPTED
from service.collective import forms, memberships, rules
from service.collective.models import (
    CollectiveApplication,
    CollectiveDeclaration,
    CollectiveMembership,
    CollectiveNotice,
    CollectiveObjection,
    CollectiveVote,
)
from service.collective.rules import CHOICE_LABELS, OPEN, Choice, Membership, Outcome, Period, PersonFacts
from service.collective.workflow import KIND, notice_of, period_of, tell_objector, vote_of
from service.errors import ApiError
from service.http import Listing
from service.regions.service import in_scope, region_names, within
from service.registry import pii as member_pii
from service.registry.models import Household, Member
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission
from service.security.pii import mask_name


def _full_name(code: str) -> str:
    """County, township and village, as a paper names a place: 丰都县三建乡绿春坝村."""
    parts = [code[:n] for n in (6, 9, 12) if n <= len(code)]
    names = region_names(set(parts))
    full = ""
    for part in parts:
        name = names.get(part, "")
        # Some registers name a community in full already (丰都县三合街道东山社区).
        full = name if name.startswith(full) else full + name
    return full


def _open_case_id(member_id: int) -> int | None:
    return db.session().scalar(
        select(CollectiveApplication.case_id).where(CollectiveApplication.open_member_id == member_id)
    )


def person_facts(member: Member) -> PersonFacts:
    household = member.household
    now = memberships.current(member)
    if now is None:
        membership = Membership.NONE
    else:
        membership = Membership.DESTINATION if now["side"] == memberships.DESTINATION else Membership.ORIGIN
    return PersonFacts(
        origin_region_code=household.origin_region_code,
        destination_region_code=household.destination_region_code,
        membership=membership,
        open_case_id=_open_case_id(member.id),
    )


# --- The resident's page -----------------------------------------------------------------


def _period_view(row: CollectiveMembership, names: dict[str, str]) -> dict[str, Any]:
    return {
        "collective": {"code": row.collective_region_code, "name": names.get(row.collective_region_code, "")},
        "side": row.side,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "active": row.active_member_id is not None,
        "source": row.source,
        "priority_transfer_right": row.priority_transfer_right,
    }


def _declaration_view(row: CollectiveDeclaration | None) -> dict[str, Any] | None:
    if row is None:
        return None
    return {
        "id": row.id,
        "choice": row.choice,
        "label": CHOICE_LABELS[Choice(row.choice)],
        "declared_at": row.declared_at,
        "case_id": str(row.case_id) if row.case_id else None,
        "filed_by": "staff" if row.staff_id else "resident",
    }


def _latest_declaration(member_id: int) -> CollectiveDeclaration | None:
    return db.session().scalar(
        select(CollectiveDeclaration)
        .where(CollectiveDeclaration.member_id == member_id)
        .order_by(CollectiveDeclaration.id.desc())
        .limit(1)
    )


def standing(member: Member) -> dict[str, Any]:
    """Where the person stands: the choices, the latest answer, the membership and its history."""
    facts = person_facts(member)
    now = memberships.current(member)
    history = memberships.periods(member.id)
    names = region_names(
        {facts.origin_region_code, facts.destination_region_code} | {row.collective_region_code for row in history}
    )
    active = next((row for row in history if row.active_member_id is not None), None)
    return {
        "clause": rules.CLAUSE,
        "voluntary": rules.VOLUNTARY,
        "member": {"id": str(member.id), "name": member.name},
        "origin": {"code": facts.origin_region_code, "name": names[facts.origin_region_code]},
        "destination": {"code": facts.destination_region_code, "name": names[facts.destination_region_code]},
        "membership": {
            "collective": {"code": now["collective_region_code"], "name": names.get(now["collective_region_code"], "")},
            "side": now["side"],
            "starts_on": now["starts_on"],
        }
        if now
        else None,
        "choices": [
            {"choice": option.choice.value, "label": option.label, "open": option.open, "reason": option.reason}
            for option in rules.choices(facts)
        ],
        "declaration": _declaration_view(_latest_declaration(member.id)),
        "open_case_id": str(facts.open_case_id) if facts.open_case_id else None,
        "history": [_period_view(row, names) for row in history],
        "priority_transfer_right": _priority_right(active, now),
    }


def _priority_right(active: CollectiveMembership | None, now: dict[str, Any] | None) -> bool:
    """Policy 1.4's flag: the recorded period's, or (no history yet) a destination member's by the register."""
    if active is not None:
        return active.priority_transfer_right
    return now is not None and now["side"] == memberships.DESTINATION


def standing_for_resident(actor: ResidentActor) -> dict[str, Any]:
    return standing(bound_member(actor))


def application_form_for_resident(actor: ResidentActor) -> str:
    """The written application, filled in with the resident's data, to print and sign."""
    return _application_form(bound_member(actor))


def application_form_for_staff(actor: StaffActor, member_id: int) -> str:
    """The same paper, printed at the office for a resident without a phone (代办)."""
    return _application_form(_staff_member(actor, member_id))


def _application_form(member: Member) -> str:
    facts = person_facts(member)
    option = rules.option_for(facts, Choice.APPLY_DESTINATION)
    if not option.open:
        code = "collective_application_open" if facts.open_case_id else "collective_choice_not_open"
        raise ApiError(code, option.reason)
    return forms.application_form(
        forms.FormFacts(
            name=member.name,
            sex=member.sex,
            birth_date=member.birth_date,
            id_number_masked=member_pii.masked(member)["id_number"],
            household_number=member.household.household_number,
            origin_name=_full_name(facts.origin_region_code),
            destination_name=_full_name(facts.destination_region_code),
            today=clock.today(),
        )
    )


# --- Declaring ---------------------------------------------------------------------------


def declare_for_resident(actor: ResidentActor, data: dict[str, Any]) -> dict[str, Any]:
    return _declare(bound_member(actor), actor, data)


def declare_for_staff(actor: StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    """代办: the person signed the paper; staff serving their origin or destination file it."""
    member = _staff_member(actor, data["member_id"])
    result = _declare(member, actor, data)
    record(
        "collective.declared_for_resident",
        target_type="member",
        target_id=member.id,
        region_code=member.household.destination_region_code,
        detail={"choice": data["choice"], "case_id": result["case_id"]},
        actor=actor,
    )
    return result


def _staff_member(actor: StaffActor, member_id: int) -> Member:
    member = db.session().get(Member, member_id)
    if member is None or not (
        actor.can(Permission.COLLECTIVE_MANAGE, member.household.destination_region_code)
        or actor.can(Permission.COLLECTIVE_MANAGE, member.household.origin_region_code)
    ):
        raise ApiError("not_found", "找不到该居民")
    return member


def _declare(member: Member, actor: ResidentActor | StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    session = db.session()
    # One answer at a time per person: a second request waits here, then sees the first one's rows.
    session.execute(select(Member.id).where(Member.id == member.id).with_for_update())
    facts = person_facts(member)
    choice = Choice(data["choice"])
    option = rules.option_for(facts, choice)
    if not option.open:
        code = "collective_application_open" if facts.open_case_id else "collective_choice_not_open"
        raise ApiError(code, option.reason)
    case = None
    if choice is Choice.APPLY_DESTINATION:
        paper = attachments.own_unattached(actor, data["written_application_id"], "written_application_id")
        case = engine.submit(KIND, member, actor, data.get("comment", ""))
        attachments.link_to_case(actor, [paper.id], case.id)
        session.add(
            CollectiveApplication(
                case_id=case.id,
                member_id=member.id,
                open_member_id=member.id,
                destination_region_code=facts.destination_region_code,
                origin_region_code=facts.origin_region_code,
                written_application_id=paper.id,
            )
        )
        try:
            session.flush()
        except IntegrityError as exc:
            if "open_member_id" not in str(exc.orig):
                raise
            raise ApiError("collective_application_open", "您已有正在办理的申请，请刷新后查看") from exc
    else:
        # Keeping is recorded as it is: the period held becomes part of the history, unchanged.
        memberships.ensure_recorded(member)
    declaration = CollectiveDeclaration(
        member_id=member.id,
        choice=choice.value,
        origin_region_code=facts.origin_region_code,
        destination_region_code=facts.destination_region_code,
        case_id=case.id if case else None,
        account_id=actor.account_id if isinstance(actor, ResidentActor) else None,
        staff_id=actor.staff_id if isinstance(actor, StaffActor) else None,
        declared_at=clock.now(),
    )
    session.add(declaration)
    session.flush()
    names = region_names({facts.origin_region_code, facts.destination_region_code})
    if case is None:
        message = f"已记录：保留{names[facts.origin_region_code]}集体经济组织成员身份。成员身份不作任何变动。"
    else:
        message = (
            f"已提交取得{names[facts.destination_region_code]}集体经济组织成员身份的申请，"
            "经审查、公示和表决后确定；可在办件中查看进度。"
        )
    return {**_declaration_view(declaration), "message": message, "case": case}


def own_application(actor: ResidentActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该申请")
    return case


# --- The notice, as residents of the destination read it ----------------------------------


OBJECTION_RULE = "公示期间，本村（社区）居民对名单有异议的，可以写明理由提出；异议内容只有您本人和工作人员可见。"


def _notice_item(notice: CollectiveNotice, name: str, names: dict[str, str]) -> dict[str, Any]:
    """Public: the masked name and the notice's dates, nothing else about the applicant."""
    return {
        "id": notice.id,
        "applicant_name": mask_name(name),
        "collective": {"code": notice.collective_region_code, "name": names.get(notice.collective_region_code, "")},
        "matter": "申请取得本集体经济组织成员身份",
        "starts_on": notice.starts_on,
        "ends_on": notice.ends_on,
    }


def notices_for_resident(actor: ResidentActor) -> Listing:
    """Applicants under notice today at the resident's destination collective, newest first."""
    member = bound_member(actor)
    destination = member.household.destination_region_code
    today = clock.today()
    stmt = (
        select(CollectiveNotice)
        .join(Case, Case.id == CollectiveNotice.case_id)
        .where(
            CollectiveNotice.collective_region_code == destination,
            Case.status == ACCEPTED,
            CollectiveNotice.starts_on <= today,
            CollectiveNotice.ends_on >= today,
        )
    )
    names = region_names({destination})

    def items(notices: list[CollectiveNotice]) -> list[dict[str, Any]]:
        applicants = _applicant_names({notice.case_id for notice in notices})
        return [_notice_item(notice, applicants[notice.case_id], names) for notice in notices]

    place = {"code": destination, "name": names.get(destination, "")}
    return Listing(stmt, items, {"collective": place, "objection_rule": OBJECTION_RULE})


# --- Objections ----------------------------------------------------------------------------


def _objection_view(objection: CollectiveObjection, applicant_name: str) -> dict[str, Any]:
    return {
        "id": objection.id,
        "notice_id": str(objection.notice_id),
        "applicant_name": mask_name(applicant_name),
        "reason": objection.reason,
        "status": objection.status,
        "status_label": rules.OBJECTION_STATUS_LABELS[objection.status],
        "filed_at": objection.filed_at,
        "resolution_reason": objection.resolution_reason or None,
        "resolved_at": objection.resolved_at,
    }


def file_objection(actor: ResidentActor, notice_id: int, data: dict[str, Any]) -> dict[str, Any]:
    member = bound_member(actor)
    session = db.session()
    notice = session.get(CollectiveNotice, notice_id)
    # Only residents of the destination see the notice; to anyone else it does not exist.
    if notice is None or notice.collective_region_code != member.household.destination_region_code:
        raise ApiError("not_found", "找不到该公示")
    case = session.scalars(select(Case).where(Case.id == notice.case_id).with_for_update()).one()
    state = rules.notice_state(period_of(notice), clock.today())
    if case.status != ACCEPTED or state is not rules.NoticeState.RUNNING:
        raise ApiError(
            "collective_notice_closed",
            f"公示期为 {clock.day_text(notice.starts_on)} 至 {clock.day_text(notice.ends_on)}，只能在公示期间提出异议",
        )
    if case.applicant_member_id == member.id:
        raise ApiError("forbidden", "申请人本人不能对自己的申请提出异议")
    objection = CollectiveObjection(
        notice_id=notice.id,
        case_id=case.id,
        objector_member_id=member.id,
        objector_account_id=actor.account_id,
        reason=data["reason"].strip(),
        status=OPEN,
        filed_at=clock.now(),
    )
    session.add(objection)
    try:
        session.flush()
    except IntegrityError as exc:
        raise ApiError("collective_objection_filed", "您已对该申请提出过异议，可在“我的异议”中查看处理情况") from exc
    applicant = session.get_one(Member, case.applicant_member_id)
    return _objection_view(objection, applicant.name)


def my_objections(actor: ResidentActor) -> Listing:
    member = bound_member(actor)
    stmt = select(CollectiveObjection).where(CollectiveObjection.objector_member_id == member.id)
    return Listing(stmt, _objection_items)


def _objection_items(rows: list[CollectiveObjection]) -> list[dict[str, Any]]:
    applicants = _applicant_names({row.case_id for row in rows})
    return [_objection_view(row, applicants[row.case_id]) for row in rows]


def _applicant_names(case_ids: set[int]) -> dict[int, str]:
    rows = db.session().execute(
        select(Case.id, Member.name).join(Member, Member.id == Case.applicant_member_id).where(Case.id.in_(case_ids))
    )
    return dict(rows.tuples().all())


# --- Staff: checking, publishing, resolving, recording the vote ----------------------------


def staff_case(actor: StaffActor, case_id: int, *, for_update: bool = False) -> Case:
    case = queries.get_case(actor, case_id, for_update=for_update)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该申请")
    return case


def _open_objections(case_id: int) -> int:
    return db.session().scalar(
        select(func.count())
        .select_from(CollectiveObjection)
        .where(CollectiveObjection.case_id == case_id, CollectiveObjection.status == OPEN)
    )


def staff_extras(case: Case) -> dict[str, Any]:
    """The procedure as staff see it: every objection (with its objector), what still blocks the vote."""
    session = db.session()
    rows = session.execute(
        select(CollectiveObjection, Member.name)
        .join(Member, Member.id == CollectiveObjection.objector_member_id)
        .where(CollectiveObjection.case_id == case.id)
        .order_by(CollectiveObjection.id)
    ).all()
    blocker = None
    if case.status == ACCEPTED:
        found = rules.vote_blocker(period_of(notice_of(case.id)), _open_objections(case.id), clock.today())
        blocker = {"code": found.code, "detail": found.detail} if found else None
    return {
        "objections": [
            {
                "id": objection.id,
                "objector_name": name,
                "reason": objection.reason,
                "status": objection.status,
                "status_label": rules.OBJECTION_STATUS_LABELS[objection.status],
                "filed_at": objection.filed_at,
                "resolution_reason": objection.resolution_reason or None,
                "resolved_at": objection.resolved_at,
            }
            for objection, name in rows
        ],
        "vote_blocker": blocker,
    }


def publish_notice(actor: StaffActor, case_id: int, expected_version: int, data: dict[str, Any]) -> Case:
    case = staff_case(actor, case_id, for_update=True)
    today = clock.today()
    starts_on = data.get("starts_on") or today
    period = Period(starts_on, data["ends_on"]) if data.get("ends_on") else rules.default_notice(starts_on)
    photo_id = data.get("posted_photo_id")

    def write_notice() -> dict[str, Any]:
        if notice_of(case.id) is not None:
            raise ApiError("collective_notice_published", "该申请已经公示，不能重复公示")
        submitted_on = case.submitted_at.astimezone(clock.CHINA).date()
        problems = rules.notice_problems(period, today, submitted_on, posted_on_paper=photo_id is not None)
        if problems:
            raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
        if photo_id is not None:
            photo = attachments.own_unattached(actor, photo_id, "posted_photo_id", image=True)
            attachments.link_to_case(actor, [photo.id], case.id)
        app = db.session().get_one(CollectiveApplication, case.id)
        db.session().add(
            CollectiveNotice(
                case_id=case.id,
                collective_region_code=app.destination_region_code,
                starts_on=period.starts_on,
                ends_on=period.ends_on,
                published_by_staff_id=actor.staff_id,
                published_at=clock.now(),
                posted_photo_id=photo_id,
            )
        )
        # The real start, as posted: it may be earlier than the day it is recorded.
        return {
            "starts_on": period.starts_on.isoformat(),
            "ends_on": period.ends_on.isoformat(),
            "recorded_on": today.isoformat(),
            "posted_photo_id": photo_id,
        }

    told = (
        f"您的申请已在本村（社区）公示，公示期 {rules.day_text(period.starts_on)} 至 "
        f"{rules.day_text(period.ends_on)}。公示期满且无异议后提交表决。"
    )
    return engine.act(
        case, "publish_notice", actor, expected_version, engine.ActionInput(comment=told), writes=write_notice
    )


def resolve_objection(actor: StaffActor, objection_id: int, expected_version: int, data: dict[str, Any]) -> Case:
    session = db.session()
    objection = session.get(CollectiveObjection, objection_id)
    if objection is None:
        raise ApiError("not_found", "找不到该异议")
    # Scope through the case: an objection on an application outside the actor's area is 404.
    case = staff_case(actor, objection.case_id, for_update=True)
    outcome = Outcome(data["outcome"])
    reason = data["reason"].strip()

    def write_resolution() -> dict[str, Any]:
        session.refresh(objection, with_for_update=True)
        if objection.status != OPEN:
            raise ApiError("collective_objection_resolved", "该异议已经处理，不能重复处理")
        objection.status = outcome.value
        objection.resolution_reason = reason
        objection.resolved_by_staff_id = actor.staff_id
        objection.resolved_at = clock.now()
        if outcome is Outcome.DISMISSED:
            text = f"您对入社申请公示提出的异议经核实不成立。理由：{reason}"
            tell_objector(objection, "您提出的异议：经核实不成立", text)
        else:
            text = f"您对入社申请公示提出的异议经核实成立，该申请不予批准。说明：{reason}"
            tell_objector(objection, "您提出的异议：经核实成立", text)
        return {"objection_id": objection.id, "outcome": outcome.value}

    finding = engine.ActionInput(comment=f"{rules.OBJECTION_STATUS_LABELS[outcome.value]}：{reason}")
    engine.act(case, "resolve_objection", actor, expected_version, finding, writes=write_resolution)
    if outcome is Outcome.UPHELD:
        # The applicant learns the finding in staff's words, never the objector's text or name.
        reject = engine.ActionInput(reason=f"公示期间的异议经核实成立：{reason}")
        engine.act(case, "reject", actor, case.version, reject)
    return case


def record_vote(actor: StaffActor, case_id: int, expected_version: int, data: dict[str, Any]) -> Case:
    session = db.session()
    case = staff_case(actor, case_id, for_update=True)
    facts = rules.VoteFacts(
        rules.Body(data["body"]),
        data["total_members"],
        data["present"],
        data["votes_for"],
        data["votes_against"],
        data["meeting_date"],
    )
    passed = rules.vote_passes(facts.votes_for, facts.total_members)

    def write_vote() -> dict[str, Any]:
        if vote_of(case.id) is not None:
            raise ApiError("transition_not_allowed", "该申请已录入表决结果")
        today = clock.today()
        notice = notice_of(case.id)
        blocker = rules.vote_blocker(period_of(notice), _open_objections(case.id), today)
        if blocker:
            raise ApiError(blocker.code, blocker.detail)
        last_resolution = session.scalar(
            select(func.max(CollectiveObjection.resolved_at)).where(CollectiveObjection.case_id == case.id)
        )
        last_resolution_on = last_resolution.astimezone(clock.CHINA).date() if last_resolution else None
        problems = rules.vote_problems(facts, notice.ends_on, last_resolution_on, today)
        if problems:
            raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
        minutes = attachments.own_unattached(actor, data["minutes_attachment_id"], "minutes_attachment_id")
        session.add(
            CollectiveVote(
                case_id=case.id,
                body=facts.body.value,
                total_members=facts.total_members,
                present=facts.present,
                votes_for=facts.votes_for,
                votes_against=facts.votes_against,
                meeting_date=facts.meeting_date,
                minutes_attachment_id=minutes.id,
                passed=passed,
                recorded_by_staff_id=actor.staff_id,
                recorded_at=clock.now(),
            )
        )
        attachments.link_to_case(actor, [minutes.id], case.id)
        return {"body": facts.body.value, "total": facts.total_members, "for": facts.votes_for, "passed": passed}

    summary = rules.vote_outcome_text(facts)
    engine.act(case, "record_vote", actor, expected_version, engine.ActionInput(comment=summary), writes=write_vote)
    if passed:
        engine.act(case, "approve", actor, case.version, engine.ActionInput(comment=summary))
        engine.act(case, "complete", actor, case.version, engine.ActionInput(comment="成员身份自表决之日起取得"))
    else:
        engine.act(case, "reject", actor, case.version, engine.ActionInput(reason=summary))
    return case


# --- Staff: histories and the priority register (policy 1.4) -------------------------------


def member_history(actor: StaffActor, member_id: int) -> dict[str, Any]:
    member = _staff_member(actor, member_id)
    result = standing(member)
    result["member"]["id_number_masked"] = member_pii.masked(member)["id_number"]
    result["declarations"] = [
        _declaration_view(row)
        for row in db.session().scalars(
            select(CollectiveDeclaration)
            .where(CollectiveDeclaration.member_id == member.id)
            .order_by(CollectiveDeclaration.id)
        )
    ]
    return result


def priority_holders(actor: StaffActor, args: dict[str, Any]) -> Listing:
    """Relocated destination members who may take over, before others on equal terms, contract
    rights that members moving to town give up (policy 1.4), in the actor's area."""
    filters = [
        CollectiveMembership.active_member_id.is_not(None),
        CollectiveMembership.priority_transfer_right.is_(True),
        in_scope(actor, Permission.COLLECTIVE_MANAGE, CollectiveMembership.collective_region_code),
    ]
    if args.get("collective"):
        filters.append(within(CollectiveMembership.collective_region_code, [args["collective"]]))
    return Listing(select(CollectiveMembership).where(and_(*filters)), _priority_holder_items)


def _priority_holder_items(rows: list[CollectiveMembership]) -> list[dict[str, Any]]:
    members = {
        m.id: m for m in db.session().scalars(select(Member).where(Member.id.in_([row.member_id for row in rows])))
    }
    households = {
        h.id: h
        for h in db.session().scalars(
            select(Household).where(Household.id.in_([m.household_id for m in members.values()]))
        )
    }
    names = region_names({row.collective_region_code for row in rows})
    return [
        {
            "membership_id": row.id,
            "member_id": str(row.member_id),
            "name": members[row.member_id].name,
            "id_number_masked": member_pii.masked(members[row.member_id])["id_number"],
            "household_number": households[members[row.member_id].household_id].household_number,
            "collective": {"code": row.collective_region_code, "name": names.get(row.collective_region_code, "")},
            "member_since": row.starts_on,
            "source": row.source,
        }
        for row in rows
    ]
