"""Resident self-governance endpoints (policy 2.3). A matter's decisions also go through the
shared case endpoints (`/api/v1/staff/cases?kind=council_matter`, `…/actions/{action}` with
If-Match)."""

from __future__ import annotations

from service.api import Blueprint

blp = Blueprint(
    "councils",
    __name__,
    url_prefix="/api/v1",
    description="居民自治 Councils, conventions, matters and meetings (policy 2.3)",
)


# --- Meetings and mediation (meetings.py, mediation.py) ---------------------------------------------

from flask.views import MethodView  # noqa: E402

from service.councils import mediation, meetings  # noqa: E402
from service.councils.models import CouncilMeeting  # noqa: E402
from service.councils.schemas_meetings import (  # noqa: E402
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
from service.http import KeysetArgs  # noqa: E402
from service.security.authn import current_actor  # noqa: E402
from service.security.permissions import Permission  # noqa: E402


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
