from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.images import Images, ImageView
from souk.application.ports.payout_accounts import PayoutStatus
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.ports.user_repository import ProfileCounts, UserRepository
from souk.application.shared.clock import Clock
from souk.application.shared.visibility import Visibility
from souk.domain.accounts.errors import UserNotFound
from souk.domain.accounts.user import Avatar, ProfileChanges, User
from souk.domain.streams.events import AudienceChanged


@dataclass(frozen=True, slots=True)
class MyAccount:
    user: User
    payouts: PayoutStatus
    avatar: ImageView | None


class GetMyProfile:
    """``GET /users/me``: the account, its payout status and its avatar, read together (one
    statement on SQL: it is every signed-in screen's first call)."""

    def __init__(self, users: UserReader, images: Images) -> None:
        self._users = users
        self._images = images

    async def __call__(self, user_id: UUID) -> MyAccount:
        found = await self._users.own_account(user_id)
        if found is None:
            raise UserNotFound()
        avatar = self._images.view(found.avatar) if found.avatar else None
        return MyAccount(found.user, PayoutStatus.of(found.payout_account), avatar)


class UpdateMyProfile:
    """Moving one's home may take one out of a neighbourhood live room:
    ``stream.audience_changed`` makes every process re-check them."""

    def __init__(
        self, uow: UnitOfWork, users: UserRepository, events: EventRecorder, images: Images, clock: Clock
    ) -> None:
        self._uow = uow
        self._users = users
        self._events = events
        self._images = images
        self._clock = clock

    async def __call__(self, user_id: UUID, changes: ProfileChanges, avatar_media_id: UUID | None = None) -> User:
        """``avatar_media_id``: one's own processed image becomes the avatar."""
        user = await self._users.get(user_id)
        if user is None:
            raise UserNotFound()
        if avatar_media_id is not None:
            await self._images.require_usable([avatar_media_id], user_id)
            view = (await self._images.views([avatar_media_id]))[avatar_media_id]
            changes.avatar = Avatar(avatar_media_id, view.url)
        home = user.home
        user.update_profile(changes, self._clock.now())
        await self._users.save(user)
        if user.home != home:
            await self._events.record(AudienceChanged(user_id))
        await self._uow.commit()
        await self._events.publish()
        return user


class GetPublicProfile:
    """A 404 for people the viewer blocked or was blocked by, and for suspended accounts."""

    def __init__(self, users: UserReader, visibility: Visibility) -> None:
        self._users = users
        self._visibility = visibility

    async def __call__(self, user_id: UUID, viewer_id: UUID | None = None) -> tuple[User, ProfileCounts]:
        user = await self._users.get(user_id)
        if user is None or user_id in await self._visibility.hidden_from(viewer_id):
            raise UserNotFound()
        return user, await self._users.counts(user_id)
