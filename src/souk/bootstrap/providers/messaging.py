"""Texts and pushes: SMS (log/outbox) and FCM."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from souk.adapters.push.fcm_push_sender import FcmPushSender, ServiceAccount
from souk.adapters.push.log_push_sender import LogPushSender
from souk.adapters.sms.log_sms_sender import LogSmsSender
from souk.adapters.sms.no_sms_sender import NoSmsSender
from souk.application.ports.push_sender import PushSender
from souk.application.ports.sms_sender import SmsSender
from souk.bootstrap.settings import Settings


class MessagingProvider(Provider):
    scope = Scope.APP

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
    async def push_sender(self, settings: Settings) -> AsyncIterator[PushSender]:
        """FCM when a service account is configured, else the log."""
        if settings.fcm_credentials_file is None:
            yield LogPushSender()
            return
        sender = FcmPushSender(ServiceAccount.from_file(settings.fcm_credentials_file), settings.fcm_endpoint)
        yield sender
        await sender.aclose()
