"""Helpers shared by the collective-membership tests (policy 1.3)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from service import clock
from tests.attachments.conftest import PDF, PNG
from tests.factories import keyed

# Monday 2 March 2026, 09:00 in Chongqing: the day most tests begin.
START = datetime(2026, 3, 2, 9, 0, tzinfo=clock.CHINA)


@dataclass
class People:
    applicant: dict[str, str]
    applicant_member_id: int
    applicant_spouse_member_id: int
    neighbour: dict[str, str]  # a resident of the same destination: may read the notice and object
    neighbour_member_id: int
    second_neighbour: dict[str, str]
    elsewhere: dict[str, str]  # a resident of another destination
    committee: dict[str, str]  # the destination's village committee (community worker)
    committee_id: int
    other_committee: dict[str, str]
    township: dict[str, str]
    police: dict[str, str]


def on(day: date, hour: int = 10) -> None:
    clock.set_now(datetime(day.year, day.month, day.day, hour, tzinfo=clock.CHINA))


def upload(client, headers: dict[str, str], *, staff: bool = False, content: bytes | None = None) -> int:
    """A resident's photo of a paper, or (staff) a PDF of minutes unless `content` says otherwise."""
    url = "/api/v1/staff/attachments" if staff else "/api/v1/attachments"
    content = content or (PDF if staff else PNG)
    name = "附件.pdf" if content == PDF else "照片.png"
    data = {"file": (io.BytesIO(content), name)}
    response = client.post(url, headers=keyed(headers), data=data)
    assert response.status_code == 201, response.get_json()
    return int(response.get_json()["id"])


DECLARATIONS = "/api/v1/collective-membership/declarations"


def declare(client, headers: dict[str, str], body: dict[str, Any], path: str = DECLARATIONS):
    return client.post(path, headers=keyed(headers), json=body)


def apply(client, people: People) -> dict[str, Any]:
    """The applicant applies with a signed paper; answers the case view."""
    paper = upload(client, people.applicant)
    response = declare(client, people.applicant, {"choice": "apply_destination", "written_application_id": paper})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["case"]


def staff_act(client, headers: dict[str, str], case_id: str, action: str, version: int, **body: Any):
    return client.post(
        f"/api/v1/staff/cases/{case_id}/actions/{action}", headers={**headers, "If-Match": f'"{version}"'}, json=body
    )


def publish(client, headers: dict[str, str], case_id: str, version: int, **body: Any):
    return client.post(
        f"/api/v1/staff/collective-membership/applications/{case_id}/notice",
        headers={**headers, "If-Match": f'"{version}"'},
        json=body,
    )


def vote(client, headers: dict[str, str], case_id: str, version: int, minutes: int, **body: Any):
    fields = {
        "body": "members_assembly",
        "total_members": 30,
        "present": 25,
        "votes_for": 20,
        "votes_against": 3,
        "meeting_date": clock.today().isoformat(),
        "minutes_attachment_id": minutes,
        **body,
    }
    return client.post(
        f"/api/v1/staff/collective-membership/applications/{case_id}/vote",
        headers={**headers, "If-Match": f'"{version}"'},
        json=fields,
    )


def object_to(client, headers: dict[str, str], notice_id: str, reason: str = "此人并未在本社区实际居住"):
    return client.post(
        f"/api/v1/collective-membership/notices/{notice_id}/objections", headers=keyed(headers), json={"reason": reason}
    )


def resolve(client, headers: dict[str, str], objection_id: str, version: int, outcome: str, reason: str):
    return client.post(
        f"/api/v1/staff/collective-membership/objections/{objection_id}/resolve",
        headers={**headers, "If-Match": f'"{version}"'},
        json={"outcome": outcome, "reason": reason},
    )


def staff_view(client, headers: dict[str, str], case_id: str):
    return client.get(f"/api/v1/staff/collective-membership/applications/{case_id}", headers=headers)


def under_notice(client, people: People) -> dict[str, Any]:
    """An application accepted and published today (START) for the default 7 days."""
    on(START.date(), 9)
    case = apply(client, people)
    accepted = staff_act(client, people.committee, case["id"], "accept", case["version"])
    assert accepted.status_code == 200, accepted.get_json()
    published = publish(client, people.committee, case["id"], accepted.get_json()["version"])
    assert published.status_code == 200, published.get_json()
    return published.get_json()
