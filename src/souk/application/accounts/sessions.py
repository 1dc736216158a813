from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from souk.application.accounts.results import TokenPair
from souk.application.events import EventRecorder
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.account_deletions import AccountDeletions
from souk.application.ports.place_lookup import PlaceLookup
from souk.application.ports.refresh_token_repository import RefreshTokenRepository
from souk.application.ports.session_repository import SessionRepository
from souk.application.ports.suspensions import Suspensions
from souk.application.shared.clock import Clock
from souk.application.shared.ids import new_id
from souk.domain.accounts.device_session import Device, DeviceSession
from souk.domain.accounts.events import NewDeviceSignedIn
from souk.domain.accounts.refresh_token import RefreshToken
from souk.domain.safety.errors import AccountSuspended


@dataclass(frozen=True, slots=True)
class SignInClient:
    """Who is signing in, as far as the request tells: the address and what the client
    says it is (register and login bodies may name the device)."""

    ip: str
    device_name: str | None = None
    platform: str | None = None

    def device(self) -> Device:
        return Device.parse(self.device_name, self.platform)


class SessionIssuer:
    """Mints an access token and a refresh token; the caller's use case commits (and
    publishes: a sign-in from a new device records ``NewDeviceSignedIn``). A new sign-in
    (not a refresh) calls off a pending account deletion, in the same transaction. Every way
    in (password, OTP, second factor, social sign-in, refresh) comes here: a suspended or
    banned account gets 403 ``account_suspended`` saying until when, and no session."""

    def __init__(
        self,
        refresh_tokens: RefreshTokenRepository,
        access_tokens: AccessTokens,
        clock: Clock,
        sessions: SessionRepository,
        places: PlaceLookup,
        events: EventRecorder,
        deletions: AccountDeletions,
        suspensions: Suspensions,
    ) -> None:
        self._deletions = deletions
        self._suspensions = suspensions
        self._refresh_tokens = refresh_tokens
        self._access_tokens = access_tokens
        self._clock = clock
        self._sessions = sessions
        self._places = places
        self._events = events

    async def open(self, user_id: UUID, client: SignInClient) -> TokenPair:
        """A new session (a new refresh-token family) for this device."""
        device = client.device()
        now = self._clock.now()
        await self._refuse_suspended(user_id, now)
        await self._deletions.cancel(user_id)  # signing in within the grace period keeps the account
        refresh, plaintext = RefreshToken.issue(new_id(), user_id, now)
        await self._refresh_tokens.add(refresh)
        known = await self._sessions.devices_seen(user_id)
        place = self._places.place_of(client.ip)
        await self._sessions.add(DeviceSession(refresh.family_id, user_id, device, place, now, now))
        if known and device not in known:  # not the first sign-in (registration), and a stranger
            event = NewDeviceSignedIn(
                user_id, refresh.family_id, device.name, device.platform.value if device.platform else None, place, now
            )
            await self._events.record(event)
        return self._pair(user_id, refresh, plaintext)

    async def rotate(self, user_id: UUID, family_id: UUID) -> TokenPair:
        """The next pair of an existing session (a refresh): the session was seen now."""
        now = self._clock.now()
        await self._refuse_suspended(user_id, now)
        refresh, plaintext = RefreshToken.issue(new_id(), user_id, now, family_id)
        await self._refresh_tokens.add(refresh)
        await self._sessions.touch(family_id, now)
        return self._pair(user_id, refresh, plaintext)

    async def _refuse_suspended(self, user_id: UUID, now: datetime) -> None:
        suspension = await self._suspensions.of(user_id, now)
        if suspension is not None:
            raise AccountSuspended(suspension.until)

    def _pair(self, user_id: UUID, refresh: RefreshToken, plaintext: str) -> TokenPair:
        # the session is the refresh token's family: rotation keeps it, logout ends it
        access = self._access_tokens.issue(user_id, refresh.family_id, refresh.created_at)
        return TokenPair(access.token, plaintext, access.expires_in)
