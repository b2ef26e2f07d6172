"""Hukou-move endpoints (policy 1.1). Staff review goes through the shared case endpoints
(`/api/v1/staff/cases?kind=hukou_move`, `…/actions/{action}` with If-Match); withdrawing and
resubmitting after 补正 through `/api/v1/me/cases/{id}/actions/{action}`."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.hukou import service
from service.hukou.schemas import HukouMoveCreate, HukouMoveRead, HukouOptionsRead, StaffHukouMoveCreate
from service.security.authn import current_actor

blp = Blueprint("hukou", __name__, url_prefix="/api/v1", description="户口迁移 Hukou moves (policy 1.1)")


@blp.route("/hukou-moves/options")
class MoveOptions(MethodView):
    @blp.doc(operationId="listHukouMoveOptions")
    @blp.resident
    @blp.response(200, HukouOptionsRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    def get(self):
        """落户方式 The three modes of policy 1.1 for the resident's household, and who may move

        Each mode says whether it is open and, if not, why (plain Chinese), and which details to
        fill in. The township collective household is open only when neither the village group
        nor the site address is ("不具备上述条件的"). Reading this changes nothing: a move is
        made only when the household asks (愿转尽转).
        """
        return service.options(current_actor())


@blp.route("/hukou-moves")
class Moves(MethodView):
    @blp.doc(operationId="submitHukouMove", **links_to_reads("case_id", "getMyCase", "getHukouMove"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(HukouMoveCreate)
    @blp.response(201, HukouMoveRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    @blp.alt_response(
        422,
        response="UNPROCESSABLE_ENTITY",
        description="`hukou_mode_not_open`, `hukou_village_group_not_held` or field errors",
    )
    def post(self, data):
        """申请户口迁移 Ask to move the hukou of chosen household members (policy 1.1)

        A closed mode is 422 `hukou_mode_not_open` with the reason; a village group other than
        the one where the household's rural house, homestead or contract land is (the options'
        `village_groups`) is 422 `hukou_village_group_not_held`; a member who already has an
        open move is 409 `hukou_move_open`; an unknown village, one outside the destination
        county, or a township other than the destination's is 422 with field errors. Public
        security of the destination county handles the case; the answer is the case view with
        its ETag.
        """
        return present.case_response(service.submit_for_resident(current_actor(), data), 201)


@blp.route("/hukou-moves/<int:case_id>")
class Move(MethodView):
    @blp.doc(operationId="getHukouMove")
    @blp.resident
    @blp.response(200, HukouMoveRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """户口迁移办件 One own hukou-move case: status, timeline, deadline and the move's details"""
        return present.case_response(service.own_move(current_actor(), case_id), 200)


@blp.route("/staff/hukou-moves")
class StaffMoves(MethodView):
    @blp.doc(operationId="submitHukouMoveForResident", **links_to_reads("case_id", "getCase"))
    @blp.staff()
    @blp.idempotent
    @blp.arguments(StaffHukouMoveCreate)
    @blp.response(201, HukouMoveRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        422,
        response="UNPROCESSABLE_ENTITY",
        description="`hukou_mode_not_open`, `hukou_village_group_not_held` or field errors",
    )
    def post(self, data):
        """代办户口迁移 File a hukou move for a resident (代办)

        For community (村/社区) and township workers and public security whose area covers the
        household's destination; others get 403, a member outside your area 404. The case
        records you as the filer; the same rules as the resident's own request apply.
        """
        return present.case_response(service.submit_for_staff(current_actor(), data), 201)
