"""Pension insurance endpoints (policy 1.5). A transfer's decision goes through the shared case
endpoints (`/api/v1/staff/cases?kind=pension_transfer`, `…/actions/{action}` with If-Match), by
人力社保 of the new hukou place's county; withdrawing through `/api/v1/me/cases/{id}/actions/withdraw`."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.http import attachment
from service.pension import payments, records, service
from service.pension.models import PensionRecord
from service.pension.schemas import (
    PAYMENT_COLUMNS_DOC,
    RECORD_COLUMNS_DOC,
    PensionApplyCreate,
    PensionApplyResult,
    PensionGapArgs,
    PensionGapList,
    PensionImportRead,
    PensionOptionsRead,
    PensionPaymentsFile,
    PensionRecordsFile,
    PensionTransferRead,
    StaffPensionApplyCreate,
)
from service.registry import sheets
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "pension",
    __name__,
    url_prefix="/api/v1",
    description="养老保险关系转移 Pension insurance follows the person (policy 1.5)",
)


def _template(columns, filename: str) -> Response:
    return attachment(filename, sheets.template_xlsx(columns), sheets.XLSX_MIME)


def _applied(result: dict[str, Any]) -> tuple[dict, int]:
    case = result.pop("case")
    result["case"] = present.detail(case, current_actor()) if case is not None else None
    return result, 201


@blp.route("/pension-transfers/options")
class Options(MethodView):
    @blp.doc(operationId="getMyPensionOptions")
    @blp.resident
    @blp.response(200, PensionOptionsRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`: 先核验身份")
    def get(self):
        """我家的养老保险 For each household member: transfer or not, why, and the clause — before applying

        Decided from the completed hukou move and 人力社保's record (policy 1.5): not moved or
        within the county → no transfer (P1); across counties in Chongqing → the resident
        chooses (P2); across provinces → must transfer (P3), unless already receiving (P4:
        keeps receiving at the old place). 建档立卡 households see that the government pays
        the contribution. Reading this changes nothing.
        """
        return service.options_for_resident(current_actor())


@blp.route("/pension-transfers")
class Transfers(MethodView):
    @blp.doc(operationId="applyForPensionTransfer", **links_to_reads("case_id", "getMyCase", "getPensionTransfer"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(PensionApplyCreate)
    @blp.response(201, PensionApplyResult)
    @blp.alt_response(404, response="NOT_FOUND", description="not a member of your household")
    @blp.alt_response(409, response="CONFLICT", description="`pension_transfer_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`pension_choice_not_open` or fields")
    def post(self, data):
        """选择：转移或不转移 Answer for one member: transfer, or keep contributing at the old place

        `transfer` opens a case for 人力社保 of the new hukou place's county; on completion the
        member's insured county is the new one. `keep_at_origin` (P2 only) is recorded as a
        final answer, with no case. A choice the rules close is 422 `pension_choice_not_open`
        with the reason; a transfer already open is 409 `pension_transfer_open`.
        """
        return _applied(service.apply_for_resident(current_actor(), data))


@blp.route("/pension-transfers/<int:case_id>")
class Transfer(MethodView):
    @blp.doc(operationId="getPensionTransfer")
    @blp.resident
    @blp.response(200, PensionTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """转移办件 One own transfer case: status, timeline, from and to which county"""
        return present.case_response(service.own_transfer(current_actor(), case_id), 200)


@blp.route("/staff/pension-transfers")
class StaffTransfers(MethodView):
    @blp.doc(operationId="applyForPensionTransferForResident", **links_to_reads("case_id", "getCase"))
    @blp.staff()
    @blp.idempotent
    @blp.arguments(StaffPensionApplyCreate)
    @blp.response(201, PensionApplyResult)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`pension_transfer_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`pension_choice_not_open` or fields")
    def post(self, data):
        """代办养老保险关系转移 File a member's answer for them (代办)

        For community (村/社区) and township workers and 人力社保 whose area covers the
        household's destination; others are 403, a member outside the area 404. The same
        rules as the resident's own answer; audited. Filing does not open the department's list.
        """
        return _applied(service.apply_for_staff(current_actor(), data))


@blp.route("/staff/pension/records/template")
class RecordsTemplate(MethodView):
    @blp.doc(operationId="downloadPensionRecordsTemplate")
    @blp.staff(Permission.PENSION_MANAGE)
    @blp.download("养老保险参保名单模板 (XLSX).\n\n" + RECORD_COLUMNS_DOC, sheets.XLSX_MIME)
    def get(self):
        """参保名单模板 The blank template of the pension list"""
        return _template(records.COLUMNS, "养老保险参保名单模板.xlsx")


@blp.route("/staff/pension/records/imports")
class RecordsImports(MethodView):
    @blp.doc(operationId="importPensionRecords")
    @blp.staff(Permission.PENSION_MANAGE)
    @blp.idempotent
    @blp.arguments(PensionRecordsFile, location="files")
    @blp.response(201, PensionImportRead)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, files):
        """导入参保名单 Import each member's pension status and insured county; audited

        One row per member, found in the register by ID number in your area. Any problem
        rejects the whole file (422 `import_invalid`, `errors` keyed like "第3行 身份证号"). A
        row replaces what was recorded of the member before.
        """
        upload = files["file"]
        return records.import_records(current_actor(), upload.read(), upload.filename or ""), 201


@blp.route("/staff/pension/payments/template")
class PaymentsTemplate(MethodView):
    @blp.doc(operationId="downloadPensionPaymentsTemplate")
    @blp.staff(Permission.PENSION_MANAGE)
    @blp.download("养老待遇发放名单模板 (XLSX).\n\n" + PAYMENT_COLUMNS_DOC, sheets.XLSX_MIME)
    def get(self):
        """发放名单模板 The blank template of a month's pension payroll"""
        return _template(payments.COLUMNS, "养老待遇发放名单模板.xlsx")


@blp.route("/staff/pension/payments/imports")
class PaymentsImports(MethodView):
    @blp.doc(operationId="importPensionPayments")
    @blp.staff(Permission.PENSION_MANAGE)
    @blp.idempotent
    @blp.arguments(PensionPaymentsFile, location="files")
    @blp.response(201, PensionImportRead)
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, files):
        """导入待遇发放名单 Import a month's payroll: one payment per member; audited

        Only members the pension list records as receiving; a month already recorded for a
        member is kept as it was. All or nothing, like the pension list.
        """
        upload = files["file"]
        return payments.import_payments(current_actor(), upload.read(), upload.filename or ""), 201


@blp.route("/staff/pension/payment-gaps")
class PaymentGaps(MethodView):
    @blp.doc(operationId="listPensionPaymentGaps")
    @blp.staff(Permission.PENSION_MANAGE)
    @blp.arguments(PensionGapArgs, location="query")
    @blp.response(200, PensionGapList)
    @blp.keyset(PensionRecord.member_id, newest_first=False)
    def get(self, args):
        """待遇断档名单 Members receiving a pension with a month unpaid (待遇应发尽发)

        Insured in a county of your area (or `county`), with no payment record for some month
        from their first month through last month — this month may still be on its way.
        """
        return payments.gaps(current_actor(), args)
