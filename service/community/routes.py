"""The community itself (policy 2.1 organisation, 2.2 facilities, 2.4 culture): the site register
with rule beside actual and its worklist for staff, and "my community" for residents."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint
from service.community import facilities, resident, sites
from service.community.schemas import (
    CommunityRead,
    CommunitySiteDetail,
    CommunitySiteList,
    CultureEventCreate,
    CulturePersonCreate,
    FacilityCreate,
    MyCommunity,
    OrganisationRecord,
    SiteQueryArgs,
)
from service.registry.models import Site
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint(
    "community",
    __name__,
    url_prefix="/api/v1",
    description="安置社区 Sites, organisation, facilities and culture (policy 2.1, 2.2, 2.4)",
)

_MANAGE = Permission.COMMUNITY_MANAGE


@blp.route("/staff/sites")
class Sites(MethodView):
    @blp.doc(operationId="listSites")
    @blp.staff(_MANAGE)
    @blp.arguments(SiteQueryArgs, location="query")
    @blp.response(200, CommunitySiteList)
    @blp.keyset(Site.id)
    def get(self, args):
        """安置点台账 Resettlement sites in your area, newest first (policy 2.1, 2.2, 2.4)

        People and households are counted from the household register. Each site shows what
        2.1 allows it beside what was set up, and its `flags`. `flagged=true` with a county's
        `region` is the county's worklist of sites with something to fix.
        """
        return sites.list_sites(current_actor(), args)


@blp.route("/staff/sites/<int:site_id>")
class SiteView(MethodView):
    @blp.doc(operationId="getSite")
    @blp.staff(_MANAGE)
    @blp.response(200, CommunitySiteDetail)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, site_id):
        """安置点详情 A site: rule vs actual organisation, its culture and this year's events, flags"""
        return sites.site_detail(current_actor(), site_id)


@blp.route("/staff/sites/<int:site_id>/organisation")
class SiteOrganisationView(MethodView):
    @blp.doc(operationId="recordSiteOrganisation")
    @blp.staff(_MANAGE)
    @blp.arguments(OrganisationRecord)
    @blp.response(200, CommunitySiteDetail)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def put(self, data, site_id):
        """登记组织设置 Record what was set up at the site (policy 2.1); replaces the last record

        Its own village or community only where 2.1 allows it; groups with their sizes (a size
        outside 100–200 / 200–400 is kept and flagged); the site's party branch or group. Audited.
        """
        return sites.record_organisation(current_actor(), site_id, data)


@blp.route("/staff/sites/<int:site_id>/culture-people")
class SiteCulturePeople(MethodView):
    @blp.doc(operationId="addSiteCulturePerson")
    @blp.staff(_MANAGE)
    @blp.idempotent
    @blp.arguments(CulturePersonCreate)
    @blp.response(201, CommunitySiteDetail)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data, site_id):
        """登记文化中心户或文化带头人 Add a cultural-centre household or cultural leader (policy 2.4); audited"""
        return sites.add_culture_person(current_actor(), site_id, data), 201


@blp.route("/staff/sites/<int:site_id>/culture-events")
class SiteCultureEvents(MethodView):
    @blp.doc(operationId="addSiteCultureEvent")
    @blp.staff(_MANAGE)
    @blp.idempotent
    @blp.arguments(CultureEventCreate)
    @blp.response(201, CommunitySiteDetail)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data, site_id):
        """登记文化活动 Add a performance, festival or folk activity, planned or held (policy 2.4); audited

        A performance held this calendar year clears the site's `no_performance_this_year` flag.
        """
        return sites.add_event(current_actor(), site_id, data), 201


@blp.route("/staff/communities/<string:region_code>/community")
class CommunityView(MethodView):
    @blp.doc(operationId="getCommunity")
    @blp.staff(_MANAGE)
    @blp.response(200, CommunityRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, region_code):
        """安置社区概况 A community's sites with their flags, its facilities, and 缺什么、补什么 (policy 2.2)"""
        return facilities.community_view(current_actor(), region_code)


@blp.route("/staff/communities/<string:region_code>/facilities")
class CommunityFacilities(MethodView):
    @blp.doc(operationId="addCommunityFacility")
    @blp.staff(_MANAGE)
    @blp.idempotent
    @blp.arguments(FacilityCreate)
    @blp.response(201, CommunityRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="field errors")
    def post(self, data, region_code):
        """登记服务设施 Record a facility of the community with its area and opening hours (policy 2.2); audited

        A public service station (公共服务站) names the site it serves. Answers the community view.
        """
        return facilities.add_facility(current_actor(), region_code, data), 201


@blp.route("/me/community")
class MyCommunityView(MethodView):
    @blp.doc(operationId="getMyCommunity")
    @blp.resident
    @blp.response(200, MyCommunity)
    @blp.alt_response(403, response="FORBIDDEN", description="`identity_required`")
    def get(self):
        """我的社区 My site and who organises it, facilities and opening hours, councils, events to come"""
        return resident.my_community(current_actor())
