"""Medical insurance endpoints (policy 1.6). The transfer's review goes through the shared case
endpoints (`/api/v1/staff/cases?kind=medical_transfer`, `…/actions/{action}` with If-Match), by
医保 of the destination county."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.http import attachment
from service.medical import service
from service.medical.schemas import (
    MedicalCoverImportFile,
    MedicalCoverImportRead,
    MedicalOptionsRead,
    MedicalTransferCreate,
    MedicalTransferRead,
    MedicalVisitCreate,
    MedicalVisitRead,
    MedicalWorklistArgs,
    MedicalWorklistRead,
)
from service.registry import sheets
from service.registry.models import Member
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint("medical", __name__, url_prefix="/api/v1", description="医疗保险 Medical insurance (policy 1.6)")

_TEMPLATE_NAME = "医保参保名单导入模板.xlsx"
_COLUMNS_DOC = "\n".join(f"- {c.label}: {c.note}" for c in service.COLUMNS)


@blp.route("/medical-transfers/options")
class TransferOptions(MethodView):
    @blp.doc(operationId="getMedicalTransferOptions")
    @blp.resident
    @blp.response(200, MedicalOptionsRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    def get(self):
        """医保怎么办 For each member of the household: what applies, why, and the clause

        Insured at the destination county: nothing to do. Insured elsewhere in Chongqing: choose
        异地就医备案 or moving the relationship (a 城乡居民医保 moves only once the hukou did).
        Insured in another province: transfer. No current cover: enrol first.
        """
        return service.options(current_actor())


@blp.route("/medical-transfers")
class Transfers(MethodView):
    @blp.doc(operationId="applyForMedicalTransfer", **links_to_reads("case_id", "getMyCase", "getMedicalTransfer"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(MedicalTransferCreate)
    @blp.response(201, MedicalTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`medical_transfer_open`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`medical_choice_closed` or field errors")
    def post(self, data):
        """申请医保转移或异地就医备案 Apply for a member (policy 1.6)

        医保 of the destination county handles it. On completion a move splits the cover: the
        old place through that day, the destination from the next day to the old end.
        """
        return present.case_response(service.submit_for_resident(current_actor(), data), 201)


@blp.route("/medical-transfers/<int:case_id>")
class Transfer(MethodView):
    @blp.doc(operationId="getMedicalTransfer")
    @blp.resident
    @blp.response(200, MedicalTransferRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """医保办件 One own medical-insurance case: status, timeline and the choice"""
        return present.case_response(service.own_transfer(current_actor(), case_id), 200)


@blp.route("/staff/medical/cover-imports/template")
class CoverTemplate(MethodView):
    @blp.doc(operationId="downloadMedicalCoverTemplate")
    @blp.staff(Permission.MEDICAL_MANAGE)
    @blp.download("医保参保名单模板 (XLSX).\n\n" + _COLUMNS_DOC, sheets.XLSX_MIME)
    def get(self):
        """下载医保名单模板 The blank cover-list template: one row per person and cover period"""
        return attachment(_TEMPLATE_NAME, sheets.template_xlsx(service.COLUMNS), sheets.XLSX_MIME)


@blp.route("/staff/medical/cover-imports")
class CoverImports(MethodView):
    @blp.doc(operationId="importMedicalCover")
    @blp.staff(Permission.MEDICAL_MANAGE)
    @blp.idempotent
    @blp.arguments(MedicalCoverImportFile, location="files")
    @blp.response(201, MedicalCoverImportRead)
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`import_invalid`")
    def post(self, files):
        """导入医保参保名单 Import the department's cover periods (policy 1.6)

        People of your area, found by ID number. A person may have several rows, one per period
        (identified by person and start date; a known one is updated). Periods of a person may
        not overlap; a period a transfer continued keeps its end. All or nothing: 422
        `import_invalid` lists every problem cell ("第3行 参保开始日期"). Audited.
        """
        upload = files["file"]
        return service.import_cover(current_actor(), upload.read(), upload.filename or ""), 201


@blp.route("/staff/medical/worklist")
class Worklist(MethodView):
    @blp.doc(operationId="listMedicalWorklist")
    @blp.staff(Permission.MEDICAL_MANAGE)
    @blp.arguments(MedicalWorklistArgs, location="query")
    @blp.response(200, MedicalWorklistRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.keyset(Member.id, newest_first=False)
    def get(self, args):
        """参保监测 A township's members with no cover today, with the visits made to them

        应参保未参保, 城乡居民医保到期未续保 and 职工医保断保未续保 (policy 1.6), with whether the
        contribution subsidy applies (建档立卡). A township outside your area answers 404.
        """
        return service.worklist(current_actor(), args)


@blp.route("/staff/medical/members/<int:member_id>/visits")
class Visits(MethodView):
    @blp.doc(operationId="recordMobilisationVisit")
    @blp.staff(Permission.MEDICAL_MANAGE)
    @blp.idempotent
    @blp.arguments(MedicalVisitCreate)
    @blp.response(201, MedicalVisitRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, member_id):
        """记录动员走访 Record a visit to mobilise a member to enrol; audited"""
        return service.record_visit(current_actor(), member_id, data), 201
