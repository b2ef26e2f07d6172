"""No one lost (policy 3.3): the reconciliation of every relocated person across hukou,
collective membership, party relationship, pension, medical insurance and assistance."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint
from service.http import attachment
from service.oversight import service
from service.oversight.models import OversightPerson
from service.oversight.schemas import (
    OversightExportArgs,
    OversightPeopleArgs,
    OversightPeopleRead,
    OversightSummaryArgs,
    OversightSummaryRead,
)
from service.registry import sheets
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "oversight", __name__, url_prefix="/api/v1", description="全员管理 No one lost: the reconciliation (policy 3.3)"
)


@blp.route("/staff/oversight/summary")
class Summary(MethodView):
    @blp.doc(operationId="getOversightSummary")
    @blp.staff(Permission.OVERSIGHT_READ)
    @blp.arguments(OversightSummaryArgs, location="query")
    @blp.response(200, OversightSummaryRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, args):
        """全员管理统计 People per matter and status, and per gap, in your area or one region of it

        Computed nightly (`refreshed_at`); `settings` are the day counts the gaps were judged by.
        """
        return service.summary(current_actor(), args)


@blp.route("/staff/oversight/people")
class People(MethodView):
    @blp.doc(operationId="listOversightPeople")
    @blp.staff(Permission.OVERSIGHT_READ)
    @blp.arguments(OversightPeopleArgs, location="query")
    @blp.response(200, OversightPeopleRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.keyset(OversightPerson.member_id, newest_first=False)
    def get(self, args):
        """全员管理名单 The people behind the counts: by region, gap, or a matter's status

        ID numbers are masked. In member order; `next_cursor` fetches the next page.
        """
        return service.people(current_actor(), args)


@blp.route("/staff/oversight/people.xlsx")
class PeopleExport(MethodView):
    @blp.doc(operationId="downloadOversightPeople")
    @blp.staff(Permission.OVERSIGHT_READ)
    @blp.arguments(OversightExportArgs, location="query")
    @blp.download("全员管理台账 (XLSX): the list's rows in its order, ID numbers masked.", sheets.XLSX_MIME)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`oversight_export_too_large` or field errors")
    def get(self, args):
        """导出全员管理台账 The list as the workbook district offices send upward"""
        filename, content = service.people_xlsx(current_actor(), args)
        return attachment(filename, content, sheets.XLSX_MIME)
