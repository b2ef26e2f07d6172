"""No one lost (policy 3.3): the reconciliation of every relocated person across hukou,
collective membership, party relationship, pension, medical insurance and assistance; the
leaders' dashboards (3.1–3.3) and the communities' 3.2 figures they show."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint
from service.http import attachment
from service.oversight import dashboard, resources, service
from service.oversight.models import OversightPerson
from service.oversight.schemas import (
    CommunityResourcesRead,
    CommunityResourcesWrite,
    DashboardArgs,
    DashboardRead,
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


@blp.route("/staff/oversight/dashboard")
class Dashboard(MethodView):
    @blp.doc(operationId="getOversightDashboard")
    @blp.staff(Permission.OVERSIGHT_READ)
    @blp.arguments(DashboardArgs, location="query")
    @blp.response(200, DashboardRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        422, response="UNPROCESSABLE_ENTITY", description="`oversight_dashboard_too_large`, a window past 24 months"
    )
    def get(self, args):
        """领导驾驶舱 Per office and kind: received, decided, on time, working days, 补正, 好差评; trend; 3.2 figures

        Live from the cases, within your area (or one region of it). `offices` count the cases
        received, accepted, completed, refused and rejected in the window, those closed on time
        or late, median and 90th-percentile working days taken (补正 excluded) against the
        promised time, and what is open and overdue now; `trend` is per month; `communities`
        the 3.2 figures entered for the window's years.
        """
        return dashboard.dashboard(current_actor(), args)


@blp.route("/staff/oversight/dashboard.xlsx")
class DashboardExport(MethodView):
    @blp.doc(operationId="downloadOversightDashboard")
    @blp.staff(Permission.OVERSIGHT_READ)
    @blp.arguments(DashboardArgs, location="query")
    @blp.download("领导驾驶舱 (XLSX): one sheet per table, the same figures as the JSON.", sheets.XLSX_MIME)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(
        422, response="UNPROCESSABLE_ENTITY", description="`oversight_dashboard_too_large`, a window past 24 months"
    )
    def get(self, args):
        """导出领导驾驶舱 The dashboard as a workbook"""
        filename, content = dashboard.dashboard_xlsx(current_actor(), args)
        return attachment(filename, content, sheets.XLSX_MIME)


@blp.route("/staff/communities/<string:region_code>/resources/<int(min=2000, max=2100):year>")
class CommunityResourcesYear(MethodView):
    @blp.doc(operationId="recordCommunityResources")
    @blp.staff(Permission.COMMUNITY_MANAGE)
    @blp.arguments(CommunityResourcesWrite)
    @blp.response(200, CommunityResourcesRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def put(self, data, region_code, year):
        """录入村（社区）工作保障 A community's staff, premises and funds for a year (policy 3.2)

        The county's civil affairs enter them (a grant over the whole county); entering the
        same year again replaces the figures and bumps `version`. Shown in the dashboard.
        """
        return resources.record(current_actor(), region_code, year, data)
