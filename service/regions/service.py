"""Loading regions and scoping queries to them."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import ColumnElement, Select, false, or_, select
from sqlalchemy.orm import Session

from service import db
from service.errors import ApiError
from service.regions.models import Region
from service.regions.rules import is_valid_prefix, level_of, parent_of, with_ancestors
from service.security.actors import StaffActor
from service.security.permissions import Permission

DATA_DIR = Path(__file__).parent / "data"
CHONGQING = DATA_DIR / "chongqing.csv"


def read_csv(path: Path) -> list[tuple[str, str]]:
    """Rows of (code, name) from a UTF-8 CSV with a `code,name` header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"code", "name"} <= set(reader.fieldnames):
            raise ValueError(f"{path.name}: 需要表头 code,name")
        return [(row["code"].strip(), row["name"].strip()) for row in reader]


def load_regions(session: Session, rows: Iterable[tuple[str, str]]) -> int:
    """Insert or rename regions; idempotent. Parents must come first or already exist.

    Returns how many rows were added or changed.
    """
    rows = sorted(rows, key=lambda row: len(row[0]))  # parents before children
    existing = {r.code: r for r in session.scalars(select(Region).where(Region.code.in_([c for c, _ in rows])))}
    changed = 0
    for code, name in rows:
        level = level_of(code)
        region = existing.get(code)
        if region is None:
            parent = parent_of(code)
            if parent is not None and parent not in existing and session.get(Region, parent) is None:
                raise ValueError(f"{code} {name}: 上级区划 {parent} 不存在")
            region = Region(code=code, name=name, level=level, parent_code=parent)
            session.add(region)
            existing[code] = region
            changed += 1
        elif region.name != name:
            region.name = name
            changed += 1
    session.flush()
    return changed


def within(column: ColumnElement[str], prefixes: Sequence[str]) -> ColumnElement[bool]:
    """WHERE clause limiting `column` (a region code) to the given scope prefixes.

    An empty scope matches nothing: a staff member without grants sees no rows.
    """
    for prefix in prefixes:
        if not is_valid_prefix(prefix):
            raise ValueError(f"invalid region prefix {prefix!r}")
    if not prefixes:
        return false()
    return or_(*(column.startswith(prefix, autoescape=True) for prefix in prefixes))


def in_scope(
    actor: StaffActor, permission: Permission, *region_columns: ColumnElement[str], reach_up: bool = False
) -> ColumnElement[bool]:
    """The one scope check of staff reads: rows whose region, in any of `region_columns`, lies
    inside a region where `actor` holds `permission`. With `reach_up`, also rows of the county
    or township above such a region. Out of scope reads as missing (404), never as forbidden.
    """
    prefixes = actor.prefixes_for(permission)
    clauses = [within(column, prefixes) for column in region_columns]
    if reach_up:
        above = set().union(*(with_ancestors(prefix) for prefix in prefixes))
        clauses += [column.in_(above) for column in region_columns]
    return or_(*clauses)


def scoped(stmt: Select, actor: StaffActor, permission: Permission, *region_columns: ColumnElement[str]) -> Select:
    """`stmt` limited to the actor's scope for `permission` (see `in_scope`)."""
    return stmt.where(in_scope(actor, permission, *region_columns))


def region_names(codes: Iterable[str]) -> dict[str, str]:
    """code → name for the given codes, in one query; unknown codes are left out."""
    wanted = set(codes)
    if not wanted:
        return {}
    rows = db.session().execute(select(Region.code, Region.name).where(Region.code.in_(wanted)))
    return {code: name for code, name in rows}


def region_ref(code: str) -> dict[str, str]:
    """A known region as responses show a place: its code and its name."""
    return {"code": code, "name": db.session().get_one(Region, code).name}


def community_in_scope(actor: StaffActor, permission: Permission, region_code: str) -> Region:
    """A village or community (12 digits) where `actor` holds `permission`; any other code reads
    as missing, so staff cannot probe which communities exist beyond their region."""
    region = db.session().get(Region, region_code)
    if region is None or len(region_code) != 12 or not actor.can(permission, region_code):
        raise ApiError("not_found", "找不到该村（社区），或不在您的管辖范围内")
    return region
