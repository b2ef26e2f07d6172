"""Small builders of register data for the accounts tests, through the registry's PII helpers."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from service import db
from service.registry import pii as member_pii
from service.registry.models import Household, Member, Site
from tests.factories import DESTINATION, ORIGIN, make_id_number

_serial = itertools.count(100)


def id_number(birth: str = "19560312", region: str = "500230") -> str:
    """A well-formed ID number, different on every call."""
    return make_id_number(region, datetime.strptime(birth, "%Y%m%d").date())


def household(*, site: bool = True) -> Household:
    number = next(_serial)
    row = Household(
        household_number=f"FD-{number}",
        origin_region_code=ORIGIN,
        destination_region_code=DESTINATION,
        site=Site(name=f"东山安置点{number}", kind="urban_centralized", region_code=DESTINATION, address="东山路 8 号")
        if site
        else None,
        relocated_on=date(2019, 6, 1),
        registered_poor=True,
        housing="centralized_site",
    )
    db.session().add(row)
    db.session().flush()
    return row


def member(
    of: Household,
    name: str = "张大山",
    *,
    number: str | None = None,
    phone: str | None = "13812345678",
    relation: str = "head",
) -> Member:
    row = Member(household=of, name=name, relation_to_head=relation, hukou_region_code=ORIGIN)
    member_pii.set_id_number(row, number or id_number())
    member_pii.set_phone(row, phone)
    db.session().add(row)
    db.session().flush()
    return row
