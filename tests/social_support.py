"""Drives the social layer through a real container (memory, SQLite or PostgreSQL): a
hand-run job queue, a recording push service, one process's presence, a hand-moved clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from uuid import UUID

import pytest
from dishka import Provider, Scope

from souk.adapters.memory.presence import InMemoryPresence
from souk.application.accounts.profiles import UpdateMyProfile
from souk.application.notifications.deliver_event import DeliverEvent
from souk.application.notifications.drain_event_feed import DrainEventFeed
from souk.application.ports.job_queue import JobAttempt, JobQueue, JobRequest
from souk.application.ports.notification_repository import NotificationRepository
from souk.application.ports.outbox import OutboxEntry
from souk.application.ports.presence import Presence
from souk.application.ports.push_sender import PushMessage, PushSender
from souk.bootstrap.settings import Settings
from souk.domain.accounts.user import ProfileChanges
from souk.domain.notifications.notification import Notification
from souk.domain.shared.geo import GeoPoint
from souk.entrypoints.worker.jobs import ContainerJobDispatcher
from tests.negotiation_support import Negotiation, negotiation_container


class HandRunJobs(JobQueue):
    """Keeps jobs until the test runs them; a key already queued is dropped (like SAQ)."""

    def __init__(self) -> None:
        self.queued: list[JobRequest] = []
        self.ran: list[JobRequest] = []

    async def enqueue(self, job: JobRequest) -> None:
        if job.key is None or all(j.key != job.key for j in self.queued):
            self.queued.append(job)


class RecordingPush(PushSender):
    def __init__(self) -> None:
        self.sent: list[PushMessage] = []
        self.dead: set[str] = set()

    async def send(self, messages: Sequence[PushMessage]) -> set[str]:
        self.sent.extend(messages)
        return {m.token.token for m in messages} & self.dead


class Social(Negotiation):
    def __init__(self, base: Negotiation, jobs: HandRunJobs, push: RecordingPush, presence: InMemoryPresence) -> None:
        super().__init__(base.container, base.clock, base.backend)
        self.jobs = jobs
        self.push = push
        self.presence = presence

    async def deliver(self) -> int:
        """What a consumer process does: every pending outbox event becomes notifications,
        a batch at a time in one transaction (one by one where that fails)."""
        drain = await self.container.get(DrainEventFeed)
        return await drain(self.handle, together=self.together)

    async def handle(self, entry: OutboxEntry) -> None:
        async with self.container() as request:
            await (await request.get(DeliverEvent))(entry)

    async def together(self, entries: Sequence[OutboxEntry]) -> None:
        async with self.container() as request:
            await (await request.get(DeliverEvent)).together(entries)

    async def run_jobs(self, name: str | None = None) -> int:
        """Run queued jobs (and the jobs they queue) until none of ``name`` is left."""
        dispatcher = ContainerJobDispatcher(self.container)
        count = 0
        while True:
            job = next((j for j in self.jobs.queued if name is None or j.name == name), None)
            if job is None:
                return count
            self.jobs.queued.remove(job)
            await dispatcher.dispatch(job.name, job.payload, JobAttempt(1, job.max_attempts))
            self.jobs.ran.append(job)
            count += 1

    async def inbox(self, user_id: UUID, unread_only: bool = False) -> list[Notification]:
        async with self.container() as request:
            repo = await request.get(NotificationRepository)
            return await repo.page(user_id, unread_only, None, 1000)

    async def move(self, user_id: UUID, home: GeoPoint) -> None:
        await self.run(UpdateMyProfile, user_id, ProfileChanges(home=home))

    async def switch_off(self, user_id: UUID, *kinds: str) -> None:
        await self.run(UpdateMyProfile, user_id, ProfileChanges(notification_settings=dict.fromkeys(kinds, False)))


def social_world(backend: str, settings: Settings | None, tmp_path: Path, *overrides: Provider) -> Social:
    jobs, push, presence = HandRunJobs(), RecordingPush(), InMemoryPresence()
    fakes = Provider(scope=Scope.APP)
    fakes.provide(lambda: jobs, provides=JobQueue)
    fakes.provide(lambda: push, provides=PushSender)
    fakes.provide(lambda: presence, provides=Presence)
    base = negotiation_container(backend, settings, tmp_path, fakes, *overrides)
    return Social(base, jobs, push, presence)


@asynccontextmanager
async def delivered_social_world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Social]:
    """A social world on the backend the fixture is parametrised with (``memory``,
    ``sqlite``, ``postgres``), the events other tests left in a shared database delivered."""
    settings = None if request.param == "memory" else request.getfixturevalue(f"{request.param}_settings")
    built = social_world(request.param, settings, tmp_path)
    await built.deliver()
    try:
        yield built
    finally:
        await built.container.close()


def types_of(notifications: Sequence[Notification]) -> list[str]:
    return sorted(n.type for n in notifications)
