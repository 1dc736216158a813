from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from souk.application.events import EventRecorder
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.shared.clock import Clock
from souk.application.shared.idempotency import Idempotency, fingerprint
from souk.application.streams.config import LiveConfig
from souk.application.streams.presenter import StreamPresenter
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.application.streams.views import StreamView
from souk.domain.streams.errors import StreamNotFound
from souk.domain.streams.events import RoomChanged, StreamWentLive
from souk.domain.streams.stream_key import issue_key


@dataclass(frozen=True, slots=True)
class LiveNow:
    stream: StreamView
    rtmp_url: str
    stream_key: str
    playback_url: str


class GoLive:
    """Step 5: the stream goes live and the owner gets the RTMP ingest URL and a fresh key.

    The key is stored only as a digest, so it cannot be shown again: calling go-live on a
    live stream (or retrying with the same Idempotency-Key) hands out a new key and the
    previous one stops working. The stream goes live, and ``stream.live`` is raised, once
    (the room hears it as ``stream:live`` from the WebSocket projection)."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        events: EventRecorder,
        presenter: StreamPresenter,
        idempotency: Idempotency,
        config: LiveConfig,
        clock: Clock,
        snapshots: RoomSnapshots,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._events = events
        self._presenter = presenter
        self._idempotency = idempotency
        self._config = config
        self._clock = clock
        self._snapshots = snapshots

    async def __call__(self, stream_id: UUID, by: UUID, idempotency_key: str | None = None) -> LiveNow:
        now = self._clock.now()
        await self._idempotency.replay(by, idempotency_key, fingerprint("go-live", stream_id), now)
        stream = await self._streams.get_for_update(stream_id)
        if stream is None:
            raise StreamNotFound()
        key = issue_key()
        started = stream.go_live(by, key.digest, now)
        await self._streams.save(stream)
        if started:
            await self._events.record(StreamWentLive.of(stream))
        await self._idempotency.remember(by, idempotency_key, {"stream_id": str(stream.id)})
        await self._uow.commit()
        self._snapshots.forget(stream.id)
        self._events.announce(RoomChanged(stream.id))
        await self._events.publish()  # before anything else can fail: the change is committed
        view = await self._presenter.stream(stream, by)
        return LiveNow(view, self._config.rtmp_url, key.plain, self._config.playback_url(stream.id, now))
