"""The register member a resident's account is bound to: where every resident's matter starts.

A resident signs in with WeChat first and binds the account to their register entry later
(identity.py); until then there is nobody to apply for, so every resident operation that
needs the member answers `identity_required` here, registered beside the one place raising it.
"""

from __future__ import annotations

from sqlalchemy.orm.interfaces import ORMOption

from service import db
from service.errors import ApiError, Problem, register
from service.registry.models import Member
from service.security.actors import ResidentActor

register(Problem("identity_required", 403, "请先完成身份核验"))


def identity_required(purpose: str) -> ApiError:
    """The refusal for a resident not yet bound, saying what they were about to do."""
    return ApiError("identity_required", f"请先核验身份，绑定到您登记的搬迁户后再{purpose}")


def bound_member(actor: ResidentActor, purpose: str = "办理", *options: ORMOption) -> Member:
    """The caller's own register member, or 403 `identity_required` while the account is unbound;
    `options` load what the caller reads next in the same statement (e.g. the household)."""
    if actor.member_id is None:
        raise identity_required(purpose)
    return db.session().get_one(Member, actor.member_id, options=options)
