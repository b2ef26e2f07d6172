"""The delivery worker as it runs in production: several at once on MariaDB, and stopped by
systemd with SIGTERM in the middle of a send."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from service import db
from service.notifications.delivery import Worker
from service.notifications.models import SENT, OutboxMessage
from service.settings import PROJECT_ROOT
from tests.conftest import WECHAT_APP_ID, WECHAT_APP_SECRET
from tests.notifications.conftest import CASE_STATUS_TEMPLATE, outbox_row, queue

ROWS = 40


def test_two_workers_on_mariadb_deliver_each_row_exactly_once(worker, wechat_app, resident, standin):
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("SQLite has no SELECT … FOR UPDATE SKIP LOCKED: run one worker there (see delivery.py)")
    residents = [resident(grants=1, name=f"居民{n}") for n in range(ROWS)]
    for number, someone in enumerate(residents, start=1):
        queue(wechat_app, someone.member_id, case_id=number)
    # Each send takes a moment, so both workers are busy at once and contend for the next row.
    standin.delay_next("subscribe_send", *[0.02] * ROWS)
    apps = [wechat_app, worker(wechat_templates=(("case_status", CASE_STATUS_TEMPLATE),))]
    handled = Counter()
    threads = [threading.Thread(target=lambda a=a: handled.update({a: Worker(a).run(once=True)})) for a in apps]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    cases = Counter(
        received.body["data"]["character_string5"]["value"] for received in standin.received["subscribe_send"]
    )
    assert cases == Counter({str(number): 1 for number in range(1, ROWS + 1)})
    assert all(handled[a] > 0 for a in apps), "both workers should have taken rows"
    with wechat_app.app_context():
        assert db.session().scalar(select(func.count()).where(OutboxMessage.status == SENT)) == ROWS


def test_sigterm_finishes_the_row_in_hand_then_exits_0(settings, wechat_app, resident, standin):
    wang = resident(grants=2)
    first, second = queue(wechat_app, wang.member_id, 41), queue(wechat_app, wang.member_id, 42)
    standin.delay_next("subscribe_send", 3.0)
    env = {
        **os.environ,
        "ANJU_ENV": "test",
        "DATABASE_URL": settings.database_url,
        "WECHAT_APP_ID": WECHAT_APP_ID,
        "WECHAT_APP_SECRET": WECHAT_APP_SECRET,
        "WECHAT_API_BASE": standin.base_url,
        "WECHAT_TEMPLATE_CASE_STATUS": CASE_STATUS_TEMPLATE,
        "ANJU_LOG_LEVEL": "INFO",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "outbox", "run", "--poll", "0.2"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while standin.calls["subscribe_send"] == 0 and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert standin.calls["subscribe_send"] == 1, worker.stderr.read() if worker.poll() is not None else "no send"

        worker.send_signal(signal.SIGTERM)  # mid-send: the stand-in is still holding the answer
        stdout, stderr = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()

    assert worker.returncode == 0, stderr
    assert "1 outbox messages handled" in stdout
    assert outbox_row(wechat_app, first).status == SENT
    assert outbox_row(wechat_app, second).status == "pending" and standin.calls["subscribe_send"] == 1
