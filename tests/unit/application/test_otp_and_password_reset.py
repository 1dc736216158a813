from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from souk.application.accounts.confirm_password_reset import ConfirmPasswordReset, ConfirmPasswordResetCommand
from souk.application.accounts.login import Login, LoginCommand
from souk.application.accounts.rate_rules import AuthRateRules
from souk.application.accounts.refresh_session import RefreshSession
from souk.application.accounts.register_user import RegisterCommand, RegisterUser
from souk.application.accounts.send_otp import SendOtp, SendOtpCommand
from souk.application.accounts.verify_otp import VerifyOtp, VerifyOtpCommand
from souk.application.ports.access_tokens import AccessTokens
from souk.domain.accounts.errors import (
    InvalidCredentials,
    InvalidToken,
    OtpExpired,
    OtpInvalid,
    OtpLocked,
    SessionEnded,
)
from souk.domain.accounts.otp import OtpPurpose
from souk.domain.accounts.password_policy import WeakPassword
from souk.domain.shared.errors import InvalidInput, RateLimited
from tests.unit.application.conftest import World, make_world

PHONE = "+14155550123"
IP = "198.51.100.1"


async def with_account(world: World) -> object:
    return await world.run(
        RegisterUser, RegisterCommand("amira", "Amira", "plum kettle orbit saffron", PHONE, None, IP)
    )


async def send(world: World, purpose: OtpPurpose, phone: str = PHONE) -> None:
    await world.run(SendOtp, SendOtpCommand(phone, purpose, IP))
    await world.settle()


async def verify(world: World, code: str, purpose: OtpPurpose) -> object:
    return await world.run(VerifyOtp, VerifyOtpCommand(PHONE, code, purpose, IP))


async def test_verify_phone_marks_the_phone_verified(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.VERIFY_PHONE)
    result = await verify(world, world.sms.last_code(PHONE), OtpPurpose.VERIFY_PHONE)
    assert result.user.phone_verified is True  # type: ignore[attr-defined]
    assert result.tokens is None  # type: ignore[attr-defined]


async def test_otp_login_opens_a_session(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.LOGIN)
    result = await verify(world, world.sms.last_code(PHONE), OtpPurpose.LOGIN)
    assert result.tokens is not None  # type: ignore[attr-defined]


async def test_a_code_works_once(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.LOGIN)
    code = world.sms.last_code(PHONE)
    await verify(world, code, OtpPurpose.LOGIN)
    with pytest.raises(OtpInvalid):
        await verify(world, code, OtpPurpose.LOGIN)


async def test_a_code_is_bound_to_its_purpose(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.VERIFY_PHONE)
    with pytest.raises(OtpInvalid):
        await verify(world, world.sms.last_code(PHONE), OtpPurpose.LOGIN)


async def test_codes_expire_after_five_minutes(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.LOGIN)
    world.clock.advance(timedelta(minutes=5))
    with pytest.raises(OtpExpired):
        await verify(world, world.sms.last_code(PHONE), OtpPurpose.LOGIN)


async def test_five_wrong_codes_lock_the_challenge_even_for_the_right_code(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.LOGIN)
    code = world.sms.last_code(PHONE)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(5):
        with pytest.raises(OtpInvalid) as err:
            await verify(world, wrong, OtpPurpose.LOGIN)
        assert err.value.context["attempts_left"] == 4 - attempt
    with pytest.raises(OtpLocked):
        await verify(world, code, OtpPurpose.LOGIN)


async def test_a_new_code_replaces_the_old_one(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.LOGIN)
    old = world.sms.last_code(PHONE)
    world.clock.advance(timedelta(seconds=61))
    await send(world, OtpPurpose.LOGIN)
    new = world.sms.last_code(PHONE)
    if old != new:
        with pytest.raises(OtpInvalid):
            await verify(world, old, OtpPurpose.LOGIN)
    assert await verify(world, new, OtpPurpose.LOGIN)


async def test_unknown_numbers_get_no_sms_and_no_hint(world: World) -> None:
    await send(world, OtpPurpose.LOGIN, "+14155559999")
    await send(world, OtpPurpose.RESET_PASSWORD, "+14155559999")
    assert world.sms.sent == []


async def test_password_reset_sets_the_password_and_ends_every_session(world: World) -> None:
    auth = await with_account(world)
    await send(world, OtpPurpose.RESET_PASSWORD)
    code = world.sms.last_code(PHONE)
    await verify(world, code, OtpPurpose.RESET_PASSWORD)  # checking the code does not spend it
    await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "saffron harbor tulip", IP))
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]
    with pytest.raises(SessionEnded):  # the access token too, at once
        (await world.get(AccessTokens)).verify(auth.tokens.access_token)  # type: ignore[attr-defined]
    with pytest.raises(InvalidCredentials):
        await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", IP))
    assert await world.run(Login, LoginCommand("amira", "saffron harbor tulip", IP))
    with pytest.raises(OtpInvalid):
        await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "another kettle orbit", IP))


async def test_a_too_short_or_weak_new_password_does_not_spend_the_code(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.RESET_PASSWORD)
    code = world.sms.last_code(PHONE)
    with pytest.raises(InvalidInput):
        await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "short", IP))
    with pytest.raises(WeakPassword) as weak:
        await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "password123", IP))
    assert weak.value.field == "new_password"
    await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "harbor tulip orbit", IP))


async def test_otp_sends_are_limited_per_phone(tmp_path: Path) -> None:
    world, container = make_world(tmp_path)
    try:
        await with_account(world)
        await send(world, OtpPurpose.VERIFY_PHONE)
        with pytest.raises(RateLimited) as err:
            await send(world, OtpPurpose.VERIFY_PHONE)
        assert 1 <= err.value.retry_after <= 60
        assert len(world.sms.sent) == 1
    finally:
        await container.close()


async def test_wrong_passwords_stop_their_address_but_never_lock_the_owner_out(tmp_path: Path) -> None:
    world, container = make_world(tmp_path)
    try:
        await with_account(world)
        attacker, owner = "203.0.113.66", "198.51.100.7"
        for _ in range(10):
            with pytest.raises(InvalidCredentials):
                await world.run(Login, LoginCommand("amira", "wrong password", attacker))
        with pytest.raises(RateLimited) as err:
            await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", attacker))
        assert 0 < err.value.retry_after <= 15 * 60
        result = await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", owner))
        assert result.tokens is not None
    finally:
        await container.close()


async def test_wrong_passwords_from_many_addresses_slow_the_account_down_exponentially(tmp_path: Path) -> None:
    world, container = make_world(tmp_path)
    try:
        await with_account(world)
        for n in range(14):
            with pytest.raises(InvalidCredentials):
                await world.run(Login, LoginCommand("AMIRA", "wrong password", f"10.0.{n}.1"))
        waits = list(world.pause.waits)
        assert waits == [0.0] * 10 + [0.25, 0.5, 1.0, 2.0]
        assert (await world.run(Login, LoginCommand("amira", "plum kettle orbit saffron", "10.9.9.9"))).tokens
        assert world.pause.waits[-1] == 4.0
        for n in range(10):  # an unknown login is throttled exactly like a known one
            with pytest.raises(InvalidCredentials):
                await world.run(Login, LoginCommand("nobody_here", "wrong password", f"10.1.{n}.1"))
        assert world.pause.waits[-10:] == [0.0] * 10
    finally:
        await container.close()


def test_the_login_delay_doubles_from_a_quarter_second_and_is_capped() -> None:
    rules = AuthRateRules()
    assert [rules.login_delay_s(n) for n in (0, 9, 10, 11, 12, 14, 30, 10**6)] == [0, 0, 0.25, 0.5, 1, 4, 5, 5]
    assert AuthRateRules().scaled(1000).login_delay_s(9999) == 0


async def test_login_attempts_are_limited_per_ip(tmp_path: Path) -> None:
    world, container = make_world(tmp_path)
    try:
        for n in range(30):
            with pytest.raises(InvalidCredentials):
                await world.run(Login, LoginCommand(f"nobody{n}", "whatever1", IP))
        with pytest.raises(RateLimited):
            await world.run(Login, LoginCommand("nobody99", "whatever1", IP))
    finally:
        await container.close()
