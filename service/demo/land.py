"""Demo means of production (policy 1.4): county rates, parcels with their agreements and
programmes, and land-rent subsidy cases in each stage. Idempotent; built through the service
functions the API uses and the case engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from service.attachments import service as attachments
from service.cases import engine
from service.cases.models import Case
from service.demo import people
from service.land import service
from service.land.models import LandParcel, SubsidyRate
from service.land.workflow import KIND
from service.registry.models import Household
from service.security.permissions import Role

AGRICULTURE = (
    ("demo.fd.nongye", "丰都县农业农村委（演示）", Role.AGRICULTURE_RURAL, "500230"),
    ("demo.yy.nongye", "酉阳县农业农村委（演示）", Role.AGRICULTURE_RURAL, "500242"),
)
KEEPER = ("demo.fd.lvchunba", "绿春坝村工作人员（演示）", Role.COMMUNITY_WORKER, "500230109201")
# 补助标准由各区县确定: 丰都 raised its rate in 2026; 酉阳 has one rate.
RATES = (
    ("500230", 15000, date(2024, 1, 1), "丰都县土地流转补助（演示）"),
    ("500230", 20000, date(2026, 1, 1), "丰都县土地流转补助调整（演示）"),
    ("500242", 30000, date(2024, 1, 1), "酉阳县土地流转补助（演示）"),
)
SUBSIDIES = (
    # household, person, login, land village, mu, yearly rent (fen), lease, steps by the county
    ("FD-2018-004", "秦大勇", "qindayong", "500230109203", "4.50", 180000, (date(2026, 3, 1), date(2029, 2, 28)), ()),
    (
        "FD-2019-001",
        "陈德明",
        "chendeming",
        "500230109202",
        "2.00",
        60000,
        (date(2025, 10, 1), date(2027, 9, 30)),
        ("accept",),
    ),
    (
        "YY-2019-001",
        "白正华",
        "baizhenghua",
        "500242105202",
        "6.00",
        240000,
        (date(2026, 2, 1), date(2031, 1, 31)),
        ("accept", "approve", "complete"),
    ),
    (
        "YY-2019-002",
        "冉茂林",
        "ranmaolin",
        "500242105202",
        "3.00",
        90000,
        (date(2026, 4, 1), date(2028, 3, 31)),
        ("accept", "reject"),
    ),
)


LABEL = "land"


def seed(session: Session) -> str:
    rates = _rates(session)
    parcels = _parcels(session)
    agriculture = {grant[3]: people.staff(session, *grant) for grant in AGRICULTURE}
    created = 0
    for household_number, name, login, land, mu, rent, (starts_on, ends_on), steps in SUBSIDIES:
        person = people.member(session, household_number, name)
        if session.scalar(select(Case.id).where(Case.kind == KIND, Case.applicant_member_id == person.id)):
            continue
        resident = people.resident(session, person, login)
        contract = attachments.upload(resident, f"%PDF-1.4\n% 土地流转合同（演示） {name}\n".encode(), "流转合同.pdf")
        case = service.submit_for_resident(
            resident,
            {
                "land_region_code": land,
                "area_mu": Decimal(mu),
                "annual_rent_fen": rent,
                "lease_starts_on": starts_on,
                "lease_ends_on": ends_on,
                "lessor": "村股份经济合作社",
                "purpose": "种植青花椒",
                "lease_attachment_id": contract.id,
            },
        )
        for action in steps:
            reason = "流转合同出租方与土地承包经营权人不一致，请补签后重新申请" if action == "reject" else ""
            engine.act(case, action, agriculture[case.region_code], case.version, engine.ActionInput(reason=reason))
        created += 1
    if not (rates or parcels or created):
        return "already created"
    return f"{rates} rates, {parcels} parcels, {created} subsidy cases created"


def _rates(session: Session) -> int:
    added = 0
    for county, fen, valid_from, note in RATES:
        exists = session.scalar(
            select(SubsidyRate.id).where(SubsidyRate.county_code == county, SubsidyRate.valid_from == valid_from)
        )
        if exists is None:
            service.set_rate(
                {"county_code": county, "fen_per_mu_per_year": fen, "valid_from": valid_from, "note": note}, set_by=None
            )
            added += 1
    return added


def _parcels(session: Session) -> int:
    """陈德明's family keeps its land in 绿春坝村: farmland in a co-operative, forest in 退耕还林."""
    household = session.scalar(select(Household).where(Household.household_number == "FD-2019-001"))
    if session.scalar(select(LandParcel.id).where(LandParcel.household_id == household.id)):
        return 0
    keeper = people.staff(session, *KEEPER)
    farmland = service.add_parcel(
        keeper,
        household.id,
        {
            "kind": "farmland",
            "area_mu": Decimal("2.40"),
            "location_code": "500230109201",
            "name": "屋后坡地",
            "certificate_number": "500230109201-0031",
        },
    )
    service.add_agreement(
        keeper,
        farmland["id"],
        {
            "kind": "shares",
            "counterparty": "丰都县绿春坝脆李专业合作社",
            "starts_on": date(2020, 1, 1),
            "ends_on": date(2029, 12, 31),
            "annual_rent_fen": 48000,
        },
    )
    forest = service.add_parcel(
        keeper,
        household.id,
        {
            "kind": "forest",
            "area_mu": Decimal("5.00"),
            "location_code": "500230109201",
            "name": "大湾林地",
            "certificate_number": "",
        },
    )
    service.enrol(
        keeper,
        forest["id"],
        {"programme": "reforestation", "enrolled_on": date(2020, 3, 1), "area_mu": Decimal("5.00")},
    )
    return 2
