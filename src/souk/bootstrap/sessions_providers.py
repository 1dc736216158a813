"""dishka providers of sessions: access tokens checked against this process's view of
ended sessions, the view itself, realtime tickets and the session use cases."""

from __future__ import annotations

from datetime import timedelta

from dishka import Provider, Scope, provide
from redis.asyncio import Redis

from souk.adapters.memory.ticket_store import InMemoryTicketStore
from souk.adapters.redis.ticket_store import RedisTicketStore
from souk.adapters.security.jwt_access_tokens import JwtAccessTokens
from souk.application.accounts.catch_up_revocations import CatchUpRevocations
from souk.application.accounts.issue_realtime_ticket import IssueRealtimeTicket
from souk.application.accounts.logout_all import LogoutAll
from souk.application.accounts.realtime_tickets import TicketTtl
from souk.application.accounts.redeem_realtime_ticket import RedeemRealtimeTicket
from souk.application.accounts.revoked_sessions import RevokedSessions
from souk.application.accounts.session_checked_tokens import SessionCheckedAccessTokens
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.clock import Clock
from souk.application.ports.ticket_store import TicketStore
from souk.bootstrap.settings import Settings


class SessionsProvider(Provider):
    scope = Scope.APP

    @provide
    def revoked_sessions(self, settings: Settings, clock: Clock) -> RevokedSessions:
        return RevokedSessions(clock, timedelta(seconds=settings.access_token_ttl_s))

    @provide
    def access_tokens(self, settings: Settings, clock: Clock, revoked: RevokedSessions) -> AccessTokens:
        ttl = timedelta(seconds=settings.access_token_ttl_s)
        jwt = JwtAccessTokens(settings.jwt_secret, settings.jwt_issuer, settings.jwt_audience, clock, ttl)
        return SessionCheckedAccessTokens(jwt, revoked)

    @provide
    def ticket_store(self, redis: Redis | None, clock: Clock) -> TicketStore:
        return RedisTicketStore(redis) if redis is not None else InMemoryTicketStore(clock)

    @provide
    def ticket_ttl(self, settings: Settings) -> TicketTtl:
        return TicketTtl(timedelta(seconds=settings.realtime_ticket_ttl_s))

    issue_ticket = provide(IssueRealtimeTicket)
    redeem_ticket = provide(RedeemRealtimeTicket)
    logout_all = provide(LogoutAll, scope=Scope.REQUEST)
    catch_up = provide(CatchUpRevocations, scope=Scope.REQUEST)
