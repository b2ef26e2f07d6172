"""Loading the register from a district's spreadsheet: every row checked, then all written, or nothing.

The same function serves the staff upload and the demo seed; the caller says whose area the
file may touch (`Uploader`), so a system import needs no staff token and no second code path.
Lookups go to the database in IN (...) chunks and writes are bulk statements, because a
county's register runs to 100,000 rows and a row-at-a-time import would take many minutes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from service import clock
from service.audit.service import record
from service.errors import ApiError
from service.regions.models import Region
from service.registry import case_results, pii, rules, sheets
from service.registry.models import CaseOwnedField, Household, ImportBatch, Member, Site
from service.security.actors import StaffActor
from service.security.permissions import Permission

# Well under every database's limit on bound parameters per statement (SQLite: 32,766).
_LOOKUP_CHUNK = 1000
_WRITE_CHUNK = 2000

T = TypeVar("T")

# What an import may change on a registered member; compared first so that re-loading a
# mostly unchanged register writes (and re-encrypts) only the rows that differ.
_MEMBER_FIELDS = (
    Member.name,
    Member.relation_to_head,
    Member.phone_hash,
    Member.hukou_region_code,
    Member.party_member,
    Member.collective_membership,
    Member.pension_status,
    Member.medical_insurance_status,
    Member.social_assistance,
)

_POSITION = {column.key: index for index, column in enumerate(_MEMBER_FIELDS)}


@dataclass(frozen=True)
class Uploader:
    """Who loads a file and where it may write: a staff member's import scope, or a system job's."""

    label: str
    prefixes: tuple[str, ...]
    actor: StaffActor | None = None

    @classmethod
    def for_staff(cls, actor: StaffActor) -> Uploader:
        return cls(actor.username, tuple(actor.prefixes_for(Permission.REGISTRY_IMPORT)), actor)

    @classmethod
    def system(cls, label: str, prefixes: Sequence[str]) -> Uploader:
        return cls(label, tuple(prefixes))


@dataclass(frozen=True)
class ImportOutcome:
    batch: ImportBatch
    # False when the same bytes were imported before: the earlier batch, nothing written now.
    created: bool


class _KnownMember(NamedTuple):
    id: int
    household_number: str
    values: tuple[Any, ...]


@dataclass
class _Registered:
    """The rows of the register a file touches, found in bulk before anything is written."""

    households: dict[str, Household] = field(default_factory=dict)
    members: dict[str, _KnownMember] = field(default_factory=dict)  # by ID number
    sites: dict[tuple[str, str], Site] = field(default_factory=dict)
    regions: frozenset[str] = frozenset()
    # ID number → {file column: the value a completed case wrote}
    owned: dict[str, dict[str, Any]] = field(default_factory=dict)

    def facts(self) -> rules.RegisterFacts:
        return rules.RegisterFacts(
            regions=self.regions,
            households={n: (h.origin_region_code, h.destination_region_code) for n, h in self.households.items()},
            registered_ids={number: known.household_number for number, known in self.members.items()},
            site_kinds={key: site.kind for key, site in self.sites.items()},
        )


def import_register(session: Session, content: bytes, filename: str, uploader: Uploader) -> ImportOutcome:
    # Validated before the same-file shortcut, so re-sending someone else's file never tells
    # an uploader outside its region anything about the earlier batch.
    today = clock.today()
    parsed = rules.parse_rows(sheets.read_rows(content, filename, rules.COLUMNS), today)
    registered = _find_registered(session, parsed)
    rules.check_against_register(parsed, registered.facts(), uploader.prefixes)
    if parsed.problems:
        count = parsed.problems.count
        shown = f"，以下列出前 {sheets.MAX_REPORTED} 处" if count > sheets.MAX_REPORTED else ""
        raise ApiError(
            "import_invalid",
            f"共发现 {count} 处问题{shown}，整份文件未导入；请按行列提示修改后重新上传",
            errors=parsed.problems.as_errors(),
        )
    rules.keep_case_results(parsed, registered.owned)
    digest = hashlib.sha256(content).hexdigest()
    earlier = session.scalar(select(ImportBatch).where(ImportBatch.sha256 == digest))
    if earlier is not None:
        return ImportOutcome(earlier, created=False)

    counts = _write(session, parsed, registered)
    batch = ImportBatch(
        sha256=digest,
        filename=filename[:255],
        uploaded_by=uploader.label[:64],
        uploader_staff_id=uploader.actor.staff_id if uploader.actor else None,
        rows=parsed.rows,
        notes=parsed.notes.as_errors(),
        **counts,
    )
    session.add(batch)
    session.flush()
    region = rules.common_region(h.destination_region_code for h in parsed.households.values())
    record(
        "registry.import",
        target_type="import_batch",
        target_id=batch.id,
        region_code=region,
        detail={"rows": parsed.rows, **counts},
        actor=uploader.actor,
        actor_name=uploader.label,
    )
    return ImportOutcome(batch, created=True)


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _find_registered(session: Session, parsed: rules.ParsedFile) -> _Registered:
    found = _Registered()
    codes = {m.hukou_region_code for m in parsed.members}
    for household in parsed.households.values():
        codes.update((household.origin_region_code, household.destination_region_code))
    found.regions = frozenset(
        code
        for chunk in _chunks(codes, _LOOKUP_CHUNK)
        for code in session.scalars(select(Region.code).where(Region.code.in_(chunk)))
    )

    for chunk in _chunks(parsed.households, _LOOKUP_CHUNK):
        for household in session.scalars(select(Household).where(Household.household_number.in_(chunk))):
            found.households[household.household_number] = household

    by_hash = {pii.id_number_hash(m.id_number): m.id_number for m in parsed.members}
    for chunk in _chunks(by_hash, _LOOKUP_CHUNK):
        rows = session.execute(
            select(Member.id_number_hash, Member.id, Household.household_number, *_MEMBER_FIELDS)
            .join(Household, Household.id == Member.household_id)
            .where(Member.id_number_hash.in_(chunk))
        )
        for digest, member_id, number, *values in rows:
            found.members[by_hash[digest]] = _KnownMember(member_id, number, tuple(values))
    _find_owned(session, found)

    site_keys = {h.site_key for h in parsed.households.values() if h.site_key}
    for chunk in _chunks({region for region, _ in site_keys}, _LOOKUP_CHUNK):
        for site in session.scalars(select(Site).where(Site.region_code.in_(chunk))):
            if (site.region_code, site.name) in site_keys:
                found.sites[(site.region_code, site.name)] = site
    return found


def _find_owned(session: Session, found: _Registered) -> None:
    id_numbers = {known.id: number for number, known in found.members.items()}
    for chunk in _chunks(id_numbers, _LOOKUP_CHUNK):
        rows = session.execute(
            select(CaseOwnedField.member_id, CaseOwnedField.field).where(CaseOwnedField.member_id.in_(chunk))
        )
        for member_id, owned_field in rows:
            number = id_numbers[member_id]
            value = found.members[number].values[_POSITION[owned_field]]
            found.owned.setdefault(number, {})[case_results.FILE_COLUMN[owned_field]] = value


def _write(session: Session, parsed: rules.ParsedFile, registered: _Registered) -> dict[str, int]:
    new_sites = [
        Site(region_code=key[0], name=key[1], kind=h.site_kind)
        for key, h in {h.site_key: h for h in parsed.households.values() if h.site_key}.items()
        if key not in registered.sites
    ]
    session.add_all(new_sites)
    session.flush()
    site_ids = {key: site.id for key, site in registered.sites.items()}
    site_ids.update({(site.region_code, site.name): site.id for site in new_sites})

    household_rows = [_household_row(h, site_ids) for h in parsed.households.values()]
    new_households = [row for row in household_rows if row["household_number"] not in registered.households]
    updated_households = [
        {**row, "id": registered.households[row["household_number"]].id}
        for row in household_rows
        if row["household_number"] in registered.households
        and any(getattr(registered.households[row["household_number"]], k) != v for k, v in row.items())
    ]
    touched_sites = set(site_ids.values()) | {h.site_id for h in registered.households.values() if h.site_id}
    for chunk in _chunks(new_households, _WRITE_CHUNK):
        session.execute(_insert(Household), chunk)
    for chunk in _chunks(updated_households, _WRITE_CHUNK):
        session.execute(update(Household), chunk)

    household_ids = {number: h.id for number, h in registered.households.items()}
    for chunk in _chunks((row["household_number"] for row in new_households), _LOOKUP_CHUNK):
        rows = session.execute(
            select(Household.household_number, Household.id).where(Household.household_number.in_(chunk))
        )
        household_ids.update(rows.tuples().all())

    created = updated = 0
    for chunk in _chunks(parsed.members, _WRITE_CHUNK):
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for member in chunk:
            known = registered.members.get(member.id_number)
            if known is None:
                inserts.append(_member_row(member, household_ids[member.household_number]))
            elif known.values != _compared(member):
                updates.append({**_member_row(member, household_ids[member.household_number]), "id": known.id})
        if inserts:
            session.execute(_insert(Member), inserts)
        if updates:
            session.execute(update(Member), updates)
        created += len(inserts)
        updated += len(updates)

    recount_sites(session, touched_sites)
    return {
        "households_created": len(new_households),
        "households_updated": len(updated_households),
        "members_created": created,
        "members_updated": updated,
        "sites_created": len(new_sites),
    }


def _insert(model: type[Household] | type[Member]):
    # Without render_nulls the ORM leaves None columns out, so rows with and without a phone
    # (or a site) get different column lists and the batch splits into thousands of statements.
    return insert(model).execution_options(render_nulls=True)


def _household_row(h: rules.HouseholdFacts, site_ids: dict[tuple[str, str], int]) -> dict[str, Any]:
    return {
        "household_number": h.household_number,
        "origin_region_code": h.origin_region_code,
        "destination_region_code": h.destination_region_code,
        "site_id": site_ids[h.site_key] if h.site_key else None,
        "relocated_on": h.relocated_on,
        "registered_poor": h.registered_poor,
        "housing": h.housing,
        "has_homestead_at_destination": h.has_homestead,
        "has_contract_land_at_destination": h.has_contract_land,
        "destination_group": h.destination_group,
        "site_road": h.site_road,
        "site_building": h.site_building,
        "site_door": h.site_door,
    }


def _compared(m: rules.MemberFacts) -> tuple[Any, ...]:
    """The file's values in the order of _MEMBER_FIELDS."""
    phone_hash = pii.phone_hash(m.phone) if m.phone else None
    return (
        m.name,
        m.relation,
        phone_hash,
        m.hukou_region_code,
        m.party_member,
        m.collective,
        m.pension,
        m.medical,
        m.assistance,
    )


def _member_row(m: rules.MemberFacts, household_id: int) -> dict[str, Any]:
    # A transient Member carries the encrypted values out of registry/pii.py, the one module
    # that handles them; it is never added to the session.
    holder = Member()
    pii.set_id_number(holder, m.id_number)
    pii.set_phone(holder, m.phone)
    return {
        "household_id": household_id,
        "name": m.name,
        "relation_to_head": m.relation,
        "id_number_enc": holder.id_number_enc,
        "id_number_hash": holder.id_number_hash,
        "phone_enc": holder.phone_enc,
        "phone_hash": holder.phone_hash,
        "sex": holder.sex,
        "birth_date": holder.birth_date,
        "hukou_region_code": m.hukou_region_code,
        "party_member": m.party_member,
        "collective_membership": m.collective,
        "pension_status": m.pension,
        "medical_insurance_status": m.medical,
        "social_assistance": m.assistance,
    }


def recount_sites(session: Session, site_ids: set[int]) -> None:
    """Sites' settled counts follow the register (policy 2.1 thresholds read them)."""
    households = select(func.count(Household.id)).where(Household.site_id == Site.id).scalar_subquery()
    people = (
        select(func.count(Member.id))
        .join(Household, Household.id == Member.household_id)
        .where(Household.site_id == Site.id)
        .scalar_subquery()
    )
    for chunk in _chunks(site_ids, _LOOKUP_CHUNK):
        session.execute(
            update(Site)
            .where(Site.id.in_(chunk))
            .values(households_settled=households, people_settled=people)
            .execution_options(synchronize_session=False)
        )
