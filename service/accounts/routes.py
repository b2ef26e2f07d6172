from __future__ import annotations

from flask.views import MethodView

from service.accounts import identity, refresh, resident
from service.accounts.schemas import (
    IdentityCreate,
    MeRead,
    OwnHouseholdRead,
    RefreshTokenBody,
    ResidentLoginRead,
    TokenPairRead,
    WeChatLoginCreate,
)
from service.api import Blueprint
from service.ratelimit import Rule, client_address, signed_in_account
from service.security.authn import current_actor

blp = Blueprint("auth", __name__, url_prefix="/api/v1", description="登录与本人 Resident sign-in and own data")


@blp.route("/auth/wechat/login")
class WeChatLogin(MethodView):
    @blp.doc(operationId="loginWithWechat")
    @blp.public
    @blp.rate_limited(Rule("wechat_login_per_address", client_address))
    @blp.arguments(WeChatLoginCreate)
    @blp.response(200, ResidentLoginRead)
    @blp.alt_response(403, response="FORBIDDEN")
    @blp.alt_response(503, response="SERVICE_UNAVAILABLE")
    def post(self, data):
        """微信登录 Resident sign-in with the code from wx.login()

        The first sign-in creates the account. 400 `wechat_code_invalid`/`wechat_code_used`: call
        wx.login() again; 403 `wechat_user_risky`: WeChat's risk control blocked this user, who
        must clear it in WeChat; 429 and 503 carry Retry-After.
        """
        return resident.login_with_wechat(data["code"])


@blp.route("/auth/refresh")
class Refresh(MethodView):
    @blp.doc(operationId="refreshToken")
    @blp.public
    @blp.rate_limited(Rule("refresh_per_address", client_address))
    @blp.arguments(RefreshTokenBody)
    @blp.response(200, TokenPairRead)
    @blp.alt_response(401, response="UNAUTHORIZED")
    def post(self, data):
        """刷新令牌 Exchange a refresh token (resident or staff) for a new pair

        Each refresh token works once. Sending it again within 30 seconds returns the same new
        pair (for a lost response); later, the whole login is ended (401 `refresh_reused`).
        """
        return refresh.rotate(data["refresh_token"])


@blp.route("/auth/logout")
class Logout(MethodView):
    @blp.doc(operationId="logout")
    @blp.public
    @blp.arguments(RefreshTokenBody)
    @blp.response(204)
    def post(self, data):
        """退出登录 End the login the refresh token belongs to (resident or staff); idempotent

        The access tokens of that login stop working at once; other logins of the account go on.
        """
        refresh.revoke_family_of(data["refresh_token"])


@blp.route("/me")
class Me(MethodView):
    @blp.doc(operationId="getMe")
    @blp.resident
    @blp.response(200, MeRead)
    def get(self):
        """本人信息 The signed-in resident and, once bound, their register entry (masked)"""
        return resident.me(current_actor())


@blp.route("/me/identity")
class Identity(MethodView):
    @blp.doc(operationId="bindIdentity")
    @blp.resident
    @blp.rate_limited(Rule("identity_per_account", signed_in_account), Rule("identity_per_address", client_address))
    @blp.idempotent
    @blp.arguments(IdentityCreate)
    @blp.response(200, MeRead)
    @blp.alt_response(409, response="CONFLICT")
    def post(self, data):
        """身份核验 Bind the account to the register by name and ID number

        A wrong name and an unregistered number get the same answer (422 `identity_not_matched`);
        five failures a day, then 429 with Retry-After. 409 `identity_taken`: the person is bound
        to another WeChat (staff can re-bind); 409 `already_bound`: this WeChat is bound already.
        """
        return identity.bind(current_actor(), data["name"], data["id_number"])


@blp.route("/me/household")
class Household(MethodView):
    @blp.doc(operationId="getMyHousehold")
    @blp.resident
    @blp.response(200, OwnHouseholdRead)
    @blp.alt_response(403, response="FORBIDDEN")
    def get(self):
        """本户信息 The resident's own household, members' numbers masked

        403 `identity_required` until the identity is bound.
        """
        return resident.own_household(current_actor())
