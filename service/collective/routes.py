"""Collective-membership endpoints (policy 1.3). Accepting or refusing the application goes
through the shared case endpoints (`/api/v1/staff/cases?kind=collective_membership`,
`…/actions/{action}` with If-Match); the notice, objections and the vote through the staff
endpoints here; withdrawing through `/api/v1/me/cases/{id}/actions/withdraw`."""

from __future__ import annotations

from typing import Any

from flask import Response, g
from flask.views import MethodView

from service.api import Blueprint
from service.cases import present
from service.cases.models import Case
from service.collective import forms, service
from service.collective.models import CollectiveMembership, CollectiveNotice, CollectiveObjection
from service.collective.schemas import (
    CollectiveApplicationRead,
    DeclarationCreate,
    DeclarationResult,
    MemberHistoryRead,
    NoticeCreate,
    NoticeList,
    ObjectionCreate,
    ObjectionList,
    ObjectionRead,
    ObjectionResolve,
    PriorityHolderList,
    PriorityQueryArgs,
    StaffApplicationRead,
    StaffDeclarationCreate,
    StandingRead,
    VoteCreate,
)
from service.http import KeysetArgs
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "collective",
    __name__,
    url_prefix="/api/v1",
    description="集体经济组织成员身份 Collective-economic membership (policy 1.3)",
)

_FORM_DOC = {
    "200": {
        "description": "可打印的书面申请书 (HTML, self-contained)",
        "content": {"text/html": {"schema": {"type": "string"}}},
    }
}


def _staff_view(case: Case) -> tuple[dict, int, dict[str, str]]:
    return present.case_response(case, **service.staff_extras(case))


def _printable(page: str) -> Response:
    return Response(
        page,
        mimetype="text/html",
        headers={
            "Content-Security-Policy": forms.CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )


def _declared(result: dict[str, Any]) -> tuple[dict, int]:
    case = result.pop("case")
    result["case"] = present.detail(case, current_actor()) if case is not None else None
    return result, 201


@blp.route("/collective-membership")
class Standing(MethodView):
    @blp.doc(operationId="getMyCollectiveMembership")
    @blp.resident
    @blp.response(200, StandingRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    def get(self):
        """我的集体经济组织成员身份 Membership now, the two choices of policy 1.3, the latest answer and the history

        Relocated across collectives, a resident chooses voluntarily: apply for membership at
        the destination, or keep the origin membership. Each choice says whether it is open
        and, if not, why. Reading this changes nothing.
        """
        return service.standing_for_resident(current_actor())


@blp.route("/collective-membership/application-form")
class ApplicationForm(MethodView):
    @blp.doc(operationId="getMyCollectiveApplicationForm")
    @blp.resident
    @blp.doc(responses=_FORM_DOC)
    @blp.alt_response(409, response="CONFLICT", description="`collective_application_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`collective_choice_not_open`")
    def get(self):
        """打印书面申请书 The written application, filled in with your data, as a page to print and sign

        `text/html`, self-contained (no scripts, fonts or images from elsewhere; A4 print
        styles). Sign or press a fingerprint on the printed paper, photograph or scan it, upload
        it (POST /attachments) and send its id as `written_application_id`.
        """
        return _printable(service.application_form_for_resident(current_actor()))


@blp.route("/collective-membership/declarations")
class Declarations(MethodView):
    @blp.doc(operationId="declareCollectiveMembership")
    @blp.resident
    @blp.idempotent
    @blp.arguments(DeclarationCreate)
    @blp.response(201, DeclarationResult)
    @blp.alt_response(409, response="CONFLICT", description="`collective_application_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`collective_choice_not_open` or fields")
    def post(self, data):
        """选择：申请或保留 Declare: apply at the destination, or keep the origin membership (policy 1.3)

        `keep_origin` is recorded as a final answer and changes no membership.
        `apply_destination` needs `written_application_id` (书面申请, the signed paper's upload)
        and opens an application case, which the destination's village committee checks,
        publishes (公示) and puts to the collective's vote. A closed choice is 422
        `collective_choice_not_open` with the reason; an application already open is 409
        `collective_application_open`.
        """
        return _declared(service.declare_for_resident(current_actor(), data))


@blp.route("/collective-membership/applications/<int:case_id>")
class Application(MethodView):
    @blp.doc(operationId="getMyCollectiveApplication")
    @blp.resident
    @blp.response(200, CollectiveApplicationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """入社申请办件 One own application: status, timeline, notice and vote"""
        return present.case_response(service.own_application(current_actor(), case_id))


@blp.route("/collective-membership/notices")
class Notices(MethodView):
    @blp.doc(operationId="listCollectiveNotices")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, NoticeList)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    @blp.keyset(CollectiveNotice.id)
    def get(self, args):
        """公示名单 Applicants under notice in your resettlement village or community, newest first

        Names are masked (张**) and nothing else about an applicant is shown. During a notice
        any resident of the place may object with a reason.
        """
        return service.notices_for_resident(current_actor())


@blp.route("/collective-membership/notices/<int:notice_id>/objections")
class NoticeObjections(MethodView):
    @blp.doc(operationId="objectToCollectiveNotice")
    @blp.resident
    @blp.idempotent
    @blp.arguments(ObjectionCreate)
    @blp.response(201, ObjectionRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`collective_notice_closed`, `collective_objection_filed`")
    def post(self, data, notice_id):
        """提出异议 Object to an applicant under notice, with your reason

        Only while the notice runs (409 `collective_notice_closed`), once per notice (409
        `collective_objection_filed`), not by the applicant. Only you and the staff handling
        the application see the objection; you are told how it was resolved.
        """
        return service.file_objection(current_actor(), notice_id, data), 201


@blp.route("/collective-membership/objections")
class MyObjections(MethodView):
    @blp.doc(operationId="listMyCollectiveObjections")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, ObjectionList)
    @blp.keyset(CollectiveObjection.id)
    def get(self, args):
        """我的异议 Your objections and how each was resolved, newest first"""
        return service.my_objections(current_actor())


@blp.route("/staff/collective-membership/declarations")
class StaffDeclarations(MethodView):
    @blp.doc(operationId="declareCollectiveMembershipForMember")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.idempotent
    @blp.arguments(StaffDeclarationCreate)
    @blp.response(201, DeclarationResult)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`collective_application_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`collective_choice_not_open` or fields")
    def post(self, data):
        """代为登记选择 Record a resident's answer for them (代办), e.g. given in person

        The written application is still the person's own signed paper: upload it yourself
        (POST /staff/attachments) and send its id. Same rules as the resident's own request;
        audited.
        """
        return _declared(service.declare_for_staff(current_actor(), data))


@blp.route("/staff/collective-membership/applications/<int:case_id>")
class StaffApplication(MethodView):
    @blp.doc(operationId="getCollectiveApplication")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.response(200, StaffApplicationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """入社申请（工作人员） The application with its objections and what still blocks the vote

        The ETag is the version to send as If-Match with the notice, objection and vote steps.
        """
        return _staff_view(service.staff_case(current_actor(), case_id))


@blp.route("/staff/collective-membership/applications/<int:case_id>/notice")
class StaffNotice(MethodView):
    @blp.doc(operationId="publishCollectiveNotice")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.if_match
    @blp.arguments(NoticeCreate)
    @blp.response(200, StaffApplicationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`collective_notice_published`, `transition_not_allowed`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors on the dates or the photo")
    def post(self, data, case_id):
        """公示 Publish the applicant in the notice list of the destination (policy 1.3)

        For an accepted application. Default: from today for 7 days (both ends included);
        `starts_on`/`ends_on` set other dates. A notice already posted on the village board is
        recorded with the day it really went up — at most 30 days back, not before the
        application was submitted, not in the future — and `posted_photo_id`, a photo of the
        posted notice; its period counts from that day, so it may already be over and the vote
        may follow at once. The applicant is told; the audit row keeps the real start.
        """
        return _staff_view(service.publish_notice(current_actor(), case_id, g.expected_version, data))


@blp.route("/staff/collective-membership/objections/<int:objection_id>/resolve")
class StaffObjectionResolve(MethodView):
    @blp.doc(operationId="resolveCollectiveObjection")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.if_match
    @blp.arguments(ObjectionResolve)
    @blp.response(200, StaffApplicationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`collective_objection_resolved`")
    def post(self, data, objection_id):
        """处理异议 Resolve an objection: upheld rejects the application, dismissed tells the objector why

        If-Match is the application's version. `upheld`: the application is rejected with
        your written finding as its reason (the objector's name and words stay with staff);
        `dismissed`: your reason is sent to the objector. Either way the objector is told.
        """
        return _staff_view(service.resolve_objection(current_actor(), objection_id, g.expected_version, data))


@blp.route("/staff/collective-membership/applications/<int:case_id>/vote")
class StaffVote(MethodView):
    @blp.doc(operationId="recordCollectiveVote")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.if_match
    @blp.arguments(VoteCreate)
    @blp.response(200, StaffApplicationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        409,
        response="CONFLICT",
        description="`collective_notice_required`, `collective_notice_running`, `collective_objection_open`",
    )
    def post(self, data, case_id):
        """录入表决结果 Record the collective's vote; it passes when for × 3 ≥ total × 2

        Two thirds of the whole body (成员大会全体成员 / 村民会议全体成员 / 全体村民代表), not of
        those present; 以上 includes the number: 20 of 30 passes, 19 fails. Only after the notice
        has ended with every objection resolved, for a meeting held after the notice and the
        last resolution. Passing approves the application: destination membership starts on
        the meeting date and the origin membership ends that day. Failing rejects it.
        """
        return _staff_view(service.record_vote(current_actor(), case_id, g.expected_version, data))


@blp.route("/staff/members/<int:member_id>/collective-membership")
class StaffMemberHistory(MethodView):
    @blp.doc(operationId="getMemberCollectiveMembership")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.response(200, MemberHistoryRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, member_id):
        """成员身份记录 A resident's membership now, every period held and every answer given"""
        return service.member_history(current_actor(), member_id)


@blp.route("/staff/members/<int:member_id>/collective-application-form")
class StaffApplicationForm(MethodView):
    @blp.doc(operationId="getMemberCollectiveApplicationForm")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.doc(responses=_FORM_DOC)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`collective_application_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`collective_choice_not_open`")
    def get(self, member_id):
        """打印书面申请书（代办） The written application of a resident in your area, to print for them to sign"""
        return _printable(service.application_form_for_staff(current_actor(), member_id))


@blp.route("/staff/collective-membership/priority-right-holders")
class StaffPriorityHolders(MethodView):
    @blp.doc(operationId="listPriorityRightHolders")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.arguments(PriorityQueryArgs, location="query")
    @blp.response(200, PriorityHolderList)
    @blp.keyset(CollectiveMembership.id)
    def get(self, args):
        """优先受让权登记 Relocated destination members holding the priority right of policy 1.4

        同等条件下，已成为迁入地集体经济组织成员的搬迁群众，可优先受让本集体经济组织进城落户
        农民自愿有偿转让的土地承包经营权: who to ask first when a member moving to town gives up
        contract rights, in your area (optionally one collective, township or county).
        """
        return service.priority_holders(current_actor(), args)
