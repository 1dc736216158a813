"""dishka providers of the social layer: likes, comments, notifications, push."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide
from sqlalchemy.ext.asyncio import AsyncEngine

from souk.adapters.events.registry import EventRegistry
from souk.adapters.memory.comment_repository import InMemoryCommentRepository
from souk.adapters.memory.event_feed import InMemoryEventFeed
from souk.adapters.memory.like_repository import InMemoryLikeRepository
from souk.adapters.memory.notification_repository import InMemoryNotificationRepository
from souk.adapters.memory.push_token_repository import InMemoryPushTokenRepository
from souk.adapters.memory.recipient_ranges import InMemoryRecipientRanges
from souk.adapters.push.fcm_push_sender import FcmPushSender, ServiceAccount
from souk.adapters.push.log_push_sender import LogPushSender
from souk.adapters.sql.comment_repository import SqlCommentRepository
from souk.adapters.sql.event_feed import SqlEventFeed
from souk.adapters.sql.like_repository import SqlLikeRepository
from souk.adapters.sql.notification_repository import SqlNotificationRepository
from souk.adapters.sql.push_token_repository import SqlPushTokenRepository
from souk.adapters.sql.recipient_ranges import SqlRecipientRanges
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
from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.event_feed import EventFeed
from souk.application.ports.like_repository import LikeRepository
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.push_sender import PushSender
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.application.ports.stream_targets import StreamTargets
from souk.application.social.comment_on import CommentOn
from souk.application.social.delete_comment import DeleteComment
from souk.application.social.like_target import LikeTarget
from souk.application.social.list_comments import ListComments
from souk.application.social.stream_targets import StreamsAsTargets
from souk.application.social.targets import SocialTargets
from souk.application.social.unlike_target import UnlikeTarget
from souk.bootstrap.settings import Settings


class SocialInfrastructureProvider(Provider):
    scope = Scope.APP

    drain = provide(DrainEventFeed)

    @provide
    async def push_sender(self, settings: Settings) -> AsyncIterator[PushSender]:
        """FCM when a service account is configured, else the log."""
        if settings.fcm_credentials_file is None:
            yield LogPushSender()
            return
        sender = FcmPushSender(ServiceAccount.from_file(settings.fcm_credentials_file), settings.fcm_endpoint)
        yield sender
        await sender.aclose()


class SocialSqlProvider(Provider):
    scope = Scope.REQUEST

    notifications = provide(SqlNotificationRepository, provides=NotificationRepository)
    likes = provide(SqlLikeRepository, provides=LikeRepository)
    comments = provide(SqlCommentRepository, provides=CommentRepository)
    push_tokens = provide(SqlPushTokenRepository, provides=PushTokenRepository)
    recipient_ranges = provide(SqlRecipientRanges, provides=RecipientRanges, scope=Scope.APP)

    @provide(scope=Scope.APP)
    def event_feed(self, engine: AsyncEngine, registry: EventRegistry) -> EventFeed:
        return SqlEventFeed(engine, registry)


class SocialMemoryProvider(Provider):
    scope = Scope.REQUEST

    notifications = provide(InMemoryNotificationRepository, provides=NotificationRepository)
    likes = provide(InMemoryLikeRepository, provides=LikeRepository)
    comments = provide(InMemoryCommentRepository, provides=CommentRepository)
    push_tokens = provide(InMemoryPushTokenRepository, provides=PushTokenRepository)
    recipient_ranges = provide(InMemoryRecipientRanges, provides=RecipientRanges, scope=Scope.APP)
    event_feed = provide(InMemoryEventFeed, provides=EventFeed, scope=Scope.APP)


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


def social_providers(*, in_memory: bool = False) -> list[Provider]:
    storage = SocialMemoryProvider() if in_memory else SocialSqlProvider()
    return [SocialInfrastructureProvider(), storage, SocialUseCasesProvider()]
