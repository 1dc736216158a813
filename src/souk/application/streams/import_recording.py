from __future__ import annotations

from pathlib import Path
from uuid import UUID

from souk.application.ports.blob_store import BlobStore
from souk.application.ports.media_jobs import MediaJobs
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.recording_files import RecordingFiles
from souk.application.ports.recording_remuxer import RecordingRemuxer
from souk.application.ports.scratch_space import ScratchSpace
from souk.application.ports.stream_repository import StreamRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.application.shared.clock import Clock
from souk.application.shared.ids import Ids
from souk.domain.media.media import Media
from souk.domain.media.values import MediaKind
from souk.domain.media.video_job import VideoJob

RECORDING_SCRATCH_PURPOSE = "recording"  # names the job's scratch directories (and their stale sweep)


class ImportRecording:
    """The background job turning an ended stream's recording into its replay: remuxed to
    MP4, stored as the seller's video, and processed by the usual video job (HLS + DASH +
    thumbnail). The replay shows on the stream once that job succeeds."""

    def __init__(
        self,
        uow: UnitOfWork,
        streams: StreamRepository,
        media: MediaRepository,
        video_jobs: VideoJobRepository,
        blobs: BlobStore,
        remuxer: RecordingRemuxer,
        media_jobs: MediaJobs,
        clock: Clock,
        ids: Ids,
        scratch: ScratchSpace,
        recordings: RecordingFiles,
    ) -> None:
        self._uow = uow
        self._streams = streams
        self._media = media
        self._video_jobs = video_jobs
        self._blobs = blobs
        self._remuxer = remuxer
        self._media_jobs = media_jobs
        self._clock = clock
        self._ids = ids
        self._scratch = scratch
        self._recordings = recordings

    async def __call__(self, stream_id: UUID) -> UUID | None:
        stream = await self._streams.get(stream_id)
        await self._uow.rollback()
        if stream is None or stream.replay_media_id is not None or not stream.recording_path:
            return None
        source = Path(stream.recording_path)
        with self._scratch.directory(RECORDING_SCRATCH_PURPOSE) as scratch:
            mp4 = scratch / "replay.mp4"
            await self._remuxer.to_mp4(source, mp4)
            size = mp4.stat().st_size
            now = self._clock.now()
            media = Media.pending(
                self._ids.new(), stream.seller_id, MediaKind.VIDEO, "video/mp4", size, f"live-{stream.id}.mp4", now
            )
            await self._blobs.upload_file(media.original_key, mp4, "video/mp4")
        media.mark_uploaded(size, now)
        media.start_processing(now)
        job = VideoJob.queued(self._ids.new(), media.id, stream.seller_id, now)
        locked = await self._streams.get_for_update(stream_id)
        if locked is None or locked.replay_media_id is not None:  # another attempt won
            await self._uow.rollback()
            return None
        locked.replay_media_id = media.id
        await self._media.add(media)
        await self._video_jobs.add(job)
        await self._streams.save(locked)
        await self._uow.commit()
        await self._media_jobs.enqueue(job)
        self._recordings.discard(source)  # kept in storage now; the RTMP server's disk is not an archive
        return job.id
