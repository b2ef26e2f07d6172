"""Resident self-governance endpoints (policy 2.3). A matter's decisions also go through the
shared case endpoints (`/api/v1/staff/cases?kind=council_matter`, `…/actions/{action}` with
If-Match)."""

from __future__ import annotations

from flask import g
from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.councils import bodies, conventions, matters, mediation, meetings
from service.councils.models import Convention, Council, CouncilMatter, CouncilMeeting
from service.councils.schemas_bodies import (
    Acknowledgement,
    CommunityCouncils,
    ConventionCreate,
    ConventionList,
    ConventionStaffRead,
    CouncilCreate,
    CouncilDetail,
    CouncilList,
    CouncilQueryArgs,
    CouncilUpdate,
    MyConvention,
    ResidentCouncilList,
    SeatCreate,
    SeatEnd,
)
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
from service.councils.schemas_meetings import (
    MediationCreate,
    MediationRead,
    MeetingCreate,
    MeetingList,
    MeetingQueryArgs,
    MeetingRead,
    MeetingRecord,
    OutcomeCreate,
    ResidentMeetingList,
    ResidentMeetingRead,
    SessionCreate,
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


# --- Councils, seats and conventions (bodies) ----------------------------------------------


_MANAGE = Permission.COUNCILS_MANAGE


@blp.route("/staff/councils")
class Councils(MethodView):
    @blp.doc(operationId="listCouncils")
    @blp.staff(_MANAGE)
    @blp.arguments(CouncilQueryArgs, location="query")
    @blp.response(200, CouncilList)
    @blp.keyset(Council.id)
    def get(self, args):
        """议事组织列表 Councils in your area, newest first, with their members counted"""
        return bodies.list_councils(current_actor(), args)

    @blp.doc(operationId="createCouncil", **links_to_reads("council_id", "getCouncil"))
    @blp.staff(_MANAGE)
    @blp.idempotent
    @blp.arguments(CouncilCreate)
    @blp.response(201, CouncilDetail)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data):
        """建立议事组织 Set up a council of a village or community in your area (policy 2.3)

        The four councils (四会), a consultation platform (居民议事厅、恳谈室) or a courtyard
        committee (院落自治委员会, which names its resettlement site in the same community).
        Audited. The ETag is the version to send as If-Match when changing it.
        """
        return bodies.etagged(bodies.create_council(current_actor(), data), 201)


@blp.route("/staff/councils/<int:council_id>")
class CouncilView(MethodView):
    @blp.doc(operationId="getCouncil")
    @blp.staff(_MANAGE)
    @blp.response(200, CouncilDetail)
    def get(self, council_id):
        """议事组织详情 A council with its seats; `flags` says when it has no relocated members"""
        return bodies.etagged(bodies.council_detail(current_actor(), council_id))

    @blp.doc(operationId="updateCouncil")
    @blp.staff(_MANAGE)
    @blp.if_match
    @blp.arguments(CouncilUpdate)
    @blp.response(200, CouncilDetail)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def patch(self, data, council_id):
        """修改议事组织 Change a council's name, term, threshold or secretary, or deactivate it; audited"""
        return bodies.etagged(bodies.update_council(current_actor(), council_id, g.expected_version, data))


@blp.route("/staff/councils/<int:council_id>/seats")
class CouncilSeats(MethodView):
    @blp.doc(operationId="addCouncilSeat")
    @blp.staff(_MANAGE)
    @blp.idempotent
    @blp.arguments(SeatCreate)
    @blp.response(201, CouncilDetail)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data, council_id):
        """增补成员 Seat a resident of the community (or a named outsider) on the council; audited

        One sitting chair and one sitting secretary at a time; a resident holds one seat at once.
        """
        return bodies.etagged(bodies.add_seat(current_actor(), council_id, data), 201)


@blp.route("/staff/council-seats/<int:seat_id>/end")
class CouncilSeatEnd(MethodView):
    @blp.doc(operationId="endCouncilSeat")
    @blp.staff(_MANAGE)
    @blp.arguments(SeatEnd)
    @blp.response(200, CouncilDetail)
    @blp.alt_response(409, response="CONFLICT", description="`conflict`: the seat has already ended")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data, seat_id):
        """成员离任 End a seat (the history is kept); answers the council; audited"""
        return bodies.etagged(bodies.end_seat(current_actor(), seat_id, data))


@blp.route("/staff/communities/<string:region_code>/councils")
class CommunityCouncilsView(MethodView):
    @blp.doc(operationId="getCommunityCouncils")
    @blp.staff(_MANAGE)
    @blp.response(200, CommunityCouncils)
    def get(self, region_code):
        """社区议事组织概况 A community's councils, the four councils it lacks, and its
        resettlement sites without a courtyard committee (policy 2.3)"""
        return bodies.community_view(current_actor(), region_code)


@blp.route("/staff/communities/<string:region_code>/conventions")
class CommunityConventions(MethodView):
    @blp.doc(operationId="listConventions")
    @blp.staff(_MANAGE)
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, ConventionList)
    @blp.keyset(Convention.id)
    def get(self, args, region_code):
        """村规民约（居民公约）各版本 Versions newest first, with how many residents acknowledged each,
        and for the version in force how many of the community's residents have"""
        return conventions.list_conventions(current_actor(), region_code)

    @blp.doc(operationId="createConvention")
    @blp.staff(_MANAGE)
    @blp.idempotent
    @blp.arguments(ConventionCreate)
    @blp.response(201, ConventionStaffRead)
    @blp.alt_response(409, response="CONFLICT", description="`convention_version_taken`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data, region_code):
        """登记新版公约 Record a newly adopted version (numbered 1, 2, 3… per community); audited

        It is in force for residents from `adopted_on`. `adopted_meeting_id`, if given, must be
        a held meeting of a council of this community.
        """
        return conventions.create_convention(current_actor(), region_code, data), 201


@blp.route("/me/councils")
class MyCouncils(MethodView):
    @blp.doc(operationId="listMyCouncils")
    @blp.resident
    @blp.response(200, ResidentCouncilList)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    def get(self):
        """本社区的议事组织 The councils of your community, to raise a matter to"""
        return bodies.my_councils(current_actor())


@blp.route("/me/convention")
class MyConventionView(MethodView):
    @blp.doc(operationId="getMyConvention")
    @blp.resident
    @blp.response(200, MyConvention)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    @blp.alt_response(404, response="NOT_FOUND", description="`no_convention_in_force`")
    def get(self):
        """本社区的村规民约（居民公约） The version in force, and whether you have acknowledged it"""
        return conventions.my_convention(current_actor())


@blp.route("/conventions/<int:convention_id>/acknowledgement")
class ConventionAcknowledgementView(MethodView):
    @blp.doc(operationId="acknowledgeConvention")
    @blp.resident
    @blp.idempotent
    @blp.response(201, Acknowledgement)
    @blp.alt_response(200, schema=Acknowledgement, description="Already acknowledged: the same row")
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    def post(self, convention_id):
        """我已阅读 Acknowledge having read a version of your community's convention

        Once per version: asking again answers the same acknowledgement with 200.
        """
        return conventions.acknowledge(current_actor(), convention_id)


# --- Meetings and mediation (meetings.py, mediation.py) ---------------------------------------------


@blp.route("/staff/councils/<int:council_id>/meetings")
class CouncilMeetings(MethodView):
    @blp.doc(operationId="callCouncilMeeting")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.idempotent
    @blp.arguments(MeetingCreate)
    @blp.response(201, MeetingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, council_id):
        """召集会议 Call a meeting of a council: every matter waiting for a meeting goes on its agenda; audited"""
        return meetings.call(current_actor(), council_id, data), 201


@blp.route("/staff/council-meetings")
class StaffCouncilMeetings(MethodView):
    @blp.doc(operationId="listCouncilMeetings")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.arguments(MeetingQueryArgs, location="query")
    @blp.response(200, MeetingList)
    @blp.keyset(CouncilMeeting.id)
    def get(self, args):
        """会议列表 Meetings of the councils in the caller's region, newest first"""
        return meetings.list_for_staff(current_actor(), args)


@blp.route("/staff/council-meetings/<int:meeting_id>")
class StaffCouncilMeeting(MethodView):
    @blp.doc(operationId="getCouncilMeeting")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.response(200, MeetingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, meeting_id):
        """会议 A meeting: agenda in order (private matters' titles too), attendance, minutes, decisions"""
        return meetings.read_for_staff(current_actor(), meeting_id)


@blp.route("/staff/council-meetings/<int:meeting_id>/cancel")
class CancelCouncilMeeting(MethodView):
    @blp.doc(operationId="cancelCouncilMeeting")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.idempotent
    @blp.response(200, MeetingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`meeting_closed`")
    def post(self, meeting_id):
        """取消会议 Cancel a meeting not yet held: its undecided matters wait for the next meeting; audited"""
        return meetings.cancel(current_actor(), meeting_id)


@blp.route("/staff/council-meetings/<int:meeting_id>/record")
class RecordCouncilMeeting(MethodView):
    @blp.doc(operationId="recordCouncilMeeting")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.idempotent
    @blp.arguments(MeetingRecord)
    @blp.response(200, MeetingRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`not_your_turn`: a matter another office acts on")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        409, response="CONFLICT", description="`meeting_closed`, `meeting_not_started` or `agenda_matter_closed`"
    )
    def post(self, data, meeting_id):
        """记录会议 Record a meeting as held: attendance, minutes, and a decision on every matter

        Every matter still on the agenda gets a decision: `answered` (the text is the answer the
        raiser and, for a public matter, every supporter receive), `referred` (to a department
        of the same region) or `deferred` (to the next meeting). All or nothing; audited.
        """
        return meetings.record_held(current_actor(), meeting_id, data)


@blp.route("/me/council-meetings")
class MyCouncilMeetings(MethodView):
    @blp.doc(operationId="listMyCouncilMeetings")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, ResidentMeetingList)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    @blp.keyset(CouncilMeeting.id)
    def get(self, args):
        """本社区的议事会议 Meetings of my community's councils and what they decided on public matters"""
        return meetings.list_for_resident(current_actor())


@blp.route("/me/council-meetings/<int:meeting_id>")
class MyCouncilMeeting(MethodView):
    @blp.doc(operationId="getMyCouncilMeeting")
    @blp.resident
    @blp.response(200, ResidentMeetingRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, meeting_id):
        """议事会议 One meeting of my community: minutes, attendance in numbers, public outcomes"""
        return meetings.read_for_resident(current_actor(), meeting_id)


@blp.route("/staff/council-matters/<int:case_id>/mediation")
class MatterMediation(MethodView):
    @blp.doc(operationId="getMatterMediation")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.response(200, MediationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """调解记录 The 恳谈室's record of a dispute: parties, sessions with notes, outcome"""
        return mediation.read_for_staff(current_actor(), case_id)

    @blp.doc(operationId="openMatterMediation")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.idempotent
    @blp.arguments(MediationCreate)
    @blp.response(201, MediationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`mediation_not_allowed` or `mediation_exists`")
    def post(self, data, case_id):
        """开始调解 Open mediation of an open dispute matter; residents named as parties are told; audited"""
        return mediation.open_mediation(current_actor(), case_id, data), 201


@blp.route("/staff/council-matters/<int:case_id>/mediation/sessions")
class MediationSessions(MethodView):
    @blp.doc(operationId="addMediationSession")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.idempotent
    @blp.arguments(SessionCreate)
    @blp.response(201, MediationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`mediation_not_opened` or `mediation_closed`")
    def post(self, data, case_id):
        """登记调解 Record a mediation session: date, place, mediators, notes; audited"""
        return mediation.add_session(current_actor(), case_id, data), 201


@blp.route("/staff/council-matters/<int:case_id>/mediation/outcome")
class MediationOutcomeRecord(MethodView):
    @blp.doc(operationId="recordMediationOutcome")
    @blp.staff(Permission.COUNCILS_MANAGE)
    @blp.idempotent
    @blp.arguments(OutcomeCreate)
    @blp.response(200, MediationRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`mediation_not_opened` or `mediation_closed`")
    def post(self, data, case_id):
        """调解结果 Agreement (then answer the matter, quoting it) or no agreement and where it went

        Both parties who are residents are told; the raiser also through the matter. Audited.
        """
        return mediation.record_outcome(current_actor(), case_id, data)
