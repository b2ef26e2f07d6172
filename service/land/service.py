"""Means of production (policy 1.4): parcel registers, county subsidy rates, the land-rent
subsidy quote and application.

Only flushes; the request commits. Every staff write is audited in the same transaction.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from service import clock, db
from service.accounts.bound import bound_member
from service.attachments import service as attachments
from service.audit.service import record
from service.cases import engine, queries
from service.cases.models import Case
from service.errors import ApiError
from service.http import Listing
from service.land import rules
from service.land.models import LandAgreement, LandParcel, LandRentSubsidy, ProgrammeEnrolment, SubsidyRate
from service.land.rules import AgreementKind, ParcelKind, Programme
from service.land.workflow import KIND
from service.regions.models import Region
from service.regions.service import region_names
from service.registry.models import Household
from service.registry.service import visible as household_visible
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import Permission

# --- Parcels, agreements, programmes -------------------------------------------------------


def _agreement_view(row: LandAgreement) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "kind_label": rules.AGREEMENT_LABELS[AgreementKind(row.kind)],
        "counterparty": row.counterparty,
        "starts_on": row.starts_on,
        "ends_on": row.ends_on,
        "annual_rent_fen": row.annual_rent_fen,
        "attachment_id": str(row.attachment_id) if row.attachment_id else None,
        "in_force": row.starts_on <= clock.today() <= row.ends_on,
    }


def _programme_view(row: ProgrammeEnrolment) -> dict[str, Any]:
    return {
        "id": row.id,
        "programme": row.programme,
        "programme_label": rules.PROGRAMME_LABELS[Programme(row.programme)],
        "enrolled_on": row.enrolled_on,
        "area_mu": row.area_mu,
    }


def _parcel_view(parcel: LandParcel, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": parcel.id,
        "household_id": str(parcel.household_id),
        "kind": parcel.kind,
        "kind_label": rules.PARCEL_LABELS[ParcelKind(parcel.kind)],
        "area_mu": parcel.area_mu,
        "location_code": parcel.location_code,
        "location_name": names.get(parcel.location_code, ""),
        "name": parcel.name,
        "certificate_number": parcel.certificate_number,
        "agreements": [_agreement_view(a) for a in parcel.agreements],
        "programmes": [_programme_view(p) for p in parcel.programmes],
    }


def _parcels_of(household_id: int) -> Listing:
    return Listing(select(LandParcel).where(LandParcel.household_id == household_id), _parcel_items)


def _parcel_items(parcels: list[LandParcel]) -> list[dict[str, Any]]:
    names = region_names({p.location_code for p in parcels})
    return [_parcel_view(p, names) for p in parcels]


def parcels_for_resident(actor: ResidentActor) -> Listing:
    return _parcels_of(bound_member(actor).household_id)


def _staff_household(actor: StaffActor, household_id: int) -> Household:
    household = db.session().scalar(
        select(Household).where(Household.id == household_id, household_visible(actor, Permission.COLLECTIVE_MANAGE))
    )
    if household is None:
        raise ApiError("not_found", "找不到该搬迁户")
    return household


def parcels_for_staff(actor: StaffActor, household_id: int) -> Listing:
    return _parcels_of(_staff_household(actor, household_id).id)


def _village(code: str, field: str) -> Region:
    region = db.session().get(Region, code)
    if region is None or len(code) != 12:
        raise ApiError("validation_failed", "请按提示修改后再提交", errors={field: ["没有这个村（社区）区划代码"]})
    return region


def add_parcel(actor: StaffActor, household_id: int, data: dict[str, Any]) -> dict[str, Any]:
    household = _staff_household(actor, household_id)
    region = _village(data["location_code"], "location_code")
    parcel = LandParcel(
        household_id=household.id,
        kind=data["kind"],
        area_mu=data["area_mu"],
        location_code=region.code,
        name=data["name"],
        certificate_number=data["certificate_number"],
        created_by_staff_id=actor.staff_id,
    )
    db.session().add(parcel)
    db.session().flush()
    record(
        "land.parcel_added",
        target_type="land_parcel",
        target_id=parcel.id,
        region_code=region.code,
        detail={"household_id": household.id, "kind": parcel.kind, "area_mu": str(parcel.area_mu)},
        actor=actor,
    )
    return _parcel_view(parcel, {region.code: region.name})


def _staff_parcel(actor: StaffActor, parcel_id: int) -> LandParcel:
    parcel = db.session().scalar(
        select(LandParcel)
        .join(Household, Household.id == LandParcel.household_id)
        .where(LandParcel.id == parcel_id, household_visible(actor, Permission.COLLECTIVE_MANAGE))
        .with_for_update()
    )
    if parcel is None:
        raise ApiError("not_found", "找不到该地块")
    return parcel


def add_agreement(actor: StaffActor, parcel_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A parcel put into shares or transferred to an operator (土地入股、流转)."""
    parcel = _staff_parcel(actor, parcel_id)
    if data["ends_on"] < data["starts_on"]:
        raise ApiError("validation_failed", errors={"ends_on": ["结束日期不能早于开始日期"]})
    attachment_id = data.get("attachment_id")
    if attachment_id is not None:
        attachments.own_unattached(actor, attachment_id, "attachment_id")
    agreement = LandAgreement(
        parcel_id=parcel.id,
        kind=data["kind"],
        counterparty=data["counterparty"].strip(),
        starts_on=data["starts_on"],
        ends_on=data["ends_on"],
        annual_rent_fen=data["annual_rent_fen"],
        attachment_id=attachment_id,
        created_by_staff_id=actor.staff_id,
    )
    db.session().add(agreement)
    db.session().flush()
    record(
        "land.agreement_added",
        target_type="land_parcel",
        target_id=parcel.id,
        region_code=parcel.location_code,
        detail={"agreement_id": agreement.id, "kind": agreement.kind, "annual_rent_fen": agreement.annual_rent_fen},
        actor=actor,
    )
    db.session().refresh(parcel)
    return _parcel_view(parcel, region_names({parcel.location_code}))


def enrol(actor: StaffActor, parcel_id: int, data: dict[str, Any]) -> dict[str, Any]:
    """A parcel taken into reforestation or rocky-desertification work (退耕还林还草、石漠化治理)."""
    parcel = _staff_parcel(actor, parcel_id)
    if data["area_mu"] > parcel.area_mu:
        raise ApiError("validation_failed", errors={"area_mu": [f"不能超过地块面积 {parcel.area_mu} 亩"]})
    if any(p.programme == data["programme"] for p in parcel.programmes):
        raise ApiError("programme_enrolled", "该地块已纳入此项目")
    enrolment = ProgrammeEnrolment(
        parcel_id=parcel.id,
        programme=data["programme"],
        enrolled_on=data["enrolled_on"],
        area_mu=data["area_mu"],
        created_by_staff_id=actor.staff_id,
    )
    db.session().add(enrolment)
    db.session().flush()
    record(
        "land.programme_enrolled",
        target_type="land_parcel",
        target_id=parcel.id,
        region_code=parcel.location_code,
        detail={"programme": enrolment.programme, "area_mu": str(enrolment.area_mu)},
        actor=actor,
    )
    db.session().refresh(parcel)
    return _parcel_view(parcel, region_names({parcel.location_code}))


# --- County rates ------------------------------------------------------------------------------


def _rate_facts(row: SubsidyRate) -> rules.Rate:
    return rules.Rate(row.id, row.county_code, row.fen_per_mu_per_year, row.valid_from, row.valid_to)


def _rate_view(row: SubsidyRate, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": row.id,
        "county_code": row.county_code,
        "county_name": names.get(row.county_code, ""),
        "fen_per_mu_per_year": row.fen_per_mu_per_year,
        "valid_from": row.valid_from,
        "valid_to": row.valid_to,
        "note": row.note,
        "in_force_today": rules.in_force(_rate_facts(row), clock.today()),
    }


def list_rates(actor: StaffActor, args: dict[str, Any]) -> Listing:
    prefixes = actor.prefixes_for(Permission.LAND_SUBSIDY_DECIDE)
    # A township or village grant still reads its own county's rates.
    counties = sorted({prefix[:6] for prefix in prefixes})
    stmt = select(SubsidyRate).where(SubsidyRate.county_code.in_(counties))
    if args.get("county"):
        stmt = stmt.where(SubsidyRate.county_code == args["county"])
    return Listing(stmt, _rate_items)


def _rate_items(rows: list[SubsidyRate]) -> list[dict[str, Any]]:
    names = region_names({row.county_code for row in rows})
    return [_rate_view(row, names) for row in rows]


def set_rate(data: dict[str, Any], *, set_by: StaffActor | None) -> SubsidyRate:
    """Add a county's rate; an open-ended rate in force before it ends the day before it starts.

    The county's region row is locked first, so two rates entered at once are checked one after
    the other and cannot overlap.
    """
    session = db.session()
    county = session.scalar(select(Region).where(Region.code == data["county_code"]).with_for_update())
    if county is None or len(county.code) != 6:
        raise ApiError("validation_failed", errors={"county_code": ["没有这个区县代码"]})
    valid_from, valid_to = data["valid_from"], data.get("valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise ApiError("validation_failed", errors={"valid_to": ["结束日期不能早于开始日期"]})
    existing = list(session.scalars(select(SubsidyRate).where(SubsidyRate.county_code == county.code)))
    plan = rules.plan_rate([_rate_facts(row) for row in existing], valid_from, valid_to)
    if plan.overlaps:
        periods = "、".join(
            f"{clock.day_text(r.valid_from)}至{clock.day_text(r.valid_to) if r.valid_to else '今后'}"
            for r in plan.overlaps
        )
        raise ApiError("subsidy_rate_overlap", f"{county.name}已有补助标准适用于{periods}，期间不能重叠")
    if plan.closes is not None:
        closing = next(row for row in existing if row.id == plan.closes.id)
        closing.valid_to = valid_from - timedelta(days=1)
    rate = SubsidyRate(
        county_code=county.code,
        fen_per_mu_per_year=data["fen_per_mu_per_year"],
        valid_from=valid_from,
        valid_to=valid_to,
        note=data.get("note", ""),
        set_by_staff_id=set_by.staff_id if set_by else None,
    )
    session.add(rate)
    session.flush()
    return rate


def create_rate(actor: StaffActor, data: dict[str, Any]) -> dict[str, Any]:
    if not actor.can(Permission.LAND_SUBSIDY_DECIDE, data["county_code"]):
        raise ApiError("forbidden", f"您不能为 {data['county_code']} 确定补助标准（补助标准由各区县确定）")
    rate = set_rate(data, set_by=actor)
    record(
        "land.subsidy_rate_set",
        target_type="land_rent_subsidy_rate",
        target_id=rate.id,
        region_code=rate.county_code,
        detail={
            "fen_per_mu_per_year": rate.fen_per_mu_per_year,
            "valid_from": rate.valid_from.isoformat(),
            "valid_to": rate.valid_to.isoformat() if rate.valid_to else None,
        },
        actor=actor,
    )
    return _rate_view(rate, region_names({rate.county_code}))


# --- The subsidy: quote and application -------------------------------------------------------


def _quote(household: Household, data: dict[str, Any]) -> rules.Quote:
    problems = rules.lease_problems(
        data["lease_starts_on"], data["lease_ends_on"], data["land_region_code"], household.destination_region_code
    )
    if db.session().get(Region, data["land_region_code"]) is None:
        problems.setdefault("land_region_code", []).append("没有这个村（社区）区划代码")
    if problems:
        raise ApiError("validation_failed", "请按提示修改后再提交", errors=problems)
    county = data["land_region_code"][:6]
    rates = db.session().scalars(select(SubsidyRate).where(SubsidyRate.county_code == county))
    rate = rules.rate_on([_rate_facts(row) for row in rates], data["lease_starts_on"])
    if rate is None:
        name = region_names({county}).get(county, county)
        raise ApiError(
            "subsidy_rate_missing",
            f"{name}尚未确定 {clock.day_text(data['lease_starts_on'])} 适用的土地流转补助标准，请咨询区县农业农村部门",
        )
    months = rules.whole_months(data["lease_starts_on"], data["lease_ends_on"])
    return rules.quote(Decimal(data["area_mu"]), data["annual_rent_fen"], months, rate)


def _quote_view(result: rules.Quote, area_mu: Decimal) -> dict[str, Any]:
    names = region_names({result.rate.county_code})
    return {
        "county_code": result.rate.county_code,
        "county_name": names.get(result.rate.county_code, ""),
        "rate": {
            "id": result.rate.id,
            "fen_per_mu_per_year": result.rate.fen_per_mu_per_year,
            "valid_from": result.rate.valid_from,
            "valid_to": result.rate.valid_to,
        },
        "area_mu": area_mu,
        "months": result.months,
        "annual_subsidy_fen": result.annual_subsidy_fen,
        "total_subsidy_fen": result.total_subsidy_fen,
        "capped_by_rent": result.capped_by_rent,
        "text": result.text(area_mu),
        "clause": rules.CLAUSE,
    }


def quote_for_resident(actor: ResidentActor, args: dict[str, Any]) -> dict[str, Any]:
    """What the subsidy would be, before anything is submitted. Writes nothing."""
    household = bound_member(actor).household
    return _quote_view(_quote(household, args), args["area_mu"])


def submit_for_resident(actor: ResidentActor, data: dict[str, Any]) -> Case:
    member = bound_member(actor)
    result = _quote(member.household, data)
    expected = data.get("expected_total_subsidy_fen")
    if expected is not None and expected != result.total_subsidy_fen:
        raise ApiError(
            "subsidy_quote_changed",
            f"按现行规定补助金额为 {rules.yuan(result.total_subsidy_fen)}，"
            f"与您看到的 {rules.yuan(expected)} 不同，请确认后再提交",
        )
    lease = attachments.own_unattached(actor, data["lease_attachment_id"], "lease_attachment_id")
    case = engine.submit(KIND, member, actor, data.get("comment", ""))
    attachments.link_to_case(actor, [lease.id], case.id)
    db.session().add(
        LandRentSubsidy(
            case_id=case.id,
            land_region_code=data["land_region_code"],
            lessor=data["lessor"].strip(),
            purpose=data["purpose"].strip(),
            area_mu=data["area_mu"],
            annual_rent_fen=data["annual_rent_fen"],
            lease_starts_on=data["lease_starts_on"],
            lease_ends_on=data["lease_ends_on"],
            lease_attachment_id=lease.id,
            rate_id=result.rate.id,
            fen_per_mu_per_year=result.rate.fen_per_mu_per_year,
            months=result.months,
            annual_subsidy_fen=result.annual_subsidy_fen,
            total_subsidy_fen=result.total_subsidy_fen,
        )
    )
    db.session().flush()
    return case


def own_subsidy(actor: ResidentActor, case_id: int) -> Case:
    case = queries.get_case(actor, case_id)
    if case.kind != KIND:
        raise ApiError("not_found", "找不到该补助申请")
    return case
