"""The user: a buyer and, whenever they list something, a seller."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from souk.domain.accounts.notifications import default_settings, merge_settings
from souk.domain.accounts.values import Email, PhoneNumber, Role, SellerTier, Username
from souk.domain.shared.errors import InvalidInput
from souk.domain.shared.geo import GeoPoint

BIO_MAX = 500
URL_MAX = 2048


@dataclass(frozen=True, slots=True)
class Avatar:
    """One's own processed image (checked by the caller) and its main URL, kept for the
    lists that show people (followers, comments) without looking media up."""

    media_id: UUID
    url: str


@dataclass(slots=True)
class ProfileChanges:
    """A partial profile update: ``None`` leaves a field as it is; ``clear_*`` empties it."""

    display_name: str | None = None
    avatar: Avatar | None = None
    clear_avatar: bool = False
    bio: str | None = None
    home: GeoPoint | None = None
    clear_home: bool = False
    neighborhood: str | None = None
    notification_settings: dict[str, bool] | None = None


@dataclass(slots=True)
class User:
    id: UUID
    username: Username
    display_name: str
    password_hash: str
    created_at: datetime
    updated_at: datetime
    phone: PhoneNumber | None = None
    email: Email | None = None
    phone_verified: bool = False
    email_verified: bool = False
    avatar_url: str | None = None
    bio: str = ""
    avatar_media_id: UUID | None = None
    seller_tier: SellerTier = SellerTier.FREE
    role: Role = Role.USER
    home: GeoPoint | None = None
    neighborhood: str | None = None
    notification_settings: dict[str, bool] = field(default_factory=default_settings)

    def update_profile(self, changes: ProfileChanges, now: datetime) -> None:
        if changes.display_name is not None:
            self.display_name = changes.display_name
        if changes.clear_avatar:
            self.avatar_media_id, self.avatar_url = None, None
        elif changes.avatar is not None:
            self.avatar_media_id, self.avatar_url = changes.avatar.media_id, changes.avatar.url
        if changes.bio is not None:
            if len(changes.bio) > BIO_MAX:
                raise InvalidInput(f"A bio has at most {BIO_MAX} characters.", field="bio")
            self.bio = changes.bio
        if changes.clear_home:
            self.home = None
        elif changes.home is not None:
            self.home = changes.home
        if changes.neighborhood is not None:
            name = " ".join(changes.neighborhood.split())
            if len(name) > 80:
                raise InvalidInput("A neighbourhood name has at most 80 characters.", field="neighborhood")
            self.neighborhood = name or None
        if changes.notification_settings is not None:
            self.notification_settings = merge_settings(self.notification_settings, changes.notification_settings)
        self.updated_at = now

    def verify_phone(self, now: datetime) -> None:
        self.phone_verified = True
        self.updated_at = now

    def verify_email(self, email: str, now: datetime) -> bool:
        """Mark the address proven if it is still the account's; whether it was."""
        if self.email is None or self.email.value != email:
            return False
        self.email_verified = True
        self.updated_at = now
        return True

    def set_password_hash(self, password_hash: str, now: datetime) -> None:
        self.password_hash = password_hash
        self.updated_at = now

    def wants(self, notification_type: str) -> bool:
        return self.notification_settings.get(notification_type, True)
