"""The reconciliation read by staff (policy 3.3): counts per matter and gap, the drill-down list
and its workbook — all from the refreshed table (service/oversight/models.py says why), within
the actor's area. Every answer carries when the table was refreshed and the day counts it used.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from sqlalchemy import ColumnElement, Integer, and_, func, select

from service import clock, db
from service.errors import ApiError
from service.http import Listing
from service.oversight import refresh
from service.oversight.models import OversightPerson, OversightRefresh
from service.oversight.rules import DOMAIN_LABELS, GAP_LABELS, STATUS_LABELS, Domain, Gap, Status
from service.regions.service import in_scope, region_names, region_ref
from service.security.actors import StaffActor
from service.security.permissions import Permission

# A county's relocated people, with room: the workbook is built in memory (≈ 1 KB a row).
EXPORT_MAX_ROWS = 100_000


def _gap_column(gap: Gap):
    return getattr(OversightPerson, f"gap_{gap.value}")


def check_region(actor: StaffActor, region: str | None) -> None:
    """A region asked for must lie in the actor's area and exist; any other reads as missing."""
    if region and not (actor.can(Permission.OVERSIGHT_READ, region) and region_names({region})):
        raise ApiError("not_found", "找不到该地区，或不在您的管辖范围内")


def _where(actor: StaffActor, args: dict[str, Any]) -> list[ColumnElement[bool]]:
    """The actor's area, narrowed to `region` (a region outside it reads as missing), and the filters."""
    region = args.get("region")
    check_region(actor, region)
    clauses = [in_scope(actor, Permission.OVERSIGHT_READ, OversightPerson.region_code)]
    if region:
        clauses.append(OversightPerson.region_code.startswith(region, autoescape=True))
    if args.get("gap"):
        clauses.append(_gap_column(Gap(args["gap"])).is_(True))
    if args.get("domain"):
        clauses.append(getattr(OversightPerson, args["domain"]) == args["status"])
    return clauses


def _run() -> OversightRefresh | None:
    return db.session().scalar(select(OversightRefresh).order_by(OversightRefresh.id.desc()).limit(1))


def _about(args: dict[str, Any]) -> dict[str, Any]:
    """When the figures were computed and with which day counts (the current settings before
    the first refresh, so the report still says what it will apply)."""
    run = _run()
    return {
        "region": region_ref(args["region"]) if args.get("region") else None,
        "refreshed_at": run.refreshed_at if run else None,
        "as_of": run.as_of if run else None,
        "settings": run.limits if run else refresh.limits().__dict__,
    }


def summary(actor: StaffActor, args: dict[str, Any]) -> dict[str, Any]:
    """People per matter and status, and per gap, in one pass over the area's rows."""
    counted = [func.count()]
    for domain in Domain:
        column = getattr(OversightPerson, domain.value)
        counted += [func.sum((column == status.value).cast(Integer)) for status in Status]
    counted += [func.sum(_gap_column(gap).cast(Integer)) for gap in Gap]
    counted.append(func.sum((OversightPerson.gap_count > 0).cast(Integer)))
    values = iter(db.session().execute(select(*counted).where(and_(*_where(actor, args)))).one())
    people = next(values)
    domains = [
        {
            "domain": domain.value,
            "label": DOMAIN_LABELS[domain],
            "counts": [
                {"status": status.value, "label": STATUS_LABELS[status], "people": next(values) or 0}
                for status in Status
            ],
        }
        for domain in Domain
    ]
    gaps = [{"gap": gap.value, "label": GAP_LABELS[gap], "people": next(values) or 0} for gap in Gap]
    return _about(args) | {"people": people, "people_with_gaps": next(values) or 0, "domains": domains, "gaps": gaps}


def people(actor: StaffActor, args: dict[str, Any]) -> Listing:
    stmt = select(OversightPerson).where(*_where(actor, args))
    about = _about(args)
    return Listing(stmt, _items, extra={k: about[k] for k in ("refreshed_at", "as_of", "settings")})


def _items(rows: list[OversightPerson]) -> list[dict[str, Any]]:
    names = region_names({code for row in rows for code in (row.region_code, row.origin_region_code)})
    return [
        {
            "member_id": str(row.member_id),
            "household_id": str(row.household_id),
            "name": row.name,
            "id_number_masked": row.id_number_masked,
            "region": {"code": row.region_code, "name": names.get(row.region_code, "")},
            "origin_region": {"code": row.origin_region_code, "name": names.get(row.origin_region_code, "")},
            "hukou_moved_on": row.hukou_moved_on,
            "statuses": [
                {
                    "domain": domain.value,
                    "domain_label": DOMAIN_LABELS[domain],
                    "status": getattr(row, domain.value),
                    "label": STATUS_LABELS[Status(getattr(row, domain.value))],
                }
                for domain in Domain
            ],
            "gaps": [{"gap": gap.value, "label": GAP_LABELS[gap]} for gap in Gap if getattr(row, f"gap_{gap.value}")],
        }
        for row in rows
    ]


HEADER = (
    "序号",
    "姓名",
    "身份证号（脱敏）",
    "安置地",
    "迁出地",
    "户口迁入日期",
    *DOMAIN_LABELS.values(),
    "缺口",
)


def people_xlsx(actor: StaffActor, args: dict[str, Any]) -> tuple[str, bytes]:
    """(file name, workbook) of the drill-down's rows in its order, the form district offices send
    upward. ID numbers masked: the table holds nothing else (no audited reveal in a file)."""
    stmt = select(OversightPerson).where(*_where(actor, args)).order_by(OversightPerson.member_id)
    rows = list(db.session().scalars(stmt.limit(EXPORT_MAX_ROWS + 1)))
    if len(rows) > EXPORT_MAX_ROWS:
        raise ApiError("oversight_export_too_large")
    about = _about(args)
    place = about["region"]["name"] if about["region"] else "辖区"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("全员管理台账")
    refreshed = clock.moment_text(about["refreshed_at"]) if about["refreshed_at"] else "尚未统计"
    sheet.append([f"{place}易地扶贫搬迁群众全员管理台账（统计时间：{refreshed}）"])
    sheet.append(list(HEADER))
    for index, item in enumerate(_items(rows), start=1):
        sheet.append(_line(index, item))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return f"{place}全员管理台账.xlsx", buffer.getvalue()


def _line(index: int, item: dict[str, Any]) -> list[Any]:
    return [
        index,
        item["name"],
        item["id_number_masked"],
        item["region"]["name"] or item["region"]["code"],
        item["origin_region"]["name"] or item["origin_region"]["code"],
        item["hukou_moved_on"].isoformat() if item["hukou_moved_on"] else "",
        *(status["label"] for status in item["statuses"]),
        "；".join(gap["label"] for gap in item["gaps"]),
    ]
