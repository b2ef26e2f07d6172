"""Resident self-governance endpoints (policy 2.3). A matter's decisions also go through the
shared case endpoints (`/api/v1/staff/cases?kind=council_matter`, `…/actions/{action}` with
If-Match)."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.councils import matters
from service.councils.models import CouncilMatter
from service.councils.schemas_matters import (
    MatterCaseRead,
    MatterCreate,
    MatterList,
    MatterQueryArgs,
    MatterRead,
    ModerationBody,
    RatingBody,
    StaffMatterItem,
    StaffMatterList,
    StaffMatterQueryArgs,
)
from service.http import KeysetArgs
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "councils",
    __name__,
    url_prefix="/api/v1",
    description="居民自治 Councils, conventions, matters and meetings (policy 2.3)",
)


# --- Matters -------------------------------------------------------------------------------------


@blp.route("/council-matters")
class Matters(MethodView):
    @blp.doc(operationId="raiseCouncilMatter", **links_to_reads("case_id", "getMyCase", "getCouncilMatter"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(MatterCreate)
    @blp.response(201, MatterCaseRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    @blp.alt_response(404, response="NOT_FOUND", description="不是本社区（村）的议事组织")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`content_risky` or field errors")
    def post(self, data):
        """向议事组织反映议题 Raise a matter with a council of one's own community (policy 2.3)

        A public matter is checked with WeChat's content security first: a risky text is 422
        `content_risky` and nothing is kept; a text WeChat wants reviewed (or could not check)
        is kept and shown to the community once staff approve it. A neighbour dispute is never
        public and must name the other party. The answer is the case view with its ETag.
        """
        return present.case_response(matters.raise_matter(current_actor(), data), 201)

    @blp.doc(operationId="listCommunityMatters")
    @blp.resident
    @blp.arguments(MatterQueryArgs, location="query")
    @blp.response(200, MatterList)
    @blp.keyset(CouncilMatter.case_id)
    def get(self, args):
        """本社区的公开议题 Public matters of one's community, newest or most supported first"""
        return matters.community_listing(current_actor(), args)


@blp.route("/council-matters/<int:case_id>")
class Matter(MethodView):
    @blp.doc(operationId="getCouncilMatter")
    @blp.resident
    @blp.response(200, MatterRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """议题 A public matter of one's community, or one's own"""
        return matters.public_matter(current_actor(), case_id)


@blp.route("/council-matters/<int:case_id>/supports")
class MatterSupports(MethodView):
    @blp.doc(operationId="supportCouncilMatter")
    @blp.resident
    @blp.idempotent
    @blp.response(200, MatterRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`support_not_allowed`: 自己的议题或已办结")
    def post(self, case_id):
        """附议 Support a public matter of one's community; a second support counts once

        Enough supports (the council's number, 10 unless it set its own) put the matter on
        the council's next agenda by themselves.
        """
        return matters.support(current_actor(), case_id)


@blp.route("/council-matters/<int:case_id>/rating")
class MatterRating(MethodView):
    @blp.doc(operationId="rateCouncilMatterAnswer")
    @blp.resident
    @blp.idempotent
    @blp.arguments(RatingBody)
    @blp.response(200, MatterCaseRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        409, response="CONFLICT", description="`transition_not_allowed`: 还没有答复，或不能再申请重新办理"
    )
    def post(self, data, case_id):
        """评价答复 Rate the answer to one's own matter

        Satisfied closes it. Not satisfied (with a reason) sends it back to the council once;
        not satisfied again takes it to the township's civil-affairs office, whose answer is
        the last.
        """
        return present.case_response(matters.rate(current_actor(), case_id, data))


@blp.route("/me/council-matters")
class MyMatters(MethodView):
    @blp.doc(operationId="listMyCouncilMatters")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, MatterList)
    @blp.keyset(CouncilMatter.case_id)
    def get(self, args):
        """我的议题 The matters one raised, newest first"""
        return matters.own_listing(current_actor())


@blp.route("/staff/council-matters")
class StaffMatters(MethodView):
    @blp.doc(operationId="listCouncilMatters")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.arguments(StaffMatterQueryArgs, location="query")
    @blp.response(200, StaffMatterList)
    @blp.keyset(CouncilMatter.case_id)
    def get(self, args):
        """议题 Matters of the councils in your area, by council, status, category, moderation or overdue"""
        return matters.staff_listing(current_actor(), args)


@blp.route("/staff/council-matters/<int:case_id>/moderation")
class MatterModeration(MethodView):
    @blp.doc(operationId="moderateCouncilMatter")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.arguments(ModerationBody)
    @blp.response(200, StaffMatterItem)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`moderation_not_needed`")
    def post(self, data, case_id):
        """审核公开内容 Show a public matter WeChat asked to review, or hide one from the community"""
        return matters.moderate(current_actor(), case_id, data)
