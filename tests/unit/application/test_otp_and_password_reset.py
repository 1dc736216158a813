from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from souk.application.accounts.confirm_password_reset import ConfirmPasswordReset, ConfirmPasswordResetCommand
from souk.application.accounts.login import Login, LoginCommand
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
from souk.domain.shared.errors import InvalidInput, RateLimited
from tests.unit.application.conftest import World, make_world

PHONE = "+14155550123"
IP = "198.51.100.1"


async def with_account(world: World) -> object:
    return await world.run(RegisterUser, RegisterCommand("amira", "Amira", "correct horse", PHONE, None, IP))


async def send(world: World, purpose: OtpPurpose, phone: str = PHONE) -> None:
    await world.run(SendOtp, SendOtpCommand(phone, purpose, IP))


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
    await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "new password!", IP))
    with pytest.raises(InvalidToken):
        await world.run(RefreshSession, auth.tokens.refresh_token)  # type: ignore[attr-defined]
    with pytest.raises(SessionEnded):  # the access token too, at once
        (await world.get(AccessTokens)).verify(auth.tokens.access_token)  # type: ignore[attr-defined]
    with pytest.raises(InvalidCredentials):
        await world.run(Login, LoginCommand("amira", "correct horse", IP))
    assert await world.run(Login, LoginCommand("amira", "new password!", IP))
    with pytest.raises(OtpInvalid):
        await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "another one!", IP))


async def test_a_too_short_new_password_does_not_spend_the_code(world: World) -> None:
    await with_account(world)
    await send(world, OtpPurpose.RESET_PASSWORD)
    code = world.sms.last_code(PHONE)
    with pytest.raises(InvalidInput):
        await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "short", IP))
    await world.run(ConfirmPasswordReset, ConfirmPasswordResetCommand(PHONE, code, "long enough", IP))


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


async def test_login_failures_are_limited_per_account(tmp_path: Path) -> None:
    world, container = make_world(tmp_path)
    try:
        await with_account(world)
        for _ in range(10):
            with pytest.raises(InvalidCredentials):
                await world.run(Login, LoginCommand("amira", "wrong password", f"10.0.0.{_}"))
        with pytest.raises(RateLimited) as err:
            await world.run(Login, LoginCommand("amira", "correct horse", "10.0.1.1"))
        assert err.value.retry_after > 0
    finally:
        await container.close()


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
