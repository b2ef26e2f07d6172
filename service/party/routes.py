"""Party relationship endpoints (policy 1.2). Approving the township's recommendation and sending
it back go through the shared case endpoints (`/api/v1/staff/cases?kind=party_transfer`,
`…/actions/approve|send_back` with If-Match), by the 区县委组织部; the ledger, the recommendation
and the completion record the kind's own rows, so they are here."""

from __future__ import annotations

from flask import g
from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.http import attachment
from service.party import ledger, members, service
from service.party.schemas import (
    COLUMNS_DOC,
    CompletionCreate,
    LedgerArgs,
    LedgerCreate,
    PartyApplyCreate,
    PartyImportRead,
    PartyMembersFile,
    PartyOptionsRead,
    PartyTransferRead,
    RecommendationCreate,
    StaffPartyApplyCreate,
)
from service.registry import sheets
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "party",
    __name__,
    url_prefix="/api/v1",
    description="党组织关系转接 Party relationships of relocated members (policy 1.2)",
)


@blp.route("/party-transfers/options")
class Options(MethodView):
    @blp.doc(operationId="getMyPartyOptions")
    @blp.resident
    @blp.response(200, PartyOptionsRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    def get(self):
        """我的党组织关系 Must I transfer, or may I choose — why, and the clause — before applying

        Only the signed-in member's own answer (party membership is not shown to the rest of
        the household). `listed` false: the organisation department has not listed you. 三脱钩
        (residence, hukou, collective identity all decoupled) → `must_transfer`; otherwise
        `choose` between transferring and 一方隶属、参加多重组织生活. Reading changes nothing.
        """
        return service.options_for_resident(current_actor())


@blp.route("/party-transfers")
class Transfers(MethodView):
    @blp.doc(operationId="applyForPartyTransfer", **links_to_reads("case_id", "getMyCase", "getPartyTransfer"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(PartyApplyCreate)
    @blp.response(201, PartyTransferRead)
    @blp.alt_response(409, response="CONFLICT", description="`party_transfer_open`")
    @blp.alt_response(
        422, response="UNPROCESSABLE_ENTITY", description="`party_member_not_listed`, `party_choice_not_open`"
    )
    def post(self, data):
        """提出转接意见 State your view: transfer, or stay attached and take part nearby

        Opens a case at your origin village's party organisation, which records you in its
        ledger; the township party committee then recommends and the 区县委组织部 approves.
        """
        return present.case_response(service.apply_for_resident(current_actor(), data), 201)


@blp.route("/party-transfers/<int:case_id>")
class Transfer(MethodView):
    @blp.doc(operationId="getPartyTransfer")
    @blp.resident
    @blp.response(200, PartyTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """转接办件 One own case: status, timeline, ledger, recommendation, destination"""
        return present.case_response(service.own_transfer(current_actor(), case_id), 200)


@blp.route("/staff/party-transfers")
class StaffTransfers(MethodView):
    @blp.doc(operationId="filePartyTransferForMember", **links_to_reads("case_id", "getCase"))
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.idempotent
    @blp.arguments(StaffPartyApplyCreate)
    @blp.response(201, PartyTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`party_transfer_open`")
    @blp.alt_response(
        422, response="UNPROCESSABLE_ENTITY", description="`party_member_not_listed`, `party_choice_not_open`"
    )
    def post(self, data):
        """代办：登记党员意见 The origin organisation files the member's view for them (代办)

        For organisation staff whose area covers the member's origin village; a member outside
        it is 404. The same rules as the member's own filing; audited.
        """
        return present.case_response(service.apply_for_staff(current_actor(), data), 201)


@blp.route("/staff/party-transfers/<int:case_id>/ledger")
class StaffLedgerLine(MethodView):
    @blp.doc(operationId="recordPartyLedger")
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.if_match
    @blp.arguments(LedgerCreate)
    @blp.response(200, PartyTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`transition_not_allowed`, `not_your_turn`")
    def post(self, data, case_id):
        """建立工作台账 The origin organisation records the member and reports to the township

        Settlement mode, residence, hukou move and collective identity are read by the system
        as they stand today (never typed); with the member's view they make the ledger line.
        """
        return present.case_response(service.record_ledger(current_actor(), case_id, g.expected_version, data))


@blp.route("/staff/party-transfers/<int:case_id>/recommendation")
class StaffRecommendation(MethodView):
    @blp.doc(operationId="recommendPartyTransfer")
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.if_match
    @blp.arguments(RecommendationCreate)
    @blp.response(200, PartyTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`transition_not_allowed`, `not_your_turn`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`party_choice_not_open`")
    def post(self, data, case_id):
        """乡镇党委研判建议 The township committee recommends and reports to the 区县委组织部

        A 三脱钩 member can only be recommended to transfer (422 `party_choice_not_open`).
        """
        return present.case_response(service.recommend(current_actor(), case_id, g.expected_version, data))


@blp.route("/staff/party-transfers/<int:case_id>/completion")
class StaffCompletion(MethodView):
    @blp.doc(operationId="completePartyTransfer")
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.if_match
    @blp.arguments(CompletionCreate)
    @blp.response(200, PartyTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`transition_not_allowed`, `not_your_turn`")
    def post(self, data, case_id):
        """完成转接 Record the transfer carried out: the organisation and the date"""
        return present.case_response(service.complete(current_actor(), case_id, g.expected_version, data))


@blp.route("/staff/party/ledger")
class StaffLedger(MethodView):
    @blp.doc(operationId="downloadPartyLedger")
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.arguments(LedgerArgs, location="query")
    @blp.download("一个乡镇的党员组织关系转接工作台账 (XLSX), ID numbers masked; audited.", sheets.XLSX_MIME)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """工作台账 The township's ledger of transfer cases, for the party committee's study"""
        filename, content = ledger.ledger_xlsx(current_actor(), args["township"])
        return attachment(filename, content, sheets.XLSX_MIME)


@blp.route("/staff/party/members/template")
class MembersTemplate(MethodView):
    @blp.doc(operationId="downloadPartyMembersTemplate")
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.download("党员名单模板 (XLSX).\n\n" + COLUMNS_DOC, sheets.XLSX_MIME)
    def get(self):
        """党员名单模板 The blank template of the party-member list"""
        return attachment("党员名单模板.xlsx", sheets.template_xlsx(members.COLUMNS), sheets.XLSX_MIME)


@blp.route("/staff/party/members/imports")
class MembersImports(MethodView):
    @blp.doc(operationId="importPartyMembers")
    @blp.staff(Permission.PARTY_MANAGE)
    @blp.idempotent
    @blp.arguments(PartyMembersFile, location="files")
    @blp.response(201, PartyImportRead)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, files):
        """导入党员名单 Import party members: organisation, joined date, status; audited

        One row per member, found in the register by ID number in your area. Any problem
        rejects the whole file (422 `import_invalid`). A row replaces the member's earlier one.
        """
        upload = files["file"]
        return members.import_members(current_actor(), upload.read(), upload.filename or ""), 201
