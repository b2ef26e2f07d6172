"""Small builders of register data for the accounts tests, through the registry's PII helpers."""

from __future__ import annotations

import itertools
from datetime import date

from stdnum.cn import ric

from service import db
from service.registry import pii as member_pii
from service.registry.models import Household, Member, Site

ORIGIN = "500230109201"  # 丰都县三建乡绿春坝村
DESTINATION = "500230001001"  # 丰都县三合街道东山社区

_serial = itertools.count(100)


def id_number(birth: str = "19560312", region: str = "500230") -> str:
    """A well-formed ID number, different on every call."""
    body = f"{region}{birth}{next(_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


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
