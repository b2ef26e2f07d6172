"""The grant ledger of WeChat one-time subscriptions (一次性订阅消息).

Each time a resident taps 允许 in `wx.requestSubscribeMessage`, WeChat allows one message of
that template to that resident; the mini-program reports the answers here. The delivery
worker spends one per message and never sends without one (WeChat would answer 43101).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from service import clock, db, settings
from service.errors import ApiError
from service.notifications.models import SubscriptionGrant
from service.notifications.rules import TEMPLATES, Template
from service.security.actors import ResidentActor

# WeChat's answers per template; only "accept" grants a message ("reject": the resident said
# no, "ban": WeChat banned the template, "filter": WeChat filtered it).
ACCEPT = "accept"
ANSWERS = (ACCEPT, "reject", "ban", "filter")


def configured() -> dict[str, tuple[Template, str]]:
    """Our message kinds the operator gave a WeChat template id: kind → (template, id).
    Development makes one up for every kind (`dev-<kind>`), which the stand-in accepts."""
    current = settings.current()
    ids = {kind: f"dev-{kind}" for kind in TEMPLATES} if current.env == "development" else {}
    ids.update(current.wechat_templates)
    return {kind: (template, ids[kind]) for kind, template in TEMPLATES.items() if kind in ids}


def listing(actor: ResidentActor) -> dict[str, Any]:
    """What the mini-program should ask the resident to subscribe to, with the grants held."""
    kinds = configured()
    held = dict(
        db.session()
        .execute(
            select(SubscriptionGrant.template_id, SubscriptionGrant.remaining).where(
                SubscriptionGrant.account_id == actor.account_id,
                SubscriptionGrant.template_id.in_([template_id for _, template_id in kinds.values()]),
            )
        )
        .all()
    )
    return {
        "items": [
            {
                "kind": kind,
                "label": template.label,
                "template_id": template_id,
                "remaining": held.get(template_id, 0),
            }
            for kind, (template, template_id) in kinds.items()
        ]
    }


def report(actor: ResidentActor, results: dict[str, str]) -> dict[str, Any]:
    """Record the answers of one `wx.requestSubscribeMessage`: one grant per "accept"."""
    known = {template_id for _, template_id in configured().values()}
    unknown = sorted(set(results) - known)
    if unknown:
        raise ApiError(
            "subscription_template_unknown",
            "小程序请求订阅的消息类型不在本服务的清单中，请更新小程序后再试",
            # Dotted like every nested field error (service/api.flatten_messages).
            errors={f"results.{template_id}": ["不是本服务的订阅消息模板"] for template_id in unknown},
        )
    for template_id, answer in results.items():
        if answer == ACCEPT:
            db.upsert(
                SubscriptionGrant,
                {"account_id": actor.account_id, "template_id": template_id, "remaining": 1},
                ("account_id", "template_id"),
                {"remaining": SubscriptionGrant.remaining + 1, "updated_at": clock.now()},
            )
    return listing(actor)


def held_for_spending(account_id: int, template_id: str) -> SubscriptionGrant | None:
    """The grant row, locked until the caller's transaction ends: a second worker spending for
    the same resident waits and then sees what is left."""
    return (
        db.session()
        .scalars(
            select(SubscriptionGrant)
            .where(SubscriptionGrant.account_id == account_id, SubscriptionGrant.template_id == template_id)
            .with_for_update()
        )
        .first()
    )


def none_left(account_id: int, template_id: str) -> None:
    """WeChat says the resident holds no grant (43101): believe it over our count."""
    db.session().execute(
        update(SubscriptionGrant)
        .where(SubscriptionGrant.account_id == account_id, SubscriptionGrant.template_id == template_id)
        .values(remaining=0)
    )
