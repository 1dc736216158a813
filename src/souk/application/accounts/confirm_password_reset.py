from __future__ import annotations

from dataclasses import dataclass

from souk.application.accounts.otp_redeemer import OtpRedeemer
from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.otp import OtpPurpose
from souk.domain.accounts.password_policy import check_password


@dataclass(frozen=True, slots=True)
class ConfirmPasswordResetCommand:
    phone: str
    code: str
    new_password: str
    client_ip: str


class ConfirmPasswordReset:
    """Set a new password with a reset code and end every session of the user."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        refresh_tokens: RefreshTokenRepository,
        redeemer: OtpRedeemer,
        hasher: PasswordHasher,
        clock: Clock,
        events: EventRecorder,
        revoked: RevokedSessions,
    ) -> None:
        self._uow = uow
        self._users = users
        self._refresh_tokens = refresh_tokens
        self._redeemer = redeemer
        self._hasher = hasher
        self._clock = clock
        self._events = events
        self._revoked = revoked

    async def __call__(self, cmd: ConfirmPasswordResetCommand) -> None:
        password = check_password(cmd.new_password, field="new_password")
        user = await self._redeemer.redeem(cmd.phone, OtpPurpose.RESET_PASSWORD, cmd.code, cmd.client_ip, consume=True)
        now = self._clock.now()
        user.set_password_hash(await self._hasher.hash(password), now)
        user.verify_phone(now)
        await self._users.save(user)
        ended = await self._refresh_tokens.revoke_all_for_user(user.id, now)
        await end_sessions(self._uow, self._events, self._revoked, user.id, ended, "password_reset", now)
