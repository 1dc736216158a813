"""Password hashing, access tokens, revoked sessions and every key derived from the secrets (``bootstrap/keys.py``)."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, provide

from souk.adapters.security.argon2_password_hasher import Argon2PasswordHasher
from souk.adapters.security.hmac_cursor_codec import HmacCursorCodec
from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.adapters.security.secret_box import TotpSecretBox
from souk.application.accounts.mfa_tokens import MfaKey
from souk.application.accounts.otp_settings import OtpKey
from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.accounts.session_checked_tokens import SessionCheckedAccessTokens
from souk.application.negotiation.recent_offers_feed import OfferAliasKey
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.cursor_codec import CursorCodec
from souk.application.ports.password_hasher import PasswordHasher
from souk.application.shared.clock import Clock
from souk.bootstrap import keys
from souk.bootstrap.settings import Settings
from souk.domain.shared.public_point import PublicPoints


class SecurityProvider(Provider):
    scope = Scope.APP

    @provide
    def cursor_codec(self, settings: Settings) -> CursorCodec:
        return HmacCursorCodec(keys.cursor_key(settings))

    @provide
    def alias_key(self, settings: Settings) -> OfferAliasKey:
        return OfferAliasKey(keys.offer_alias_key(settings))

    @provide
    def password_hasher(self, settings: Settings) -> PasswordHasher:
        return Argon2PasswordHasher(settings.argon2_memory_kib, settings.argon2_time_cost, settings.argon2_parallelism)

    @provide
    def public_points(self, settings: Settings) -> PublicPoints:
        return PublicPoints(keys.location_key(settings))

    @provide
    def otp_key(self, settings: Settings) -> OtpKey:
        return OtpKey(keys.otp_key(settings))

    @provide
    def totp_secret_box(self, settings: Settings) -> TotpSecretBox:
        return TotpSecretBox(keys.totp_secret_key(settings))

    @provide
    def mfa_key(self, settings: Settings) -> MfaKey:
        return MfaKey(keys.mfa_key(settings))

    @provide
    def revoked_sessions(self, settings: Settings, clock: Clock) -> RevokedSessions:
        return RevokedSessions(clock, timedelta(seconds=settings.access_token_ttl_s))

    @provide
    def access_tokens(self, settings: Settings, clock: Clock, revoked: RevokedSessions) -> AccessTokens:
        ttl = timedelta(seconds=settings.access_token_ttl_s)
        jwt = JwtAccessTokens(settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience, clock, ttl)
        return SessionCheckedAccessTokens(jwt, revoked)
