"""Operators keep deadlines right: next year's holidays as data, promised times per kind."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert

from service import clock, db
from service.cases.deadlines import CALENDAR_STALENESS, working_calendar
from service.cases.models import CalendarDay, Case
from tests.factories import KIND


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


def test_another_process_s_calendar_entry_counts_here_within_a_minute(app):
    """Workers keep the calendar per process (deadlines.CALENDAR_STALENESS): an entry loaded by
    the operator's command, a separate process, moves this worker's deadlines a minute later
    at most."""
    monday = date(2026, 12, 7)
    start = datetime(2026, 12, 2, 9, 0, tzinfo=clock.CHINA)
    with app.app_context():
        clock.set_now(start)
        assert working_calendar().is_working_day(monday)
        with db.engine().begin() as other_process:
            other_process.execute(insert(CalendarDay).values(day=monday, working=False, note="测试"))

        clock.set_now(start + CALENDAR_STALENESS)
        assert working_calendar().is_working_day(monday), "read again before its minute was up"
        clock.set_now(start + CALENDAR_STALENESS + timedelta(seconds=1))
        assert not working_calendar().is_working_day(monday)
