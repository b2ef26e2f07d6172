from __future__ import annotations

from flask.views import MethodView

from service import db
from service.api import Blueprint, links_to_reads
from service.http import KeysetArgs
from service.ratelimit import Rule, client_address, hashed_json_field
from service.security.authn import current_actor
from service.security.permissions import Permission
from service.staff import service as staff
from service.staff.models import StaffAccount
from service.staff.schemas import (
    PasswordChange,
    PasswordReset,
    StaffCreate,
    StaffList,
    StaffLogin,
    StaffRead,
    StaffTokens,
    StaffUpdate,
)

blp = Blueprint("staff_accounts", __name__, url_prefix="/api/v1/staff", description="工作人员账号 Staff accounts")


@blp.route("/auth/login")
class StaffLoginView(MethodView):
    @blp.doc(operationId="staffLogin")
    @blp.public
    @blp.rate_limited(
        Rule("staff_login_per_address", client_address),
        Rule("staff_login_failures_per_address", client_address, failures_only=True),
        Rule("staff_login_per_username", hashed_json_field("username")),
    )
    @blp.arguments(StaffLogin)
    @blp.response(200, StaffTokens)
    @blp.alt_response(401, response="UNAUTHORIZED")
    def post(self, data):
        """工作人员登录 Staff sign-in

        Five wrong passwords lock the account for 15 minutes (429 `login_locked`, Retry-After).
        A new account must change its initial password before anything else.
        """
        return staff.login(data["username"], data["password"])


@blp.route("/me")
class StaffMe(MethodView):
    @blp.doc(operationId="getStaffMe")
    @blp.staff(allow_pending_password=True)
    @blp.response(200, StaffRead)
    def get(self):
        """本人账号 The signed-in staff member, with grants and permissions"""
        return db.session().get(StaffAccount, current_actor().staff_id)


@blp.route("/me/password")
class StaffPassword(MethodView):
    @blp.doc(operationId="changeStaffPassword")
    @blp.staff(allow_pending_password=True)
    @blp.arguments(PasswordChange)
    @blp.response(200, StaffTokens)
    def post(self, data):
        """修改密码 Change own password (≥ 8 characters, three of: lower, upper, digit, symbol)

        Signs the account out everywhere, and answers with a new token pair for this device:
        the tokens held before stop working.
        """
        return staff.change_password(current_actor(), data["current_password"], data["new_password"])


@blp.route("/accounts")
class StaffAccounts(MethodView):
    @blp.doc(operationId="listStaffAccounts")
    @blp.staff(Permission.STAFF_MANAGE)
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, StaffList)
    @blp.keyset(StaffAccount.id)
    def get(self, args):
        """工作人员列表 Staff accounts whose every grant lies inside the admin's scope"""
        return staff.visible_accounts_stmt(current_actor())

    @blp.doc(operationId="createStaffAccount", **links_to_reads("staff_id", "getStaffAccount"))
    @blp.staff(Permission.STAFF_MANAGE)
    @blp.idempotent
    @blp.arguments(StaffCreate)
    @blp.response(201, StaffRead)
    def post(self, data):
        """新建工作人员 Create a staff account (grants only inside the admin's own scope)"""
        return staff.create(current_actor(), data)


@blp.route("/accounts/<int:staff_id>")
class StaffAccountView(MethodView):
    @blp.doc(operationId="getStaffAccount")
    @blp.staff(Permission.STAFF_MANAGE)
    @blp.response(200, StaffRead)
    def get(self, staff_id):
        """工作人员详情 One staff account in scope (every grant inside the admin's scope, else 404)"""
        return staff.get_visible(current_actor(), staff_id)

    @blp.doc(operationId="updateStaffAccount")
    @blp.staff(Permission.STAFF_MANAGE)
    @blp.arguments(StaffUpdate)
    @blp.response(200, StaffRead)
    def patch(self, data, staff_id):
        """修改工作人员 Rename, (de)activate (which signs the account out everywhere), or replace the grants

        403 `own_grants_locked`: an admin's own grants are changed by another admin.
        """
        return staff.update(current_actor(), staff_id, data)


@blp.route("/accounts/<int:staff_id>/reset-password")
class StaffAccountReset(MethodView):
    @blp.doc(operationId="resetStaffAccountPassword")
    @blp.staff(Permission.STAFF_MANAGE)
    @blp.arguments(PasswordReset)
    @blp.response(200, StaffRead)
    def post(self, data, staff_id):
        """重置密码 Set a new initial password; also lifts a lockout and signs the account out everywhere"""
        return staff.reset_password(current_actor(), staff_id, data["initial_password"])
