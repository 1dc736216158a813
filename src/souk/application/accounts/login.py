from __future__ import annotations

from dataclasses import dataclass

from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.results import AuthResult
from souk.application.accounts.sessions import SessionIssuer
from souk.application.ports.clock import Clock
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.errors import InvalidCredentials
from souk.domain.accounts.values import classify_login
from souk.domain.shared.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class LoginCommand:
    login: str
    password: str
    client_ip: str


class Login:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        hasher: PasswordHasher,
        sessions: SessionIssuer,
        limiter: RateLimiter,
        rules: AuthRateRules,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._users = users
        self._hasher = hasher
        self._sessions = sessions
        self._limiter = limiter
        self._rules = rules
        self._clock = clock

    async def __call__(self, cmd: LoginCommand) -> AuthResult:
        await self._limiter.hit(self._rules.login_per_ip, cmd.client_ip)
        try:
            identifier = classify_login(cmd.login)
        except InvalidInput:
            identifier = None
        account_key = identifier.value if identifier else cmd.login.strip().lower()
        failures = self._rules.login_failures_per_account
        await self._limiter.check(failures, account_key)

        user = await self._users.find_by_login(identifier) if identifier else None
        if user is None:
            await self._hasher.burn()
        if user is None or not await self._hasher.verify(user.password_hash, cmd.password):
            await self._limiter.hit(failures, account_key)
            raise InvalidCredentials()

        if self._hasher.needs_rehash(user.password_hash):
            user.set_password_hash(await self._hasher.hash(cmd.password), self._clock.now())
            await self._users.save(user)
        tokens = await self._sessions.open(user.id)
        await self._uow.commit()
        await self._limiter.clear(failures, account_key)
        return AuthResult(user, tokens)
