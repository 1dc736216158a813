"""Send the pushes of some notifications: only to recipients with no live socket."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from uuid import UUID

from souk.application.notifications.push_texts import push_data, push_text
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.presence import Presence
from souk.application.ports.push_sender import PushMessage, PushSender
from souk.application.ports.push_token_repository import PushTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.notifications.notification import Notification
from souk.domain.notifications.push import PushToken


class PushDelivery:
    """Settles each notification's push once: sent to every device of an offline recipient,
    or skipped for an online one (the ``notification:new`` frame reached them). Tokens the
    service rejects are pruned. A failure to send leaves the notifications unsettled, so the
    job's retry sends them (at-least-once)."""

    def __init__(
        self,
        uow: UnitOfWork,
        notifications: NotificationRepository,
        tokens: PushTokenRepository,
        presence: Presence,
        sender: PushSender,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._notifications = notifications
        self._tokens = tokens
        self._presence = presence
        self._sender = sender
        self._clock = clock

    async def __call__(self, pending: Sequence[Notification]) -> int:
        """How many pushes went out."""
        if not pending:
            return 0
        online = await self._presence.online({n.user_id for n in pending})
        offline = [n for n in pending if n.user_id not in online]
        devices: dict[UUID, list[PushToken]] = defaultdict(list)
        for token in await self._tokens.for_users(sorted({n.user_id for n in offline})):
            devices[token.user_id].append(token)
        messages = [
            PushMessage(token, *push_text(n), push_data(n)) for n in offline for token in devices.get(n.user_id, [])
        ]
        dead = await self._sender.send(messages) if messages else set()
        if dead:
            await self._tokens.forget(sorted(dead))
        await self._notifications.mark_pushed([n.id for n in pending], self._clock.now())
        await self._uow.commit()
        return len(messages)
