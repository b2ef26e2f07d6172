"""Importing the register through the API: formats, every problem at once, all or nothing, once."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from service import db
from service.audit.models import AuditEvent
from service.registry import pii
from service.registry.models import Household, ImportBatch, Member, Site
from service.registry.rules import COLUMNS, ID_REGISTERED_ELSEWHERE
from service.security.permissions import Role
from tests.factories import keyed, make_household, make_id_number
from tests.registry.conftest import IMPORTS
from tests.registry.files import LABELS, household, row, to_csv, to_xlsx


def count(app, model) -> int:
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model))


def test_template_is_an_xlsx_with_the_chinese_headers(client, importer):
    response = client.get(f"{IMPORTS}/template", headers=importer)
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == LABELS
    assert sheet["D1"].comment.text.startswith("必填")


def test_a_filled_in_template_imports(client, importer, upload, app):
    workbook = load_workbook(io.BytesIO(client.get(f"{IMPORTS}/template", headers=importer).data))
    for r in household("FD-1", "张大山", "张小山"):
        workbook.worksheets[0].append([r[label] for label in LABELS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(buffer.getvalue(), "登记表.xlsx")
    assert response.status_code == 201, response.json
    assert response.json["members_created"] == 2


def test_good_xlsx_creates_households_members_and_sites(upload, app):
    rows = household("FD-1", "张大山", "李秀英", "张小山") + household(
        "FD-2",
        "王五",
        changes={"安置点名称": "", "安置点类型": "分散", "安置住房": "农村住房", "安置地村民小组": "第三组"},
    )
    response = upload(to_xlsx(rows), "register.xlsx")
    assert response.status_code == 201, response.json
    assert response.json | {"id": None, "created_at": None} == {
        "id": None,
        "created_at": None,
        "filename": "register.xlsx",
        "uploaded_by": response.json["uploaded_by"],
        "rows": 4,
        "households_created": 2,
        "households_updated": 0,
        "members_created": 4,
        "members_updated": 0,
        "sites_created": 1,
        "notes": {},
    }
    with app.app_context():
        site = db.session().scalars(select(Site)).one()
        assert (site.name, site.kind, site.households_settled, site.people_settled) == (
            "东山安置点",
            "urban_centralized",
            1,
            3,
        )
        dispersed = db.session().scalars(select(Household).where(Household.household_number == "FD-2")).one()
        assert dispersed.site_id is None and dispersed.housing == "rural_house"
        assert dispersed.destination_group == "3组"


def test_xlsx_date_and_number_cells_are_read_like_text(upload, app):
    from datetime import datetime

    response = upload(to_xlsx([row({"搬迁日期": datetime(2019, 6, 28), "迁出地村代码": 500230109201})]), "r.xlsx")
    assert response.status_code == 201, response.json


def test_csv_in_utf8_with_a_bom(upload, app):
    response = upload(to_csv(household("FD-1", "张大山", "张小山"), "utf-8-sig"))
    assert response.status_code == 201, response.json
    assert count(app, Member) == 2


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_csv_in_gbk_or_plain_utf8_keeps_chinese_names(upload, app, encoding):
    response = upload(to_csv(household("FD-1", "冉光荣", "谭桂芳"), encoding))
    assert response.status_code == 201, response.json
    with app.app_context():
        assert sorted(db.session().scalars(select(Member.name))) == sorted(["冉光荣", "谭桂芳"])


def test_every_problem_is_reported_at_once_and_nothing_is_written(upload, app):
    taken = make_id_number()
    with app.app_context():
        make_household(db.session(), household_number="OLD-1", members=[{"name": "老户主", "id_number": taken}])
        db.session().commit()
    duplicate = make_id_number()
    rows = [
        *household("OK-1", "张大山"),  # line 2: fine, but must not be written either
        row({"户编号": "B-1", "身份证号": "500230197001010010"}),
        row({"户编号": "B-2", "姓名": ""}),
        row({"户编号": "B-3", "养老保险": "已参保"}),
        row({"户编号": "B-4", "搬迁日期": "2019/02/30"}),
        row({"户编号": "B-5", "迁出地村代码": "500230109299"}),
        row({"户编号": "B-6", "安置地村(社区)代码": "500242001001"}),
        row({"户编号": "B-7", "身份证号": duplicate}),
        row({"户编号": "B-8", "身份证号": duplicate}),
        row({"户编号": "B-9", "身份证号": taken}),
    ]
    response = upload(to_csv(rows))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert response.json["code"] == "import_invalid"
    assert response.json["errors"] == {
        "第3行 身份证号": ["身份证号码校验码不对：请检查是否有输错的数字"],
        "第4行 姓名": ["此项必须填写"],
        "第5行 养老保险": ["应为以下之一：未参保、缴费中、领取中"],
        "第6行 搬迁日期": ["不是有效的日期"],
        "第7行 迁出地村代码": ["区划代码不存在"],
        "第8行 安置地村(社区)代码": ["不在您的管辖范围内"],
        "第10行 身份证号": ["与第9行的身份证号重复"],
        "第11行 身份证号": [ID_REGISTERED_ELSEWHERE],
    }
    assert "共发现 8 处问题" in response.json["detail"]
    assert not re.search(r"\d{17}[\dX]", response.get_data(as_text=True)), "problems never echo an ID number"
    assert count(app, Household) == 1  # only OLD-1
    assert count(app, ImportBatch) == 0
    with app.app_context():
        assert db.session().scalars(select(AuditEvent.action)).all() == []


def test_the_same_bytes_twice_import_once(upload, app):
    content = to_csv(household("FD-1", "张大山", "张小山"))
    first = upload(content)
    second = upload(content)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json == first.json
    assert (count(app, Household), count(app, Member), count(app, ImportBatch)) == (1, 2, 1)
    with app.app_context():
        assert db.session().scalars(select(AuditEvent.action)).all() == ["registry.import"]


def test_the_same_bytes_from_another_district_are_refused_not_replayed(upload, staff_headers):
    content = to_csv(household("FD-1", "张大山", "张小山"))
    assert upload(content).status_code == 201
    youyang = staff_headers((Role.CIVIL_AFFAIRS, "500242"))
    response = upload(content, headers=youyang)
    assert response.status_code == 422 and response.json["code"] == "import_invalid"
    assert "uploaded_by" not in response.json


def test_same_household_and_id_updates_the_member(upload, app):
    rows = household("FD-1", "张大山", "张小山")
    assert upload(to_csv(rows)).status_code == 201
    rows[1]["姓名"] = "张晓山"
    rows[1]["手机号"] = "13900001111"
    rows.append(row({"户编号": "FD-1", "与户主关系": "子女", "姓名": "张小妹"}))
    response = upload(to_csv(rows))
    assert response.status_code == 201, response.json
    # Only what changed counts (and is written): the head's row and the household are as before.
    assert (response.json["households_updated"], response.json["members_updated"]) == (0, 1)
    assert response.json["members_created"] == 1
    with app.app_context():
        renamed = db.session().scalars(select(Member).where(Member.name == "张晓山")).one()
        assert pii.phone_of(renamed) == "13900001111"
        assert count(app, Member) == 3


def test_an_importer_cannot_touch_another_districts_households(upload, staff_headers, app):
    youyang = staff_headers((Role.CIVIL_AFFAIRS, "500242"))
    rows = household(
        "YY-1",
        "白正华",
        changes={
            "迁出地村代码": "500242105201",
            "安置地村(社区)代码": "500242001001",
            "安置点名称": "龙潭坝安置点",
            "户籍所在地代码": "500242105201",
        },
    )
    assert upload(to_csv(rows), headers=youyang).status_code == 201
    # 丰都's officer re-uses the number with 丰都 codes: the existing household is out of reach.
    response = upload(to_csv(household("YY-1", "白正华")))
    assert response.status_code == 422
    assert response.json["errors"] == {"第2行 户编号": ["该户编号已由其他地区登记，不能在此导入"]}


def test_a_file_wholly_outside_the_uploaders_area_is_refused(upload, staff_headers):
    township = staff_headers((Role.TOWNSHIP_WORKER, "500230109"))
    response = upload(to_csv(household("FD-1", "张大山")), headers=township)
    assert response.status_code == 422
    assert response.json["errors"] == {"第2行 安置地村(社区)代码": ["不在您的管辖范围内"]}


@pytest.mark.parametrize("filename", ["register.xls", "register.txt", "register"])
def test_other_file_types_are_415(upload, filename):
    response = upload(b"anything", filename)
    assert response.status_code == 415
    assert response.json["code"] == "import_file_type"


def test_a_csv_named_xlsx_is_415(upload):
    assert upload(to_csv([row()]), "register.xlsx").status_code == 415


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (b"", "文件是空的"),
        (b"\n\n", "文件是空的"),
        (",".join(LABELS).encode(), "文件中只有表头，没有数据行"),
    ],
)
def test_empty_files_are_422_with_a_clear_message(upload, content, detail):
    response = upload(content)
    assert response.status_code == 422
    assert (response.json["code"], response.json["detail"]) == ("import_invalid", detail)


def test_missing_header_columns_are_named(upload):
    labels = [c.label for c in COLUMNS if c.label not in ("身份证号", "手机号")]
    response = upload((",".join(labels) + "\n" + ",".join("x" for _ in labels)).encode())
    assert response.status_code == 422
    assert response.json["errors"] == {"表头": ["缺少列：身份证号"]}


def test_a_missing_file_field_is_a_validation_problem(client, importer):
    response = client.post(IMPORTS, data={}, headers=keyed(importer), content_type="multipart/form-data")
    assert response.status_code == 422
    assert "file" in response.json["errors"]


def test_importing_needs_the_import_permission(upload, staff_headers, client):
    organization = staff_headers((Role.ORGANIZATION, "500230"))
    assert upload(to_csv([row()]), headers=organization).status_code == 403
    assert client.get(f"{IMPORTS}/template", headers=organization).status_code == 403
    assert client.get(f"{IMPORTS}/template").status_code == 401


def test_the_import_is_audited_with_counts_only(upload, app):
    rows = household("FD-1", "张大山")
    assert upload(to_csv(rows)).status_code == 201
    with app.app_context():
        event = db.session().scalars(select(AuditEvent)).one()
        assert (event.action, event.target_type, event.actor_type) == ("registry.import", "import_batch", "staff")
        assert event.region_code == "500230001001"
        detail = event.detail
    assert detail == {
        "rows": 1,
        "households_created": 1,
        "households_updated": 0,
        "members_created": 1,
        "members_updated": 0,
        "sites_created": 1,
    }


def test_moving_a_household_to_another_site_updates_both_sites_counts(upload, app):
    rows = household("FD-1", "张大山", "张小山")
    assert upload(to_csv(rows)).status_code == 201
    for r in rows:
        r["安置点名称"] = "宝塔小区安置点"
    response = upload(to_csv(rows))
    assert (response.json["households_updated"], response.json["members_updated"]) == (1, 0)
    assert response.json["sites_created"] == 1
    with app.app_context():
        sites = db.session().execute(select(Site.name, Site.households_settled, Site.people_settled)).all()
    assert sorted(sites) == [("东山安置点", 0, 0), ("宝塔小区安置点", 1, 2)]


def test_an_id_registered_in_another_district_is_reported_without_saying_where(upload, app):
    in_youyang, in_fengdu = make_id_number(), make_id_number()
    with app.app_context():
        make_household(
            db.session(),
            household_number="YY-SECRET-7",
            origin_region_code="500242105201",
            destination_region_code="500242001001",
            members=[{"name": "白正华", "id_number": in_youyang}],
        )
        make_household(
            db.session(), household_number="FD-OTHER-1", members=[{"name": "张老大", "id_number": in_fengdu}]
        )
        db.session().commit()
    rows = [row({"户编号": "FD-1", "身份证号": in_youyang}), row({"户编号": "FD-2", "身份证号": in_fengdu})]
    response = upload(to_csv(rows))
    assert response.status_code == 422
    # The same words whether the other household is in 丰都 (the importer's) or 酉阳 (not).
    assert response.json["errors"] == {
        "第2行 身份证号": [ID_REGISTERED_ELSEWHERE],
        "第3行 身份证号": [ID_REGISTERED_ELSEWHERE],
    }
    body = response.get_data(as_text=True)
    assert not any(hint in body for hint in ("YY-SECRET-7", "500242", "酉阳", "白正华", "FD-OTHER-1"))
