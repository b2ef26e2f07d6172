"""Means-of-production endpoints (policy 1.4). The subsidy's decision goes through the shared
case endpoints (`/api/v1/staff/cases?kind=land_rent_subsidy`, `…/actions/{action}` with
If-Match), by agriculture & rural affairs of the destination county."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint, links_to_reads
from service.cases import present
from service.http import KeysetArgs
from service.land import service
from service.land.models import LandParcel, SubsidyRate
from service.land.schemas import (
    AgreementCreate,
    ParcelCreate,
    ParcelList,
    ParcelRead,
    ProgrammeCreate,
    QuoteArgs,
    QuoteRead,
    RateCreate,
    RateList,
    RateQueryArgs,
    RateRead,
    SubsidyCreate,
    SubsidyRead,
)
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "land", __name__, url_prefix="/api/v1", description="生产资料 Land and the land-rent subsidy (policy 1.4)"
)


@blp.route("/me/land-parcels")
class MyParcels(MethodView):
    @blp.doc(operationId="listMyLandParcels")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, ParcelList)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    @blp.keyset(LandParcel.id, newest_first=False)
    def get(self, args):
        """我家的承包地、林地 The household's original contracted parcels, their agreements and programmes"""
        return service.parcels_for_resident(current_actor())


@blp.route("/land-rent-subsidies/quote")
class SubsidyQuote(MethodView):
    @blp.doc(operationId="quoteLandRentSubsidy")
    @blp.resident
    @blp.arguments(QuoteArgs, location="query")
    @blp.response(200, QuoteRead)
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`subsidy_rate_missing` or field errors")
    def get(self, args):
        """补助试算 The land-rent subsidy for a lease, before submitting anything

        Computed from the rate the county of the land set that is in force on the lease's
        first day (fen per mu per year): area × rate a year, at most the yearly rent, over the
        lease's whole months. No rate in force then: 422 `subsidy_rate_missing`.
        """
        return service.quote_for_resident(current_actor(), args)


@blp.route("/land-rent-subsidies")
class Subsidies(MethodView):
    @blp.doc(operationId="applyForLandRentSubsidy", **links_to_reads("case_id", "getMyCase", "getLandRentSubsidy"))
    @blp.resident
    @blp.idempotent
    @blp.arguments(SubsidyCreate)
    @blp.response(201, SubsidyRead)
    @blp.alt_response(409, response="CONFLICT", description="`subsidy_quote_changed`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`subsidy_rate_missing` or field errors")
    def post(self, data):
        """申请土地流转费补助 Apply for the land-rent subsidy (policy 1.4)

        The lease contract (`lease_attachment_id`) is required. The amount is the quote's, kept
        with the case; send `expected_total_subsidy_fen` to be sure it is the one you saw.
        Agriculture & rural affairs of the destination county decides.
        """
        return present.case_response(service.submit_for_resident(current_actor(), data), 201)


@blp.route("/land-rent-subsidies/<int:case_id>")
class Subsidy(MethodView):
    @blp.doc(operationId="getLandRentSubsidy")
    @blp.resident
    @blp.response(200, SubsidyRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """补助办件 One own subsidy case: status, timeline and the amount"""
        return present.case_response(service.own_subsidy(current_actor(), case_id), 200)


@blp.route("/staff/households/<int:household_id>/land-parcels")
class StaffParcels(MethodView):
    @blp.doc(operationId="listHouseholdLandParcels")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, ParcelList)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.keyset(LandParcel.id, newest_first=False)
    def get(self, args, household_id):
        """承包地登记 A household's original contracted parcels, agreements and programmes"""
        return service.parcels_for_staff(current_actor(), household_id)

    @blp.doc(operationId="createLandParcel")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.idempotent
    @blp.arguments(ParcelCreate)
    @blp.response(201, ParcelRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, household_id):
        """登记地块 Record one of the household's original contracted farmland or forest parcels; audited"""
        return service.add_parcel(current_actor(), household_id, data), 201


@blp.route("/staff/land-parcels/<int:parcel_id>/agreements")
class StaffAgreements(MethodView):
    @blp.doc(operationId="createLandAgreement")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.idempotent
    @blp.arguments(AgreementCreate)
    @blp.response(201, ParcelRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def post(self, data, parcel_id):
        """入股、流转 Record the parcel put into shares or transferred to an operator; audited

        Counterparty, term and the yearly rent (or guaranteed dividend) in fen.
        """
        return service.add_agreement(current_actor(), parcel_id, data), 201


@blp.route("/staff/land-parcels/<int:parcel_id>/programmes")
class StaffProgrammes(MethodView):
    @blp.doc(operationId="createLandProgramme")
    @blp.staff(Permission.COLLECTIVE_MANAGE)
    @blp.idempotent
    @blp.arguments(ProgrammeCreate)
    @blp.response(201, ParcelRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`programme_enrolled`")
    def post(self, data, parcel_id):
        """纳入项目 Record the parcel taken into reforestation or rocky-desertification work; audited"""
        return service.enrol(current_actor(), parcel_id, data), 201


@blp.route("/staff/land-rent-subsidy-rates")
class StaffRates(MethodView):
    @blp.doc(operationId="listLandRentSubsidyRates")
    @blp.staff(Permission.LAND_SUBSIDY_DECIDE)
    @blp.arguments(RateQueryArgs, location="query")
    @blp.response(200, RateList)
    @blp.keyset(SubsidyRate.id)
    def get(self, args):
        """补助标准 The land-rent subsidy rates of the counties in your area, newest first"""
        return service.list_rates(current_actor(), args)

    @blp.doc(operationId="createLandRentSubsidyRate")
    @blp.staff(Permission.LAND_SUBSIDY_DECIDE)
    @blp.idempotent
    @blp.arguments(RateCreate)
    @blp.response(201, RateRead)
    @blp.alt_response(409, response="CONFLICT", description="`subsidy_rate_overlap`")
    def post(self, data):
        """确定补助标准 Set your county's rate (fen per mu per year) from a date (补助标准由各区县确定)

        An open-ended rate in force before `valid_from` ends the day before; any other overlap
        with the county's periods is 409 `subsidy_rate_overlap`. Applications keep the rate in
        force on their lease's first day. Audited.
        """
        return service.create_rate(current_actor(), data), 201
