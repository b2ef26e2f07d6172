"""The demo world pairs the register's 建档立卡 households with cadres, built once (policy 2.5)."""

from __future__ import annotations

from sqlalchemy import select

from service import db
from service.demo import seed
from service.pairing.models import Pairing, PairingDeed, PairingVisit
from service.registry.models import Household


def test_seed_pairs_poor_households_leaving_one_for_the_worklist(app):
    with app.app_context():
        session = db.session()
        assert "pairing: 6 households paired" in seed(session)
        assert "pairing: already created" in seed(session)
        current = session.scalars(select(Pairing.household_id).where(Pairing.open_household_id.is_not(None))).all()
        ended = session.scalars(select(Pairing.id).where(Pairing.ends_on.is_not(None))).all()
        assert (len(current), len(ended)) == (6, 1)
        unpaired = session.scalars(
            select(Household.household_number).where(
                Household.registered_poor.is_(True),
                Household.id.not_in(current),
                Household.household_number.like("FD-%"),
            )
        ).all()
        assert unpaired == ["FD-2018-005"]
        assert len(session.scalars(select(PairingVisit.id)).all()) == 6
        assert len(session.scalars(select(PairingDeed.id)).all()) == 6
        session.rollback()
