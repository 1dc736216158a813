"""One ``Outages`` per process: the exception classifier (adapters) and the Prometheus
counter (entrypoints) meet here."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.system.outages import ExceptionOutageClassifier
from souk.application.system.outages import Outages
from souk.entrypoints.http.metrics import count_outage


def new_outages() -> Outages:
    return Outages(ExceptionOutageClassifier(), count_outage)


class OutagesProvider(Provider):
    """Gives the container the process's ``Outages``: the one the HTTP error translator
    holds when ``create_app`` passes it, a fresh one otherwise (CLI, worker, tests)."""

    def __init__(self, outages: Outages | None = None) -> None:
        super().__init__()
        self._outages = outages

    @provide(scope=Scope.APP)
    def outages(self) -> Outages:
        return self._outages or new_outages()
