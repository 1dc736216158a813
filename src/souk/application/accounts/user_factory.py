from __future__ import annotations

from dataclasses import dataclass

from souk.application.ports.password_hasher import PasswordHasher
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.password_policy import check_password
from souk.domain.accounts.user import User
from souk.domain.accounts.values import (
    Email,
    PhoneNumber,
    Role,
    SellerTier,
    Username,
    check_display_name,
)
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class NewUser:
    username: str
    display_name: str
    password: str
    phone: str | None = None
    email: str | None = None
    seller_tier: SellerTier = SellerTier.FREE
    role: Role = Role.USER


class UserFactory:
    """Validates a sign-up and builds the user with a hashed password."""

    def __init__(self, hasher: PasswordHasher, clock: Clock) -> None:
        self._hasher = hasher
        self._clock = clock

    async def build(self, data: NewUser) -> User:
        if not data.phone and not data.email:
            raise InvalidInput("Give a phone number, an email address or both.", field="phone")
        username = Username.parse(data.username)
        display_name = check_display_name(data.display_name)
        phone = PhoneNumber.parse(data.phone) if data.phone else None
        email = Email.parse(data.email) if data.email else None
        own_words = (username.value, display_name, data.email or "", data.phone or "")
        password_hash = await self._hasher.hash(check_password(data.password, user_inputs=own_words))
        now = self._clock.now()
        return User(
            id=new_id(),
            username=username,
            display_name=display_name,
            password_hash=password_hash,
            phone=phone,
            email=email,
            seller_tier=data.seller_tier,
            role=data.role,
            created_at=now,
            updated_at=now,
        )
