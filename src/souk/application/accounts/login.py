from __future__ import annotations

import contextlib
from dataclasses import dataclass

from souk.application.accounts.mfa_tokens import MfaTokens
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.results import AuthResult
from souk.application.accounts.second_factor import SecondFactor
from souk.application.accounts.sessions import SessionIssuer, SignInClient
from souk.application.events import EventRecorder
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.pause import Pause
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.errors import InvalidCredentials
from souk.domain.accounts.values import classify_login
from souk.domain.shared.errors import InvalidInput, RateLimited


@dataclass(frozen=True, slots=True)
class LoginCommand:
    login: str
    password: str
    client_ip: str
    device_name: str | None = None
    platform: str | None = None


class Login:
    """Check a password. Known and unknown logins take the same path and the same time
    (the hasher burns one verification for an unknown one) and answer the same error;
    throttling follows AuthRateRules (no lockout)."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
        pause: Pause,
        events: EventRecorder,
        second_factor: SecondFactor,
        mfa_tokens: MfaTokens,
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._sessions = sessions
        self._limiter = limiter
        self._rules = rules
        self._clock = clock
        self._pause = pause
        self._events = events
        self._second_factor = second_factor
        self._mfa_tokens = mfa_tokens

    async def __call__(self, cmd: LoginCommand) -> AuthResult:
        rules = self._rules
        client = SignInClient(cmd.client_ip, cmd.device_name, cmd.platform)
        client.device()  # a bad device description is refused before any password is checked
        await self._limiter.hit(rules.login_per_ip, cmd.client_ip)
        try:
            identifier = classify_login(cmd.login)
        except InvalidInput:
            identifier = None
        account = identifier.value if identifier else cmd.login.strip().lower()
        from_here = f"{account}|{cmd.client_ip}"
        await self._limiter.check(rules.login_failures_per_account_ip, from_here)
        await self._pause(rules.login_delay_s(await self._limiter.count(rules.login_failures_per_account, account)))

        user = await self._users.find_by_login(identifier) if identifier else None
        if user is None:
            await self._hasher.burn()
        if user is None or not await self._hasher.verify(user.password_hash, cmd.password):
            await self._limiter.hit(rules.login_failures_per_account_ip, from_here)
            with contextlib.suppress(RateLimited):  # past the counting cap the delay is at its maximum anyway
                await self._limiter.hit(rules.login_failures_per_account, account)
            raise InvalidCredentials()

        if self._hasher.needs_rehash(user.password_hash):
            user.set_password_hash(await self._hasher.hash(cmd.password), self._clock.now())
            await self._users.save(user)
        await self._limiter.clear(rules.login_failures_per_account_ip, from_here)
        if await self._second_factor.enabled_factor(user.id) is not None:
            await self._uow.commit()  # a rehashed password, if any
            return AuthResult(user, mfa_token=self._mfa_tokens.issue(user.id, client))
        tokens = await self._sessions.open(user.id, client)
        await self._uow.commit()
        await self._events.publish()
        return AuthResult(user, tokens)
