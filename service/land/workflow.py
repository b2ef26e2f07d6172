"""The land-rent subsidy (policy 1.4) as a case kind: agriculture & rural affairs of the
destination county decides, through the case engine's shared staff endpoints; the common
transitions (受理、补正、批准、办结、撤回 …) apply unchanged."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select

from service import db
from service.cases.models import Case
from service.cases.workflow import Stage, Workflow, register
from service.land.models import LandRentSubsidy
from service.land.rules import CLAUSE, yuan
from service.regions.models import Region
from service.registry.models import Household
from service.security.permissions import Role

KIND = "land_rent_subsidy"


def _destination_county(household: Household) -> str:
    return household.destination_region_code[:6]


# The subsidy as a view shows it, with the land's village name, in one statement built once.
_VIEW = (
    select(*LandRentSubsidy.__table__.c, Region.name.label("land_region_name"))
    .join(Region, Region.code == LandRentSubsidy.land_region_code)
    .where(LandRentSubsidy.case_id == bindparam("case_id"))
)


def details(case: Case) -> dict[str, Any]:
    subsidy = db.session().execute(_VIEW, {"case_id": case.id}).one()
    return {
        "land_region_code": subsidy.land_region_code,
        "land_region_name": subsidy.land_region_name,
        "lessor": subsidy.lessor,
        "purpose": subsidy.purpose,
        "area_mu": subsidy.area_mu,
        "annual_rent_fen": subsidy.annual_rent_fen,
        "lease_starts_on": subsidy.lease_starts_on,
        "lease_ends_on": subsidy.lease_ends_on,
        "lease_attachment_id": str(subsidy.lease_attachment_id),
        "rate_id": str(subsidy.rate_id),
        "fen_per_mu_per_year": subsidy.fen_per_mu_per_year,
        "months": subsidy.months,
        "annual_subsidy_fen": subsidy.annual_subsidy_fen,
        "total_subsidy_fen": subsidy.total_subsidy_fen,
        "total_subsidy_text": yuan(subsidy.total_subsidy_fen),
    }


LAND_RENT_SUBSIDY = register(
    Workflow(
        kind=KIND,
        title="土地流转费补助",
        paper_mark="地",
        clause=CLAUSE,
        stages=(Stage(Role.AGRICULTURE_RURAL, _destination_county, office="安置地区县农业农村部门"),),
        # No statute sets a time for this subsidy; 20 working days, as for most county decisions.
        deadline_working_days=20,
        conditions=(
            "易地扶贫搬迁群众在安置地所在区县流转土地，发展特色高效农业产业",
            "补助标准由各区县确定，按租期开始之日有效的标准计算，提交前即可查看补助金额",
            "补助不超过实际支付的土地流转费",
        ),
        materials=("土地流转（租赁）合同", "流转费支付凭证（如有）"),
        details=details,
    )
)
