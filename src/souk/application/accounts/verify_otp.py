from __future__ import annotations

from dataclasses import dataclass

from souk.application.accounts.mfa_tokens import MfaTokens
from souk.application.accounts.otp_redeemer import OtpRedeemer
from souk.application.accounts.results import AuthResult
from souk.application.accounts.second_factor import SecondFactor
from souk.application.accounts.sessions import SessionIssuer, SignInClient
from souk.application.events import EventRecorder
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_repository import UserRepository
from souk.application.shared.clock import Clock
from souk.domain.accounts.otp import OtpPurpose


@dataclass(frozen=True, slots=True)
class VerifyOtpCommand:
    phone: str
    code: str
    purpose: OtpPurpose
    client_ip: str


class VerifyOtp:
    """``verify_phone`` marks the phone verified; ``login`` also opens a session (and proves
    the phone); ``reset_password`` only checks the code — the confirm step spends it."""

    def __init__(
        self,
        uow: UnitOfWork,
        users: UserRepository,
        redeemer: OtpRedeemer,
        sessions: SessionIssuer,
        clock: Clock,
        events: EventRecorder,
        second_factor: SecondFactor,
        mfa_tokens: MfaTokens,
    ) -> None:
        self._uow = uow
        self._users = users
        self._redeemer = redeemer
        self._sessions = sessions
        self._clock = clock
        self._events = events
        self._second_factor = second_factor
        self._mfa_tokens = mfa_tokens

    async def __call__(self, cmd: VerifyOtpCommand) -> AuthResult:
        consume = cmd.purpose is not OtpPurpose.RESET_PASSWORD
        user = await self._redeemer.redeem(cmd.phone, cmd.purpose, cmd.code, cmd.client_ip, consume=consume)
        tokens = None
        if cmd.purpose is not OtpPurpose.RESET_PASSWORD and not user.phone_verified:
            user.verify_phone(self._clock.now())
            await self._users.save(user)
        mfa_token = None
        if cmd.purpose is OtpPurpose.LOGIN:
            client = SignInClient(cmd.client_ip)
            if await self._second_factor.enabled_factor(user.id) is not None:
                mfa_token = self._mfa_tokens.issue(user.id, client)  # a texted code is not the second factor
            else:
                tokens = await self._sessions.open(user.id, client)
        await self._uow.commit()
        await self._events.publish()
        return AuthResult(user, tokens, mfa_token)
