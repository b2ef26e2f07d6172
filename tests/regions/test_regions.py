from __future__ import annotations

import pytest
from sqlalchemy import select

from service import db
from service.regions.models import Region
from service.regions.rules import level_of, parent_of
from service.regions.service import CHONGQING, load_regions, read_csv, within


def test_all_38_districts_and_counties_of_chongqing_ship_as_data():
    rows = dict(read_csv(CHONGQING))
    counties = {code: name for code, name in rows.items() if len(code) == 6}
    assert len(counties) == 38
    assert counties["500101"] == "万州区"
    assert counties["500230"] == "丰都县"
    assert counties["500243"] == "彭水苗族土家族自治县"


def test_codes_know_their_level_and_parent():
    assert (level_of("50"), parent_of("50")) == ("province", None)
    assert (level_of("500230"), parent_of("500230")) == ("county", "50")
    assert (level_of("500230109"), parent_of("500230109")) == ("township", "500230")
    assert (level_of("500230109201"), parent_of("500230109201")) == ("village", "500230109")
    with pytest.raises(ValueError):
        level_of("5002301")


def test_scope_by_prefix_sees_everything_under_the_county_and_nothing_else(app):
    with app.app_context():
        codes = db.session().scalars(select(Region.code).where(within(Region.code, ["500230"]))).all()
        assert "500230" in codes and "500230109201" in codes
        assert all(code.startswith("500230") for code in codes)
        assert "500242105201" not in codes


def test_scope_with_several_prefixes_and_with_none(app):
    with app.app_context():
        session = db.session()
        both = set(session.scalars(select(Region.code).where(within(Region.code, ["500230109", "500242105"]))))
        assert {"500230109201", "500242105201"} <= both and "500230001" not in both
        assert session.scalars(select(Region.code).where(within(Region.code, []))).all() == []


def test_scope_refuses_a_prefix_that_is_not_a_region_code():
    with pytest.raises(ValueError):
        within(Region.code, ["5002%"])


def test_loading_is_idempotent_and_renames(app):
    with app.app_context():
        session = db.session()
        assert load_regions(session, [("500230109", "三建乡"), ("500230109299", "新村")]) == 1
        assert load_regions(session, [("500230109299", "新村")]) == 0
        assert load_regions(session, [("500230109299", "新建村")]) == 1
        assert session.get(Region, "500230109299").parent_code == "500230109"


def test_loading_a_village_without_its_township_is_refused(app):
    with app.app_context(), pytest.raises(ValueError, match="上级区划"):
        load_regions(db.session(), [("500101999001", "孤村")])


def test_api_lists_districts_then_townships(client):
    counties = client.get("/api/v1/regions").get_json()["items"]
    assert len(counties) == 38
    towns = client.get("/api/v1/regions?parent=500230").get_json()["items"]
    assert {"code": "500230109", "name": "三建乡", "level": "township", "parent_code": "500230"} in towns


def test_api_region_by_code_and_missing(client):
    assert client.get("/api/v1/regions/500243").get_json()["name"] == "彭水苗族土家族自治县"
    assert client.get("/api/v1/regions/500299").status_code == 404
