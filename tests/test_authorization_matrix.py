"""The authorization matrix: every endpoint in the URL map, who may call it, and what they see.

A new endpoint that is not listed here fails `test_the_matrix_covers_every_route`: whoever adds
an endpoint decides here who may call it and, for a path with an id, proves that an id from
another region or household answers 404 exactly like a missing one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from service import clock, db
from service.assistance import service as assistance
from service.attachments import service as attachments
from service.cases import engine
from service.collective import service as collective
from service.collective import workflow
from service.councils import bodies, conventions, matters
from service.councils.models import Council, CouncilMatter, CouncilMeeting, Mediation
from service.hukou.service import submit_for_resident
from service.land import service as land
from service.medical import service as medical
from service.medical.models import CoverPeriod
from service.notices.models import Notice
from service.notifications.models import Notification
from service.party import service as party
from service.party.models import PartyMember
from service.pension import service as pension
from service.pension.models import PensionRecord
from service.ratings import service as ratings
from service.registry.models import Member, Site
from service.security.actors import ResidentActor, StaffActor
from service.security.permissions import ROLE_PERMISSIONS, Permission, Role
from service.staff.models import actor_of
from tests.assistance.support import complete_hukou_move, on_the_list
from tests.elections.support import make_election
from tests.factories import (
    DESTINATION,
    FENGDU,
    KIND,
    ORIGIN,
    YOUYANG,
    YOUYANG_DESTINATION,
    YOUYANG_ORIGIN,
    access_token,
    bearer,
    bind_resident,
    keyed,
    make_household,
    make_staff,
    staff_token,
)

# Files, not API operations: the documentation and the staff console (tests/console).
DOCUMENTATION = {
    "api-docs.openapi_json",
    "api-docs.openapi_swagger_ui",
    "docs_assets",
    "console.index",
    "console.asset",
}


@dataclass(frozen=True)
class Access:
    audience: str
    permission: Permission | None = None
    # Path parameters → the world object they name (an own and a foreign one), or "=literal".
    params: dict[str, str] = field(default_factory=dict)
    # For staff endpoints without a permission: the role whose work the endpoint serves.
    role: Role | None = None


# The first office of the test case kind (tests/factories.py TWO_OFFICES).
CASE_ROLE = Role.TOWNSHIP_WORKER
PUBLIC = Access("public")
RESIDENT = Access("resident")

MATRIX: dict[tuple[str, str], Access] = {
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/api/v1/regions"): PUBLIC,
    ("GET", "/api/v1/regions/<string:code>"): PUBLIC,
    ("POST", "/api/v1/auth/wechat/login"): PUBLIC,
    ("POST", "/api/v1/auth/refresh"): PUBLIC,
    ("POST", "/api/v1/auth/logout"): PUBLIC,
    ("POST", "/api/v1/staff/auth/login"): PUBLIC,
    ("GET", "/api/v1/me"): RESIDENT,
    ("POST", "/api/v1/me/identity"): RESIDENT,
    ("GET", "/api/v1/me/household"): RESIDENT,
    ("GET", "/api/v1/staff/me"): Access("staff"),
    ("POST", "/api/v1/staff/me/password"): Access("staff"),
    ("GET", "/api/v1/staff/accounts"): Access("staff", Permission.STAFF_MANAGE),
    ("POST", "/api/v1/staff/accounts"): Access("staff", Permission.STAFF_MANAGE),
    ("GET", "/api/v1/staff/accounts/<int:staff_id>"): Access("staff", Permission.STAFF_MANAGE, {"staff_id": "staff"}),
    ("PATCH", "/api/v1/staff/accounts/<int:staff_id>"): Access("staff", Permission.STAFF_MANAGE, {"staff_id": "staff"}),
    ("POST", "/api/v1/staff/accounts/<int:staff_id>/reset-password"): Access(
        "staff", Permission.STAFF_MANAGE, {"staff_id": "staff"}
    ),
    ("GET", "/api/v1/staff/audit"): Access("staff", Permission.AUDIT_READ),
    ("GET", "/api/v1/staff/registry/imports/template"): Access("staff", Permission.REGISTRY_IMPORT),
    ("POST", "/api/v1/staff/registry/imports"): Access("staff", Permission.REGISTRY_IMPORT),
    ("GET", "/api/v1/staff/households"): Access("staff", Permission.REGISTRY_READ),
    ("GET", "/api/v1/staff/households/<int:household_id>"): Access(
        "staff", Permission.REGISTRY_READ, {"household_id": "household"}
    ),
    ("POST", "/api/v1/staff/members/<int:member_id>/reveal"): Access(
        "staff", Permission.PII_REVEAL, {"member_id": "member"}
    ),
    ("GET", "/api/v1/services"): PUBLIC,
    ("GET", "/api/v1/me/cases"): RESIDENT,
    ("GET", "/api/v1/me/cases/<int:case_id>"): Access("resident", params={"case_id": "case"}),
    ("POST", "/api/v1/me/cases/<int:case_id>/actions/<string:action>"): Access(
        "resident", params={"case_id": "case", "action": "=withdraw"}
    ),
    ("GET", "/api/v1/me/notifications"): RESIDENT,
    ("POST", "/api/v1/me/notifications/<int:notification_id>/read"): Access(
        "resident", params={"notification_id": "notification"}
    ),
    ("GET", "/api/v1/me/subscriptions"): RESIDENT,
    ("POST", "/api/v1/me/subscriptions"): RESIDENT,
    ("GET", "/api/v1/staff/cases"): Access("staff", role=CASE_ROLE),
    ("GET", "/api/v1/staff/notifications"): Access("staff", role=CASE_ROLE),
    ("POST", "/api/v1/staff/notifications/<int:notification_id>/read"): Access(
        "staff", params={"notification_id": "staff_notification"}, role=CASE_ROLE
    ),
    ("GET", "/api/v1/staff/cases/<int:case_id>"): Access("staff", params={"case_id": "case"}, role=CASE_ROLE),
    ("POST", "/api/v1/staff/cases/<int:case_id>/actions/<string:action>"): Access(
        "staff", params={"case_id": "case", "action": "=accept"}, role=CASE_ROLE
    ),
    ("POST", "/api/v1/staff/cases/<int:case_id>/claim"): Access("staff", params={"case_id": "case"}, role=CASE_ROLE),
    ("GET", "/api/v1/me/cases/<int:case_id>/notices"): Access("resident", params={"case_id": "hukou_move"}),
    ("GET", "/api/v1/me/cases/<int:case_id>/notices/<int:notice_id>/pdf"): Access(
        "resident", params={"case_id": "hukou_move", "notice_id": "case_notice"}
    ),
    ("GET", "/api/v1/staff/cases/<int:case_id>/notices"): Access(
        "staff", params={"case_id": "hukou_move"}, role=Role.PUBLIC_SECURITY
    ),
    ("GET", "/api/v1/staff/cases/<int:case_id>/notices/<int:notice_id>/pdf"): Access(
        "staff", params={"case_id": "hukou_move", "notice_id": "case_notice"}, role=Role.PUBLIC_SECURITY
    ),
    ("GET", "/api/v1/notices/verify"): PUBLIC,
    ("POST", "/api/v1/staff/cases/<int:case_id>/assign"): Access("staff", params={"case_id": "case"}, role=CASE_ROLE),
    ("GET", "/api/v1/elections"): RESIDENT,
    ("GET", "/api/v1/assistance-transfers/options"): RESIDENT,
    ("POST", "/api/v1/assistance-transfers"): RESIDENT,
    ("GET", "/api/v1/assistance-transfers/<int:case_id>"): Access(
        "resident", params={"case_id": "assistance_transfer"}
    ),
    ("GET", "/api/v1/assistance-transfers/<int:case_id>/document"): Access(
        "resident", params={"case_id": "assistance_transfer"}
    ),
    ("GET", "/api/v1/staff/assistance-transfers/<int:case_id>/document"): Access(
        "staff", params={"case_id": "assistance_transfer"}, role=Role.CIVIL_AFFAIRS
    ),
    ("GET", "/api/v1/staff/assistance-lists/template"): Access("staff", Permission.ASSISTANCE_MANAGE),
    ("POST", "/api/v1/staff/assistance-lists"): Access("staff", Permission.ASSISTANCE_MANAGE),
    ("GET", "/api/v1/staff/assistance-lapses"): Access("staff", Permission.ASSISTANCE_MANAGE),
    ("PUT", "/api/v1/elections/<int:election_id>/choice"): Access("resident", params={"election_id": "election"}),
    ("GET", "/api/v1/staff/elections"): Access("staff", Permission.ELECTIONS_READ),
    ("POST", "/api/v1/staff/elections"): Access("staff", Permission.ELECTIONS_MANAGE),
    ("GET", "/api/v1/staff/elections/<int:election_id>"): Access(
        "staff", Permission.ELECTIONS_READ, {"election_id": "election"}
    ),
    ("GET", "/api/v1/staff/elections/<int:election_id>/voter-roll.xlsx"): Access(
        "staff", Permission.ELECTIONS_MANAGE, {"election_id": "election"}
    ),
    ("PUT", "/api/v1/staff/elections/<int:election_id>/choices/<int:member_id>"): Access(
        "staff", Permission.ELECTIONS_MANAGE, {"election_id": "election", "member_id": "member"}
    ),
    ("GET", "/api/v1/hukou-moves/options"): RESIDENT,
    ("POST", "/api/v1/hukou-moves"): RESIDENT,
    ("GET", "/api/v1/hukou-moves/<int:case_id>"): Access("resident", params={"case_id": "hukou_move"}),
    # 代办: community and township workers and public security; the service checks the role.
    ("POST", "/api/v1/staff/hukou-moves"): Access("staff", role=Role.COMMUNITY_WORKER),
    ("POST", "/api/v1/attachments"): RESIDENT,
    ("GET", "/api/v1/attachments/<int:attachment_id>"): Access("resident", params={"attachment_id": "attachment"}),
    # Any staff member may upload for a resident (代办) and read what they may see.
    ("POST", "/api/v1/staff/attachments"): Access("staff", role=Role.COMMUNITY_WORKER),
    ("GET", "/api/v1/staff/attachments/<int:attachment_id>"): Access(
        "staff", params={"attachment_id": "staff_attachment"}, role=Role.COMMUNITY_WORKER
    ),
    ("GET", "/api/v1/collective-membership"): RESIDENT,
    ("GET", "/api/v1/collective-membership/application-form"): RESIDENT,
    ("POST", "/api/v1/collective-membership/declarations"): RESIDENT,
    ("GET", "/api/v1/collective-membership/applications/<int:case_id>"): Access(
        "resident", params={"case_id": "collective_case"}
    ),
    ("GET", "/api/v1/collective-membership/notices"): RESIDENT,
    # Residents of the notice's destination only: another district's notice answers 404.
    ("POST", "/api/v1/collective-membership/notices/<int:notice_id>/objections"): Access(
        "resident", params={"notice_id": "notice"}
    ),
    ("GET", "/api/v1/collective-membership/objections"): RESIDENT,
    ("POST", "/api/v1/staff/collective-membership/declarations"): Access("staff", Permission.COLLECTIVE_MANAGE),
    # The village committee (community worker) acts on applications; the scope test uses it.
    ("GET", "/api/v1/staff/collective-membership/applications/<int:case_id>"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"case_id": "collective_case"}, role=Role.COMMUNITY_WORKER
    ),
    ("POST", "/api/v1/staff/collective-membership/applications/<int:case_id>/notice"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"case_id": "collective_case"}, role=Role.COMMUNITY_WORKER
    ),
    ("POST", "/api/v1/staff/collective-membership/applications/<int:case_id>/vote"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"case_id": "collective_case"}, role=Role.COMMUNITY_WORKER
    ),
    ("POST", "/api/v1/staff/collective-membership/objections/<int:objection_id>/resolve"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"objection_id": "objection"}, role=Role.COMMUNITY_WORKER
    ),
    ("GET", "/api/v1/staff/members/<int:member_id>/collective-membership"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"member_id": "member"}
    ),
    ("GET", "/api/v1/staff/members/<int:member_id>/collective-application-form"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"member_id": "member"}
    ),
    ("GET", "/api/v1/staff/collective-membership/priority-right-holders"): Access(
        "staff", Permission.COLLECTIVE_MANAGE
    ),
    ("POST", "/api/v1/council-matters"): RESIDENT,
    ("GET", "/api/v1/council-matters"): RESIDENT,
    ("GET", "/api/v1/me/council-matters"): RESIDENT,
    ("GET", "/api/v1/council-matters/<int:case_id>"): Access("resident", params={"case_id": "council_matter"}),
    ("POST", "/api/v1/council-matters/<int:case_id>/supports"): Access(
        "resident", params={"case_id": "council_matter"}
    ),
    ("POST", "/api/v1/council-matters/<int:case_id>/rating"): Access("resident", params={"case_id": "council_matter"}),
    ("GET", "/api/v1/pension-transfers/options"): RESIDENT,
    ("POST", "/api/v1/pension-transfers"): RESIDENT,
    ("GET", "/api/v1/pension-transfers/<int:case_id>"): Access("resident", params={"case_id": "pension_transfer"}),
    # 代办: community and township workers and 人力社保; the service checks the role.
    ("POST", "/api/v1/staff/pension-transfers"): Access("staff", role=Role.COMMUNITY_WORKER),
    # 人力社保 alone reads and keeps the department's lists: 医保, 民政, townships are 403.
    ("GET", "/api/v1/staff/pension/records/template"): Access("staff", Permission.PENSION_MANAGE),
    ("POST", "/api/v1/staff/pension/records/imports"): Access("staff", Permission.PENSION_MANAGE),
    ("GET", "/api/v1/staff/pension/payments/template"): Access("staff", Permission.PENSION_MANAGE),
    ("POST", "/api/v1/staff/pension/payments/imports"): Access("staff", Permission.PENSION_MANAGE),
    ("GET", "/api/v1/staff/pension/payment-gaps"): Access("staff", Permission.PENSION_MANAGE),
    ("GET", "/api/v1/staff/council-matters"): Access("staff", Permission.COUNCILS_MANAGE),
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/moderation"): Access(
        "staff", Permission.COUNCILS_MANAGE, params={"case_id": "council_matter"}
    ),
    ("GET", "/api/v1/me/land-parcels"): RESIDENT,
    ("GET", "/api/v1/land-rent-subsidies/quote"): RESIDENT,
    ("POST", "/api/v1/land-rent-subsidies"): RESIDENT,
    ("GET", "/api/v1/land-rent-subsidies/<int:case_id>"): Access("resident", params={"case_id": "land_subsidy"}),
    ("GET", "/api/v1/staff/households/<int:household_id>/land-parcels"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"household_id": "household"}
    ),
    ("POST", "/api/v1/staff/households/<int:household_id>/land-parcels"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"household_id": "household"}
    ),
    ("POST", "/api/v1/staff/land-parcels/<int:parcel_id>/agreements"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"parcel_id": "parcel"}
    ),
    ("POST", "/api/v1/staff/land-parcels/<int:parcel_id>/programmes"): Access(
        "staff", Permission.COLLECTIVE_MANAGE, {"parcel_id": "parcel"}
    ),
    ("GET", "/api/v1/staff/land-rent-subsidy-rates"): Access("staff", Permission.LAND_SUBSIDY_DECIDE),
    ("POST", "/api/v1/staff/land-rent-subsidy-rates"): Access("staff", Permission.LAND_SUBSIDY_DECIDE),
    ("GET", "/api/v1/staff/councils"): Access("staff", Permission.COUNCILS_MANAGE),
    ("POST", "/api/v1/staff/councils"): Access("staff", Permission.COUNCILS_MANAGE),
    ("GET", "/api/v1/staff/councils/<int:council_id>"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"council_id": "council"}
    ),
    ("PATCH", "/api/v1/staff/councils/<int:council_id>"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"council_id": "council"}
    ),
    ("POST", "/api/v1/staff/councils/<int:council_id>/seats"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"council_id": "council"}
    ),
    ("POST", "/api/v1/staff/council-seats/<int:seat_id>/end"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"seat_id": "council_seat"}
    ),
    ("GET", "/api/v1/staff/communities/<string:region_code>/councils"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"region_code": "community"}
    ),
    ("GET", "/api/v1/staff/communities/<string:region_code>/conventions"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"region_code": "community"}
    ),
    ("POST", "/api/v1/staff/communities/<string:region_code>/conventions"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"region_code": "community"}
    ),
    ("GET", "/api/v1/me/councils"): RESIDENT,
    # The community itself (policy 2.1, 2.2, 2.4): civil affairs, townships and communities of
    # the site's region; 人力社保, 医保, organisation and the rest are 403.
    ("GET", "/api/v1/staff/sites"): Access("staff", Permission.COMMUNITY_MANAGE),
    ("GET", "/api/v1/staff/sites/<int:site_id>"): Access("staff", Permission.COMMUNITY_MANAGE, {"site_id": "site"}),
    ("PUT", "/api/v1/staff/sites/<int:site_id>/organisation"): Access(
        "staff", Permission.COMMUNITY_MANAGE, {"site_id": "site"}
    ),
    ("POST", "/api/v1/staff/sites/<int:site_id>/culture-people"): Access(
        "staff", Permission.COMMUNITY_MANAGE, {"site_id": "site"}
    ),
    ("POST", "/api/v1/staff/sites/<int:site_id>/culture-events"): Access(
        "staff", Permission.COMMUNITY_MANAGE, {"site_id": "site"}
    ),
    ("GET", "/api/v1/staff/communities/<string:region_code>/community"): Access(
        "staff", Permission.COMMUNITY_MANAGE, {"region_code": "community"}
    ),
    ("POST", "/api/v1/staff/communities/<string:region_code>/facilities"): Access(
        "staff", Permission.COMMUNITY_MANAGE, {"region_code": "community"}
    ),
    ("GET", "/api/v1/me/community"): RESIDENT,
    ("GET", "/api/v1/me/convention"): RESIDENT,
    ("POST", "/api/v1/conventions/<int:convention_id>/acknowledgement"): Access(
        "resident", params={"convention_id": "convention"}
    ),
    # Council meetings and mediation (policy 2.3): staff of the council's region; residents of its community.
    ("POST", "/api/v1/staff/councils/<int:council_id>/meetings"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"council_id": "council"}
    ),
    ("GET", "/api/v1/staff/council-meetings"): Access("staff", Permission.COUNCILS_MANAGE),
    ("GET", "/api/v1/staff/council-meetings/<int:meeting_id>"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"meeting_id": "council_meeting"}
    ),
    ("POST", "/api/v1/staff/council-meetings/<int:meeting_id>/cancel"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"meeting_id": "council_meeting"}
    ),
    ("POST", "/api/v1/staff/council-meetings/<int:meeting_id>/record"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"meeting_id": "council_meeting"}
    ),
    ("GET", "/api/v1/me/council-meetings"): RESIDENT,
    ("GET", "/api/v1/me/council-meetings/<int:meeting_id>"): Access(
        "resident", params={"meeting_id": "council_meeting"}
    ),
    ("GET", "/api/v1/staff/council-matters/<int:case_id>/mediation"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"case_id": "council_dispute"}
    ),
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/mediation"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"case_id": "council_dispute"}
    ),
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/mediation/sessions"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"case_id": "council_dispute"}
    ),
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/mediation/outcome"): Access(
        "staff", Permission.COUNCILS_MANAGE, {"case_id": "council_dispute"}
    ),
    ("GET", "/api/v1/party-transfers/options"): RESIDENT,
    ("POST", "/api/v1/party-transfers"): RESIDENT,
    ("GET", "/api/v1/party-transfers/<int:case_id>"): Access("resident", params={"case_id": "party_transfer"}),
    ("POST", "/api/v1/staff/party-transfers"): Access("staff", Permission.PARTY_MANAGE),
    ("POST", "/api/v1/staff/party-transfers/<int:case_id>/ledger"): Access(
        "staff", Permission.PARTY_MANAGE, {"case_id": "party_transfer"}
    ),
    ("POST", "/api/v1/staff/party-transfers/<int:case_id>/recommendation"): Access(
        "staff", Permission.PARTY_MANAGE, {"case_id": "party_transfer"}
    ),
    ("POST", "/api/v1/staff/party-transfers/<int:case_id>/completion"): Access(
        "staff", Permission.PARTY_MANAGE, {"case_id": "party_transfer"}
    ),
    ("GET", "/api/v1/staff/party/ledger"): Access("staff", Permission.PARTY_MANAGE),
    ("GET", "/api/v1/staff/party/members/template"): Access("staff", Permission.PARTY_MANAGE),
    ("POST", "/api/v1/staff/party/members/imports"): Access("staff", Permission.PARTY_MANAGE),
    ("GET", "/api/v1/medical-transfers/options"): RESIDENT,
    ("POST", "/api/v1/medical-transfers"): RESIDENT,
    ("GET", "/api/v1/medical-transfers/<int:case_id>"): Access("resident", params={"case_id": "medical_transfer"}),
    ("GET", "/api/v1/staff/medical/cover-imports/template"): Access("staff", Permission.MEDICAL_MANAGE),
    ("POST", "/api/v1/staff/medical/cover-imports"): Access("staff", Permission.MEDICAL_MANAGE),
    ("GET", "/api/v1/staff/medical/worklist"): Access("staff", Permission.MEDICAL_MANAGE),
    ("POST", "/api/v1/staff/medical/members/<int:member_id>/visits"): Access(
        "staff", Permission.MEDICAL_MANAGE, {"member_id": "member"}
    ),
    # The reconciliation is read within the area (tests/oversight: a township sees its own only).
    ("GET", "/api/v1/staff/oversight/summary"): Access("staff", Permission.OVERSIGHT_READ),
    ("GET", "/api/v1/staff/oversight/people"): Access("staff", Permission.OVERSIGHT_READ),
    ("GET", "/api/v1/staff/oversight/people.xlsx"): Access("staff", Permission.OVERSIGHT_READ),
    # The leaders' dashboards (3.1–3.3), read within the area like the reconciliation; the 3.2
    # figures entered by the county (a township's community grant reads as out of scope).
    ("GET", "/api/v1/staff/oversight/dashboard"): Access("staff", Permission.OVERSIGHT_READ),
    ("GET", "/api/v1/staff/oversight/dashboard.xlsx"): Access("staff", Permission.OVERSIGHT_READ),
    ("PUT", "/api/v1/staff/communities/<string:region_code>/resources/<int(min=2000, max=2100):year>"): Access(
        "staff", Permission.COMMUNITY_MANAGE, {"region_code": "community", "year": "=2026"}
    ),
    ("GET", "/api/v1/me/pairing-cadre"): RESIDENT,
    ("GET", "/api/v1/staff/pairing/worklist"): Access("staff", Permission.PAIRING_MANAGE),
    ("GET", "/api/v1/staff/pairing/households/<int:household_id>"): Access(
        "staff", Permission.PAIRING_MANAGE, {"household_id": "household"}
    ),
    ("POST", "/api/v1/staff/pairing/households/<int:household_id>/pairings"): Access(
        "staff", Permission.PAIRING_MANAGE, {"household_id": "household"}
    ),
    # A cadre records only for households paired with them (tests/pairing): anything else is 404.
    ("GET", "/api/v1/staff/pairing/my-households"): Access("staff", Permission.PAIRING_VISIT),
    ("POST", "/api/v1/staff/pairing/households/<int:household_id>/visits"): Access(
        "staff", Permission.PAIRING_VISIT, {"household_id": "household"}
    ),
    ("POST", "/api/v1/staff/pairing/households/<int:household_id>/deeds"): Access(
        "staff", Permission.PAIRING_VISIT, {"household_id": "household"}
    ),
    # 好差评: the rater's own; staff of the office rated (the test kind's first office, which
    # refused the rated case) and the county's civil affairs, who decide appeals.
    ("POST", "/api/v1/me/cases/<int:case_id>/rating"): Access("resident", params={"case_id": "rated_case"}),
    ("GET", "/api/v1/me/cases/<int:case_id>/rating"): Access("resident", params={"case_id": "rated_case"}),
    ("POST", "/api/v1/me/cases/<int:case_id>/rating/resolution"): Access("resident", params={"case_id": "rated_case"}),
    ("GET", "/api/v1/staff/ratings"): Access("staff", role=CASE_ROLE),
    ("GET", "/api/v1/staff/ratings/stats"): Access("staff", role=CASE_ROLE),
    ("GET", "/api/v1/staff/ratings/<int:rating_id>"): Access("staff", params={"rating_id": "rating"}, role=CASE_ROLE),
    ("POST", "/api/v1/staff/ratings/<int:rating_id>/rectification"): Access(
        "staff", params={"rating_id": "rating"}, role=CASE_ROLE
    ),
    ("POST", "/api/v1/staff/ratings/<int:rating_id>/appeal"): Access(
        "staff", params={"rating_id": "rating"}, role=CASE_ROLE
    ),
    ("POST", "/api/v1/staff/ratings/<int:rating_id>/appeal/decision"): Access(
        "staff", Permission.RATING_APPEAL_DECIDE, {"rating_id": "rating"}
    ),
}

_SOON = clock.now() + timedelta(days=30)
# Valid bodies, so that a caller who is allowed in gets past validation to the scope check.
BODIES = {
    ("POST", "/api/v1/pension-transfers"): {"member_id": "1", "choice": "transfer"},
    ("POST", "/api/v1/council-matters/<int:case_id>/rating"): {"satisfied": True},
    ("POST", "/api/v1/me/cases/<int:case_id>/rating"): {"level": "satisfied"},
    ("POST", "/api/v1/me/cases/<int:case_id>/rating/resolution"): {"resolved": True},
    ("POST", "/api/v1/staff/ratings/<int:rating_id>/rectification"): {
        "contacted_at": "2026-03-03T10:00:00+08:00",
        "verification": "矩阵测试",
        "rectification": "矩阵测试",
    },
    ("POST", "/api/v1/staff/ratings/<int:rating_id>/appeal"): {"reason": "矩阵测试"},
    ("POST", "/api/v1/staff/ratings/<int:rating_id>/appeal/decision"): {"decision": "uphold", "reason": "矩阵测试"},
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/moderation"): {"decision": "show"},
    ("POST", "/api/v1/staff/cases/<int:case_id>/assign"): {"staff_id": 1},
    ("POST", "/api/v1/staff/members/<int:member_id>/reveal"): {"reason": "办理户口迁移核对身份"},
    ("PATCH", "/api/v1/staff/accounts/<int:staff_id>"): {"display_name": "改名"},
    ("POST", "/api/v1/staff/accounts/<int:staff_id>/reset-password"): {"initial_password": "Reset#2026ab"},
    ("PUT", "/api/v1/elections/<int:election_id>/choice"): {"place": "origin"},
    ("POST", "/api/v1/assistance-transfers"): {"member_id": "1"},
    ("POST", "/api/v1/party-transfers"): {"choice": "transfer"},
    ("POST", "/api/v1/staff/party-transfers"): {"member_id": "1", "choice": "transfer"},
    ("POST", "/api/v1/staff/party-transfers/<int:case_id>/recommendation"): {"recommendation": "transfer"},
    ("POST", "/api/v1/staff/party-transfers/<int:case_id>/completion"): {
        "destination_organisation": "矩阵测试党支部",
        "done_on": "2026-01-05",
    },
    ("POST", "/api/v1/staff/elections"): {
        "kind": "village_committee",
        "title": "矩阵测试选举",
        "region_code": "500230",
        "election_day": (_SOON + timedelta(days=20)).date().isoformat(),
        "choice_opens_at": _SOON.isoformat(),
        "choice_closes_at": (_SOON + timedelta(days=10)).isoformat(),
    },
    ("PUT", "/api/v1/staff/elections/<int:election_id>/choices/<int:member_id>"): {"place": "destination"},
    ("POST", "/api/v1/collective-membership/notices/<int:notice_id>/objections"): {"reason": "矩阵测试"},
    ("POST", "/api/v1/staff/collective-membership/objections/<int:objection_id>/resolve"): {
        "outcome": "dismissed",
        "reason": "矩阵测试",
    },
    ("POST", "/api/v1/staff/households/<int:household_id>/land-parcels"): {
        "kind": "farmland",
        "area_mu": "1.50",
        "location_code": "500230109201",
    },
    ("POST", "/api/v1/staff/land-parcels/<int:parcel_id>/agreements"): {
        "kind": "transfer",
        "counterparty": "矩阵测试合作社",
        "starts_on": "2026-01-01",
        "ends_on": "2030-12-31",
        "annual_rent_fen": 30000,
    },
    ("POST", "/api/v1/staff/land-parcels/<int:parcel_id>/programmes"): {
        "programme": "reforestation",
        "enrolled_on": "2026-01-01",
        "area_mu": "0.50",
    },
    ("POST", "/api/v1/staff/land-rent-subsidy-rates"): {
        "county_code": "500230",
        "fen_per_mu_per_year": 20000,
        "valid_from": "2030-01-01",
    },
    ("POST", "/api/v1/staff/councils"): {
        "region_code": DESTINATION,
        "kind": "red_white",
        "name": "矩阵测试理事会",
        "term_starts_on": "2026-01-01",
    },
    ("PATCH", "/api/v1/staff/councils/<int:council_id>"): {"name": "矩阵测试改名"},
    ("POST", "/api/v1/staff/councils/<int:council_id>/seats"): {
        "outsider_name": "矩阵测试",
        "position": "member",
        "joined_on": "2026-01-01",
    },
    ("POST", "/api/v1/staff/communities/<string:region_code>/conventions"): {
        "kind": "residents_convention",
        "title": "矩阵测试公约",
        "text": "矩阵测试",
        "adopted_on": "2026-01-01",
        "adopted_by": "矩阵测试居民会议",
    },
    ("POST", "/api/v1/staff/medical/members/<int:member_id>/visits"): {
        "visited_on": "2026-03-01",
        "outcome": "refused",
    },
    ("POST", "/api/v1/staff/pairing/households/<int:household_id>/pairings"): {
        "cadre_id": "1",
        "office_phone": "023-70601234",
    },
    ("POST", "/api/v1/staff/pairing/households/<int:household_id>/visits"): {
        "visited_on": clock.today().isoformat(),
        "explained": "矩阵测试",
    },
    ("POST", "/api/v1/staff/pairing/households/<int:household_id>/deeds"): {
        "done_on": clock.today().isoformat(),
        "what": "矩阵测试",
    },
    ("POST", "/api/v1/staff/collective-membership/applications/<int:case_id>/vote"): {
        "body": "members_assembly",
        "total_members": 30,
        "present": 25,
        "votes_for": 20,
        "votes_against": 3,
        "meeting_date": clock.today().isoformat(),
        "minutes_attachment_id": 1,
    },
    ("POST", "/api/v1/staff/councils/<int:council_id>/meetings"): {
        "starts_at": (_SOON + timedelta(days=5)).isoformat(),
        "place": "矩阵测试议事厅",
    },
    ("POST", "/api/v1/staff/council-meetings/<int:meeting_id>/record"): {"minutes": "矩阵测试纪要"},
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/mediation"): {"parties": [{"name": "矩阵测试当事人"}]},
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/mediation/sessions"): {
        "held_on": clock.today().isoformat(),
        "place": "恳谈室",
        "mediators": "矩阵测试调解员",
        "notes": "矩阵测试",
    },
    ("PUT", "/api/v1/staff/sites/<int:site_id>/organisation"): {"setup": "join_existing", "party_unit": "none"},
    ("POST", "/api/v1/staff/sites/<int:site_id>/culture-people"): {
        "role": "leader",
        "name": "矩阵测试",
        "since": "2026-01-01",
    },
    ("POST", "/api/v1/staff/sites/<int:site_id>/culture-events"): {
        "kind": "folk",
        "title": "矩阵测试",
        "held_on": "2026-01-01",
    },
    ("POST", "/api/v1/staff/communities/<string:region_code>/facilities"): {
        "kind": "grocery",
        "name": "矩阵测试",
        "area_m2": "10",
    },
    ("PUT", "/api/v1/staff/communities/<string:region_code>/resources/<int(min=2000, max=2100):year>"): {
        "staff_count": 8,
        "premises_m2": "650.00",
        "funds_fen": 30000000,
    },
    ("POST", "/api/v1/staff/council-matters/<int:case_id>/mediation/outcome"): {
        "outcome": "agreement",
        "agreement_text": "矩阵测试协议",
    },
}
# Required query arguments, for the same reason.
QUERIES = {
    ("GET", "/api/v1/staff/medical/worklist"): {"township": DESTINATION[:9]},
    ("GET", "/api/v1/staff/party/ledger"): {"township": ORIGIN[:9]},
    ("GET", "/api/v1/staff/pairing/worklist"): {"area": DESTINATION[:9], "list": "no_cadre"},
    ("GET", "/api/v1/staff/elections/<int:election_id>/voter-roll.xlsx"): {
        "place": "origin",
        "village": "500230109201",
    },
}


def app_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in DOCUMENTATION
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


@pytest.fixture
def world(app, two_offices):
    """Two districts, each with a bound resident household and one staff member per role."""
    with app.app_context():
        session = db.session()
        settings = app.extensions["anju.settings"]
        result: dict = {"staff_tokens": {}, "resident_tokens": {}, "ids": {}}
        for district, origin, destination in (
            (FENGDU, ORIGIN, DESTINATION),
            (YOUYANG, YOUYANG_ORIGIN, YOUYANG_DESTINATION),
        ):
            household = make_household(
                session,
                origin_region_code=origin,
                destination_region_code=destination,
                members=[{"name": f"户主{district}"}],
            )
            account = bind_resident(session, household.members[0])
            result["resident_tokens"][district] = access_token(settings, account.id, "resident")
            tokens = {}
            staff_ids = {}
            for role in Role:
                staff = make_staff(session, [(role, district)], username=f"{role.value}.{district}")
                tokens[role] = staff_token(app, staff)
                staff_ids[role] = staff.id
            result["staff_tokens"][district] = tokens
            staff_note = Notification(staff_id=staff_ids[CASE_ROLE], title="请您办理", body="矩阵测试")
            session.add(staff_note)
            session.flush()
            organizer = make_staff(session, [(Role.CIVIL_AFFAIRS, district)], username=f"elections.{district}")
            election = make_election(session, organizer, region_code=district)
            member = household.members[0]
            resident = ResidentActor(account.id, member.id, household.id)
            case = engine.submit(KIND, member, ResidentActor(account.id, member.id, household.id), "matrix")
            move = {"mode": "village_group", "member_ids": [member.id], "village_group_code": destination}
            hukou_move = submit_for_resident(
                ResidentActor(account.id, member.id, household.id), {**move, "group": "1组", "comment": ""}
            )
            police = actor_of(make_staff(session, [(Role.PUBLIC_SECURITY, district)], username=f"police.{district}"))
            engine.act(hukou_move, "accept", police, hukou_move.version, engine.ActionInput())
            result["ids"][district] = {
                "household": household.id,
                "member": member.id,
                # Another member of staff than the admin: an admin may not reset its own password.
                "staff": staff_ids[CASE_ROLE],
                "case": case.id,
                "hukou_move": hukou_move.id,
                "case_notice": session.scalars(select(Notice.id).where(Notice.case_id == hukou_move.id)).one(),
                "election": election.id,
                "staff_notification": staff_note.id,
                "notification": session.scalars(select(Notification.id).where(Notification.case_id == case.id)).first(),
                "attachment": attachments.upload(resident, f"%PDF-1.4 {district}".encode(), "证明.pdf").id,
                "staff_attachment": attachments.upload(
                    StaffActor(staff.id, staff.username, ()), f"%PDF-1.4 staff {district}".encode(), "代办.pdf"
                ).id,
                **collective_world(session, district, resident, destination),
                **land_world(session, district, resident, household.id, destination),
                **councils_world(session, district, resident, destination),
                **council_meetings_world(session, member, resident, destination),
                **assistance_world(session, district, resident, destination),
                **medical_world(session, resident, district),
                **pension_world(session, district, destination),
                **party_world(session, district, destination),
                "site": site_of(session, destination),
                **ratings_world(session, district, member, resident),
            }
        session.commit()
        return result


def collective_world(session, district: str, applicant: ResidentActor, destination: str) -> dict[str, int]:
    """A membership application under notice, with a neighbour's objection (policy 1.3).

    Built in March 2026: its 30 working days from late in a year would run into a year the
    holiday calendar does not know yet, and every deadline computed would warn (CalendarGap).
    """
    clock.set_now(datetime(2026, 3, 2, 9, tzinfo=clock.CHINA))
    try:
        return _collective_world(session, district, applicant, destination)
    finally:
        clock.set_now(None)


def _collective_world(session, district: str, applicant: ResidentActor, destination: str) -> dict[str, int]:
    paper = attachments.upload(applicant, f"%PDF-1.4 申请书 {district}".encode(), "申请书.pdf")
    declared = collective.declare_for_resident(
        applicant, {"choice": "apply_destination", "written_application_id": paper.id, "comment": ""}
    )
    case = declared["case"]
    committee = actor_of(make_staff(session, [(Role.COMMUNITY_WORKER, destination)], username=f"committee.{district}"))
    engine.act(case, "accept", committee, case.version, engine.ActionInput())
    collective.publish_notice(committee, case.id, case.version, {})
    neighbour = make_household(session, destination_region_code=destination, members=[{"name": f"邻居{district}"}])
    account = bind_resident(session, neighbour.members[0])
    notice_id = workflow.notice_of(case.id).id
    objection = collective.file_objection(
        ResidentActor(account.id, neighbour.members[0].id, neighbour.id), notice_id, {"reason": "矩阵测试"}
    )
    return {"collective_case": case.id, "notice": notice_id, "objection": objection["id"]}


def land_world(session, district: str, resident: ResidentActor, household_id: int, destination: str) -> dict[str, int]:
    """A parcel on the register and a land-rent subsidy applied for (policy 1.4)."""
    land.set_rate({"county_code": district, "fen_per_mu_per_year": 20000, "valid_from": date(2025, 1, 1)}, set_by=None)
    keeper = actor_of(make_staff(session, [(Role.COMMUNITY_WORKER, district)], username=f"land.{district}"))
    parcel = land.add_parcel(
        keeper,
        household_id,
        {
            "kind": "farmland",
            "area_mu": Decimal("2.00"),
            "location_code": destination,
            "name": "",
            "certificate_number": "",
        },
    )
    contract = attachments.upload(resident, f"%PDF-1.4 合同 {district}".encode(), "合同.pdf")
    subsidy = land.submit_for_resident(
        resident,
        {
            "land_region_code": destination,
            "area_mu": Decimal("2.00"),
            "annual_rent_fen": 50000,
            "lease_starts_on": date(2026, 4, 1),
            "lease_ends_on": date(2027, 3, 31),
            "lessor": "矩阵测试",
            "purpose": "种植",
            "lease_attachment_id": contract.id,
        },
    )
    return {"parcel": parcel["id"], "land_subsidy": subsidy.id}


def councils_world(session, district: str, resident: ResidentActor, community: str) -> dict[str, int | str]:
    """A council with one seat, a convention in force, and a private matter put to the council
    (policy 2.3): private, so no content check runs while the world is being written."""
    keeper = actor_of(make_staff(session, [(Role.COMMUNITY_WORKER, district)], username=f"councils.{district}"))
    council = bodies.create_council(
        keeper,
        {"region_code": community, "kind": "red_white", "name": "矩阵理事会", "term_starts_on": date(2026, 1, 1)},
    )
    seated = bodies.add_seat(
        keeper, council["id"], {"outsider_name": "矩阵成员", "position": "member", "joined_on": date(2026, 1, 1)}
    )
    convention = conventions.create_convention(
        keeper,
        community,
        {
            "kind": "residents_convention",
            "title": "矩阵公约",
            "text": "矩阵测试",
            "adopted_on": date(2026, 1, 1),
            "adopted_by": "居民会议",
        },
    )
    matter = matters.raise_matter(
        resident,
        {
            "council_id": council["id"],
            "category": "demand",
            "title": "矩阵测试",
            "text": "矩阵测试的议题",
            "public": False,
        },
    )
    return {
        "council_matter": matter.id,
        "community": community,
        "council": council["id"],
        "council_seat": seated["seats"][0]["id"],
        "convention": convention["id"],
    }


def ratings_world(session, district: str, member, resident: ResidentActor) -> dict[str, int]:
    """A case of the test kind refused by the township and rated 不满意, with its follow-up open.

    Built in March 2026, like the collective world, so the follow-up's 15 working days end in a
    year the calendar knows."""
    clock.set_now(datetime(2026, 3, 2, 9, tzinfo=clock.CHINA))
    try:
        case = engine.submit(KIND, member, resident, "matrix")
        township = actor_of(make_staff(session, [(CASE_ROLE, district)], username=f"ratings.{district}"))
        engine.act(case, "refuse", township, case.version, engine.ActionInput(reason="矩阵测试"))
        rating = ratings.rate(resident, case.id, {"level": "dissatisfied", "comment": "", "tags": []})
        return {"rated_case": case.id, "rating": rating.id}
    finally:
        clock.set_now(None)


def site_of(session, community: str) -> int:
    """A resettlement site of the community (policy 2.1)."""
    site = Site(name="矩阵安置点", kind="urban_centralized", region_code=community)
    session.add(site)
    session.flush()
    return site.id


def medical_world(session, resident: ResidentActor, district: str) -> dict[str, int]:
    """Cover in the other district, and a filing for off-site care applied for (policy 1.6)."""
    elsewhere = YOUYANG if district == FENGDU else FENGDU
    today = clock.today()
    period = CoverPeriod(
        member_id=resident.member_id,
        scheme="resident",
        place_code=elsewhere,
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=300),
    )
    session.add(period)
    session.flush()
    case = medical.submit_for_resident(resident, {"member_id": resident.member_id, "choice": "filing"})
    return {"medical_transfer": case.id}


def council_meetings_world(session, member, resident: ResidentActor, destination: str) -> dict[str, int]:
    """A council of the destination with a meeting called, and a private dispute mediated (policy 2.3)."""
    council = Council(region_code=destination, kind="talk_room", name="矩阵测试恳谈室", term_starts_on=date(2025, 1, 1))
    session.add(council)
    session.flush()
    meeting = CouncilMeeting(
        council_id=council.id, region_code=destination, starts_at=_SOON, place="矩阵测试议事厅", status="scheduled"
    )
    dispute = engine.submit("council_matter", member, resident, "matrix")
    session.add_all(
        [
            meeting,
            CouncilMatter(
                case_id=dispute.id,
                council_id=council.id,
                region_code=dispute.region_code,
                category="dispute",
                title="矩阵测试纠纷",
                text="矩阵测试",
                public=False,
                visibility="private",
                support_count=0,
            ),
            Mediation(case_id=dispute.id, parties=[{"name": "矩阵测试", "member_id": member.id}]),
        ]
    )
    session.flush()
    return {"council_meeting": meeting.id, "council_dispute": dispute.id}


def assistance_world(session, district: str, resident: ResidentActor, destination: str) -> dict[str, int]:
    """The resident's 低保 transfer with its notice issued (policy 1.7), now at the destination township.

    Built in March 2026, like the collective world, so its month ends in a year the calendar knows.
    """
    clock.set_now(datetime(2026, 3, 2, 9, tzinfo=clock.CHINA))
    try:
        return _assistance_world(session, district, resident, destination)
    finally:
        clock.set_now(None)


def _assistance_world(session, district: str, resident: ResidentActor, destination: str) -> dict[str, int]:
    member = session.get(Member, resident.member_id)
    on_the_list(member)
    complete_hukou_move(member, destination[:9])
    case = assistance.submit_for_resident(resident, {"member_id": member.id})
    for role, action in ((Role.TOWNSHIP_WORKER, "report"), (Role.CIVIL_AFFAIRS, "issue_notice")):
        office = actor_of(make_staff(session, [(role, case.region_code)], username=f"assist.{action}.{district}"))
        engine.act(case, action, office, case.version, engine.ActionInput())
    return {"assistance_transfer": case.id}


def pension_world(session, district: str, destination: str) -> dict[str, int]:
    """A household whose hukou move is completed, its head insured in the other district, and a
    transfer applied for (policy 1.5). A household of its own: the world's first one keeps its
    move open, which the election endpoints rely on."""
    household = make_household(session, destination_region_code=destination, members=[{"name": f"参保人{district}"}])
    member = household.members[0]
    account = bind_resident(session, member)
    resident = ResidentActor(account.id, member.id, household.id)
    move = {"mode": "village_group", "member_ids": [member.id], "village_group_code": destination}
    hukou_move = submit_for_resident(resident, {**move, "group": "1组", "comment": ""})
    police = actor_of(make_staff(session, [(Role.PUBLIC_SECURITY, district)], username=f"pension.police.{district}"))
    for action in ("accept", "approve", "complete"):
        engine.act(hukou_move, action, police, hukou_move.version, engine.ActionInput())
    other = YOUYANG if district == FENGDU else FENGDU
    session.add(PensionRecord(member_id=member.id, status="contributing", insured_county_code=other))
    applied = pension.apply_for_resident(resident, {"member_id": member.id, "choice": "transfer"})
    return {"pension_transfer": applied["case"].id}


def party_world(session, district: str, destination: str) -> dict[str, int]:
    """A listed party member of the district who stated a view (policy 1.2): the case waits at
    the origin village's party organisation, inside the district."""
    origin = ORIGIN if district == FENGDU else YOUYANG_ORIGIN
    household = make_household(
        session, origin_region_code=origin, destination_region_code=destination, members=[{"name": f"党员{district}"}]
    )
    member = household.members[0]
    account = bind_resident(session, member)
    lister = make_staff(session, [(Role.ORGANIZATION, district)], username=f"party.lister.{district}")
    session.add(
        PartyMember(
            member_id=member.id, organisation_name="矩阵测试党支部", status="full", updated_by_staff_id=lister.id
        )
    )
    session.flush()
    case = party.apply_for_resident(ResidentActor(account.id, member.id, household.id), {"choice": "transfer"})
    return {"party_transfer": case.id}


def path_of(rule: str, params: dict[str, str], ids: dict[str, int]) -> str:
    path = rule
    for name, kind in params.items():
        value = kind[1:] if kind.startswith("=") else str(ids[kind])
        path = re.sub(rf"<[^:>]+:{name}>|<{name}>", value, path)
    return re.sub(r"<string:code>", "500230", path)


def call(client, method: str, rule: str, path: str, token: str | None):
    # Every call carries a version and a fresh Idempotency-Key, so If-Match and idempotent
    # endpoints reach their scope check.
    headers = keyed({**(bearer(token) if token else {}), "If-Match": '"1"'})
    return client.open(
        path,
        method=method,
        headers=headers,
        json=BODIES.get((method, rule), {}),
        query_string=QUERIES.get((method, rule)),
    )


def test_the_matrix_covers_every_route(app):
    routes = app_routes(app)
    assert routes - MATRIX.keys() == set(), "add these endpoints to the authorization matrix"
    assert MATRIX.keys() - routes == set(), "the matrix lists endpoints that no longer exist"


def test_every_route_declares_the_audience_the_matrix_expects(app):
    for (method, rule_text), access in MATRIX.items():
        rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text and method in r.methods)
        view = app.view_functions[rule.endpoint].view_class
        handler = getattr(view, method.lower())
        assert handler._anju_audience == access.audience, f"{method} {rule_text}"
        if access.permission:
            assert access.permission in handler._anju_permissions, f"{method} {rule_text}"


PROTECTED = [(key, access) for key, access in MATRIX.items() if access.audience != "public"]


@pytest.mark.parametrize(("key", "access"), PROTECTED, ids=[f"{m} {r}" for (m, r), _ in PROTECTED])
def test_no_token_is_401(client, world, key, access):
    method, rule = key
    response = call(client, method, rule, path_of(rule, access.params, world["ids"][FENGDU]), None)
    assert response.status_code == 401
    assert response.get_json(force=True)["code"] == "unauthenticated"


@pytest.mark.parametrize(("key", "access"), PROTECTED, ids=[f"{m} {r}" for (m, r), _ in PROTECTED])
def test_the_other_audience_is_403(client, world, key, access):
    method, rule = key
    token = (
        world["resident_tokens"][FENGDU]
        if access.audience == "staff"
        else world["staff_tokens"][FENGDU][Role.CIVIL_AFFAIRS]
    )
    response = call(client, method, rule, path_of(rule, access.params, world["ids"][FENGDU]), token)
    assert response.status_code == 403


STAFF_WITH_PERMISSION = [(k, a) for k, a in PROTECTED if a.permission]


@pytest.mark.parametrize(
    ("key", "access"), STAFF_WITH_PERMISSION, ids=[f"{m} {r}" for (m, r), _ in STAFF_WITH_PERMISSION]
)
def test_a_role_without_the_permission_is_403_and_a_role_with_it_gets_in(client, world, key, access):
    method, rule = key
    path = path_of(rule, access.params, world["ids"][FENGDU])
    for role in Role:
        response = call(client, method, rule, path, world["staff_tokens"][FENGDU][role])
        if access.permission in ROLE_PERMISSIONS[role]:
            assert response.status_code not in (401, 403), (role, response.get_json(force=True))
        else:
            assert response.status_code == 403, role
            assert response.get_json(force=True)["code"] == "forbidden"


SCOPED = [(k, a) for k, a in PROTECTED if a.params and a.audience == "staff"]


@pytest.mark.parametrize(("key", "access"), SCOPED, ids=[f"{m} {r}" for (m, r), _ in SCOPED])
def test_staff_of_one_district_get_404_for_anothers(client, world, key, access):
    method, rule = key
    role = access.role or next(r for r in Role if access.permission in ROLE_PERMISSIONS[r])
    foreign_path = path_of(rule, access.params, world["ids"][YOUYANG])
    response = call(client, method, rule, foreign_path, world["staff_tokens"][FENGDU][role])
    assert response.status_code == 404
    assert response.get_json(force=True)["code"] == "not_found"


RESIDENT_IDS = [(k, a) for k, a in PROTECTED if a.params and a.audience == "resident"]


@pytest.mark.parametrize(("key", "access"), RESIDENT_IDS, ids=[f"{m} {r}" for (m, r), _ in RESIDENT_IDS])
def test_resident_a_gets_404_for_resident_bs_rows(client, world, key, access):
    method, rule = key
    foreign_path = path_of(rule, access.params, world["ids"][YOUYANG])
    response = call(client, method, rule, foreign_path, world["resident_tokens"][FENGDU])
    assert response.status_code == 404
    assert response.get_json(force=True)["code"] == "not_found"


def test_every_path_id_has_a_scope_test():
    for (method, rule), access in MATRIX.items():
        if "<" in rule and access.audience != "public":
            assert access.params, f"{method} {rule}: name its ids so a scope test covers them"


def test_resident_a_never_sees_resident_bs_household(client, world):
    mine = client.get("/api/v1/me/household", headers=bearer(world["resident_tokens"][FENGDU]))
    assert mine.status_code == 200
    text = mine.get_data(as_text=True)
    assert f"户主{FENGDU}" in text and f"户主{YOUYANG}" not in text


def _handler(app, method: str, rule_text: str):
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text and method in r.methods)
    return getattr(app.view_functions[rule.endpoint].view_class, method.lower())


def _takes_idempotency_key(handler) -> bool:
    return "Idempotency-Key" in [h["name"] for h in handler._apidoc.get("anju_headers", [])]


def test_every_resident_write_takes_an_idempotency_key(app):
    # The mini-program retries every write on a timeout; none may act twice.
    for (method, rule_text), access in MATRIX.items():
        if access.audience == "resident" and method in ("POST", "PUT", "PATCH", "DELETE"):
            assert _takes_idempotency_key(_handler(app, method, rule_text)), (
                f"{method} {rule_text} needs @blp.idempotent"
            )


def test_every_write_that_creates_something_takes_an_idempotency_key_whoever_calls(app):
    # Staff tools retry on a timeout too: a second staff account, election round or register
    # import must never come from one click. Decisions on an existing case use If-Match instead.
    for (method, rule_text), _access in MATRIX.items():
        if method in ("GET", "HEAD", "OPTIONS"):
            continue
        handler = _handler(app, method, rule_text)
        creates = 201 in handler._apidoc.get("success_status_codes", [])
        if creates:
            assert _takes_idempotency_key(handler), f"{method} {rule_text} creates something: needs @blp.idempotent"
