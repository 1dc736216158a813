"""Issue 18: TOTP two-factor sign-in on fakes: enrol, confirm, login answers an mfa_token,
verify with a code (never the same one twice) or a backup code (each once), disable with
password + code; wrong codes are limited; every change is recorded for a notification."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pyotp
import pytest

from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.two_factor import ConfirmTotp, DisableTotp, EnrolTotp
from souk.application.accounts.verify_mfa import VerifyMfa, VerifyMfaCommand
from souk.application.notifications.triggers import trigger_for
from souk.application.ports.outbox import OutboxStore
from souk.domain.accounts.errors import (
    MfaAlreadyEnabled,
    MfaCodeInvalid,
    MfaNotEnrolled,
    MfaTokenInvalid,
    WrongPassword,
)
from souk.domain.accounts.events import TwoFactorChanged
from souk.domain.shared.errors import RateLimited
from tests.unit.application.conftest import World, make_world

PASSWORD = "plum kettle orbit saffron"


async def register(world: World) -> Any:
    return await world.run(RegisterUser, RegisterCommand("amira", "A", PASSWORD, None, "a@x.io", "ip"))


def code_at(world: World, secret: str, offset_s: int = 0) -> str:
    return pyotp.TOTP(secret).at(world.clock.now() + timedelta(seconds=offset_s))


async def enabled(world: World) -> tuple[Any, str, list[str]]:
    auth = await register(world)
    enrolment = await world.run(EnrolTotp, auth.user.id)
    assert enrolment.otpauth_uri.startswith("otpauth://totp/Souk:amira?secret=")
    codes = await world.run(ConfirmTotp, auth.user.id, code_at(world, enrolment.secret))
    return auth, enrolment.secret, codes


async def login(world: World) -> str:
    result = await world.run(Login, LoginCommand("amira", PASSWORD, "ip", "Phone", "ios"))
    assert result.tokens is None
    assert result.mfa_token
    return str(result.mfa_token)


async def test_a_login_with_two_factor_needs_a_code_and_each_code_works_once(world: World) -> None:
    _, secret, codes = await enabled(world)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    world.clock.advance(timedelta(seconds=30))  # the confirming code's step is spent
    token = await login(world)
    signed_in = await world.run(VerifyMfa, VerifyMfaCommand(token, code_at(world, secret), "ip"))
    assert signed_in.tokens is not None
    with pytest.raises(MfaCodeInvalid):  # the same code, again: refused even though it is right
        await world.run(VerifyMfa, VerifyMfaCommand(token, code_at(world, secret), "ip"))
    with pytest.raises(MfaCodeInvalid):  # and an older one
        await world.run(VerifyMfa, VerifyMfaCommand(token, code_at(world, secret, -30), "ip"))
    world.clock.advance(timedelta(seconds=30))
    assert (await world.run(VerifyMfa, VerifyMfaCommand(token, code_at(world, secret), "ip"))).tokens


async def test_backup_codes_work_once_each_with_or_without_the_dash(world: World) -> None:
    _, _, codes = await enabled(world)
    token = await login(world)
    assert (await world.run(VerifyMfa, VerifyMfaCommand(token, codes[0].upper().replace("-", " "), "ip"))).tokens
    with pytest.raises(MfaCodeInvalid):
        await world.run(VerifyMfa, VerifyMfaCommand(token, codes[0], "ip"))
    assert (await world.run(VerifyMfa, VerifyMfaCommand(token, codes[1], "ip"))).tokens


async def test_mfa_tokens_expire_and_cannot_be_forged(world: World) -> None:
    _, secret, _ = await enabled(world)
    token = await login(world)
    payload, _, signature = token.partition(".")
    other_end = "AA" if signature[-2:] != "AA" else "BE"  # a signature may end in "AA" (1 in 1,024)
    for forged in (f"{payload}.{signature[:-2]}{other_end}", "garbage", f"{payload}x.{signature}"):
        with pytest.raises(MfaTokenInvalid):
            await world.run(VerifyMfa, VerifyMfaCommand(forged, code_at(world, secret, 30), "ip"))
    world.clock.advance(timedelta(minutes=5, seconds=1))
    with pytest.raises(MfaTokenInvalid):
        await world.run(VerifyMfa, VerifyMfaCommand(token, code_at(world, secret), "ip"))


async def test_enrolment_rules_and_disabling_with_password_and_code(world: World) -> None:
    auth, secret, codes = await enabled(world)
    me = auth.user.id
    with pytest.raises(MfaAlreadyEnabled):
        await world.run(EnrolTotp, me)
    world.clock.advance(timedelta(seconds=30))
    with pytest.raises(WrongPassword):
        await world.run(DisableTotp, me, "not the password", code_at(world, secret))
    with pytest.raises(MfaCodeInvalid):
        await world.run(DisableTotp, me, PASSWORD, "000000" if code_at(world, secret) != "000000" else "111111")
    await world.run(DisableTotp, me, PASSWORD, codes[3])
    plain = await world.run(Login, LoginCommand("amira", PASSWORD, "ip"))
    assert plain.tokens is not None  # off: the password alone signs in again
    with pytest.raises(MfaNotEnrolled):
        await world.run(DisableTotp, me, PASSWORD, codes[4])
    with pytest.raises(MfaNotEnrolled):
        await world.run(ConfirmTotp, me, code_at(world, secret))

    store = await world.get(OutboxStore)
    entries = await store.published_since(world.clock.now() - timedelta(days=1), [TwoFactorChanged.topic], 10)
    changes = [e.event for e in entries if isinstance(e.event, TwoFactorChanged)]
    assert [c.enabled for c in changes] == [True, False]
    trigger = trigger_for(changes[0])
    assert trigger is not None
    assert [(d.recipient_id, d.type.value) for d in trigger.drafts] == [(me, "two_factor_changed")]


async def test_wrong_codes_are_limited_per_account(tmp_path: Any) -> None:
    world, container = make_world(tmp_path, AuthRateRules())
    try:
        _, secret, _ = await enabled(world)
        world.clock.advance(timedelta(seconds=30))
        token = await login(world)
        right = code_at(world, secret)
        wrong = "123456" if right != "123456" else "654321"
        for _ in range(10):
            with pytest.raises(MfaCodeInvalid):
                await world.run(VerifyMfa, VerifyMfaCommand(token, wrong, "ip"))
        with pytest.raises(RateLimited):
            await world.run(VerifyMfa, VerifyMfaCommand(token, right, "ip"))
    finally:
        await container.close()
