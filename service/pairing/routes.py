"""Pairing cadre endpoints (policy 2.5 结对帮扶): townships and poverty alleviation assign each
建档立卡 household its one cadre and follow the worklists; the cadre records visits and 实事 for
the households paired with them; the household sees its cadre and what was done."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint
from service.http import KeysetArgs
from service.pairing import service
from service.pairing.schemas import (
    MyPairedHouseholdsRead,
    MyPairingCadreRead,
    PairingCreate,
    PairingDeedCreate,
    PairingDeedRead,
    PairingHouseholdRead,
    PairingRead,
    PairingVisitCreate,
    PairingVisitRead,
    PairingWorklistArgs,
    PairingWorklistRead,
)
from service.registry.models import Household
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint("pairing", __name__, url_prefix="/api/v1", description="结对帮扶 Pairing cadres (policy 2.5)")


@blp.route("/me/pairing-cadre")
class MyCadre(MethodView):
    @blp.doc(operationId="getMyPairingCadre")
    @blp.resident
    @blp.response(200, MyPairingCadreRead)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    def get(self):
        """我家的结对帮扶干部 Your household's cadre, their office phone, and the 实事 done for you

        Only 建档立卡 households get a cadre (policy 2.5); others are told so in `message`.
        """
        return service.for_resident(current_actor())


@blp.route("/staff/pairing/households/<int:household_id>")
class PairedHousehold(MethodView):
    @blp.doc(operationId="getPairedHousehold")
    @blp.staff(Permission.PAIRING_MANAGE)
    @blp.response(200, PairingHouseholdRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, household_id):
        """一户的结对帮扶情况 The household's cadres over time, visits and 实事, newest first"""
        return service.household_view(current_actor(), household_id)


@blp.route("/staff/pairing/households/<int:household_id>/pairings")
class Pairings(MethodView):
    @blp.doc(operationId="assignPairingCadre")
    @blp.staff(Permission.PAIRING_MANAGE)
    @blp.idempotent
    @blp.arguments(PairingCreate)
    @blp.response(201, PairingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`pairing_changed`")
    @blp.alt_response(
        422, response="UNPROCESSABLE_ENTITY", description="`pairing_not_poor`, `pairing_cadre_invalid` or field errors"
    )
    def post(self, data, household_id):
        """安排或更换结对帮扶干部 Pair a cadre with a 建档立卡 household (policy 2.5)

        Exactly one current cadre per household, held by the database: a new one ends the
        current pairing the day before `starts_on`. The cadre is a staff account with the
        pairing_cadre role in the household's area. Audited.
        """
        return service.assign(current_actor(), household_id, data), 201


@blp.route("/staff/pairing/worklist")
class Worklist(MethodView):
    @blp.doc(operationId="listPairingWorklist")
    @blp.staff(Permission.PAIRING_MANAGE)
    @blp.arguments(PairingWorklistArgs, location="query")
    @blp.response(200, PairingWorklistRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.keyset(Household.id, newest_first=False)
    def get(self, args):
        """结对帮扶工作清单 建档立卡 households of an area missing what policy 2.5 asks

        `no_cadre` 未落实结对帮扶干部; `not_visited` no visit in the last `visit_days` days;
        `no_deeds` no 实事 since 1 January. An area outside yours answers 404.
        """
        return service.worklist(current_actor(), args)


@blp.route("/staff/pairing/my-households")
class MyHouseholds(MethodView):
    @blp.doc(operationId="listMyPairedHouseholds")
    @blp.staff(Permission.PAIRING_VISIT)
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, MyPairedHouseholdsRead)
    @blp.keyset(Household.id, newest_first=False)
    def get(self, _args):
        """我结对的户 The households currently paired with you, with last visit and 实事 this year"""
        return service.my_households(current_actor())


@blp.route("/staff/pairing/households/<int:household_id>/visits")
class Visits(MethodView):
    @blp.doc(operationId="recordPairingVisit")
    @blp.staff(Permission.PAIRING_VISIT)
    @blp.idempotent
    @blp.arguments(PairingVisitCreate)
    @blp.response(201, PairingVisitRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, household_id):
        """记录走访 Record a visit to a household paired with you; audited"""
        return service.record_visit(current_actor(), household_id, data), 201


@blp.route("/staff/pairing/households/<int:household_id>/deeds")
class Deeds(MethodView):
    @blp.doc(operationId="recordPairingDeed")
    @blp.staff(Permission.PAIRING_VISIT)
    @blp.idempotent
    @blp.arguments(PairingDeedCreate)
    @blp.response(201, PairingDeedRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, household_id):
        """记录办的实事 Record a practical thing done for a household paired with you; audited"""
        return service.record_deed(current_actor(), household_id, data), 201
