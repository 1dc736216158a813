from __future__ import annotations

from souk.application.ports.recording_files import RecordingFiles
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.streams.finish_stream import StreamFinisher
from souk.application.streams.ingest_guard import IngestGuard
from souk.domain.streams.errors import UnknownStreamKey
from souk.domain.streams.stream_key import digest_of


class RecordingDone:
    """nginx-rtmp ``on_record_done``: a recording file was closed. Only files inside the
    configured recording folder are ever read. Once the stream has ended the recording
    goes to the media pipeline; while it is live (the push may come back and append to
    the same file) it is only remembered."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        finisher: StreamFinisher,
        guard: IngestGuard,
        recordings: RecordingFiles,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._finisher = finisher
        self._guard = guard
        self._recordings = recordings

    async def __call__(self, secret: str | None, stream_key: str, path: str) -> None:
        self._guard.check(secret)
        stream = await self._streams.by_key_for_update(digest_of(stream_key)) if stream_key else None
        if stream is None:
            raise UnknownStreamKey()
        file = self._recordings.find(path)
        if file is None:
            raise UnknownStreamKey("The recording is not in the recording folder.")
        if not stream.settings.record_stream:
            self._recordings.discard(file)  # nginx records every push; only the wanted recordings are kept
            return
        stream.recording_path = str(file)
        await self._streams.save(stream)
        await self._uow.commit()
        if stream.finished:
            await self._finisher.import_recording(stream)
