from __future__ import annotations

import functools

from flask import request
from flask.views import MethodView
from werkzeug.exceptions import RequestEntityTooLarge

from service import db
from service.api import Blueprint
from service.errors import ApiError
from service.http import attachment
from service.registry import file_limits, imports, rules, service, sheets
from service.registry.models import Household
from service.registry.schemas import (
    COLUMNS_DOC,
    HouseholdList,
    HouseholdQueryArgs,
    HouseholdRead,
    ImportBatchRead,
    ImportFile,
    RevealRead,
    RevealRequest,
)
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint("registry", __name__, url_prefix="/api/v1/staff", description="搬迁户登记 The household register")

_TEMPLATE_NAME = "搬迁户登记导入模板.xlsx"
# What multipart framing adds around the file (the app-wide cap allows the same).
_FRAMING_BYTES = 512 * 1024


def _takes_a_register_file(view):
    """A county's register (a 100,000-row CSV is about 22 MB) is larger than the app-wide cap
    for uploads allows; this one request may send up to file_limits.MAX_UPLOAD_BYTES. Set
    after authentication and before the body is parsed, so no one else can send that much."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        request.max_content_length = file_limits.MAX_UPLOAD_BYTES + _FRAMING_BYTES
        try:
            return view(*args, **kwargs)
        except RequestEntityTooLarge as exc:
            limit = file_limits.MAX_UPLOAD_BYTES // (1024 * 1024)
            raise ApiError("import_too_large", f"文件超过 {limit} MB，请分成几个文件分别导入") from exc

    return wrapper


@blp.route("/registry/imports/template")
class ImportTemplate(MethodView):
    @blp.doc(operationId="downloadImportTemplate")
    @blp.staff(Permission.REGISTRY_IMPORT)
    @blp.download("导入模板 (XLSX).\n\n" + COLUMNS_DOC, sheets.XLSX_MIME)
    def get(self):
        """下载导入模板 The blank register template

        Chinese headers with a note on each, drop-downs for fixed choices and a sheet that
        explains every column. Fill one row per member and upload it to `POST /registry/imports`.
        """
        return attachment(_TEMPLATE_NAME, sheets.template_xlsx(rules.COLUMNS), sheets.XLSX_MIME)


@blp.route("/registry/imports")
class RegistryImports(MethodView):
    @blp.doc(operationId="importRegistry")
    @blp.staff(Permission.REGISTRY_IMPORT)
    @_takes_a_register_file
    @blp.idempotent
    @blp.arguments(ImportFile, location="files")
    @blp.response(201, ImportBatchRead)
    @blp.alt_response(200, schema=ImportBatchRead, description="同一文件此前已导入：返回当时的结果，本次不写入")
    @blp.alt_response(413, response="REQUEST_ENTITY_TOO_LARGE")
    @blp.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY")
    def post(self, files):
        """导入搬迁户登记表 Import the register from a district's spreadsheet

        Every row is checked first — ID check digits, region codes and that they lie in your
        area, required columns, choices, dates, the same ID twice in the file or already
        registered in another household — and any problem rejects the whole file (422
        `import_invalid`, `errors` keyed like "第3行 身份证号"). A row whose household number and
        ID number are already registered together updates that member — except the columns
        a completed case wrote (hukou place after a hukou move, policy 1.1; collective
        membership after a handover, policy 1.3): those keep the case's value, the rest of the
        row imports, and `notes` names each cell the file disagreed on. Uploading the same
        bytes again returns the earlier result with 200 and writes nothing. Unknown file
        types answer 415 `import_file_type`. A file over the limits answers 413 before it is
        parsed, its detail naming the limit: `import_too_large` (upload over 40 MB; a
        workbook over 256 MB unpacked, over 500 parts, or compressed over 100 to 1),
        `import_too_many_rows` (over 200,000 lines, blank ones included) and
        `import_too_many_columns` (over 100).
        """
        upload = files["file"]
        outcome = imports.import_register(
            db.session(), upload.read(), upload.filename or "", imports.Uploader.for_staff(current_actor())
        )
        return outcome.batch, 201 if outcome.created else 200


@blp.route("/households")
class Households(MethodView):
    @blp.doc(operationId="listHouseholds")
    @blp.staff(Permission.REGISTRY_READ)
    @blp.arguments(HouseholdQueryArgs, location="query")
    @blp.response(200, HouseholdList)
    @blp.keyset(Household.id, newest_first=False)
    def get(self, args):
        """搬迁户列表 Households in your area, oldest first

        A household is in your area when its origin or destination is. ID numbers and phones
        are masked; `POST /members/{id}/reveal` shows them, audited.
        """
        return service.search_households(current_actor(), args)


@blp.route("/households/<int:household_id>")
class HouseholdDetail(MethodView):
    @blp.doc(operationId="getHousehold")
    @blp.staff(Permission.REGISTRY_READ)
    @blp.response(200, HouseholdRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, household_id):
        """搬迁户详情 One household with its members (numbers masked)"""
        return service.household_detail(current_actor(), household_id)


@blp.route("/members/<int:member_id>/reveal")
class MemberReveal(MethodView):
    @blp.doc(operationId="revealMember")
    @blp.staff(Permission.PII_REVEAL)
    @blp.arguments(RevealRequest)
    @blp.response(200, RevealRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, member_id):
        """查看完整证件号 Reveal one member's full ID number and phone

        For a case that needs them. The reason is kept in the audit trail with your name.
        """
        # no-store: the clear numbers must not linger in a browser or proxy cache.
        return service.reveal(current_actor(), member_id, data["reason"]), 200, {"Cache-Control": "no-store"}
