from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.streams.analyst import StreamAnalyst
from souk.application.streams.finish_stream import StreamFinisher
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamView
from souk.domain.streams.analytics import StreamAnalytics
from souk.domain.streams.errors import StreamNotFound


@dataclass(frozen=True, slots=True)
class Ended:
    stream: StreamView
    analytics: StreamAnalytics


class EndStream:
    """The owner ends a live stream (a draft is cancelled) and gets its analytics."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        finisher: StreamFinisher,
        analyst: StreamAnalyst,
        presenter: StreamPresenter,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._finisher = finisher
        self._analyst = analyst
        self._presenter = presenter
        self._clock = clock

    async def __call__(self, stream_id: UUID, by: UUID) -> Ended:
        stream = await self._streams.get_for_update(stream_id)
        if stream is None:
            raise StreamNotFound()
        was_live = stream.is_live
        stream.end(by, self._clock.now())
        await self._finisher.before_commit(stream, was_live)
        await self._uow.commit()
        await self._finisher.after_commit(stream, was_live)
        products = [p.product_id for p in await self._streams.products(stream.id)]
        analytics = await self._analyst(stream, products)
        return Ended(await self._presenter.stream(stream, by), analytics)
