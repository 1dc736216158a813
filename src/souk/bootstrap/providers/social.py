"""Social and notification use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.application.notifications.count_unread_notifications import CountUnreadNotifications
from souk.application.notifications.deliver_event import DeliverEvent
from souk.application.notifications.deliver_live_batch import DeliverLiveBatch
from souk.application.notifications.drain_event_feed import DrainEventFeed
from souk.application.notifications.list_notifications import ListNotifications
from souk.application.notifications.mark_all_notifications_read import MarkAllNotificationsRead
from souk.application.notifications.mark_notification_read import MarkNotificationRead
from souk.application.notifications.plan_live_fan_out import PlanLiveFanOut
from souk.application.notifications.push_delivery import PushDelivery
from souk.application.notifications.push_notification import PushNotification
from souk.application.notifications.register_push_token import RegisterPushToken
from souk.application.notifications.remove_push_token import RemovePushToken
from souk.application.ports.stream_targets import StreamTargets
from souk.application.social.comment_on import CommentOn
from souk.application.social.delete_comment import DeleteComment
from souk.application.social.like_target import LikeTarget
from souk.application.social.list_comments import ListComments
from souk.application.social.stream_targets import StreamsAsTargets
from souk.application.social.targets import SocialTargets
from souk.application.social.unlike_target import UnlikeTarget


class SocialConfigProvider(Provider):
    scope = Scope.APP

    drain = provide(DrainEventFeed)


class SocialUseCasesProvider(Provider):
    scope = Scope.REQUEST

    targets = provide(SocialTargets)
    stream_targets = provide(StreamsAsTargets, provides=StreamTargets)
    like = provide(LikeTarget)
    unlike = provide(UnlikeTarget)
    comment_on = provide(CommentOn)
    list_comments = provide(ListComments)
    delete_comment = provide(DeleteComment)
    deliver_event = provide(DeliverEvent)
    push_delivery = provide(PushDelivery)
    push_notification = provide(PushNotification)
    plan_live_fan_out = provide(PlanLiveFanOut)
    deliver_live_batch = provide(DeliverLiveBatch)
    list_notifications = provide(ListNotifications)
    mark_read = provide(MarkNotificationRead)
    mark_all_read = provide(MarkAllNotificationsRead)
    count_unread = provide(CountUnreadNotifications)
    register_push_token = provide(RegisterPushToken)
    remove_push_token = provide(RemovePushToken)
