"""Issue 18: email verification and password reset by email (codes and links), on fakes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from dishka import Provider, Scope

from souk.adapters.inprocess.job_queue import InProcessJobQueue
from souk.adapters.memory.clock import FakeClock
from souk.adapters.memory.mail_sender import InMemoryMailSender
from souk.adapters.memory.pause import RecordingPause
from souk.adapters.memory.sms_sender import InMemorySmsSender
from souk.application.accounts.email_password_reset import (
    EmailResetCommand,
    RequestPasswordResetEmail,
    ResetPasswordByEmail,
)
from souk.application.accounts.email_verification import SendEmailVerification, VerifyEmail, VerifyEmailLink
from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.ports.access_tokens import AccessTokens
from souk.application.ports.mail_sender import MailSender
from souk.application.ports.pause import Pause
from souk.application.ports.sms_sender import SmsSender
from souk.application.shared.clock import Clock
from souk.bootstrap.container import build_container
from souk.domain.accounts.errors import (
    EmailAlreadyVerified,
    InvalidCredentials,
    NoEmail,
    OtpExpired,
    OtpInvalid,
    OtpLocked,
    SessionEnded,
)
from souk.domain.shared.errors import RateLimited
from tests.support import fast_settings
from tests.unit.application.conftest import World

PASSWORD = "plum kettle orbit saffron"
NEW_PASSWORD = "velvet harbour quince 42"


class MailWorld(World):
    mail: InMemoryMailSender

    def code(self, to: str) -> str:
        return re.findall(r"\b\d{6}\b", self.mail.last_to(to).text)[0]

    def token(self, to: str) -> str:
        return re.findall(r"#token=([\w-]+)", self.mail.last_to(to).text)[0]


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[MailWorld]:
    clock, sms, pause, mail = FakeClock(), InMemorySmsSender(), RecordingPause(), InMemoryMailSender()
    fakes = Provider(scope=Scope.APP)
    fakes.provide(lambda: clock, provides=Clock)
    fakes.provide(lambda: sms, provides=SmsSender)
    fakes.provide(lambda: pause, provides=Pause)
    fakes.provide(lambda: mail, provides=MailSender)
    fakes.provide(lambda: AuthRateRules(), provides=AuthRateRules)
    container = build_container(fast_settings(tmp_path), fakes, in_memory=True)
    built = MailWorld(container, clock, sms, pause)
    built.mail = mail
    yield built
    await container.close()


async def register(world: World, name: str, email: str | None, phone: str | None = None) -> Any:
    return await world.run(RegisterUser, RegisterCommand(name, "Amira", PASSWORD, phone, email, "ip"))


async def settle(world: World) -> None:
    await (await world.get(InProcessJobQueue)).drain()


async def test_an_email_is_verified_with_the_mailed_code(world: MailWorld) -> None:
    auth = await register(world, "amira", "Amira@Example.com")
    assert not auth.user.email_verified
    await world.run(SendEmailVerification, auth.user.id)
    mail = world.mail.last_to("amira@example.com")
    assert "Confirm your email" in mail.subject
    assert world.code("amira@example.com") in mail.html
    assert "/verify-email#token=" in mail.text
    with pytest.raises(OtpInvalid):
        await world.run(
            VerifyEmail, auth.user.id, "000000" if world.code("amira@example.com") != "000000" else "1", "ip"
        )
    user = await world.run(VerifyEmail, auth.user.id, world.code("amira@example.com"), "ip")
    assert user.email_verified
    with pytest.raises(EmailAlreadyVerified):
        await world.run(SendEmailVerification, auth.user.id)


async def test_the_link_verifies_once_and_expires(world: MailWorld) -> None:
    auth = await register(world, "amira", "amira@example.com")
    await world.run(SendEmailVerification, auth.user.id)
    token = world.token("amira@example.com")
    with pytest.raises(OtpInvalid):
        await world.run(VerifyEmailLink, token[:-2] + "xx", "ip")
    assert (await world.run(VerifyEmailLink, token, "ip")).email_verified
    with pytest.raises(OtpInvalid):  # once
        await world.run(VerifyEmailLink, token, "ip")

    other = await register(world, "bilal", "bilal@example.com")
    await world.run(SendEmailVerification, other.user.id)
    world.clock.advance(timedelta(minutes=31))
    with pytest.raises(OtpExpired):
        await world.run(VerifyEmailLink, world.token("bilal@example.com"), "ip")


async def test_codes_lock_after_five_wrong_tries_and_sends_are_limited(world: MailWorld) -> None:
    auth = await register(world, "amira", "amira@example.com")
    await world.run(SendEmailVerification, auth.user.id)
    right = world.code("amira@example.com")
    wrong = "123456" if right != "123456" else "654321"
    for _ in range(5):
        with pytest.raises(OtpInvalid):
            await world.run(VerifyEmail, auth.user.id, wrong, "ip")
    with pytest.raises(OtpLocked):
        await world.run(VerifyEmail, auth.user.id, right, "ip")
    with pytest.raises(RateLimited):  # one mail a minute per address
        await world.run(SendEmailVerification, auth.user.id)
    phone_only = await register(world, "chen", None, "+14155550123")
    with pytest.raises(NoEmail):
        await world.run(SendEmailVerification, phone_only.user.id)


async def test_a_password_is_reset_by_email_without_a_phone_and_every_session_ends(world: MailWorld) -> None:
    auth = await register(world, "amira", "amira@example.com")
    await world.run(RequestPasswordResetEmail, "AMIRA@example.com", "ip")
    await world.run(RequestPasswordResetEmail, "nobody@example.com", "ip")  # same answer, no mail
    await settle(world)
    assert [m.to for m in world.mail.sent] == ["amira@example.com"]
    assert "Reset your Souk password" in world.mail.sent[0].subject
    code = world.code("amira@example.com")
    with pytest.raises(OtpInvalid):  # another address's code
        await world.run(ResetPasswordByEmail, EmailResetCommand(NEW_PASSWORD, "ip", "nobody@example.com", code))
    await world.run(ResetPasswordByEmail, EmailResetCommand(NEW_PASSWORD, "ip", "amira@example.com", code))
    with pytest.raises(SessionEnded):
        (await world.get(AccessTokens)).verify(auth.tokens.access_token)
    with pytest.raises(InvalidCredentials):
        await world.run(Login, LoginCommand("amira", PASSWORD, "ip"))
    signed_in = await world.run(Login, LoginCommand("amira", NEW_PASSWORD, "ip"))
    assert signed_in.user.email_verified  # the mailed code proved the address


async def test_the_reset_link_works_once(world: MailWorld) -> None:
    await register(world, "amira", "amira@example.com")
    await world.run(RequestPasswordResetEmail, "amira@example.com", "ip")
    await settle(world)
    token = world.token("amira@example.com")
    await world.run(ResetPasswordByEmail, EmailResetCommand(NEW_PASSWORD, "ip", token=token))
    with pytest.raises(OtpInvalid):
        await world.run(ResetPasswordByEmail, EmailResetCommand("another fine passphrase 7", "ip", token=token))
    assert await world.run(Login, LoginCommand("amira", NEW_PASSWORD, "ip"))
