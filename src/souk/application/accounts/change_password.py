from __future__ import annotations

import contextlib
from dataclasses import dataclass
from uuid import UUID

from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.revoked_sessions import RevokedSessions, end_sessions
from souk.application.events import EventRecorder
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import UserNotFound, WrongPassword
from souk.domain.accounts.password_policy import check_password
from souk.domain.shared.errors import RateLimited


@dataclass(frozen=True, slots=True)
class ChangePasswordCommand:
    user_id: UUID
    session_id: UUID
    old_password: str
    new_password: str


class ChangePassword:
    """Replace the password, proving the old one; every other session ends (this one stays
    signed in). Wrong old passwords are throttled per account like logins: a stolen access
    token alone cannot try passwords at speed."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        hasher: PasswordHasher,
        refresh_tokens: RefreshTokenRepository,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        events: EventRecorder,
        revoked: RevokedSessions,
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._refresh_tokens = refresh_tokens
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._events = events
        self._revoked = revoked

    async def __call__(self, cmd: ChangePasswordCommand) -> None:
        account = str(cmd.user_id)
        await self._limiter.check(self._rules.password_checks_per_account, account)
        user = await self._users.get(cmd.user_id)
        if user is None:
            raise UserNotFound()
        if not await self._hasher.verify(user.password_hash, cmd.old_password):
            with contextlib.suppress(RateLimited):  # this attempt is refused anyway; the next one is stopped
                await self._limiter.hit(self._rules.password_checks_per_account, account)
            raise WrongPassword(field="old_password")
        own_words = (user.username.value, user.display_name, user.email.value if user.email else "", cmd.old_password)
        password = check_password(cmd.new_password, field="new_password", user_inputs=own_words)
        now = self._clock.now()
        user.set_password_hash(await self._hasher.hash(password), now)
        await self._users.save(user)
        ended = await self._refresh_tokens.revoke_all_for_user(user.id, now, keep=cmd.session_id)
        if ended:
            await end_sessions(self._uow, self._events, self._revoked, user.id, ended, "password_changed", now)
        else:
            await self._uow.commit()
