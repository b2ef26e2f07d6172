"""The organisation department's list of party members (policy 1.2): imported all or nothing, one
row per member, found in the register by ID number in the uploader's area. A row replaces what
the department said of the member before."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from service import clock, db
from service.audit.service import record
from service.party.models import PartyMember
from service.party.rules import STATUS_LABELS
from service.registry.member_lists import id_number_column, parse_date, read_member_list
from service.registry.sheets import Column, choice, short
from service.security.actors import StaffActor
from service.security.permissions import Permission

# Rows written per round of look-ups: IN lists stay small on a county's whole list.
CHUNK = 1000

COLUMNS = (
    id_number_column(),
    Column("organisation_name", "所在党组织", "党员组织关系所在的党组织全称，如 中共XX村支部委员会", short(100)),
    Column("organisation_code", "党组织代码", "党员信息系统中的党组织代码；没有的不填", short(32), required=False),
    Column("joined_on", "入党日期", "如 1998-07-01", parse_date, required=False),
    choice("status", "党员类别", "正式党员 或 预备党员", {v: k for k, v in STATUS_LABELS.items()}),
)


def area_of(actor: StaffActor) -> list[str]:
    """Where the actor's lists may name people, and whose party data the actor may read."""
    return actor.prefixes_for(Permission.PARTY_MANAGE)


def import_members(actor: StaffActor, content: bytes, filename: str) -> dict[str, Any]:
    session = db.session()
    rows = read_member_list(session, content, filename, COLUMNS, area_of(actor))
    now, created = clock.now(), 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        held_now = session.scalars(select(PartyMember).where(PartyMember.member_id.in_([r.member_id for r in chunk])))
        existing = {held.member_id: held for held in held_now}
        for row in chunk:
            held = existing.get(row.member_id)
            if held is None:
                held = PartyMember(member_id=row.member_id)
                session.add(held)
                created += 1
            held.organisation_name = row.values["organisation_name"]
            held.organisation_code = row.values.get("organisation_code")
            held.joined_on = row.values.get("joined_on")
            held.status = row.values["status"].value
            held.updated_by_staff_id = actor.staff_id
            held.updated_at = now
        session.flush()
    record(
        "party.members_imported",
        target_type="party_members",
        detail={"filename": filename[:100], "rows": len(rows), "created": created},
        actor=actor,
    )
    return {"rows": len(rows), "created": created, "updated": len(rows) - created}
