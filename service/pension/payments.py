"""Monthly pension payments (policy 1.5 待遇应发尽发): the department's payroll, imported one row
per member, and the worklist of members receiving a pension with a month unpaid — across a
transfer most of all, when the old county stops paying and the new one starts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from service import clock, db
from service.audit.service import record
from service.errors import ApiError
from service.http import Listing
from service.pension.models import PensionPayment, PensionRecord
from service.pension.records import CHUNK, area_of, parse_county, parse_month, refresh_paid_through
from service.pension.rules import Status, last_finished_month, missing_months, month_text
from service.regions.service import in_scope, region_names
from service.registry.member_lists import id_number_column, read_member_list
from service.registry.models import Member
from service.registry.sheets import Column
from service.security.actors import StaffActor
from service.security.permissions import Permission

COLUMNS = (
    id_number_column(),
    Column("month", "发放月份", "如 2026-03；一个文件里每人一行", parse_month),
    Column("paying_county_code", "发放地区县代码", "发放待遇的6位区县代码", parse_county),
)
NOT_RECEIVING = "养老保险名单中此人不是领取待遇人员，请先导入或更正参保名单"


def import_payments(actor: StaffActor, content: bytes, filename: str) -> dict[str, Any]:
    """A month's payroll: each row a payment; a month already recorded for the member is kept."""
    session = db.session()
    rows = read_member_list(session, content, filename, COLUMNS, area_of(actor))
    receiving = set()
    for start in range(0, len(rows), CHUNK):
        ids = [row.member_id for row in rows[start : start + CHUNK]]
        receiving.update(
            session.scalars(
                select(PensionRecord.member_id).where(
                    PensionRecord.member_id.in_(ids), PensionRecord.status == Status.RECEIVING.value
                )
            )
        )
    refused = {f"第{row.line}行 身份证号": [NOT_RECEIVING] for row in rows if row.member_id not in receiving}
    if refused:
        raise ApiError(
            "import_invalid", f"共有 {len(refused)} 处错误，未导入任何数据；请按提示修改后重新上传", errors=refused
        )
    created = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = [row.member_id for row in chunk]
        held = set(
            session.execute(
                select(PensionPayment.member_id, PensionPayment.month).where(PensionPayment.member_id.in_(ids))
            ).tuples()
        )
        for row in chunk:
            if (row.member_id, row.values["month"]) in held:
                continue
            session.add(
                PensionPayment(
                    member_id=row.member_id,
                    month=row.values["month"],
                    paying_county_code=row.values["paying_county_code"],
                    recorded_by_staff_id=actor.staff_id,
                )
            )
            created += 1
        session.flush()
        refresh_paid_through(ids)
    record(
        "pension.payments_imported",
        target_type="pension_payments",
        detail={"filename": filename[:100], "rows": len(rows), "created": created},
        actor=actor,
    )
    return {"rows": len(rows), "created": created, "updated": 0}


# --- The worklist ------------------------------------------------------------------------------

# At most this many missing months are listed per member; `missing_count` tells the rest.
_SHOWN_MONTHS = 12


def gaps(actor: StaffActor, args: dict[str, Any]) -> Listing:
    """Members receiving a pension, insured in a county of the actor's area, whose payments stop
    short of the last finished month: one indexed comparison with `paid_through`."""
    through = last_finished_month(clock.today())
    stmt = select(PensionRecord).where(
        PensionRecord.status == Status.RECEIVING.value,
        in_scope(actor, Permission.PENSION_MANAGE, PensionRecord.insured_county_code),
        or_(PensionRecord.paid_through.is_(None), PensionRecord.paid_through < through),
    )
    if args.get("county"):
        stmt = stmt.where(PensionRecord.insured_county_code == args["county"])
    return Listing(stmt, lambda page: _gap_items(page, through))


def _gap_items(records: list[PensionRecord], through) -> list[dict[str, Any]]:
    session = db.session()
    ids = [r.member_id for r in records]
    people = {
        row.id: row
        for row in session.execute(select(Member.id, Member.name, Member.household_id).where(Member.id.in_(ids)))
    }
    paid: dict[int, list[tuple[Any, str]]] = {}
    payments = select(PensionPayment.member_id, PensionPayment.month, PensionPayment.paying_county_code).where(
        PensionPayment.member_id.in_(ids)
    )
    for member_id, month, county in session.execute(payments):
        paid.setdefault(member_id, []).append((month, county))
    counties = region_names({r.insured_county_code for r in records if r.insured_county_code})
    items = []
    for held in records:
        months = paid.get(held.member_id, [])
        missing = missing_months(held.receiving_since, through, [m for m, _ in months])
        last = max(months, default=None)
        items.append(
            {
                "member_id": str(held.member_id),
                "household_id": str(people[held.member_id].household_id),
                "name": people[held.member_id].name,
                "insured_county_code": held.insured_county_code,
                "insured_county_name": counties.get(held.insured_county_code, ""),
                "receiving_since": held.receiving_since,
                "paid_through": held.paid_through,
                "missing_months": missing[:_SHOWN_MONTHS],
                "missing_count": len(missing),
                "missing_text": "、".join(month_text(m) for m in missing[:_SHOWN_MONTHS]),
                "last_paid_month": last[0] if last else None,
                "last_paying_county_code": last[1] if last else None,
            }
        )
    return items
