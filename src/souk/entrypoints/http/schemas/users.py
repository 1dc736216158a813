from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from souk.application.ports.images import ImageView
from souk.application.ports.payout_accounts import PayoutStatus
from souk.application.ports.user_repository import ProfileCounts
from souk.domain.accounts.password_policy import PASSWORD_MAX, PASSWORD_MIN
from souk.domain.accounts.user import BIO_MAX, ProfileChanges, User
from souk.domain.shared.geo import GeoPoint
from souk.entrypoints.http.schemas.common import Body, GeoPointIn, GeoPointOut
from souk.entrypoints.http.schemas.media import AvatarOut


class PayoutsOut(msgspec.Struct):
    """A seller's payouts: ``onboarded`` once a connected account exists, ``enabled`` once the
    provider says payouts are on."""

    provider: str | None
    onboarded: bool
    enabled: bool

    @classmethod
    def of(cls, status: PayoutStatus) -> PayoutsOut:
        return cls(status.provider, status.onboarded, status.payouts_enabled)


class UserOut(msgspec.Struct):
    """The caller's own account: includes phone, email and private settings."""

    id: UUID
    username: str
    display_name: str
    phone: str | None
    email: str | None
    phone_verified: bool
    email_verified: bool
    avatar_url: str | None
    avatar: AvatarOut | None
    bio: str
    seller_tier: str
    created_at: datetime
    location: GeoPointOut | None
    neighborhood: str | None
    notification_settings: dict[str, bool]
    payouts: PayoutsOut | None = None  # on /users/me

    @classmethod
    def of(cls, user: User, avatar: ImageView | None = None) -> UserOut:
        return cls(
            id=user.id,
            username=user.username.value,
            display_name=user.display_name,
            phone=user.phone.value if user.phone else None,
            email=user.email.value if user.email else None,
            phone_verified=user.phone_verified,
            email_verified=user.email_verified,
            avatar_url=avatar.url if avatar else user.avatar_url,
            avatar=AvatarOut.of(avatar) if avatar else None,
            bio=user.bio,
            seller_tier=user.seller_tier.value,
            created_at=user.created_at,
            location=GeoPointOut(user.home.lat, user.home.lng) if user.home else None,
            neighborhood=user.neighborhood,
            notification_settings=user.notification_settings,
        )


class PublicProfileOut(msgspec.Struct):
    """Anyone's view of a user: no phone, email or home location."""

    id: UUID
    username: str
    display_name: str
    avatar_url: str | None
    avatar: AvatarOut | None
    bio: str
    seller_tier: str
    phone_verified: bool
    neighborhood: str | None
    created_at: datetime
    followers_count: int
    following_count: int
    listings_count: int
    sold_count: int

    @classmethod
    def of(cls, user: User, counts: ProfileCounts, avatar: ImageView | None = None) -> PublicProfileOut:
        return cls(
            id=user.id,
            username=user.username.value,
            display_name=user.display_name,
            avatar_url=avatar.url if avatar else user.avatar_url,
            avatar=AvatarOut.of(avatar) if avatar else None,
            bio=user.bio,
            seller_tier=user.seller_tier.value,
            phone_verified=user.phone_verified,
            neighborhood=user.neighborhood,
            created_at=user.created_at,
            followers_count=counts.followers,
            following_count=counts.following,
            listings_count=counts.listings,
            sold_count=counts.sold,
        )


class PasswordChangeBody(Body):
    """The current password (proof) and the new one (8-256 characters, not easy to guess)."""

    old_password: Annotated[str, msgspec.Meta(min_length=1, max_length=PASSWORD_MAX)]
    new_password: Annotated[str, msgspec.Meta(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)]


class ProfilePatch(Body):
    """Every field optional; `location: null` clears the home location; `avatar_media_id`
    (your own processed image) sets the avatar, `null` removes it. Tier, role and
    verification are not fields here: sending them is a 400."""

    display_name: Annotated[str, msgspec.Meta(min_length=1, max_length=50)] | None = None
    avatar_media_id: UUID | msgspec.UnsetType | None = msgspec.UNSET
    bio: Annotated[str, msgspec.Meta(max_length=BIO_MAX)] | None = None
    location: GeoPointIn | msgspec.UnsetType | None = msgspec.UNSET
    neighborhood: Annotated[str, msgspec.Meta(max_length=80)] | None = None
    notification_settings: dict[str, bool] | None = None

    def to_changes(self) -> ProfileChanges:
        location = self.location
        return ProfileChanges(
            display_name=self.display_name,
            clear_avatar=self.avatar_media_id is None,
            bio=self.bio,
            home=GeoPoint(location.lat, location.lng) if isinstance(location, GeoPointIn) else None,
            clear_home=location is None,
            neighborhood=self.neighborhood,
            notification_settings=self.notification_settings,
        )
