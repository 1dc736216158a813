"""Accounts' infrastructure: which SMS sender a deployment gets, the throttling pause, and
the in-process queue that texts codes after the request has answered."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from dishka import AsyncContainer, Provider, Scope, alias, provide

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.sms.log_sms_sender import LogSmsSender
from souk.adapters.sms.no_sms_sender import NoSmsSender
from souk.adapters.system.pause import AsyncioPause
from souk.application.accounts.deliver_otp import DELIVER_OTP_JOB, DeliverOtp
from souk.application.ports.job_queue import JobAttempt, JobPayload
from souk.application.ports.local_job_queue import LocalJobQueue
from souk.application.ports.pause import Pause
from souk.application.ports.sms_sender import SmsSender
from souk.bootstrap.jobs import ContainerJobDispatcher
from souk.bootstrap.settings import Settings

SHUTDOWN_GRACE_S = 5.0


async def _deliver_otp(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(DeliverOtp))(payload)


class AccountsInfrastructureProvider(Provider):
    scope = Scope.APP
    pause = provide(AsyncioPause, provides=Pause)

    @provide
    def sms_sender(self, settings: Settings) -> SmsSender:
        """Embedded: the development sender, codes in the log. PostgreSQL (production): no
        texts at all unless SOUK_SMS_OUTBOX is set on purpose (staging), and then never a
        code in the log."""
        if settings.is_sqlite:
            return LogSmsSender(settings.sms_outbox, log_bodies=True)
        if settings.sms_outbox is not None:
            return LogSmsSender(settings.sms_outbox)
        return NoSmsSender()

    @provide
    async def local_jobs(self, container: AsyncContainer) -> AsyncIterator[InProcessJobQueue]:
        runner = InProcessJobQueue(ContainerJobDispatcher(container, {DELIVER_OTP_JOB: _deliver_otp}), concurrency=4)
        yield runner
        # Texts already promised (202) still go out on a graceful stop; a stuck one does not hold it.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(runner.drain(), SHUTDOWN_GRACE_S)
        await runner.close()

    local_jobs_port = alias(source=InProcessJobQueue, provides=LocalJobQueue)
