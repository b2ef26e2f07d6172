"""The demo world holds social-assistance transfers in every stage — notices inside 丰都, letters
from 酉阳 — and a member with a month unpaid on 丰都's lapse worklist, built once (policy 1.7)."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.assistance.models import AssistanceRecord, AssistanceTransfer
from service.assistance.service import lapses
from service.cases.models import Case
from service.demo import seed
from service.notices.models import Notice
from service.notices.rules import TRANSFER_PAPERS
from service.registry.models import Member
from service.staff.models import StaffAccount, actor_of


def _member(session, name: str) -> Member:
    return session.scalar(select(Member).where(Member.name == name))


def test_seed_builds_transfers_in_every_stage_and_a_lapse_once(app):
    with app.app_context():
        session = db.session()
        assert "assistance: 8 listed" in seed(session)
        assert "assistance: already created" in seed(session)
        rows = session.execute(
            select(Case.status, AssistanceTransfer.document_kind)
            .join(AssistanceTransfer, AssistanceTransfer.case_id == Case.id)
            .order_by(Case.id)
        ).all()
        assert rows == [
            ("withdrawn", "notice"),
            ("refused", "notice"),
            ("completed", "notice"),
            ("rejected", "notice"),
            ("approved", "notice"),
            ("completed", "letter"),
            ("approved", "letter"),
            ("accepted", "letter"),
        ]
        transfer_papers = select(Notice.number).where(Notice.kind.in_(TRANSFER_PAPERS)).order_by(Notice.id)
        numbers = session.scalars(transfer_papers).all()
        assert [n[:5] for n in numbers] == ["丰民救转〔", "丰民救转〔", "酉民救函〔", "酉民救函〔"]
        assert [n[-2:] for n in numbers] == ["1号", "2号", "1号", "2号"]
        taken_over = session.get(AssistanceRecord, _member(session, "石永康").id)
        assert (taken_over.paying_county_code, taken_over.paying_township_code) == ("500230", "500230001")
        bureau = actor_of(session.scalar(select(StaffAccount).where(StaffAccount.username == "demo.fd.minzheng")))
        listing = lapses(bureau)
        worklist = session.scalars(listing.stmt).all()
        assert [r.member_id for r in worklist] == [_member(session, "冉光荣").id]
        assert len(listing.items(worklist)[0]["missing_months"]) == 1
        session.rollback()
