"""What ending a live stream does, whoever ends it: the counters are kept on the stream,
``stream.ended`` is raised (the room hears it as ``stream:ended``), and a finished recording is
sent to the media pipeline."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from souk.application.events import EventRecorder
from souk.application.ports.job_queue import JobQueue, JobRequest
from souk.application.ports.stream_counters import CHAT, LIKES, StreamCounters
from souk.application.ports.stream_repository import StreamRepository
from souk.application.streams.room_snapshots import RoomSnapshots
from souk.domain.streams.events import RoomChanged, StreamEnded
from souk.domain.streams.stream import IngestState, Stream, StreamTotals

log = logging.getLogger("souk.streams")

IMPORT_RECORDING_JOB = "streams.import_recording"


@dataclass(frozen=True, slots=True)
class StreamFinisher:
    streams: StreamRepository
    counters: StreamCounters
    events: EventRecorder
    jobs: JobQueue
    snapshots: RoomSnapshots

    async def before_commit(self, stream: Stream, was_live: bool) -> None:
        """Inside the transaction that ended the stream."""
        if was_live:
            counted = await self.counters.read(stream.id)
            stream.totals = StreamTotals(
                likes=counted.get(LIKES, 0),
                chat_messages=counted.get(CHAT, 0),
                product_views={k.removeprefix("views:"): v for k, v in counted.items() if k.startswith("views:")},
                product_clicks={k.removeprefix("clicks:"): v for k, v in counted.items() if k.startswith("clicks:")},
            )
            await self.events.record(StreamEnded(stream.id, stream.seller_id))
        await self.streams.save(stream)

    async def after_commit(self, stream: Stream, was_live: bool) -> None:
        self.snapshots.forget(stream.id)
        self.events.announce(RoomChanged(stream.id))
        await self.events.publish()
        if not was_live:
            return
        if stream.ingest_state is not IngestState.RECEIVING:
            if stream.settings.record_stream and stream.recording_path is None and stream.replay_media_id is None:
                # nginx closes the file and calls record-done when the push stops: none by the
                # end usually means it could not write there (its error log: Permission denied)
                log.warning(
                    "streams.recording_missing stream=%s: no recording arrived from the RTMP server; "
                    "the replay waits for one. Check that nginx's workers can write SOUK_RECORDING_DIR "
                    "(`souk ingest nginx-config` runs them as the folder's owner)",
                    stream.id,
                )
            await self.import_recording(stream)

    async def import_recording(self, stream: Stream) -> None:
        """Once the stream ended and the RTMP server closed the file (a push still running
        when the owner ends is dropped by the update hook; its record-done call comes later)."""
        if not (stream.settings.record_stream and stream.recording_path and stream.replay_media_id is None):
            return
        job = JobRequest(
            IMPORT_RECORDING_JOB, {"stream_id": str(stream.id)}, key=f"recording:{stream.id}", timeout_s=900
        )
        try:
            await self.jobs.enqueue(job)
        except Exception:
            log.warning("streams.recording_not_queued stream=%s", stream.id, exc_info=True)
