"""A resident's and a staff member's day through the generated Python SDK, on a live server.

Written as an SDK user would write it: only the generated functions and models, no raw HTTP.
"""

from __future__ import annotations

import uuid

from anju_client import AuthenticatedClient, Client
from anju_client.api.auth import bind_identity, login_with_wechat
from anju_client.api.cases import act_on_case, get_case, get_my_case, list_cases, list_my_cases
from anju_client.api.hukou import list_hukou_move_options, submit_hukou_move
from anju_client.api.staff_accounts import staff_login
from anju_client.models import (
    ActionBody,
    CaseKind,
    CaseRead,
    CaseStatus,
    CaseSummary,
    HukouMode,
    HukouMoveCreate,
    HukouMoveRead,
    IdentityCreate,
    ResidentLoginRead,
    StaffLogin,
    StaffTokens,
    WeChatLoginCreate,
)

from tests.factories import STAFF_PASSWORD
from tests.sdk.conftest import World


def resident_client(world: World) -> AuthenticatedClient:
    anonymous = Client(base_url=world.base_url, raise_on_unexpected_status=True)
    # A WeChat login code works once; the stand-in gives the same user for every `.nonce`.
    code = f"dev-sdk-resident.{uuid.uuid4().hex[:8]}"
    login = login_with_wechat.sync(client=anonymous, body=WeChatLoginCreate(code=code))
    assert isinstance(login, ResidentLoginRead), login
    return AuthenticatedClient(base_url=world.base_url, token=login.access_token, raise_on_unexpected_status=True)


def staff_client(world: World) -> AuthenticatedClient:
    anonymous = Client(base_url=world.base_url, raise_on_unexpected_status=True)
    tokens = staff_login.sync(
        client=anonymous, body=StaffLogin(username=world.police_username, password=STAFF_PASSWORD)
    )
    assert isinstance(tokens, StaffTokens), tokens
    return AuthenticatedClient(base_url=world.base_url, token=tokens.access_token, raise_on_unexpected_status=True)


def submit_site_move(resident: AuthenticatedClient, world: World) -> HukouMoveRead:
    """Bind the WeChat account to the register, read the options, ask for the open mode."""
    me = bind_identity.sync(
        client=resident,
        body=IdentityCreate(name=world.head_name, id_number=world.head_id_number),
        idempotency_key=str(uuid.uuid4()),
    )
    assert me.bound is True and me.household_id == str(world.household_id)

    options = list_hukou_move_options.sync(client=resident)
    [site_address] = [mode for mode in options.modes if mode.open_]
    assert site_address.mode == HukouMode.SITE_ADDRESS
    movers = [int(member.id) for member in options.members if member.may_move]
    assert len(movers) == 2

    body = HukouMoveCreate(
        mode=HukouMode.SITE_ADDRESS, member_ids=movers, road="滨江路88号", building="3栋2单元", door="501"
    )
    key = str(uuid.uuid4())
    move = submit_hukou_move.sync(client=resident, body=body, idempotency_key=key)
    assert isinstance(move, HukouMoveRead), move
    # A phone retrying after a timeout gets the same answer, not a second case.
    replay = submit_hukou_move.sync_detailed(client=resident, body=body, idempotency_key=key)
    assert replay.headers["Idempotent-Replayed"] == "true" and replay.parsed.id == move.id
    return move


def test_a_resident_asks_to_move_their_hukou_and_follows_the_case(world):
    resident = resident_client(world)

    move = submit_site_move(resident, world)

    page = list_my_cases.sync(client=resident)
    [summary] = page.items
    assert isinstance(summary, CaseSummary) and summary.id == move.id and page.next_cursor is None
    case = get_my_case.sync(int(move.id), client=resident)
    assert isinstance(case, CaseRead)
    assert (case.kind, case.status) == ("hukou_move", "submitted")
    assert [event.action for event in case.timeline] == ["submit"]


def test_the_police_accept_a_move_from_their_queue_and_the_resident_sees_it(world):
    resident = resident_client(world)
    move = submit_site_move(resident, world)
    police = staff_client(world)

    queue = list_cases.sync(client=police, kind=CaseKind.HUKOU_MOVE, status=CaseStatus.SUBMITTED)
    assert [item.id for item in queue.items] == [move.id]
    read = get_case.sync_detailed(int(move.id), client=police)
    accepted = act_on_case.sync(
        int(move.id), "accept", client=police, body=ActionBody(comment="材料齐全"), if_match=read.headers["ETag"]
    )
    assert isinstance(accepted, CaseRead) and accepted.version == read.parsed.version + 1
    # The same stale ETag again loses: a second officer cannot overwrite the first one's decision.
    stale = act_on_case.sync_detailed(
        int(move.id), "accept", client=police, body=ActionBody(), if_match=read.headers["ETag"]
    )
    assert stale.status_code == 412 and stale.parsed.code == "precondition_failed"

    seen = get_my_case.sync(int(move.id), client=resident)
    assert seen.status == accepted.status != "submitted"
    assert seen.timeline[-1].action == "accept"
