"""Media and video-job repositories: the in-memory twins behave as SQLite and PostgreSQL do."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from sqlalchemy import insert

from souk.adapters.memory.media_repository import InMemoryMediaRepository
from souk.adapters.memory.store import InMemoryStore
from souk.adapters.memory.unit_of_work import InMemoryUnitOfWork
from souk.adapters.memory.video_job_repository import InMemoryVideoJobRepository
from souk.adapters.sql.engine import create_engine
from souk.adapters.sql.media_repository import SqlMediaRepository
from souk.adapters.sql.tables import users
from souk.adapters.sql.unit_of_work import SqlUnitOfWork
from souk.adapters.sql.video_job_repository import SqlVideoJobRepository
from souk.application.ports.media_repository import MediaRepository
from souk.application.ports.unit_of_work import UnitOfWork
from souk.application.ports.video_job_repository import VideoJobRepository
from souk.application.shared.ids import new_id
from souk.bootstrap.settings import Settings
from souk.domain.media.media import Media
from souk.domain.media.values import MediaKind, MediaStatus, VideoMetadata, VideoOutputs
from souk.domain.media.video_job import JobStatus, VideoJob
from tests.support import unique

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@dataclass
class Repos:
    uow: UnitOfWork
    media: MediaRepository
    jobs: VideoJobRepository
    owner: UUID


@pytest.fixture(params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest) -> Settings | None:
    return None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")  # type: ignore[no-any-return]


@pytest.fixture
async def repos(database: Settings | None) -> AsyncIterator[Repos]:
    owner = new_id()
    if database is None:
        uow = InMemoryUnitOfWork(InMemoryStore())
        yield Repos(uow, InMemoryMediaRepository(uow), InMemoryVideoJobRepository(uow), owner)
        return
    engine = create_engine(database.database_url)
    sql = SqlUnitOfWork(engine)
    conn = await sql.connection()
    row: dict[str, Any] = {"id": owner, "username": unique("m"), "display_name": "M", "password_hash": "x"}
    await conn.execute(insert(users).values(**row, notification_settings={}, created_at=NOW, updated_at=NOW))
    await sql.commit()
    try:
        yield Repos(sql, SqlMediaRepository(sql), SqlVideoJobRepository(sql), owner)
    finally:
        await sql.close()
        await engine.dispose()


def video(owner: UUID) -> Media:
    return Media.pending(new_id(), owner, MediaKind.VIDEO, "video/mp4", 600 * 1024 * 1024, "long.mp4", NOW)


async def test_media_round_trips_through_its_life(repos: Repos) -> None:
    media = video(repos.owner)
    await repos.media.add(media)
    await repos.uow.commit()
    assert await repos.media.get(media.id) == media
    media.mark_uploaded(5_000_000_000, NOW)
    media.start_processing(NOW + timedelta(seconds=1))
    metadata = VideoMetadata(12.5, 1920, 1080, 4_000_000, "h264", None)
    media.mark_ready(metadata, VideoOutputs("a/master.m3u8", "a/manifest.mpd", "a/thumbnail.jpg"), NOW)
    await repos.media.save(media)
    await repos.uow.commit()
    stored = await repos.media.get(media.id)
    assert stored == media
    assert stored is not None
    assert stored.status is MediaStatus.READY
    assert await repos.media.get(new_id()) is None


async def test_uncommitted_writes_are_rolled_back(repos: Repos) -> None:
    media = video(repos.owner)
    await repos.media.add(media)
    await repos.uow.rollback()
    assert await repos.media.get(media.id) is None


async def test_jobs_round_trip_and_unfinished_ones_are_listed_oldest_first(repos: Repos) -> None:
    media = video(repos.owner)
    await repos.media.add(media)
    jobs = [VideoJob.queued(new_id(), media.id, repos.owner, NOW + timedelta(seconds=i)) for i in range(3)]
    for job in jobs:
        await repos.jobs.add(job)
    await repos.uow.commit()
    jobs[0].start(NOW)
    jobs[0].advance(0.25, NOW)
    jobs[1].start(NOW)
    jobs[1].fail("The video could not be transcoded.", NOW, VideoMetadata(1.0, 2, 2, None, "h264", "aac"))
    for job in jobs[:2]:
        await repos.jobs.save(job)
    await repos.uow.commit()
    assert await repos.jobs.get(jobs[1].id) == jobs[1]
    unfinished = await repos.jobs.unfinished(10)
    mine = [job for job in unfinished if job.media_id == media.id]
    assert [(job.id, job.status, job.progress) for job in mine] == [
        (jobs[0].id, JobStatus.RUNNING, 0.25),
        (jobs[2].id, JobStatus.QUEUED, 0.0),
    ]
