"""Real time: the frame publisher and presence use cases."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.application.realtime.announce_presence import AnnouncePresence
from souk.application.realtime.publisher import RealtimePublisher
from souk.application.realtime.sweep_presence import SweepPresence


class RealtimePublisherProvider(Provider):
    scope = Scope.APP

    realtime = provide(RealtimePublisher)


class RealtimeUseCasesProvider(Provider):
    scope = Scope.REQUEST

    announce_presence = provide(AnnouncePresence)
    sweep_presence = provide(SweepPresence)
