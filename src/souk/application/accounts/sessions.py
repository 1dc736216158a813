from __future__ import annotations

from uuid import UUID

from souk.application.accounts.results import TokenPair
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.refresh_token import RefreshToken


class SessionIssuer:
    """Mints an access token and a refresh token; the caller's use case commits. A new
    sign-in (not a refresh) calls off a pending account deletion, in the same transaction."""

    def __init__(
        self,
        refresh_tokens: RefreshTokenRepository,
        access_tokens: AccessTokens,
        clock: Clock,
        deletions: AccountDeletions,
    ) -> None:
        self._deletions = deletions
        self._refresh_tokens = refresh_tokens
        self._access_tokens = access_tokens
        self._clock = clock

    async def open(self, user_id: UUID, family_id: UUID | None = None) -> TokenPair:
        now = self._clock.now()
        if family_id is None:  # signing in within the grace period keeps the account
            await self._deletions.cancel(user_id)
        refresh, plaintext = RefreshToken.issue(new_id(), user_id, now, family_id)
        await self._refresh_tokens.add(refresh)
        # the session is the refresh token's family: rotation keeps it, logout ends it
        access = self._access_tokens.issue(user_id, refresh.family_id, now)
        return TokenPair(access.token, plaintext, access.expires_in)
