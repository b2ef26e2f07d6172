from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.elections import service, sheets
from service.elections.models import Election
from service.elections.schemas import (
    ChoiceResult,
    ChoiceUpdate,
    ElectionCreate,
    ElectionDetail,
    ElectionList,
    ElectionRead,
    ResidentElectionList,
    VoterRollArgs,
)
from service.http import KeysetArgs, attachment
from service.security.authn import current_actor
from service.security.permissions import Permission

staff_blp = Blueprint(
    "elections_staff", __name__, url_prefix="/api/v1/staff/elections", description="村（居）委会选举 Elections (staff)"
)
blp = Blueprint("elections", __name__, url_prefix="/api/v1/elections", description="选择参选地 Choosing where to vote")


@staff_blp.route("")
class Elections(MethodView):
    @staff_blp.doc(operationId="listElections")
    @staff_blp.staff(Permission.ELECTIONS_READ)
    @staff_blp.arguments(KeysetArgs, location="query")
    @staff_blp.response(200, ElectionList)
    @staff_blp.keyset(Election.id)
    def get(self, args):
        """选举列表 Election rounds over or inside your area, newest first"""
        return service.list_elections(current_actor())

    @staff_blp.doc(operationId="createElection", **links_to_reads("election_id", "getElection"))
    @staff_blp.staff(Permission.ELECTIONS_MANAGE)
    @staff_blp.idempotent
    @staff_blp.arguments(ElectionCreate)
    @staff_blp.response(201, ElectionRead)
    @staff_blp.alt_response(409, response="CONFLICT")
    @staff_blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, data):
        """安排选举 Schedule an election round and its window for choosing where to vote

        Residents whose hukou is still in their original village choose, inside the window, to
        vote there or in their resettlement village/community (policy 2.3). The region must lie
        in your area (403 `election_region_out_of_scope`); the window must end before election
        day and not already be over (422). The same kind of round on the same day for the same
        region answers 409.
        """
        return service.create_election(current_actor(), data), 201


@staff_blp.route("/<int:election_id>")
class ElectionView(MethodView):
    @staff_blp.doc(operationId="getElection")
    @staff_blp.staff(Permission.ELECTIONS_READ)
    @staff_blp.response(200, ElectionDetail)
    @staff_blp.alt_response(404, response="NOT_FOUND")
    def get(self, election_id):
        """选举详情 One round, with how many in your area chose each place

        未选择的，在户籍所在地（原村）参加选举: `counts.not_chosen` vote in their original
        village, because those who do not choose vote where their hukou is (policy 2.3).
        """
        return service.election_detail(current_actor(), election_id)


@staff_blp.route("/<int:election_id>/voter-roll.xlsx")
class VoterRoll(MethodView):
    @staff_blp.doc(operationId="downloadVoterRoll")
    @staff_blp.staff(Permission.ELECTIONS_MANAGE)
    @staff_blp.arguments(VoterRollArgs, location="query")
    @staff_blp.download("选民名单 (XLSX)", sheets.XLSX_MIME)
    @staff_blp.alt_response(404, response="NOT_FOUND")
    @staff_blp.alt_response(409, response="CONFLICT")
    def get(self, args, election_id):
        """下载选民名单 The voter roll of one village or community, after the window closes

        Lists the relocated residents who vote in `village` as their `place`: by their own
        choice, filed for them by staff, or — for the original village — by default, since
        those who do not choose vote where their hukou is (policy 2.3). Each line has name,
        sex, age on election day, the masked ID number, the household number and where the
        choice came from. Full ID numbers are not in the roll: they are available one person
        at a time through the audited `POST /api/v1/staff/members/{id}/reveal`. Before the
        window closes: 409 `choice_window_open`. Every export is audited (counts only).
        """
        content, filename = service.voter_roll(current_actor(), election_id, args["place"], args["village"])
        response = attachment(filename, content, sheets.XLSX_MIME)
        # Names and masked numbers: no proxy or browser cache may keep the file.
        response.headers["Cache-Control"] = "no-store"
        return response


@staff_blp.route("/<int:election_id>/choices/<int:member_id>")
class ChoiceOnBehalf(MethodView):
    @staff_blp.doc(operationId="recordChoiceForMember")
    @staff_blp.staff(Permission.ELECTIONS_MANAGE)
    @staff_blp.arguments(ChoiceUpdate)
    @staff_blp.response(200, ChoiceResult)
    @staff_blp.alt_response(404, response="NOT_FOUND")
    @staff_blp.alt_response(409, response="CONFLICT")
    def put(self, data, election_id, member_id):
        """代为登记参选地 File a resident's choice for them (代办), e.g. asked in person

        Same rules as the resident's own choice: only while the window is open (409
        `choice_window_closed`) and only for those who choose (403 `not_eligible`). Audited.
        """
        return service.choose_for(current_actor(), election_id, member_id, data["place"])


@blp.route("")
class MyElections(MethodView):
    @blp.doc(operationId="listMyElections")
    @blp.resident
    @blp.response(200, ResidentElectionList)
    @blp.alt_response(403, response="FORBIDDEN")
    def get(self):
        """我的选举 Upcoming elections in which you choose where to vote

        Only for residents whose hukou is still in the original village and who are 18 by
        election day (policy 2.3); each round lists both places, your choice (or null) and the
        default. 未选择的，在户籍所在地（原村）参加选举: those who do not choose vote where their
        hukou is. 403 `identity_required` until the identity is bound.
        """
        return {"items": service.resident_elections(current_actor())}


@blp.route("/<int:election_id>/choice")
class MyChoice(MethodView):
    @blp.doc(operationId="recordMyChoice")
    @blp.resident
    @blp.idempotent
    @blp.arguments(ChoiceUpdate)
    @blp.response(200, ChoiceResult)
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    def put(self, data, election_id):
        """选择参选地 Choose to vote in the original village or the resettlement place

        Can be changed until the window closes; sending the same place again changes nothing.
        Outside the window: 409 `choice_window_closed` (the detail gives the times); hukou
        already moved or under 18 on election day: 403 `not_eligible` with the reason.
        未选择的，在户籍所在地（原村）参加选举: those who do not choose vote where their hukou is.
        """
        return service.choose(current_actor(), election_id, data["place"])
