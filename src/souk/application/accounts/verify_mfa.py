from __future__ import annotations

from dataclasses import dataclass

from souk.application.accounts.mfa_tokens import MfaTokens
from souk.application.accounts.results import AuthResult
from souk.application.accounts.second_factor import SecondFactor
from souk.application.accounts.sessions import SessionIssuer, SignInClient
from souk.application.events import EventRecorder
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.domain.accounts.errors import MfaTokenInvalid


@dataclass(frozen=True, slots=True)
class VerifyMfaCommand:
    mfa_token: str
    code: str
    client_ip: str


class VerifyMfa:
    """Complete a password login with a TOTP code or a backup code: the session opens for
    the device the login named."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        tokens: MfaTokens,
        second_factor: SecondFactor,
        sessions: SessionIssuer,
        events: EventRecorder,
    ) -> None:
        self._uow = uow
        self._users = users
        self._tokens = tokens
        self._second_factor = second_factor
        self._sessions = sessions
        self._events = events

    async def __call__(self, cmd: VerifyMfaCommand) -> AuthResult:
        pending = self._tokens.read(cmd.mfa_token)
        user = await self._users.get(pending.user_id)
        factor = await self._second_factor.enabled_factor(pending.user_id)
        if user is None or factor is None:  # deleted, or two-factor turned off meanwhile: log in again
            raise MfaTokenInvalid()
        await self._second_factor.check(factor, cmd.code)
        tokens = await self._sessions.open(user.id, SignInClient(cmd.client_ip, pending.device_name, pending.platform))
        await self._uow.commit()
        await self._events.publish()
        return AuthResult(user, tokens)
