"""Accounts' infrastructure: the SMS sender a deployment may use and the throttling pause."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from souk.adapters.sms.log_sms_sender import LogSmsSender
from souk.adapters.system.pause import AsyncioPause
from souk.application.ports.pause import Pause
from souk.application.ports.sms_sender import SmsSender
from souk.bootstrap.settings import Settings


class AccountsInfrastructureProvider(Provider):
    scope = Scope.APP
    pause = provide(AsyncioPause, provides=Pause)

    @provide
    def sms_sender(self, settings: Settings) -> SmsSender:
        return LogSmsSender(settings.sms_outbox)
