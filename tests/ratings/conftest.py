"""The engine's two-office test kind and its people (tests/cases/conftest.py), and a case of it
refused by the township, ready to be rated."""

from __future__ import annotations

from datetime import datetime

import pytest

from service import clock, db
from service.cases import engine
from service.cases.models import Case
from service.staff.models import StaffAccount, actor_of
from tests.cases.conftest import file_case, people

__all__ = ["file_case", "people"]

# A Monday two days before the National Day holiday (1–7 October 2026, 10 October worked).
BEFORE_NATIONAL_DAY = datetime(2026, 9, 28, 10, tzinfo=clock.CHINA)


@pytest.fixture
def refused_case(app, people, file_case):
    """The resident's case, refused by the township (the office rated): its id."""
    clock.set_now(BEFORE_NATIONAL_DAY)
    case_id = file_case()
    with app.app_context():
        case = db.session().get(Case, case_id)
        township = actor_of(db.session().get(StaffAccount, people.township_id))
        engine.act(case, "refuse", township, case.version, engine.ActionInput(reason="不属于本乡镇受理范围"))
        db.session().commit()
    return case_id
