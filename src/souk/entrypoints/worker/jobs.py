"""Which code runs for which job name: the one table shared by ``souk worker`` and the
embedded in-process runner (``JOB_HANDLERS``), and the table of this process's own local
jobs (``LOCAL_JOB_HANDLERS``: texts, which never leave the process that promised them).
Other features add their handlers here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from uuid import UUID

from dishka import AsyncContainer

from souk.application.accounts.deliver_otp import DELIVER_OTP_JOB, DeliverOtp
from souk.application.accounts.email_password_reset import DELIVER_RESET_EMAIL_JOB, DeliverResetEmail
from souk.application.accounts.purge_account import PurgeAccount
from souk.application.accounts.request_deletion import PURGE_ACCOUNT_JOB
from souk.application.media.process_image import ProcessImage
from souk.application.media.process_video import ProcessVideo
from souk.application.media.settings import PROCESS_IMAGE_JOB, PROCESS_VIDEO_JOB
from souk.application.negotiation.expire_offer import ExpireOffer
from souk.application.negotiation.offer_moves import EXPIRE_OFFER_JOB
from souk.application.notifications.deliver_live_batch import DeliverLiveBatch
from souk.application.notifications.live_batch import BATCH_JOB, PLAN_JOB, event_id_of
from souk.application.notifications.plan_live_fan_out import PlanLiveFanOut
from souk.application.notifications.push_notification import PUSH_JOB, PushNotification
from souk.application.payments.reconcile_payments import RECONCILE_JOB, ReconcilePayments
from souk.application.ports.job_handler import JobDispatcher
from souk.application.ports.job_queue import JobAttempt, JobPayload
from souk.application.privacy.build_export import BuildExport
from souk.application.privacy.request_export import BUILD_EXPORT_JOB
from souk.application.streams.auction_config import END_AUCTION_JOB
from souk.application.streams.close_giveaway import CloseGiveaway
from souk.application.streams.end_auction import EndAuction
from souk.application.streams.finish_stream import IMPORT_RECORDING_JOB
from souk.application.streams.flash_sales import END_FLASH_SALE_JOB, EndFlashSale
from souk.application.streams.giveaway_closings import CLOSE_GIVEAWAY_JOB
from souk.application.streams.import_recording import ImportRecording

Handler = Callable[[AsyncContainer, JobPayload, JobAttempt], Awaitable[None]]


async def _process_video(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    use_case = await request.get(ProcessVideo)
    await use_case(UUID(str(payload["job_id"])), attempt)


async def _process_image(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    use_case = await request.get(ProcessImage)
    await use_case(UUID(str(payload["job_id"])), attempt)


async def _expire_offer(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(ExpireOffer))(UUID(str(payload["offer_id"])))


async def _end_flash_sale(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(EndFlashSale))(UUID(str(payload["flash_sale_id"])))


async def _end_auction(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(EndAuction))(UUID(str(payload["auction_id"])))


async def _import_recording(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(ImportRecording))(UUID(str(payload["stream_id"])))


async def _close_giveaway(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(CloseGiveaway))(UUID(str(payload["giveaway_id"])))


async def _push_notification(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(PushNotification))(UUID(str(payload["notification_id"])))


async def _plan_live_fan_out(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(PlanLiveFanOut))(event_id_of(payload))


async def _deliver_live_batch(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(DeliverLiveBatch))(payload)


async def _deliver_otp(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(DeliverOtp))(payload)


async def _build_export(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(BuildExport))(UUID(str(payload["user_id"])), UUID(str(payload["export_id"])))


async def _purge_account(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(PurgeAccount))(UUID(str(payload["user_id"])))


async def _deliver_reset_email(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    await (await request.get(DeliverResetEmail))(payload)


async def _reconcile_payments(request: AsyncContainer, payload: JobPayload, attempt: JobAttempt) -> None:
    """``{"after_s": seconds, "capture_after_s"?: seconds}``: card payments untouched that long
    are re-read; authorised ones older than ``capture_after_s`` are captured."""
    capture = payload.get("capture_after_s")
    await (await request.get(ReconcilePayments))(
        timedelta(seconds=float(str(payload.get("after_s", 900)))),
        capture_after=timedelta(seconds=float(str(capture))) if capture is not None else None,
    )


LOCAL_JOB_HANDLERS: dict[str, Handler] = {DELIVER_OTP_JOB: _deliver_otp, DELIVER_RESET_EMAIL_JOB: _deliver_reset_email}

JOB_HANDLERS: dict[str, Handler] = {
    PROCESS_VIDEO_JOB: _process_video,
    PROCESS_IMAGE_JOB: _process_image,
    EXPIRE_OFFER_JOB: _expire_offer,
    END_FLASH_SALE_JOB: _end_flash_sale,
    IMPORT_RECORDING_JOB: _import_recording,
    END_AUCTION_JOB: _end_auction,
    PUSH_JOB: _push_notification,
    PLAN_JOB: _plan_live_fan_out,
    BATCH_JOB: _deliver_live_batch,
    BUILD_EXPORT_JOB: _build_export,
    PURGE_ACCOUNT_JOB: _purge_account,
    RECONCILE_JOB: _reconcile_payments,
    CLOSE_GIVEAWAY_JOB: _close_giveaway,
}


class ContainerJobDispatcher(JobDispatcher):
    """Each job runs in its own request scope, like an HTTP request."""

    def __init__(self, container: AsyncContainer, handlers: dict[str, Handler] | None = None) -> None:
        self._container = container
        self._handlers = JOB_HANDLERS if handlers is None else handlers

    async def dispatch(self, name: str, payload: JobPayload, attempt: JobAttempt) -> None:
        handler = self._handlers.get(name)
        if handler is None:
            raise LookupError(f"no handler for job {name!r}")
        async with self._container() as request:
            await handler(request, payload, attempt)
