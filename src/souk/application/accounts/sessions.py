from __future__ import annotations

from uuid import UUID

from souk.application.accounts.results import TokenPair
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.suspensions import Suspensions
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.refresh_token import RefreshToken
from souk.domain.safety.errors import AccountSuspended


class SessionIssuer:
    """Mints an access token and a refresh token; the caller's use case commits."""

    def __init__(
        self,
        refresh_tokens: RefreshTokenRepository,
        access_tokens: AccessTokens,
        suspensions: Suspensions,
        clock: Clock,
    ) -> None:
        self._refresh_tokens = refresh_tokens
        self._suspensions = suspensions
        self._access_tokens = access_tokens
        self._clock = clock

    async def open(self, user_id: UUID, family_id: UUID | None = None) -> TokenPair:
        """Every way in (password, OTP, refresh) opens a session here: a suspended or banned
        account gets 403 ``account_suspended`` saying until when, and no session."""
        now = self._clock.now()
        suspension = await self._suspensions.of(user_id, now)
        if suspension is not None:
            raise AccountSuspended(suspension.until)
        refresh, plaintext = RefreshToken.issue(new_id(), user_id, now, family_id)
        await self._refresh_tokens.add(refresh)
        # the session is the refresh token's family: rotation keeps it, logout ends it
        access = self._access_tokens.issue(user_id, refresh.family_id, now)
        return TokenPair(access.token, plaintext, access.expires_in)
