"""Real time: the presence use cases (the frame publisher is the WebSocket hub's)."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.sweep_presence import SweepPresence


class RealtimeUseCasesProvider(Provider):
    scope = Scope.REQUEST

    announce_presence = provide(AnnouncePresence)
    sweep_presence = provide(SweepPresence)
