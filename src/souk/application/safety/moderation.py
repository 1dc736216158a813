"""Staff actions, shared by the admin routes and report resolutions: each one changes the
world and writes its audit entry in the same transaction. The caller commits (a stream
takedown commits itself: the streams feature ends it) and publishes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.audit_log import AuditLog
from souk.application.ports.comment_repository import CommentRepository
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.product_repository import ProductRepository
from souk.application.ports.profile_counters import ProfileCounters
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.stream_takedown import StreamTakedown
from souk.application.ports.suspensions import Suspension, Suspensions
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.accounts.errors import UserNotFound
from souk.domain.accounts.events import SUSPENDED, SessionRevoked
from souk.domain.accounts.notifications import NotificationType
from souk.domain.accounts.user import User
from souk.domain.accounts.values import Role
from souk.domain.catalog.errors import ProductNotFound
from souk.domain.notifications.events import NotificationCreated
from souk.domain.notifications.notification import NotificationDraft
from souk.domain.safety.audit import AuditEntry, StaffAction
from souk.domain.safety.errors import CannotModerateStaff
from souk.domain.shared.errors import InvalidInput
from souk.domain.social.errors import CommentNotFound
from souk.domain.streams.events import AudienceChanged
from souk.domain.streams.stream import StreamStatus

LIVE_MAX = 10  # a seller has one live stream at a time; a few more would be a bug's leftovers


@dataclass(frozen=True, slots=True)
class Moderation:
    users: UserRepository
    suspensions: Suspensions
    refresh_tokens: RefreshTokenRepository
    products: ProductRepository
    counters: ProfileCounters
    streams: StreamTakedown
    stream_reader: StreamReader
    comments: CommentRepository
    audit: AuditLog
    notifications: NotificationRepository
    events: EventRecorder
    clock: Clock
    ids: Ids

    async def suspend(self, actor: User, user_id: UUID, until: datetime | None, reason: str) -> Suspension:
        """``until`` None bans for good. Every session of theirs ends (sockets close 4403 on
        every process), their listings and streams leave every public read (a live one ends at
        once), and logging in answers 403 ``account_suspended`` with the end date."""
        now = self.clock.now()
        target = await self._target_user(actor, user_id)
        if until is not None and until <= now:
            raise InvalidInput("until is in the future (leave it out to ban).", field="until")
        suspension = Suspension(target.id, until, reason)
        await self.suspensions.suspend(suspension)
        ended = await self.refresh_tokens.revoke_all_for_user(target.id, now)
        if ended:
            await self.events.record(SessionRevoked(target.id, tuple(sorted(ended)), SUSPENDED, now))
        await self.events.record(AudienceChanged(target.id))
        action = StaffAction.BAN if until is None else StaffAction.SUSPEND
        await self.log(
            actor,
            action,
            "user",
            target.id,
            reason if until is None else f"{reason} (until {until:%Y-%m-%d %H:%M} UTC)",
        )
        # last: ending a stream commits the unit of work (the streams feature ends it)
        for stream, _ in await self.stream_reader.listed(StreamStatus.LIVE, target.id, None, LIVE_MAX):
            await self.streams.take_down(stream.id)
        return suspension

    async def reinstate(self, actor: User, user_id: UUID, reason: str) -> None:
        target = await self._target_user(actor, user_id)
        await self.suspensions.lift(target.id)
        await self.log(actor, StaffAction.REINSTATE, "user", target.id, reason)

    async def warn(self, actor: User, user_id: UUID, reason: str) -> None:
        """The user finds the warning (and staff's reason) in their notifications."""
        target = await self._target_user(actor, user_id)
        draft = NotificationDraft(target.id, NotificationType.MODERATION_WARNING, {"reason": reason})
        for notification in await self.notifications.add(self.ids.new(), [draft], self.clock.now()):
            self.events.announce(NotificationCreated(notification))
        await self.log(actor, StaffAction.WARN, "user", target.id, reason)

    async def take_down_product(self, actor: User, product_id: UUID, reason: str) -> UUID:
        product = await self.products.get_for_update(product_id)
        if product is None:
            raise ProductNotFound()
        product.take_down(self.clock.now())
        delta = product.counts_delta()
        await self.products.save(product)
        if delta.listings or delta.sold:
            await self.counters.adjust(product.seller_id, listings=delta.listings, sold=delta.sold)
        await self.log(actor, StaffAction.TAKEDOWN_PRODUCT, "product", product_id, reason)
        return product.seller_id

    async def take_down_stream(self, actor: User, stream_id: UUID, reason: str) -> UUID:
        """Commits: the stream ends at once, for every viewer."""
        await self.log(actor, StaffAction.TAKEDOWN_STREAM, "stream", stream_id, reason)
        return await self.streams.take_down(stream_id)

    async def delete_comment(self, actor: User, comment_id: UUID, reason: str) -> UUID:
        comment = await self.comments.get(comment_id)
        if comment is None:
            raise CommentNotFound()
        await self.comments.delete(comment)
        await self.log(actor, StaffAction.DELETE_COMMENT, "comment", comment_id, reason)
        return comment.author_id

    async def log(self, actor: User, action: StaffAction, target_type: str, target_id: UUID, reason: str) -> None:
        entry = AuditEntry(self.ids.new(), actor.id, action, target_type, target_id, reason, self.clock.now())
        await self.audit.append(entry)

    async def _target_user(self, actor: User, user_id: UUID) -> User:
        target = await self.users.get(user_id)
        if target is None:
            raise UserNotFound()
        if target.id == actor.id or (target.role.can_moderate and actor.role is not Role.ADMIN):
            raise CannotModerateStaff()
        return target
