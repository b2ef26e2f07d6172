"""Operators keep deadlines right: next year's holidays as data, promised times per kind."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert, select

from service import clock, db
from service.cases import deadlines
from service.cases.models import CalendarDay, Case, CaseDueCount, CaseKindSetting
from tests.factories import KIND, keyed


def test_a_loaded_schedule_moves_deadlines_in_a_year_the_package_lacks(app, client, people, file_case, tmp_path):
    schedule = tmp_path / "2030.csv"
    # Pretend the State Council gave Mon 7 – Wed 9 Jan 2030 off, with Sat 12 Jan as a make-up day.
    schedule.write_text(
        "date,working,note\n2030-01-07,0,测试\n2030-01-08,0,测试\n2030-01-09,0,测试\n2030-01-12,1,调休\n"
    )
    result = app.test_cli_runner().invoke(args=["cases", "load-calendar", str(schedule)])
    assert result.exit_code == 0, result.output
    clock.set_now(datetime(2030, 1, 3, 10, 0, tzinfo=clock.CHINA))  # Thursday
    case_id = file_case()
    with app.app_context():
        due = db.session().get(Case, case_id).due_at.astimezone(clock.CHINA)
    # Fri 4, Thu 10, Fri 11, Sat 12 (调休), Mon 14.
    assert due.date().isoformat() == "2030-01-14"


def test_the_promised_time_of_a_kind_can_be_changed(app, client, people, file_case):
    result = app.test_cli_runner().invoke(args=["cases", "set-deadline", KIND, "10"])
    assert result.exit_code == 0, result.output
    services = client.get("/api/v1/services").get_json()["items"]
    assert next(s for s in services if s["kind"] == KIND)["promised_working_days"] == 10
    unknown = app.test_cli_runner().invoke(args=["cases", "set-deadline", "no_such_kind", "10"])
    assert unknown.exit_code != 0


def test_housekeeping_drops_empty_due_days_and_the_queue_counts_stay_right(app, client, people, file_case):
    clock.set_now(datetime(2026, 11, 23, 10, 0, tzinfo=clock.CHINA))  # Monday: due Monday 30th
    decided = file_case()
    clock.set_now(datetime(2026, 11, 24, 10, 0, tzinfo=clock.CHINA))  # due Tuesday 1st
    file_case()
    withdrawn = client.post(f"/api/v1/me/cases/{decided}/actions/withdraw", headers=keyed(people.resident), json={})
    assert withdrawn.status_code == 200
    clock.set_now(datetime(2026, 11, 27, 10, 0, tzinfo=clock.CHINA))  # Friday: 3 working days left
    before = client.get("/api/v1/staff/cases", headers=people.township).get_json()["counts"]
    assert before["due_soon"] == 1

    result = app.test_cli_runner().invoke(args=["cases", "tidy-tallies"])

    assert result.exit_code == 0 and "1 empty due-day rows removed" in result.output
    with app.app_context():
        assert [(row.due_on.isoformat(), row.n) for row in db.session().scalars(select(CaseDueCount))] == [
            ("2026-12-01", 1)
        ]
    assert client.get("/api/v1/staff/cases", headers=people.township).get_json()["counts"] == before


def test_a_worker_follows_entries_made_by_another_process_within_a_minute(app, client, people):
    """Workers keep the operators' entries for STALE_AFTER (60 s): a change made elsewhere (the
    command runs in its own process) reaches every deadline computed from then on."""
    start = datetime(2030, 1, 3, 10, 0, tzinfo=clock.CHINA)
    clock.set_now(start)

    def promised() -> int:
        services = client.get("/api/v1/services").get_json()["items"]
        return next(s for s in services if s["kind"] == KIND)["promised_working_days"]

    def holiday_on_7_jan() -> bool:  # a Wednesday, a working day in the State Council's 2026 schedule
        with app.app_context():
            return not deadlines.working_calendar().is_working_day(date(2026, 1, 7))

    before = promised()
    assert not holiday_on_7_jan()
    with app.app_context(), db.engine().begin() as elsewhere:
        elsewhere.execute(insert(CaseKindSetting).values(kind=KIND, deadline_working_days=before + 7))
        elsewhere.execute(insert(CalendarDay).values(day=date(2026, 1, 7), working=False, note="测试"))
    clock.set_now(start + deadlines.STALE_AFTER - timedelta(seconds=1))
    assert (promised(), holiday_on_7_jan()) == (before, False)
    clock.set_now(start + deadlines.STALE_AFTER)
    assert (promised(), holiday_on_7_jan()) == (before + 7, True)
