"""PIPL: logs never carry an ID number or a phone, whatever the request did with them."""

from __future__ import annotations

import logging

import pytest

from service import db
from service.observability import JsonFormatter
from service.security.permissions import Role
from tests.accounts.support import bearer as resident_bearer
from tests.accounts.support import login
from tests.factories import bearer, keyed, make_household, make_id_number, make_staff, staff_token

ID_NUMBER = make_id_number("500230")
PHONE = "13812345678"


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []
        self.formatter = JsonFormatter()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def every_log_line():
    collector = Collect()
    loggers = [logging.getLogger(), logging.getLogger("anju"), logging.getLogger("httpx")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(collector)
        logger.setLevel(logging.DEBUG)
    yield collector.lines
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(collector)
        logger.setLevel(level)


def test_binding_searching_and_revealing_leave_no_number_in_the_logs(app, client, every_log_line):
    with app.app_context():
        household = make_household(db.session(), members=[{"name": "张大山", "id_number": ID_NUMBER, "phone": PHONE}])
        staff = make_staff(db.session(), [(Role.CIVIL_AFFAIRS, "500230")])
        token = staff_token(app, staff)
        member_id = household.members[0].id
        db.session().commit()
    tokens = login(client, "privacy")
    wrong = client.post(
        "/api/v1/me/identity", headers=keyed(resident_bearer(tokens)), json={"name": "李四", "id_number": ID_NUMBER}
    )
    assert wrong.status_code == 422
    bound = client.post(
        "/api/v1/me/identity", headers=keyed(resident_bearer(tokens)), json={"name": "张大山", "id_number": ID_NUMBER}
    )
    assert bound.status_code == 200
    found = client.get(f"/api/v1/staff/households?id_number={ID_NUMBER}", headers=bearer(token))
    assert found.status_code == 200 and len(found.get_json()["items"]) == 1
    revealed = client.post(
        f"/api/v1/staff/members/{member_id}/reveal", headers=bearer(token), json={"reason": "核对身份"}
    )
    assert revealed.get_json()["id_number"] == ID_NUMBER

    assert every_log_line, "the requests should have been logged"
    text = "\n".join(every_log_line)
    assert ID_NUMBER not in text and ID_NUMBER[:-1] not in text and PHONE not in text
