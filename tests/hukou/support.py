"""Helpers shared by the hukou-move tests."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from tests.factories import keyed


@dataclass
class Family:
    household_id: int
    member_ids: list[int]
    account_id: int
    # The first member (the head) has bound their WeChat account: these are their headers.
    resident: dict[str, str]


@dataclass
class Offices:
    police: dict[str, str]  # public security of 丰都县, the destination county
    police_other_county: dict[str, str]  # public security of 酉阳县
    civil_affairs: dict[str, str]  # civil affairs of 丰都县
    community: dict[str, str]  # the 东山社区 worker
    community_id: int
    community_other_county: dict[str, str]


def site_move(member_ids: list[int], **extra: Any) -> dict[str, Any]:
    return {
        "mode": "site_address",
        "member_ids": [str(i) for i in member_ids],
        "road": "滨江路88号",
        "building": "3栋2单元",
        "door": "501",
        **extra,
    }


def ask(client, headers: dict[str, str], body: dict[str, Any], path: str = "/api/v1/hukou-moves"):
    """POST a move as a phone does: each new submission with its own Idempotency-Key."""
    return client.post(path, headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json=body)


def staff_act(client, headers: dict[str, str], case_id: int, action: str, version: int, **body: Any):
    return client.post(
        f"/api/v1/staff/cases/{case_id}/actions/{action}",
        headers={**headers, "If-Match": f'"{version}"'},
        json=body,
    )


def upload(client, headers: dict[str, str], content: bytes, name: str, url: str = "/api/v1/attachments") -> str:
    """Upload a paper as the phone does; its id."""
    response = client.post(url, headers=keyed(headers), data={"file": (io.BytesIO(content), name)})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]
