from __future__ import annotations

from dataclasses import dataclass

from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.results import AuthResult
from souk.application.accounts.sessions import SessionIssuer, SignInClient
from souk.application.accounts.user_factory import NewUser, UserFactory
from souk.application.events import EventRecorder
from souk.application.ports.rate_limiter import RateLimiter
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.events import UserRegistered


@dataclass(frozen=True, slots=True)
class RegisterCommand:
    username: str
    display_name: str
    password: str
    phone: str | None
    email: str | None
    client_ip: str
    device_name: str | None = None
    platform: str | None = None


class RegisterUser:
    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        factory: UserFactory,
        sessions: SessionIssuer,
        limiter: RateLimiter,
        rules: AuthRateRules,
        events: EventRecorder,
    ) -> None:
        self._uow = uow
        self._users = users
        self._factory = factory
        self._sessions = sessions
        self._limiter = limiter
        self._rules = rules
        self._events = events

    async def __call__(self, cmd: RegisterCommand) -> AuthResult:
        await self._limiter.hit(self._rules.register_per_ip, cmd.client_ip)
        client = SignInClient(cmd.client_ip, cmd.device_name, cmd.platform)
        client.device()
        user = await self._factory.build(NewUser(cmd.username, cmd.display_name, cmd.password, cmd.phone, cmd.email))
        await self._users.add(user)
        tokens = await self._sessions.open(user.id, client)
        await self._events.record(UserRegistered(user.id))
        await self._uow.commit()
        await self._events.publish()
        return AuthResult(user, tokens)
