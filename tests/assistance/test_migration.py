"""The transfer papers issued before they became notices come over whole (revision c60cff9d8ec5):
down to the old table and up again, each is the same notice — number, words, hash — and the
bureau's series goes on from where it was."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import select

from service import clock, db, migrations
from service.notices.models import Notice, NumberSeries
from service.notices.rules import TRANSFER_PAPERS, content_sha256
from tests.assistance.conftest import World
from tests.assistance.test_api import act, apply

BEFORE = "932511dedede"


def _papers() -> list[tuple]:
    session = db.session()
    rows = session.scalars(select(Notice).where(Notice.kind.in_(TRANSFER_PAPERS)).order_by(Notice.number)).all()
    found = [
        (
            n.case_id,
            n.kind,
            n.series,
            n.year,
            n.sequence,
            n.number,
            n.issued_at.astimezone(clock.CHINA).date(),
            n.content,
            n.content_sha256,
        )
        for n in rows
    ]
    session.close()
    return found


def _issue(client, world: World, person, township: str, bureau: str, action: str) -> dict:
    case = apply(client, person.resident, person.member_id).get_json()
    case = act(client, world.staff[township], case, "report")[1]
    return act(client, world.staff[bureau], case, action)[1]


def test_transfer_papers_survive_the_move_between_tables_both_ways(app, client, world: World):
    _issue(client, world, world.fengdu, "sanjian_township", "fengdu_bureau", "issue_notice")
    _issue(client, world, world.youyang, "chetian_township", "youyang_bureau", "issue_letter")
    with app.app_context():
        issued = _papers()
        assert [p[5] for p in issued] == ["丰民救转〔2026〕1号", "酉民救函〔2026〕1号"]
        assert all(content_sha256(p[7]) == p[8] for p in issued)
        try:
            with db.engine().begin() as connection:
                migrations.downgrade(connection, BEFORE)
            with db.engine().connect() as connection:
                old = connection.execute(
                    sa.text(
                        "SELECT kind, issuing_county_code, sequence, number, addressee"
                        " FROM assistance_transfer_documents ORDER BY number"
                    )
                ).all()
                assert [tuple(r) for r in old] == [
                    ("notice", "500230", 1, "丰民救转〔2026〕1号", "三合街道"),
                    ("letter", "500242", 1, "酉民救函〔2026〕1号", "丰都县民政局"),
                ]
                keys = (
                    connection.execute(
                        sa.text("SELECT series FROM number_series WHERE series LIKE 'assistance:%' ORDER BY series")
                    )
                    .scalars()
                    .all()
                )
                assert keys == ["assistance:500230:notice", "assistance:500242:letter"]
                assert (
                    connection.execute(sa.text("SELECT COUNT(*) FROM notices WHERE kind LIKE 'transfer%'")).scalar()
                    == 0
                )
        finally:
            with db.engine().begin() as connection:
                migrations.upgrade(connection)
        # The same papers, word for word and hash for hash (the migration's frozen template is the renderer's).
        assert [p[1:] for p in _papers()] == [p[1:] for p in issued]
        counters = db.session().scalars(select(NumberSeries.series).where(NumberSeries.series.like("%transfer%"))).all()
        assert sorted(counters) == [
            "500230:civil_affairs:救:transfer_notice",
            "500242:civil_affairs:救:transfer_letter",
        ]
        db.session().close()
