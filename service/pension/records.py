"""人力社保's list of members' pension status (policy 1.5): imported all or nothing, one row per
member, found in the register by ID number in the uploader's area. Each row replaces what the
department said of the member before; a completed transfer later moves the insured county."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select

from service import clock, db
from service.audit.service import record
from service.pension.models import PensionPayment, PensionRecord
from service.pension.rules import STATUS_LABELS, Status, is_county_code, paid_through
from service.registry.member_lists import id_number_column, read_member_list
from service.registry.sheets import Column, Problems, choice
from service.security.actors import StaffActor
from service.security.permissions import Permission

# Rows written per round of look-ups: IN lists stay small on a county's whole list.
CHUNK = 1000


def parse_month(text: str, _today: date) -> date:
    """A month as people type it in a sheet: 2026-03, 2026/3, 2026.3 or 2026年3月."""
    parts = text.replace("年", "-").rstrip("月").replace("/", "-").replace(".", "-").split("-")
    try:
        year, month = (int(p) for p in parts)
        return date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError("月份格式应为 2026-03") from None


def parse_county(text: str, _today: date) -> str:
    if not is_county_code(text):
        raise ValueError("应为6位区县代码，如 500230（丰都县）；外省的填当地区县代码")
    return text


COLUMNS = (
    id_number_column(),
    choice("status", "参保状态", "未参保、参保缴费中 或 领取待遇中", {v: k for k, v in STATUS_LABELS.items()}),
    Column(
        "insured_county_code",
        "参保地区县代码",
        "6位区县代码，可以是外省的区县；未参保的不填",
        parse_county,
        required=False,
    ),
    Column("receiving_since", "待遇领取起始月份", "如 2024-07；领取待遇中的必填", parse_month, required=False),
)


def _check_row(line: int, values: Mapping[str, object], problems: Problems) -> None:
    status = values["status"]
    if status is not Status.NOT_INSURED and values.get("insured_county_code") is None:
        problems.add(line, "insured_county_code", "已参保的须填写参保地区县代码")
    if status is Status.RECEIVING and values.get("receiving_since") is None:
        problems.add(line, "receiving_since", "领取待遇中的须填写待遇领取起始月份")


def area_of(actor: StaffActor) -> list[str]:
    """Where the actor's lists may name people: read_member_list checks each row against it."""
    return actor.prefixes_for(Permission.PENSION_MANAGE)


def import_records(actor: StaffActor, content: bytes, filename: str) -> dict[str, Any]:
    session = db.session()
    rows = read_member_list(session, content, filename, COLUMNS, area_of(actor), _check_row)
    now, created = clock.now(), 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        ids = [row.member_id for row in chunk]
        held_now = session.scalars(select(PensionRecord).where(PensionRecord.member_id.in_(ids)))
        existing = {held.member_id: held for held in held_now}
        for row in chunk:
            status = row.values["status"]
            held = existing.get(row.member_id)
            if held is None:
                held = PensionRecord(member_id=row.member_id)
                session.add(held)
                created += 1
            insured = status is not Status.NOT_INSURED
            held.status = status.value
            held.insured_county_code = row.values["insured_county_code"] if insured else None
            held.receiving_since = row.values["receiving_since"] if status is Status.RECEIVING else None
            held.paid_through = None
            held.updated_by_staff_id = actor.staff_id
            held.updated_at = now
        session.flush()
        refresh_paid_through(ids)
    record(
        "pension.records_imported",
        target_type="pension_records",
        detail={"filename": filename[:100], "rows": len(rows), "created": created},
        actor=actor,
    )
    return {"rows": len(rows), "created": created, "updated": len(rows) - created}


def refresh_paid_through(member_ids: list[int]) -> None:
    """Recompute the contiguous paid-through month (rules.paid_through) of up to CHUNK members
    from their payments."""
    session = db.session()
    records = list(
        session.scalars(
            select(PensionRecord).where(PensionRecord.member_id.in_(member_ids), PensionRecord.status == "receiving")
        )
    )
    months: dict[int, list[date]] = {}
    paid = select(PensionPayment.member_id, PensionPayment.month).where(
        PensionPayment.member_id.in_([r.member_id for r in records])
    )
    for member_id, month in session.execute(paid):
        months.setdefault(member_id, []).append(month)
    for held in records:
        held.paid_through = paid_through(held.receiving_since, months.get(held.member_id, []))
    session.flush()
