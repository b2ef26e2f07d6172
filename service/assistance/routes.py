"""Social-assistance endpoints (policy 1.7). The transfer's stages go through the shared case
endpoints (`/api/v1/staff/cases?kind=assistance_transfer`, `…/actions/{action}` with If-Match):
the origin township `report`s, the origin county bureau `issue_notice`s or `issue_letter`s, the
destination `take_over`s."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.assistance import service, sheets
from service.assistance.models import AssistanceRecord
from service.assistance.schemas import (
    COLUMNS_DOC,
    AssistanceOptionsRead,
    LapseList,
    ListFile,
    ListImportRead,
    TransferCreate,
    TransferRead,
)
from service.cases import present
from service.http import PDF, KeysetArgs, attachment
from service.registry.sheets import XLSX_MIME, template_xlsx
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "assistance",
    __name__,
    url_prefix="/api/v1",
    description="社会救助 Social assistance follows the hukou (policy 1.7)",
)


@blp.route("/assistance-transfers/options")
class TransferOptions(MethodView):
    @blp.doc(operationId="listAssistanceTransferOptions")
    @blp.resident
    @blp.response(200, AssistanceOptionsRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    def get(self):
        """低保特困转移 What policy 1.7 says for each member of the household, before applying

        Read from civil affairs' list and the completed hukou move: not on the list, hukou not
        moved, moved inside the paying township (no transfer), may apply, or already applying —
        each with a plain-Chinese reason and the clause. Writes nothing.
        """
        return service.options(current_actor())


@blp.route("/assistance-transfers")
class Transfers(MethodView):
    @blp.doc(
        operationId="applyForAssistanceTransfer", **links_to_reads("case_id", "getMyCase", "getAssistanceTransfer")
    )
    @blp.resident
    @blp.idempotent
    @blp.arguments(TransferCreate)
    @blp.response(201, TransferRead)
    @blp.alt_response(409, response="CONFLICT", description="`assistance_transfer_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`assistance_transfer_not_open`")
    def post(self, data):
        """申请低保特困转移 Ask for a household member's 低保 or 特困 to follow their hukou (policy 1.7)

        Only a member the options say `may_apply`; otherwise 422 `assistance_transfer_not_open`
        with the reason. The origin township reports, the origin county's civil-affairs bureau
        issues a notice (same county) or a letter (other county), the destination takes over;
        one calendar month from today, payments without a gap.
        """
        return present.case_response(service.submit_for_resident(current_actor(), data), 201)


@blp.route("/assistance-transfers/<int:case_id>")
class Transfer(MethodView):
    @blp.doc(operationId="getAssistanceTransfer")
    @blp.resident
    @blp.response(200, TransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """转移办件 One own transfer case: stages, deadline, the document's number, handover months"""
        return present.case_response(service.own_transfer(current_actor(), case_id), 200)


@blp.route("/assistance-transfers/<int:case_id>/document")
class TransferDocument(MethodView):
    @blp.doc(operationId="downloadAssistanceTransferDocument")
    @blp.resident
    @blp.download("转移通知或转移函 (PDF)", PDF)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """下载转移通知（函） The bureau's notice or letter of an own transfer, once issued

        The case's notice of kind `transfer_notice` / `transfer_letter`: the same file as its
        `download_url` in `GET /api/v1/me/cases/{id}/notices`, with a QR code for verification.
        """
        return attachment(*service.document_pdf(current_actor(), case_id))


@blp.route("/staff/assistance-transfers/<int:case_id>/document")
class StaffTransferDocument(MethodView):
    @blp.doc(operationId="staffDownloadAssistanceTransferDocument")
    @blp.staff()
    @blp.download("转移通知或转移函 (PDF)", PDF)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """下载转移通知（函） The notice or letter of a transfer your office handles; audited

        The same file as the case's notice in `GET /api/v1/staff/cases/{id}/notices`.
        """
        return attachment(*service.document_pdf(current_actor(), case_id))


@blp.route("/staff/assistance-lists/template")
class ListTemplate(MethodView):
    @blp.doc(operationId="downloadAssistanceListTemplate")
    @blp.staff(Permission.ASSISTANCE_MANAGE)
    @blp.download("救助名单模板 (XLSX).\n\n" + COLUMNS_DOC, XLSX_MIME)
    def get(self):
        """下载救助名单模板 The blank list: one row per person on 低保 or 特困"""
        return attachment("低保特困名单模板.xlsx", template_xlsx(sheets.COLUMNS), XLSX_MIME)


@blp.route("/staff/assistance-lists")
class ListImports(MethodView):
    @blp.doc(operationId="importAssistanceList")
    @blp.staff(Permission.ASSISTANCE_MANAGE)
    @blp.idempotent
    @blp.arguments(ListFile, location="files")
    @blp.response(201, ListImportRead)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`import_invalid`: every problem cell")
    def post(self, files):
        """导入低保特困名单 Import civil affairs' list: category, paying place, months paid

        One row per person, found in the register by ID number in your area; the paying
        township must be in your area. A row updates the person's category and paying place and
        adds the months of its range (upload again to add later months). Any problem rejects the
        whole file (422 `import_invalid`, errors keyed like "第3行 身份证号"). Audited.
        """
        upload = files["file"]
        return service.import_list(current_actor(), upload.read(), upload.filename or ""), 201


@blp.route("/staff/assistance-lapses")
class Lapses(MethodView):
    @blp.doc(operationId="listAssistanceLapses")
    @blp.staff(Permission.ASSISTANCE_MANAGE)
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, LapseList)
    @blp.keyset(AssistanceRecord.member_id, newest_first=False)
    def get(self, args):
        """断档名单 Members paid by the counties of your area with a month unpaid (不断档)

        A month between the first and the last paid month without a payment, or no payment yet
        for last month; each item lists its missing months.
        """
        return service.lapses(current_actor())
