from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.ports.audience_directory import AudienceDirectory
from souk.application.ports.clock import Clock
from souk.application.ports.live_audience import LiveAudience
from souk.application.ports.stream_counters import StreamCounters, views_of
from souk.application.ports.stream_repository import StreamReader
from souk.application.ports.stream_viewer_log import StreamViewerLog
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.user_reader import UserReader
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.views import StreamProductView, StreamView, Wire
from souk.domain.streams.audience import admit
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.settings import Audience
from souk.domain.streams.stream import Stream


@dataclass(frozen=True, slots=True)
class Joined:
    stream: StreamView
    products: list[StreamProductView]
    viewer: Wire  # how the viewer is shown in chat
    counted: bool  # the seller in their own room is not a viewer

    def to_wire(self) -> Wire:
        return {
            "stream": self.stream.to_wire(),
            "products": [p.to_wire() for p in self.products],
            "viewers": self.stream.viewers_count,
        }


async def open_stream(streams: StreamReader, stream_id: UUID) -> Stream:
    stream = await streams.get(stream_id)
    if stream is None:
        raise StreamNotFound()
    stream.require_open()
    return stream


class JoinStream:
    """Enter a live room (or wait in it before the stream starts), if the audience rules
    admit the viewer; the answer carries what to show: stream, playback URL, products."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamReader,
        directory: AudienceDirectory,
        users: UserReader,
        viewer_log: StreamViewerLog,
        audience: LiveAudience,
        counters: StreamCounters,
        presenter: StreamPresenter,
        clock: Clock,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._directory = directory
        self._users = users
        self._log = viewer_log
        self._audience = audience
        self._counters = counters
        self._presenter = presenter
        self._clock = clock

    async def __call__(self, stream_id: UUID, user_id: UUID, visit_id: UUID, member: str, first: bool = True) -> Joined:
        """``first`` is False when the same socket joins again (it only gets the snapshot)."""
        stream = await open_stream(self._streams, stream_id)
        await self._check_audience(stream, user_id)
        counted = user_id != stream.seller_id
        if counted and first:
            await self._log.joined(visit_id, stream.id, user_id, self._clock.now())
            await self._uow.commit()
            await self._audience.enter(stream.id, member)
        products = await self._presenter.products(stream, await self._streams.products(stream.id))
        shown = [p.item.product_id for p in products if p.item.tag is not None or p.item.featured]
        if counted and first and stream.is_live:
            for product_id in shown:
                await self._counters.add(stream.id, views_of(product_id))
        view = await self._presenter.stream(stream, user_id, admitted=True)
        user = await self._users.get(user_id)
        viewer = {
            "id": str(user_id),
            "username": user.username.value if user else "deleted",
            "display_name": user.display_name if user else "Deleted user",
        }
        return Joined(view, products, viewer, counted)

    async def _check_audience(self, stream: Stream, user_id: UUID) -> None:
        audience = stream.settings.audience
        if audience is Audience.EVERYONE or user_id == stream.seller_id:
            return
        follows = audience is Audience.FOLLOWERS and await self._directory.follows(user_id, stream.seller_id)
        homes = (
            (await self._directory.home_of(stream.seller_id), await self._directory.home_of(user_id))
            if audience is Audience.NEIGHBORHOOD
            else (None, None)
        )
        admit(audience, stream.seller_id, user_id, follows, *homes)
