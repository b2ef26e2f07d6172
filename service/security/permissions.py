"""Staff roles (policy 3.1 and the field) and what each may do.

A staff member holds one or more grants, each a (role, region prefix) pair: a civil-affairs
officer of 丰都县 holds (civil_affairs, "500230"). A permission is usable only inside the
prefixes of grants whose role carries it, so holding two roles in two places never lets
one role act in the other's place.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CIVIL_AFFAIRS = "civil_affairs"
    ORGANIZATION = "organization"
    DEVELOPMENT_REFORM = "development_reform"
    PUBLIC_SECURITY = "public_security"
    HR_SOCIAL_SECURITY = "hr_social_security"
    CULTURE_TOURISM = "culture_tourism"
    AGRICULTURE_RURAL = "agriculture_rural"
    POVERTY_ALLEVIATION = "poverty_alleviation"
    MEDICAL_INSURANCE = "medical_insurance"
    TOWNSHIP_WORKER = "township_worker"
    COMMUNITY_WORKER = "community_worker"
    PAIRING_CADRE = "pairing_cadre"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.CIVIL_AFFAIRS: "民政部门",
    Role.ORGANIZATION: "组织部门",
    Role.DEVELOPMENT_REFORM: "发展改革部门",
    Role.PUBLIC_SECURITY: "公安部门",
    Role.HR_SOCIAL_SECURITY: "人力社保部门",
    Role.CULTURE_TOURISM: "文化旅游部门",
    Role.AGRICULTURE_RURAL: "农业农村部门",
    Role.POVERTY_ALLEVIATION: "扶贫部门",
    Role.MEDICAL_INSURANCE: "医保部门",
    Role.TOWNSHIP_WORKER: "乡镇（街道）工作人员",
    Role.COMMUNITY_WORKER: "社区（村）工作人员",
    Role.PAIRING_CADRE: "结对帮扶干部",
    Role.ADMIN: "系统管理员",
}


class Permission(StrEnum):
    REGISTRY_READ = "registry.read"
    REGISTRY_IMPORT = "registry.import"
    PII_REVEAL = "pii.reveal"
    STAFF_MANAGE = "staff.manage"
    AUDIT_READ = "audit.read"
    ELECTIONS_READ = "elections.read"
    ELECTIONS_MANAGE = "elections.manage"
    COLLECTIVE_MANAGE = "collective.manage"
    LAND_SUBSIDY_DECIDE = "land_subsidy.decide"
    COUNCILS_MANAGE = "councils.manage"
    ASSISTANCE_MANAGE = "assistance.manage"
    # Medical insurance (policy 1.6): the cover list, its import, the monitoring list and visits.
    MEDICAL_MANAGE = "medical.manage"
    PENSION_MANAGE = "pension.manage"
    # Party relationships (policy 1.2): the party-member list, the transfer ledger and its steps.
    PARTY_MANAGE = "party.manage"
    # Pairing cadres (policy 2.5): assigning cadres and the worklists; recording visits and 实事.
    PAIRING_MANAGE = "pairing.manage"
    PAIRING_VISIT = "pairing.visit"
    # The community itself (policy 2.1, 2.2, 2.4): sites' organisation, facilities and culture.
    COMMUNITY_MANAGE = "community.manage"
    # 好差评 (国办发〔2019〕51号): deciding an office's appeal against a rating it holds malicious.
    RATING_APPEAL_DECIDE = "rating_appeal.decide"
    # No one lost (policy 3.3): the reconciliation of every relocated person across the matters.
    OVERSIGHT_READ = "oversight.read"


_EVERY_DEPARTMENT = {Permission.REGISTRY_READ}
# Departments whose cases need the full ID number (hukou, pension, insurance, assistance).
_REVEALING = {Permission.REGISTRY_READ, Permission.PII_REVEAL}
# Those who keep the register itself: civil affairs leads (3.1), poverty alleviation owns
# the 建档立卡 lists, townships and communities hold the households.
_KEEPERS = {Permission.REGISTRY_READ, Permission.REGISTRY_IMPORT, Permission.PII_REVEAL}
# Civil affairs leads village and community committee elections (村(居)委会选举, policy 2.3);
# townships and communities run them on the ground. Organization departments follow them.
_ELECTIONS = {Permission.ELECTIONS_READ, Permission.ELECTIONS_MANAGE}
# Collective membership and contracted land (policy 1.3–1.4): the village committee acts for
# the collective, the township guides it, agriculture & rural affairs keeps the land registers.
_COLLECTIVE = {Permission.COLLECTIVE_MANAGE}
# Resident self-governance (policy 2.3): civil affairs guides the councils of its region,
# townships and communities keep them (members, conventions, meetings, moderation).
_COUNCILS = {Permission.COUNCILS_MANAGE}
# Pairing (policy 2.5): townships and poverty alleviation assign each 建档立卡 household its one
# cadre and follow the worklists; the cadre records visits and 实事 for their own households only.
_PAIRING = {Permission.PAIRING_MANAGE}
# The community itself (policy 2.1, 2.2, 2.4): civil affairs guides community building in its
# county, townships and communities record what each site has set up, built and staged.
_COMMUNITY = {Permission.COMMUNITY_MANAGE}
# No one lost (policy 3.3, 3.1): civil affairs leads the follow-up, poverty alleviation keeps
# the 建档立卡 households, and township leaders answer for everyone settled in their township.
_OVERSIGHT = {Permission.OVERSIGHT_READ}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # Civil affairs keeps the 低保/特困 list and its payments (policy 1.7); townships act in the
    # transfer through the case engine but do not read the county's list.
    # Appeals against ratings go to the county's civil affairs: only a grant at county level or
    # above reaches them (service/ratings/service.py scopes by the rated office's county).
    Role.CIVIL_AFFAIRS: frozenset(
        _KEEPERS
        | _ELECTIONS
        | _COUNCILS
        | _COMMUNITY
        | _OVERSIGHT
        | {Permission.ASSISTANCE_MANAGE, Permission.RATING_APPEAL_DECIDE}
    ),
    # Organisation departments keep the party-member list and the 1.2 transfers at every level:
    # a grant at a village is its party organisation, at a township the township party
    # committee, at a county the 区县委组织部. Party membership is no other role's business.
    Role.ORGANIZATION: frozenset(_EVERY_DEPARTMENT | {Permission.ELECTIONS_READ, Permission.PARTY_MANAGE}),
    Role.DEVELOPMENT_REFORM: frozenset(_EVERY_DEPARTMENT),
    Role.PUBLIC_SECURITY: frozenset(_REVEALING),
    # 人力社保 keeps each county's pension list and payroll and receives transfers (policy 1.5);
    # no other role reads them — townships file transfers for residents (代办) without the list.
    Role.HR_SOCIAL_SECURITY: frozenset(_REVEALING | {Permission.PENSION_MANAGE}),
    Role.CULTURE_TOURISM: frozenset(_EVERY_DEPARTMENT),
    # Each county's agriculture & rural affairs sets and pays the land-rent subsidy (policy 1.4).
    Role.AGRICULTURE_RURAL: frozenset(_EVERY_DEPARTMENT | _COLLECTIVE | {Permission.LAND_SUBSIDY_DECIDE}),
    Role.POVERTY_ALLEVIATION: frozenset(_KEEPERS | _PAIRING | _OVERSIGHT),
    Role.MEDICAL_INSURANCE: frozenset(_REVEALING | {Permission.MEDICAL_MANAGE}),
    Role.TOWNSHIP_WORKER: frozenset(
        _KEEPERS | _ELECTIONS | _COLLECTIVE | _COUNCILS | _PAIRING | _COMMUNITY | _OVERSIGHT
    ),
    Role.COMMUNITY_WORKER: frozenset(_KEEPERS | _ELECTIONS | _COLLECTIVE | _COUNCILS | _COMMUNITY),
    Role.PAIRING_CADRE: frozenset(_EVERY_DEPARTMENT | {Permission.PAIRING_VISIT}),
    # Admins run accounts and read the audit trail; they do not read residents' data.
    Role.ADMIN: frozenset({Permission.STAFF_MANAGE, Permission.AUDIT_READ}),
}
