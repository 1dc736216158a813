"""Background jobs: SAQ on Redis for ``souk worker``, else an in-process runner."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from dishka import AsyncContainer, Provider, Scope, alias, provide
from redis.exceptions import RedisError
from saq import Queue

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.jobs.metrics import MeasuredJobDispatcher
from souk.adapters.saq.job_queue import SaqJobQueue
from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobQueue
from souk.application.ports.local_job_queue import LocalJobQueue
from souk.bootstrap.settings import Settings
from souk.entrypoints.worker.jobs import LOCAL_JOB_HANDLERS, ContainerJobDispatcher

SHUTDOWN_GRACE_S = 5.0


SAQ_QUEUE_NAME = "souk"


log = logging.getLogger("souk.media")


class JobsProvider(Provider):
    scope = Scope.APP

    @provide
    async def local_jobs(self, container: AsyncContainer) -> AsyncIterator[InProcessJobQueue]:
        runner = InProcessJobQueue(ContainerJobDispatcher(container, LOCAL_JOB_HANDLERS), concurrency=4)
        yield runner
        # Texts already promised (202) still go out on a graceful stop; a stuck one does not hold it.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runner.drain(), SHUTDOWN_GRACE_S)
        await runner.close()

    local_jobs_port = alias(source=InProcessJobQueue, provides=LocalJobQueue)

    @provide
    def dispatcher(self, container: AsyncContainer) -> JobDispatcher:
        return MeasuredJobDispatcher(ContainerJobDispatcher(container))

    @provide
    async def saq_queue(self, settings: Settings) -> AsyncIterator[Queue | None]:
        if settings.redis_url is None:
            yield None
            return
        queue = Queue.from_url(settings.redis_url, name=SAQ_QUEUE_NAME)
        await queue.connect()
        yield queue
        try:
            await queue.disconnect()
        except RedisError:  # Redis is away at shutdown: nothing to hand back, the process ends anyway
            log.warning("jobs.queue_disconnect_failed", exc_info=True)

    @provide
    async def job_queue(
        self, saq: Queue | None, dispatcher: JobDispatcher, settings: Settings
    ) -> AsyncIterator[JobQueue]:
        """Redis configured: jobs go to ``souk worker`` processes. Otherwise in-process."""
        if saq is not None:
            yield SaqJobQueue(saq, settings.job_heartbeat_s)
            return
        runner = InProcessJobQueue(dispatcher)
        yield runner
        await runner.close()
