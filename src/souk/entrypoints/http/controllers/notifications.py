from __future__ import annotations

from typing import Annotated
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Controller, get, patch, post
from litestar.params import FromPath, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT

from souk.application.notifications.count_unread_notifications import CountUnreadNotifications
from souk.application.notifications.list_notifications import ListNotifications
from souk.application.notifications.mark_all_notifications_read import MarkAllNotificationsRead
from souk.application.notifications.mark_notification_read import MarkNotificationRead
from souk.application.shared.paging import DEFAULT_LIMIT
from souk.entrypoints.http.controllers.products import Cursor, Limit
from souk.entrypoints.http.identity import Identity
from souk.entrypoints.http.openapi import BEARER
from souk.entrypoints.http.schemas.social import NotificationPageOut, UnreadCountOut
from souk.entrypoints.wire.notifications import NotificationOut


class NotificationsController(Controller):
    """The caller's inbox. Types: new_message (only while you had no live socket),
    offer_received/countered/accepted/declined/expired, followed_seller_live (a seller you
    follow went live), nearby_seller_live (a seller living within 10 km of your home went
    live), product_sold, new_follower, new_comment — each switchable in `PATCH /users/me` notification_settings.
    New ones also arrive as `notification:new` frames on your WebSockets."""

    path = "/api/v1/notifications"
    tags = ["notifications"]
    security = BEARER

    @get("/", summary="Your notifications, newest first")
    @inject
    async def list(
        self,
        use_case: FromDishka[ListNotifications],
        me: FromDishka[Identity],
        unread: Annotated[bool, QueryParameter(description="Only unread ones")] = False,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> NotificationPageOut:
        """The caller's notifications; `unread=true` for unread ones only. Paged with `cursor`."""
        page = await use_case(me.user_id, unread, cursor, limit)
        return NotificationPageOut([NotificationOut.of(n) for n in page.items], page.next_cursor)

    @get("/unread-count", summary="How many are unread")
    @inject
    async def unread_count(
        self, use_case: FromDishka[CountUnreadNotifications], me: FromDishka[Identity]
    ) -> UnreadCountOut:
        """`{"count": n}`: the badge number."""
        return UnreadCountOut(await use_case(me.user_id))

    @patch("/{notification_id:uuid}/read", status_code=HTTP_200_OK, summary="Mark one read (answers it)")
    @inject
    async def read(
        self, notification_id: FromPath[UUID], use_case: FromDishka[MarkNotificationRead], me: FromDishka[Identity]
    ) -> NotificationOut:
        """Marks the notification read and answers it. Another user's notification is a 404."""
        return NotificationOut.of(await use_case(me.user_id, notification_id))

    @post("/read-all", status_code=HTTP_204_NO_CONTENT, summary="Mark every notification read")
    @inject
    async def read_all(self, use_case: FromDishka[MarkAllNotificationsRead], me: FromDishka[Identity]) -> None:
        """Marks every notification of the caller read."""
        await use_case(me.user_id)
