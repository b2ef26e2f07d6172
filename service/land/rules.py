"""Means of production (policy 1.4 生产资料): the land-rent subsidy's computation and the
registers' plain checks.

渝民发〔2020〕10号 1.4: 开发利用好搬迁群众原有承包耕地、林地等资源，引导其采取土地入股等方式流转给
新型经营主体开发经营。将符合条件的搬迁群众原有承包地纳入退耕还林还草、石漠化治理等项目规划实施和
政策支持。鼓励搬迁群众在迁入地流转土地发展特色高效农业产业，……由区县在产业扶贫资金中对土地流转费给予
适当补助，补助标准由各区县确定。同等条件下，已成为迁入地集体经济组织成员的搬迁群众，可优先受让本集体
经济组织进城落户农民自愿有偿转让的土地承包经营权。

Readings taken here:
- "补助标准由各区县确定": each county sets a rate in fen per mu per year, valid over a period;
  a county's periods never overlap, so on any day at most one rate is in force.
- The rate that applies is the one in force on the lease's first day, kept with the
  application: a later change of rate changes neither the amount shown nor the one decided.
- "对土地流转费给予适当补助": a subsidy of the rent, so it never exceeds the rent paid — the
  yearly subsidy is area × rate, capped at the yearly rent.
- The subsidy runs over the lease's whole months (a part month at the end does not count),
  one twelfth of the yearly amount each; amounts are rounded half up to the fen once, at the
  end, from exact decimals.
- The land lies at the destination ("在迁入地"): a village of the household's destination
  county, whose rate applies.

Plain facts in, decisions with Chinese reasons out; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from service.clock import day_text

CLAUSE = "1.4"
_FEN = Decimal(1)


class ParcelKind(StrEnum):
    FARMLAND = "farmland"
    FOREST = "forest"


PARCEL_LABELS = {ParcelKind.FARMLAND: "承包耕地", ParcelKind.FOREST: "林地"}


class AgreementKind(StrEnum):
    SHARES = "shares"
    TRANSFER = "transfer"


AGREEMENT_LABELS = {AgreementKind.SHARES: "土地入股", AgreementKind.TRANSFER: "土地流转"}


class Programme(StrEnum):
    REFORESTATION = "reforestation"
    ROCKY_DESERTIFICATION = "rocky_desertification"


PROGRAMME_LABELS = {Programme.REFORESTATION: "退耕还林还草", Programme.ROCKY_DESERTIFICATION: "石漠化治理"}


def yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:.2f} 元"


# --- Rates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    id: int
    county_code: str
    fen_per_mu_per_year: int
    valid_from: date
    valid_to: date | None  # included; None: open-ended


def in_force(rate: Rate, day: date) -> bool:
    return rate.valid_from <= day and (rate.valid_to is None or day <= rate.valid_to)


def rate_on(rates: Iterable[Rate], day: date) -> Rate | None:
    return next((rate for rate in rates if in_force(rate, day)), None)


@dataclass(frozen=True)
class RatePlan:
    """What adding a rate does: the open-ended rate it ends (the day before it starts), or why not."""

    closes: Rate | None
    overlaps: list[Rate]


def plan_rate(existing: Iterable[Rate], valid_from: date, valid_to: date | None) -> RatePlan:
    """A new rate may follow an open-ended one, which then ends the day before; it may not
    overlap any other period of the county."""
    closes = None
    overlaps = []
    for rate in existing:
        if rate.valid_to is None and rate.valid_from < valid_from:
            closes = rate
            continue
        ends = rate.valid_to or date.max
        if rate.valid_from <= (valid_to or date.max) and valid_from <= ends:
            overlaps.append(rate)
    return RatePlan(closes, overlaps)


# --- The subsidy ---------------------------------------------------------------------------


def whole_months(starts_on: date, ends_on: date) -> int:
    """Whole months from the first day to the last day included: 1 Mar – 28 Feb is 12."""
    after = ends_on + timedelta(days=1)
    months = (after.year - starts_on.year) * 12 + (after.month - starts_on.month)
    if after.day < starts_on.day:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class Quote:
    rate: Rate
    months: int
    annual_subsidy_fen: int
    total_subsidy_fen: int
    # True when the rent, not the rate, limits the subsidy.
    capped_by_rent: bool

    def text(self, area_mu: Decimal) -> str:
        base = (
            f"按{day_text(self.rate.valid_from)}起执行的补助标准每亩每年 {yuan(self.rate.fen_per_mu_per_year)}，"
            f"{area_mu} 亩"
        )
        if self.capped_by_rent:
            base += "（补助不超过实际流转费）"
        yearly, total = yuan(self.annual_subsidy_fen), yuan(self.total_subsidy_fen)
        return f"{base}，每年补助 {yearly}，租期 {self.months} 个整月，共 {total}"


def _round(amount: Decimal) -> int:
    return int(amount.quantize(_FEN, rounding=ROUND_HALF_UP))


def quote(area_mu: Decimal, annual_rent_fen: int, months: int, rate: Rate) -> Quote:
    by_rate = area_mu * rate.fen_per_mu_per_year
    yearly = min(by_rate, Decimal(annual_rent_fen))
    return Quote(
        rate=rate,
        months=months,
        annual_subsidy_fen=_round(yearly),
        total_subsidy_fen=_round(yearly * months / 12),
        capped_by_rent=annual_rent_fen < by_rate,
    )


def lease_problems(
    starts_on: date, ends_on: date, land_region_code: str, destination_region_code: str
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if ends_on < starts_on:
        problems["lease_ends_on"] = ["租期结束日期不能早于开始日期"]
    elif whole_months(starts_on, ends_on) < 1:
        problems["lease_ends_on"] = ["租期不足一个整月，没有可以补助的月份"]
    if land_region_code[:6] != destination_region_code[:6]:
        problems["land_region_code"] = ["流转的土地应在安置地所在区县（政策 1.4：在迁入地流转土地）"]
    return problems
