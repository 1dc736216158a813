"""Texts and pushes: SMS (log/outbox) and FCM."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from souk.adapters.mail.file_mail_outbox import FileMailOutbox
from souk.adapters.mail.no_mail_sender import NoMailSender
from souk.adapters.mail.smtp_mail_sender import SmtpMailSender, SmtpServer
from souk.adapters.push.fcm_push_sender import FcmPushSender, ServiceAccount
from souk.adapters.push.log_push_sender import LogPushSender
from souk.adapters.sms.log_sms_sender import LogSmsSender
from souk.adapters.sms.no_sms_sender import NoSmsSender
from souk.adapters.sms.twilio_sms_sender import TwilioAccount, TwilioSmsSender
from souk.application.ports.mail_sender import MailSender
from souk.application.ports.push_sender import PushSender
from souk.application.ports.sms_sender import SmsSender
from souk.bootstrap.settings import Settings


class MessagingProvider(Provider):
    scope = Scope.APP

    @provide
    async def sms_sender(self, settings: Settings) -> AsyncIterator[SmsSender]:
        """Twilio when configured (any deployment; never a code in the log). Otherwise
        embedded: the development sender, codes in the log. PostgreSQL (production): no
        texts at all unless SOUK_SMS_OUTBOX is set on purpose (staging), and then never a
        code in the log."""
        if settings.twilio_account_sid and settings.twilio_auth_token and settings.twilio_from:
            account = TwilioAccount(
                settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_from, settings.twilio_api_base
            )
            twilio = TwilioSmsSender(account)
            yield twilio
            await twilio.aclose()
        elif settings.is_sqlite:
            yield LogSmsSender(settings.sms_outbox, log_bodies=True)
        elif settings.sms_outbox is not None:
            yield LogSmsSender(settings.sms_outbox)
        else:
            yield NoSmsSender()

    @provide
    def mail_sender(self, settings: Settings) -> MailSender:
        """An SMTP server when one is set; else the outbox file (embedded: under the data
        directory by default); PostgreSQL with neither sends no mail at all."""
        if settings.smtp_host:
            server = SmtpServer(
                settings.smtp_host,
                settings.smtp_port,
                settings.mail_from,
                settings.smtp_username,
                settings.smtp_password,
                settings.smtp_security,
            )
            return SmtpMailSender(server)
        if settings.mail_outbox is not None:
            return FileMailOutbox(settings.mail_outbox)
        if settings.is_sqlite:
            return FileMailOutbox(settings.data_dir / "mail-outbox.jsonl")
        return NoMailSender()

    @provide
    async def push_sender(self, settings: Settings) -> AsyncIterator[PushSender]:
        """FCM when a service account is configured, else the log."""
        if settings.fcm_credentials_file is None:
            yield LogPushSender()
            return
        sender = FcmPushSender(ServiceAccount.from_file(settings.fcm_credentials_file), settings.fcm_endpoint)
        yield sender
        await sender.aclose()
