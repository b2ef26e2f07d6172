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


# --- Councils, seats and conventions (bodies) ----------------------------------------------
# Imported here, below the blueprint, so that each part appends its routes without reordering.

from flask import g  # noqa: E402
from flask.views import MethodView  # noqa: E402

from service.api import links_to_reads  # noqa: E402
from service.councils import bodies, conventions  # noqa: E402
from service.councils.models import Convention, Council  # noqa: E402
from service.councils.schemas_bodies import (  # noqa: E402
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
from service.http import KeysetArgs  # noqa: E402
from service.security.authn import current_actor  # noqa: E402
from service.security.permissions import Permission  # noqa: E402

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
