"""Case endpoints shared by every kind: resident progress, staff queues and decisions."""

from __future__ import annotations

from typing import Any

from flask import g
from flask.views import MethodView
from sqlalchemy import Row

from service.api import Blueprint
from service.attachments import service as attachments
from service.cases import engine, papers, present, queries, rows
from service.cases.deadlines import deadline_days
from service.cases.models import Case
from service.cases.schemas import (
    ActionBody,
    AssignBody,
    CaseList,
    CaseRead,
    ResidentActionBody,
    ServiceList,
    StaffCaseList,
    StaffCaseQueryArgs,
)
from service.cases.workflow import WORKFLOWS
from service.http import PDF, KeysetArgs, Listing, attachment
from service.notices.schemas import CaseNoticeList
from service.security.authn import current_actor
from service.security.permissions import Role

blp = Blueprint("cases", __name__, url_prefix="/api/v1", description="办件 Cases: progress, queues and decisions")


@blp.route("/services")
class Services(MethodView):
    @blp.doc(operationId="listServices")
    @blp.public
    @blp.response(200, ServiceList)
    def get(self):
        """办事指南 What a resident can apply for: conditions, materials, department, promised time

        一次性告知: everything needed is listed up front, so nobody travels twice for a missing paper.
        """
        items = [
            {
                "kind": w.kind,
                "title": w.title,
                "clause": w.clause,
                "department": w.stages[0].office_label,
                "promised_working_days": deadline_days(w.kind),
                "promised_months": w.deadline_months,
                "conditions": list(w.conditions),
                "materials": list(w.materials),
            }
            for w in sorted(WORKFLOWS.values(), key=lambda w: w.clause)
            if w.offered
        ]
        return {"items": items}


def _summaries(page: list[Row]) -> list[dict[str, Any]]:
    # Explanations read the timeline: load it for the whole page in one query, not one per case.
    return present.summaries(rows.with_timelines(page))


@blp.route("/me/cases")
class MyCases(MethodView):
    @blp.doc(operationId="listMyCases")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, CaseList)
    @blp.keyset(Case.id)
    def get(self, args):
        """我的办件 The resident's own cases of every kind, newest first"""
        stmt = rows.page_of(queries.resident_scope(current_actor()))
        return Listing(stmt, _summaries, rows=True)


@blp.route("/me/cases/<int:case_id>")
class MyCase(MethodView):
    @blp.doc(operationId="getMyCase")
    @blp.resident
    @blp.response(200, CaseRead)
    def get(self, case_id):
        """办件详情 One own case with its timeline, the reason for its status and the next step"""
        case = queries.case_to_show(current_actor(), case_id)
        return present.case_response(case)


@blp.route("/me/cases/<int:case_id>/actions/<string:action>")
class MyCaseAction(MethodView):
    @blp.doc(operationId="actOnMyCase")
    @blp.resident
    @blp.idempotent
    @blp.arguments(ResidentActionBody)
    @blp.response(200, CaseRead)
    def post(self, data, case_id, action):
        """申请人操作 withdraw (撤回), resubmit (补正后重新提交), or another of the case's `available_actions`"""
        actor = current_actor()
        case = queries.get_case(actor, case_id, for_update=True)
        engine.act(case, action, actor, None, engine.ActionInput(comment=data["comment"], reason=data["reason"]))
        attachments.link_to_case(actor, data["attachment_ids"], case.id)
        return present.case_response(case)


@blp.route("/me/cases/<int:case_id>/notices")
class MyCaseNotices(MethodView):
    @blp.doc(operationId="listMyCaseNotices")
    @blp.resident
    @blp.response(200, CaseNoticeList)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """我的文书 The formal notices of an own case (受理通知书, 补正材料通知书 …), oldest first"""
        return {"items": papers.listed(current_actor(), case_id)}


@blp.route("/me/cases/<int:case_id>/notices/<int:notice_id>/pdf")
class MyCaseNoticePdf(MethodView):
    @blp.doc(operationId="downloadMyCaseNotice")
    @blp.resident
    @blp.download("文书 (PDF)", PDF)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id, notice_id):
        """下载文书 One notice of an own case as a PDF; every download gives the same file"""
        return attachment(*papers.download(current_actor(), case_id, notice_id))


@blp.route("/staff/cases")
class StaffCases(MethodView):
    @blp.doc(operationId="listCases")
    @blp.staff()
    @blp.arguments(StaffCaseQueryArgs, location="query")
    @blp.response(200, StaffCaseList)
    @blp.keyset(Case.id)
    def get(self, args):
        """办件队列 Cases the staff member's roles handle in their regions, with counts

        `counts.by_status` totals every status in the caller's scope under the kind and region
        filters; `overdue` (red) and `due_soon` (yellow: ≤ 3 working days left) count the running
        cases under all filters.
        """
        actor = current_actor()
        filters, totals = queries.staff_queue(actor, args)
        if args.get("status"):
            filters.append(Case.status == args["status"])
        return Listing(rows.page_of(*filters), _summaries, {"counts": totals}, rows=True)


@blp.route("/staff/cases/<int:case_id>")
class StaffCase(MethodView):
    @blp.doc(operationId="getCase")
    @blp.staff()
    @blp.response(200, CaseRead)
    def get(self, case_id):
        """办件详情 A case in scope, with timeline; its ETag is the version for If-Match"""
        case = queries.case_to_show(current_actor(), case_id)
        return present.case_response(case)


@blp.route("/staff/cases/<int:case_id>/notices")
class StaffCaseNotices(MethodView):
    @blp.doc(operationId="listCaseNotices")
    @blp.staff()
    @blp.response(200, CaseNoticeList)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """案件文书 The formal notices issued on a case in scope, oldest first"""
        return {"items": papers.listed(current_actor(), case_id)}


@blp.route("/staff/cases/<int:case_id>/notices/<int:notice_id>/pdf")
class StaffCaseNoticePdf(MethodView):
    @blp.doc(operationId="printCaseNotice")
    @blp.staff()
    @blp.download("文书 (PDF)", PDF)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id, notice_id):
        """补打文书 Reprint a notice of a case in scope: the same bytes as first issued; audited"""
        return attachment(*papers.download(current_actor(), case_id, notice_id))


@blp.route("/staff/cases/<int:case_id>/actions/<string:action>")
class StaffCaseAction(MethodView):
    @blp.doc(operationId="actOnCase")
    @blp.staff()
    @blp.if_match
    @blp.arguments(ActionBody)
    @blp.response(200, CaseRead)
    def post(self, data, case_id, action):
        """办理 accept 受理 | refuse 不予受理 | return 补正 | approve | reject | complete 办结 | refer 转交

        Only the office of the case's current stage may act; a stale If-Match is 412.
        """
        actor = current_actor()
        case = queries.get_case(actor, case_id, for_update=True)
        given = engine.ActionInput(
            comment=data["comment"],
            reason=data["reason"],
            missing_items=tuple(data["missing_items"]),
            refer_to=Role(data["refer_to"]) if data["refer_to"] else None,
        )
        engine.act(case, action, actor, g.expected_version, given)
        return present.case_response(case)


@blp.route("/staff/cases/<int:case_id>/claim")
class StaffCaseClaim(MethodView):
    @blp.doc(operationId="claimCase")
    @blp.staff()
    @blp.if_match
    @blp.response(200, CaseRead)
    def post(self, case_id):
        """认领 Take an unheld case: one worker holds a case at a time (held by another → 409 `case_held`)"""
        actor = current_actor()
        case = queries.get_case(actor, case_id, for_update=True)
        engine.claim(case, actor, g.expected_version)
        return present.case_response(case)


@blp.route("/staff/cases/<int:case_id>/assign")
class StaffCaseAssign(MethodView):
    @blp.doc(operationId="assignCase")
    @blp.staff()
    @blp.if_match
    @blp.arguments(AssignBody)
    @blp.response(200, CaseRead)
    def post(self, data, case_id):
        """分派 Give the case to another worker of the acting office; they are told"""
        actor = current_actor()
        case = queries.get_case(actor, case_id, for_update=True)
        engine.assign(case, actor, data["staff_id"], g.expected_version)
        return present.case_response(case)
