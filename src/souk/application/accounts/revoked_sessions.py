"""This process's view of ended sessions, consulted on every authenticated request and
WebSocket handshake: a set lookup, no database read.

Fed three ways: the use case that ends a session adds it here at once (this process),
every process hears ``session.revoked`` on the event bus (within milliseconds), and after
each (re)subscription ``CatchUpRevocations`` reads what ended recently from the database
— the bus is at-most-once, so what was published while a process was not listening is
recovered there. An entry is kept as long as an access token of that session can still
be unexpired (the access tokens' lifetime plus leeway), then forgotten: by then every
token of the session is refused as expired anyway."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.domain.accounts.events import SessionRevoked

LEEWAY = timedelta(seconds=5)  # the clock leeway tokens are verified with

Listener = Callable[[frozenset[UUID], str], object]


def session_revoked(user_id: UUID, session_ids: Iterable[UUID], reason: str, at: datetime) -> SessionRevoked:
    """The event every process acts on; ``session_ids`` are refresh-token families."""
    return SessionRevoked(user_id, tuple(sorted(session_ids)), reason, at)


class RevokedSessions:
    def __init__(self, clock: Clock, access_token_ttl: timedelta) -> None:
        self._clock = clock
        self._keep = access_token_ttl + 2 * LEEWAY
        self._until: dict[UUID, datetime] = {}
        self._listeners: list[Listener] = []

    @property
    def keep(self) -> timedelta:
        """How long an ended session is remembered: as long as one of its tokens can live."""
        return self._keep

    def is_revoked(self, session_id: UUID) -> bool:
        return session_id in self._until

    def listen(self, listener: Listener) -> None:
        """``listener(session_ids, reason)`` is called with sessions this process learns have
        ended (e.g. to close their sockets) and why, when known ("" otherwise); it must not block."""
        self._listeners.append(listener)

    def add(self, session_ids: Iterable[UUID], revoked_at: datetime, reason: str = "") -> frozenset[UUID]:
        """Record ended sessions; returns (and tells the listeners) those that are new here."""
        session_ids = tuple(session_ids)
        now = self._clock.now()
        until = revoked_at + self._keep
        if until <= now:
            return frozenset()
        fresh = frozenset(s for s in session_ids if s not in self._until)
        for session_id in session_ids:
            self._until[session_id] = max(until, self._until.get(session_id, until))
        self._forget_expired(now)
        if fresh:
            for listener in self._listeners:
                listener(fresh, reason)
        return fresh

    def on_event(self, event: SessionRevoked) -> frozenset[UUID]:
        """``session.revoked`` from the bus."""
        return self.add(event.session_ids, event.revoked_at, event.reason)

    def __len__(self) -> int:
        return len(self._until)

    def _forget_expired(self, now: datetime) -> None:
        gone = [s for s, until in self._until.items() if until <= now]
        for session_id in gone:
            del self._until[session_id]


async def end_sessions(
    uow: UnitOfWork,
    events: EventRecorder,
    revoked: RevokedSessions,
    user_id: UUID,
    session_ids: Iterable[UUID],
    reason: str,
    at: datetime,
) -> None:
    """Commit the ending of ``session_ids`` with its event, then know it here at once (this
    process's requests and sockets) while the event tells every other process."""
    session_ids = tuple(session_ids)
    await events.record(session_revoked(user_id, session_ids, reason, at))
    await uow.commit()
    revoked.add(session_ids, at, reason)
    await events.publish()
