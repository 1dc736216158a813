from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.giveaway_repository import GiveawayRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.streams.errors import AlreadyEntered, GiveawayNotFound, NotInRoom
from souk.domain.streams.giveaway import Giveaway

# Whether the caller is in a stream's live room right now (their socket joined it).
Presence = Callable[[UUID], bool]


class EnterGiveaway:
    """A viewer present in the room enters a running giveaway, once (followers only when
    the seller asked). The giveaway's row is held in shared mode while the entry is
    written, so entries go side by side and none slips past the close."""

    def __init__(
        self, uow: UnitOfWork, giveaways: GiveawayRepository, directory: AudienceDirectory, clock: Clock
    ) -> None:
        self._uow = uow
        self._giveaways = giveaways
        self._directory = directory
        self._clock = clock

    async def __call__(self, giveaway_id: UUID, user_id: UUID, present: Presence) -> Giveaway:
        giveaway = await self._giveaways.get_for_entry(giveaway_id)
        if giveaway is None:
            raise GiveawayNotFound()
        if not present(giveaway.stream_id):
            raise NotInRoom("Join the stream's room first (stream:join): giveaways are for viewers present.")
        follows = giveaway.followers_only and await self._directory.follows(user_id, giveaway.seller_id)
        now = self._clock.now()
        giveaway.check_entry(user_id, now, follows)
        if not await self._giveaways.enter(giveaway.id, user_id, now):
            raise AlreadyEntered()
        await self._uow.commit()
        return giveaway
