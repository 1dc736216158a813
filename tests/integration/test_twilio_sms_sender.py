"""The Twilio adapter against a local fake of its Messages API."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from souk.adapters.sms.twilio_sms_sender import TwilioAccount, TwilioError, TwilioSmsSender
from souk.domain.accounts.values import PhoneNumber
from tests.twilio_fake import FROM, SID, TOKEN, FakeTwilio, running_twilio


@pytest.fixture
def twilio() -> Iterator[FakeTwilio]:
    with running_twilio() as fake:
        yield fake


async def test_a_text_is_posted_with_basic_auth_and_the_log_holds_no_code(
    twilio: FakeTwilio, caplog: pytest.LogCaptureFixture
) -> None:
    sender = TwilioSmsSender(TwilioAccount(SID, TOKEN, FROM, twilio.base))
    try:
        with caplog.at_level(logging.DEBUG):
            await sender.send(PhoneNumber("+14155550123"), "Your Souk code is 482913. It expires in 5 minutes.")
    finally:
        await sender.aclose()
    assert twilio.messages == [
        {"To": "+14155550123", "From": FROM, "Body": "Your Souk code is 482913. It expires in 5 minutes."}
    ]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("souk"))
    assert "sid=SM" in ours
    assert "482913" not in caplog.text
    assert TOKEN not in caplog.text


async def test_refusals_raise_with_twilios_code_and_no_body(twilio: FakeTwilio) -> None:
    sender = TwilioSmsSender(TwilioAccount(SID, TOKEN, FROM, twilio.base))
    wrong_token = TwilioSmsSender(TwilioAccount(SID, "not-the-token", FROM, twilio.base))
    try:
        with pytest.raises(TwilioError) as refused:
            await sender.send(PhoneNumber("+15555550123"), "Your Souk code is 111222.")
        assert (refused.value.status, refused.value.code) == (400, 21211)
        assert "111222" not in str(refused.value)
        with pytest.raises(TwilioError) as unauthorised:
            await wrong_token.send(PhoneNumber("+14155550123"), "hello")
        assert unauthorised.value.code == 20003
    finally:
        await sender.aclose()
        await wrong_token.aclose()
    assert twilio.messages == []


def test_twilio_settings_come_as_a_set() -> None:
    from souk.bootstrap.settings import Settings, SettingsError

    with pytest.raises(SettingsError, match="SOUK_TWILIO_AUTH_TOKEN, SOUK_TWILIO_FROM"):
        Settings.from_env({"SOUK_TWILIO_ACCOUNT_SID": SID})
    whole = Settings.from_env(
        {"SOUK_TWILIO_ACCOUNT_SID": SID, "SOUK_TWILIO_AUTH_TOKEN": TOKEN, "SOUK_TWILIO_FROM": FROM}
    )
    assert whole.twilio_from == FROM
