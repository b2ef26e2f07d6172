"""The inbox endpoints: residents' and staff members' own messages."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint
from service.http import KeysetArgs
from service.notifications import inbox, subscriptions
from service.notifications.models import Notification
from service.notifications.schemas import NotificationList, NotificationRead, SubscriptionList, SubscriptionReport
from service.security.authn import current_actor

blp = Blueprint(
    "notifications",
    __name__,
    url_prefix="/api/v1",
    description="消息 Notifications: the in-app inbox and WeChat subscriptions",
)


@blp.route("/me/notifications")
class MyNotifications(MethodView):
    @blp.doc(operationId="listMyNotifications")
    @blp.resident
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, NotificationList)
    @blp.keyset(Notification.id)
    def get(self, args):
        """消息 The resident's notifications, newest first, with the unread count"""
        return inbox.page(current_actor())


@blp.route("/me/notifications/<int:notification_id>/read")
class MyNotificationRead(MethodView):
    @blp.doc(operationId="markMyNotificationRead")
    @blp.resident
    @blp.idempotent
    @blp.response(200, NotificationRead)
    def post(self, notification_id):
        """标为已读 Mark one notification read (repeating it changes nothing)"""
        return inbox.mark_read(current_actor(), notification_id)


@blp.route("/staff/notifications")
class StaffNotifications(MethodView):
    @blp.doc(operationId="listStaffNotifications")
    @blp.staff()
    @blp.arguments(KeysetArgs, location="query")
    @blp.response(200, NotificationList)
    @blp.keyset(Notification.id)
    def get(self, args):
        """工作消息 The staff member's notifications (e.g. a case assigned to them), newest first"""
        return inbox.page(current_actor())


@blp.route("/staff/notifications/<int:notification_id>/read")
class StaffNotificationRead(MethodView):
    @blp.doc(operationId="markStaffNotificationRead")
    @blp.staff()
    @blp.response(200, NotificationRead)
    def post(self, notification_id):
        """标为已读 Mark one of one's own notifications read"""
        return inbox.mark_read(current_actor(), notification_id)


@blp.route("/me/subscriptions")
class MySubscriptions(MethodView):
    @blp.doc(operationId="listMySubscriptions")
    @blp.resident
    @blp.response(200, SubscriptionList)
    def get(self):
        """订阅消息 Which WeChat templates to ask for with wx.requestSubscribeMessage, and the grants held

        Each item is one kind of message we send (its purpose in Chinese and WeChat's template id).
        A kind the operator has not configured is not listed: it reaches the resident in the app only.
        """
        return subscriptions.listing(current_actor())

    @blp.doc(operationId="reportMySubscriptions")
    @blp.resident
    @blp.idempotent
    @blp.arguments(SubscriptionReport)
    @blp.response(200, SubscriptionList)
    def post(self, data):
        """记录订阅 Report what the resident answered in wx.requestSubscribeMessage

        Each `accept` allows one message of that template (WeChat's one-time subscription), so
        send the answers of every request once (the Idempotency-Key makes a retry harmless).
        422 `subscription_template_unknown`: a template id that is not in the list above.
        """
        return subscriptions.report(current_actor(), data["results"])
