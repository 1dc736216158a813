from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from uuid import UUID

from souk.adapters.memory.store import InMemoryStore
from souk.application.ports.recipient_ranges import RecipientRanges
from souk.domain.accounts.user import User
from souk.domain.shared.public_point import PublicPoints
from souk.domain.streams.announcement import Recipients


def recipients_of(
    recipients: Recipients,
    users: Mapping[UUID, User],
    follows: Mapping[tuple[UUID, UUID], datetime],
    places: PublicPoints,
) -> list[UUID]:
    """The recipients' ids, ascending (the rule itself is ``Recipients.include``, asked with
    the public point of each home, as the SQL adapters store it)."""
    fans = {follower for follower, followee in follows if followee == recipients.seller_id}
    return sorted(
        uid
        for uid, user in users.items()
        if recipients.include(uid, uid in fans, places.of(uid, user.home) if user.home else None)
    )


class InMemoryRecipientRanges(RecipientRanges):
    def __init__(self, store: InMemoryStore, places: PublicPoints) -> None:
        self._follows: dict[tuple[UUID, UUID], datetime] = store.table("follows")
        self._users: dict[UUID, User] = store.table("users")
        self._places = places

    async def boundaries(self, recipients: Recipients, batch_size: int) -> list[UUID]:
        return recipients_of(recipients, self._users, self._follows, self._places)[batch_size::batch_size]
