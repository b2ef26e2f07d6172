"""The leaders' dashboards (policy 3.1–3.3): per office (region + role) and kind, what came in,
what was decided, how long it took against the promised time, how often materials were sent
back (补正), how residents rated it (好差评); the trend by month; and each community's 3.2
figures (staff, premises, funds).

Read live from the case engine's tables within the actor's area, in a fixed number of GROUP BY
queries. Only the cases closed in the window are read row by row (their working days need the
calendar and their pauses, which SQL cannot count), and those at most `MAX_CLOSED`.

Where a case moved between offices (a kind with several stages, a referral), it counts at the
office holding it now — for a closed case, the office that decided it, which is also the
office its rating addresses.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from sqlalchemy import ColumnElement, and_, case, distinct, exists, func, or_, select

from service import clock, db
from service.cases.deadlines import promised_days, working_calendar
from service.cases.models import Case, CaseCount, CaseEvent, CasePause
from service.cases.workflow import (
    ACCEPTED,
    ANSWERED,
    CLOCK_RUNNING,
    COMPLETED,
    OPEN_STATUSES,
    REFUSED,
    REJECTED,
    WORKFLOWS,
)
from service.errors import ApiError
from service.oversight import dashboard_rules as rules
from service.oversight.models import CommunityResources
from service.oversight.service import check_region
from service.ratings import service as ratings
from service.ratings.models import Rating
from service.ratings.rules import LEVEL_LABELS, Level
from service.regions.service import in_scope, region_names, region_ref, within
from service.security.actors import StaffActor
from service.security.permissions import ROLE_LABELS, Permission, Role

PERMISSION = Permission.OVERSIGHT_READ
# The statuses an office's decision puts a case in, counted once per case.
DECIDED = (ACCEPTED, COMPLETED, REFUSED, REJECTED)
# Closed by the office's decision; a withdrawal is the applicant's and says nothing of the office.
CLOSED_BY_OFFICE = (COMPLETED, REFUSED, REJECTED, ANSWERED)
# A county closes a few tens of thousands of cases a year: beyond this the window or area is
# too wide to read the closed cases one by one in a request.
MAX_CLOSED = 50_000

Office = tuple[str, str, str]  # (office region, office role, kind)


def window(args: dict[str, Any]) -> tuple[date, date]:
    """The days asked for (both included): `to` defaults to today, `from` to twelve months back."""
    last = args.get("date_to") or clock.today()
    first = args.get("date_from") or rules.default_window(last)[0]
    problem = rules.window_problem(first, last)
    if problem:
        raise ApiError("validation_failed", "请按提示修改后再查询", errors={"from": [problem]})
    return first, last


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.CHINA)


def _area(actor: StaffActor, args: dict[str, Any], column: ColumnElement[str]) -> list[ColumnElement[bool]]:
    clauses = [in_scope(actor, PERMISSION, column)]
    if args.get("region"):
        clauses.append(within(column, [args["region"]]))
    return clauses


def _new_office() -> dict[str, Any]:
    return {
        "received": 0,
        "returned": 0,
        **dict.fromkeys(DECIDED, 0),
        "open": 0,
        "open_overdue": 0,
        "closed_on_time": 0,
        "closed_overdue": 0,
        "days": [],
        "ratings": None,
    }


def dashboard(actor: StaffActor, args: dict[str, Any]) -> dict[str, Any]:
    check_region(actor, args.get("region"))
    first, last = window(args)
    start, end = _midnight(first), _midnight(last + timedelta(days=1))
    months = rules.months_between(first, last)
    spans = [(max(_midnight(month), start), min(_midnight(rules.add_months(month, 1)), end)) for month in months]
    session = db.session()
    kind = args.get("kind")
    cases = [*_area(actor, args, Case.region_code), *([Case.kind == kind] if kind else [])]
    office = (Case.region_code, Case.responsible_role, Case.kind)
    offices: dict[Office, dict[str, Any]] = defaultdict(_new_office)
    trend = [{"month": month.strftime("%Y-%m"), "received": 0, "completed": 0, "overdue": 0} for month in months]

    # Received in the window, how many of them were ever sent back (补正), and per month.
    returned = func.sum(case((exists().where(CasePause.case_id == Case.id), 1), else_=0))
    per_month = [
        func.sum(case((and_(Case.submitted_at >= lo, Case.submitted_at < hi), 1), else_=0)) for lo, hi in spans
    ]
    received = select(*office, func.count(), returned, *per_month).where(
        *cases, Case.submitted_at >= start, Case.submitted_at < end
    )
    for region_code, role, kind_, n, sent_back, *monthly in session.execute(received.group_by(*office)):
        figures = offices[(region_code, role, kind_)]
        figures["received"], figures["returned"] = n, int(sent_back or 0)
        for row, count in zip(trend, monthly, strict=True):
            row["received"] += int(count or 0)

    # Decisions taken in the window: each case once per status it entered.
    decided = (
        select(*office, CaseEvent.to_status, func.count(distinct(CaseEvent.case_id)))
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(
            *cases,
            CaseEvent.at >= start,
            CaseEvent.at < end,
            CaseEvent.to_status.in_(DECIDED),
            or_(CaseEvent.from_status.is_(None), CaseEvent.from_status != CaseEvent.to_status),
        )
        .group_by(*office, CaseEvent.to_status)
    )
    for region_code, role, kind_, status, n in session.execute(decided):
        offices[(region_code, role, kind_)][status] = n

    # Open now (the engine's running tallies) and open past their deadline now.
    tallies = select(CaseCount.region_code, CaseCount.responsible_role, CaseCount.kind, func.sum(CaseCount.n)).where(
        *_area(actor, args, CaseCount.region_code),
        *([CaseCount.kind == kind] if kind else []),
        CaseCount.status.in_(OPEN_STATUSES),
    )
    for region_code, role, kind_, n in session.execute(
        tallies.group_by(CaseCount.region_code, CaseCount.responsible_role, CaseCount.kind)
    ):
        if n:
            offices[(region_code, role, kind_)]["open"] = int(n)
    overdue = select(*office, func.count()).where(*cases, Case.status.in_(CLOCK_RUNNING), Case.due_at < clock.now())
    for region_code, role, kind_, n in session.execute(overdue.group_by(*office)):
        offices[(region_code, role, kind_)]["open_overdue"] = n

    promised = promised_days()
    _closed(cases, office, (start, end), promised, offices, trend, months)

    rated = ratings.office_statistics(
        [
            *_area(actor, args, Rating.region_code),
            *([Rating.kind == kind] if kind else []),
            Rating.rated_at >= start,
            Rating.rated_at < end,
        ]
    )
    for item in rated:
        offices[(item["region_code"], item["office_role"], item["kind"])]["ratings"] = {
            "counts": item["counts"],
            "total": item["total"],
            "bad_share": item["bad_share"],
        }

    years = CommunityResources.year.between(first.year, last.year)
    resources = session.scalars(
        select(CommunityResources)
        .where(*_area(actor, args, CommunityResources.region_code), years)
        .order_by(CommunityResources.region_code, CommunityResources.year)
    ).all()
    names = region_names({key[0] for key in offices} | {row.region_code for row in resources})
    return {
        "region": region_ref(args["region"]) if args.get("region") else None,
        "kind": kind,
        "date_from": first,
        "date_to": last,
        "generated_at": clock.now(),
        "offices": [
            _office_view(key, figures, names, promised)
            for key, figures in sorted(offices.items())
            if key[2] in WORKFLOWS
        ],
        "trend": trend,
        "communities": [
            {
                "region": {"code": row.region_code, "name": names.get(row.region_code, "")},
                "year": row.year,
                "staff_count": row.staff_count,
                "premises_m2": row.premises_m2,
                "funds_fen": row.funds_fen,
                "recorded_at": row.recorded_at,
            }
            for row in resources
        ],
    }


def _closed(
    cases: list[ColumnElement[bool]],
    office: tuple,
    span: tuple[datetime, datetime],
    promised: dict[str, int | None],
    offices: dict[Office, dict[str, Any]],
    trend: list[dict[str, Any]],
    months: list[date],
) -> None:
    """Cases the office closed in the window: working days taken (补正 excluded, the engine's
    rule) and whether they closed by the deadline the engine set them."""
    session = db.session()
    start, end = span
    closed = [*cases, Case.closed_at >= start, Case.closed_at < end, Case.status.in_(CLOSED_BY_OFFICE)]
    rows = session.execute(
        select(Case.id, *office, Case.status, Case.submitted_at, Case.clock_started_at, Case.closed_at)
        .where(*closed)
        .limit(MAX_CLOSED + 1)
    ).all()
    if len(rows) > MAX_CLOSED:
        raise ApiError("oversight_dashboard_too_large")
    pauses: dict[int, list[tuple[datetime, datetime | None]]] = defaultdict(list)
    for case_id, begun, ended in session.execute(
        select(CasePause.case_id, CasePause.started_at, CasePause.ended_at)
        .join(Case, Case.id == CasePause.case_id)
        .where(*closed)
    ):
        pauses[case_id].append((begun, ended))
    calendar = working_calendar()
    month_index = {month: i for i, month in enumerate(months)}
    for case_id, region_code, role, kind, status, submitted_at, clock_started_at, closed_at in rows:
        if kind not in WORKFLOWS:
            continue
        figures = offices[(region_code, role, kind)]
        held = pauses.get(case_id, [])
        figures["days"].append(calendar.working_days_taken(submitted_at, closed_at, held))
        # The deadline the engine ran: from the clock's (re)start, with the pauses since then.
        since = [(begun, ended or closed_at) for begun, ended in held if begun >= clock_started_at]
        months_promised = WORKFLOWS[kind].deadline_months
        if months_promised is not None:
            due = calendar.month_deadline_with_pauses(clock_started_at, months_promised, since)
        else:
            due = calendar.deadline_with_pauses(clock_started_at, promised[kind], since)
        late = due is not None and closed_at > due
        figures["closed_overdue" if late else "closed_on_time"] += 1
        row = trend[month_index[rules.month_start(closed_at.astimezone(clock.CHINA).date())]]
        row["completed"] += status == COMPLETED
        row["overdue"] += late


def _office_view(
    key: Office, figures: dict[str, Any], names: dict[str, str], promised: dict[str, int | None]
) -> dict[str, Any]:
    region_code, role, kind = key
    days = figures["days"]
    return {
        "region": {"code": region_code, "name": names.get(region_code, "")},
        "office_role": role,
        "office": ROLE_LABELS[Role(role)],
        "kind": kind,
        "kind_title": WORKFLOWS[kind].title,
        "promised_working_days": promised[kind],
        "promised_months": WORKFLOWS[kind].deadline_months,
        "received": figures["received"],
        "accepted": figures[ACCEPTED],
        "completed": figures[COMPLETED],
        "refused": figures[REFUSED],
        "rejected": figures[REJECTED],
        "open": figures["open"],
        "open_overdue": figures["open_overdue"],
        "closed_on_time": figures["closed_on_time"],
        "closed_overdue": figures["closed_overdue"],
        "median_working_days": rules.percentile(days, 50),
        "p90_working_days": rules.percentile(days, 90),
        "returned": figures["returned"],
        "correction_rate": rules.rate(figures["returned"], figures["received"]),
        "ratings": figures["ratings"],
    }


# --- The workbook --------------------------------------------------------------------------------

OFFICE_HEADER = (
    "地区代码",
    "地区",
    "部门",
    "事项",
    "承诺时限（工作日）",
    "收件",
    "受理",
    "办结",
    "不予受理",
    "不予批准",
    "在办",
    "在办超期",
    "按期办结",
    "超期办结",
    "实际用时中位数（工作日）",
    "实际用时90%分位（工作日）",
    "退回补正件数",
    "补正率",
    *(LEVEL_LABELS[level] for level in Level),
    "差评占比",
)
TREND_HEADER = ("月份", "收件", "办结", "超期办结")
COMMUNITY_HEADER = ("区划代码", "村（社区）", "年度", "工作人员数", "办公和服务用房面积（平方米）", "工作经费（元）")


def _office_line(item: dict[str, Any]) -> list[Any]:
    rated = item["ratings"]
    promised = item["promised_working_days"]
    return [
        item["region"]["code"],
        item["region"]["name"],
        item["office"],
        item["kind_title"],
        promised if promised is not None else f"{item['promised_months']}个月",
        item["received"],
        item["accepted"],
        item["completed"],
        item["refused"],
        item["rejected"],
        item["open"],
        item["open_overdue"],
        item["closed_on_time"],
        item["closed_overdue"],
        item["median_working_days"],
        item["p90_working_days"],
        item["returned"],
        item["correction_rate"],
        *((rated["counts"][level.value] if rated else 0) for level in Level),
        rated["bad_share"] if rated else None,
    ]


def dashboard_xlsx(actor: StaffActor, args: dict[str, Any]) -> tuple[str, bytes]:
    """(file name, workbook) of the dashboard: one sheet per table, the same figures as the JSON."""
    figures = dashboard(actor, args)
    place = figures["region"]["name"] if figures["region"] else "辖区"
    period = f"{figures['date_from'].isoformat()} 至 {figures['date_to'].isoformat()}"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("办理情况")
    sheet.append([f"{place}各部门办理情况（{period}）"])
    sheet.append(list(OFFICE_HEADER))
    for item in figures["offices"]:
        sheet.append(_office_line(item))
    sheet = workbook.create_sheet("月度趋势")
    sheet.append([f"{place}月度趋势（{period}）"])
    sheet.append(list(TREND_HEADER))
    for row in figures["trend"]:
        sheet.append([row["month"], row["received"], row["completed"], row["overdue"]])
    sheet = workbook.create_sheet("工作保障")
    sheet.append([f"{place}村（社区）工作保障（人员、用房、经费）"])
    sheet.append(list(COMMUNITY_HEADER))
    for row in figures["communities"]:
        sheet.append(
            [
                row["region"]["code"],
                row["region"]["name"],
                row["year"],
                row["staff_count"],
                row["premises_m2"],
                Decimal(row["funds_fen"]) / 100,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{place}领导驾驶舱.xlsx", buffer.getvalue()
